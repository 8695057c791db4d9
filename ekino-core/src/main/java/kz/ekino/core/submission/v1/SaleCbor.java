package kz.ekino.core.submission.v1;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import kz.ekino.core.internal.CborException;
import kz.ekino.core.internal.CborReader;
import kz.ekino.core.internal.CborWriter;
import kz.ekino.core.internal.EnumCodes;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.CountryCode;
import kz.ekino.core.model.Film;
import kz.ekino.core.model.Genre;
import kz.ekino.core.model.HallId;
import kz.ekino.core.model.LanguageCode;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.RentalCertificate;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.SalesChannel;
import kz.ekino.core.model.Screening;
import kz.ekino.core.model.ScreeningFormat;
import kz.ekino.core.model.ScreeningId;
import kz.ekino.core.model.Seat;
import kz.ekino.core.model.TicketId;
import kz.ekino.core.model.Titles;

/**
 * The canonical CBOR of a sale and of a refund (docs/spec/submission-v1.md): deterministic
 * maps with small integer keys, version first, instants in whole epoch seconds. What a vendor
 * signs, and what the registry stores verbatim as evidence.
 */
public final class SaleCbor {
  public static final int VERSION = 1;
  /** Key 7 of a sale: the sales channel's code (docs/spec/submission-v1.md). It is signed. */
  private static final EnumCodes<SalesChannel, Long> CHANNELS =
      EnumCodes.of(SalesChannel.class, c -> switch (c) {
        case BOX_OFFICE -> 0L;
        case ONLINE -> 1L;
        case KIOSK -> 2L;
        case PARTNER -> 3L;
      });

  private SaleCbor() {}

  public static byte[] encode(Sale s) {
    boolean seated = s.seat() instanceof Seat.Assigned;
    CborWriter w = new CborWriter(256).writeMapHeader(seated ? 9 : 8);
    w.writeUint(0).writeUint(VERSION);
    w.writeUint(1).writeText(s.ticketId().value());
    w.writeUint(2).writeUint(s.vendor().toNumber());
    w.writeUint(3);
    screening(w, s.screening());
    if (seated) {
      Seat.Assigned a = (Seat.Assigned) s.seat();
      w.writeUint(4).writeArrayHeader(2).writeUint(a.row()).writeUint(a.number());
    }
    w.writeUint(5).writeUint(s.priceTiyn());
    w.writeUint(6).writeUint(s.soldAt().getEpochSecond());
    w.writeUint(7).writeUint(CHANNELS.encode(s.channel()));
    w.writeUint(8).writeBoolean(s.specimen());
    return w.toByteArray();
  }

  private static void screening(CborWriter w, Screening sc) {
    w.writeMapHeader(7);
    w.writeUint(1).writeText(sc.id().value());
    w.writeUint(2).writeUint(sc.cinema().toNumber());
    w.writeUint(3).writeText(sc.hall().value());
    writeFilm(w.writeUint(4), sc.film());
    w.writeUint(5).writeUint(sc.start().getEpochSecond());
    w.writeUint(6).writeText(sc.language().code());
    w.writeUint(7).writeText(sc.format().label());
  }

  /** A film as in a sale (key 3.4); the registry's film entries use the same map. */
  public static void writeFilm(CborWriter w, Film f) {
    w.writeMapHeader(5);
    w.writeUint(1).writeText(f.certificate().value());
    Titles t = f.titles();
    int titles = (t.kk() != null ? 1 : 0) + (t.ru() != null ? 1 : 0) + (t.en() != null ? 1 : 0);
    w.writeUint(2).writeMapHeader(titles);
    if (t.kk() != null) {
      w.writeUint(1).writeText(t.kk());
    }
    if (t.ru() != null) {
      w.writeUint(2).writeText(t.ru());
    }
    if (t.en() != null) {
      w.writeUint(3).writeText(t.en());
    }
    sortedTexts(w.writeUint(3), f.genres().stream().map(Genre::code).toList());
    sortedTexts(w.writeUint(4), f.countries().stream().map(CountryCode::code).toList());
    w.writeUint(5).writeBoolean(f.national());
  }

  private static void sortedTexts(CborWriter w, List<String> values) {
    List<String> sorted = new ArrayList<>(values);
    sorted.sort(null);
    w.writeArrayHeader(sorted.size());
    sorted.forEach(w::writeText);
  }

  public static Sale decode(byte[] payload) throws CborException {
    try {
      CborReader r = new CborReader(payload);
      Fields f = new Fields(r, r.readMapHeader());
      f.expect(0);
      if (r.readUint() != VERSION) {
        throw new CborException("not a version 1 sale");
      }
      f.expect(1);
      TicketId ticketId = TicketId.of(r.readText());
      f.expect(2);
      Bin vendor = Bin.ofNumber(r.readUint());
      f.expect(3);
      Screening screening = screening(r);
      Seat seat = Seat.generalAdmission();
      if (f.optional(4)) {
        if (r.readArrayHeader() != 2) {
          throw new CborException("seat must be [row, number]");
        }
        seat = Seat.assigned(small(r.readUint()), small(r.readUint()));
      }
      f.expect(5);
      long price = r.readUint();
      f.expect(6);
      Instant soldAt = r.readEpochSeconds("sold-at");
      f.expect(7);
      long code = r.readUint();
      SalesChannel channel = CHANNELS.find(code)
          .orElseThrow(() -> new CborException("unknown sales channel " + code));
      f.expect(8);
      boolean specimen = r.readBoolean();
      f.end();
      r.requireEnd();
      return new Sale(ticketId, vendor, screening, seat, price, soldAt, channel, specimen);
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new CborException(String.valueOf(e.getMessage()));
    }
  }

  private static Screening screening(CborReader r) throws CborException {
    Fields f = new Fields(r, r.readMapHeader());
    f.expect(1);
    ScreeningId id = ScreeningId.of(r.readText());
    f.expect(2);
    Bin cinema = Bin.ofNumber(r.readUint());
    f.expect(3);
    HallId hall = HallId.of(r.readText());
    f.expect(4);
    Film film = readFilm(r);
    f.expect(5);
    Instant start = r.readEpochSeconds("screening start");
    f.expect(6);
    LanguageCode language = LanguageCode.of(r.readText());
    f.expect(7);
    ScreeningFormat format = ScreeningFormat.ofLabel(r.readText());
    f.end();
    return new Screening(id, cinema, hall, film, start, language, format);
  }

  /** Reads what {@link #writeFilm} writes, strictly. */
  public static Film readFilm(CborReader r) throws CborException {
    Fields ff = new Fields(r, r.readMapHeader());
    ff.expect(1);
    RentalCertificate certificate = RentalCertificate.of(r.readText());
    ff.expect(2);
    Fields tf = new Fields(r, r.readMapHeader());
    String kk = tf.optional(1) ? r.readText() : null;
    String ru = tf.optional(2) ? r.readText() : null;
    String en = tf.optional(3) ? r.readText() : null;
    tf.end();
    ff.expect(3);
    Set<Genre> genres = sortedSet(r, Film.MAX_GENRES, Genre::of);
    ff.expect(4);
    Set<CountryCode> countries = sortedSet(r, Film.MAX_COUNTRIES, CountryCode::of);
    ff.expect(5);
    boolean national = r.readBoolean();
    ff.end();
    return new Film(certificate, new Titles(kk, ru, en), genres, countries, national);
  }

  /** Strictly ascending, so that a set has one encoding. */
  private static <T> Set<T> sortedSet(CborReader r, int max, Function<String, T> parse)
      throws CborException {
    int n = r.readArrayHeader();
    if (n > max) {
      throw new CborException("more than " + max + " elements");
    }
    Set<T> out = new HashSet<>();
    String previous = null;
    for (int i = 0; i < n; i++) {
      String v = r.readText();
      if (previous != null && v.compareTo(previous) <= 0) {
        throw new CborException("set elements must be sorted and distinct");
      }
      previous = v;
      out.add(parse.apply(v));
    }
    return out;
  }

  public static byte[] encode(Refund f) {
    return new CborWriter(128).writeMapHeader(7)
        .writeUint(0).writeUint(VERSION)
        .writeUint(1).writeUint(f.saleSerial())
        .writeUint(2).writeText(f.ticketId().value())
        .writeUint(3).writeUint(f.vendor().toNumber())
        .writeUint(4).writeUint(f.refundedAt().getEpochSecond())
        .writeUint(5).writeUint(f.amountTiyn())
        .writeUint(6).writeText(f.reason())
        .toByteArray();
  }

  public static Refund decodeRefund(byte[] payload) throws CborException {
    try {
      CborReader r = new CborReader(payload);
      Fields f = new Fields(r, r.readMapHeader());
      f.expect(0);
      if (r.readUint() != VERSION) {
        throw new CborException("not a version 1 refund");
      }
      f.expect(1);
      long serial = r.readUint();
      f.expect(2);
      TicketId ticketId = TicketId.of(r.readText());
      f.expect(3);
      Bin vendor = Bin.ofNumber(r.readUint());
      f.expect(4);
      Instant at = r.readEpochSeconds("refunded-at");
      f.expect(5);
      long amount = r.readUint();
      f.expect(6);
      String reason = r.readText();
      f.end();
      r.requireEnd();
      return new Refund(serial, ticketId, vendor, at, amount, reason);
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new CborException(String.valueOf(e.getMessage()));
    }
  }

  private static int small(long v) {
    if (v > Seat.MAX_NUMBER) {
      throw new IllegalArgumentException("seat row or number above " + Seat.MAX_NUMBER);
    }
    return (int) v;
  }

  /** Walks the keys of one map in ascending order, required or optional, none unknown. */
  private static final class Fields {
    private final CborReader r;
    private final int entries;
    private int read;
    private long previous = -1;
    private long pending = -1;

    Fields(CborReader r, int entries) {
      this.r = r;
      this.entries = entries;
    }

    void expect(long key) throws CborException {
      if (!optional(key)) {
        throw new CborException("missing key " + key);
      }
    }

    boolean optional(long key) throws CborException {
      if (pending < 0 && read < entries) {
        pending = r.readMapKeyAfter(previous);
        previous = pending;
        read++;
      }
      if (pending == key) {
        pending = -1;
        return true;
      }
      if (pending >= 0 && pending < key) {
        throw new CborException("unknown key " + pending);
      }
      return false;
    }

    void end() throws CborException {
      if (pending >= 0 || read < entries) {
        throw new CborException("unknown key " + (pending >= 0 ? pending : "after " + previous));
      }
    }
  }
}
