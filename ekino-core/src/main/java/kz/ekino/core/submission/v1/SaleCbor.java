package kz.ekino.core.submission.v1;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import kz.ekino.core.internal.CborException;
import kz.ekino.core.internal.CborReader;
import kz.ekino.core.internal.CborWriter;
import kz.ekino.core.internal.EnumCodes;
import kz.ekino.core.internal.Printable;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Counter;
import kz.ekino.core.model.CountryCode;
import kz.ekino.core.model.Film;
import kz.ekino.core.model.Genre;
import kz.ekino.core.model.HallId;
import kz.ekino.core.model.LanguageCode;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.SaleCorrection;
import kz.ekino.core.model.Schedule;
import kz.ekino.core.model.TerminalId;
import kz.ekino.core.model.RentalCertificate;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.SalesChannel;
import kz.ekino.core.model.Screening;
import kz.ekino.core.model.ScreeningFormat;
import kz.ekino.core.model.ScreeningId;
import kz.ekino.core.model.Seat;
import kz.ekino.core.model.TicketId;
import kz.ekino.core.model.Titles;
import org.jspecify.annotations.Nullable;

/**
 * The canonical CBOR of a sale and of a refund (docs/spec/submission-v1.md): deterministic
 * maps with small integer keys, version first, instants in whole epoch seconds. What a vendor
 * signs, and what the registry stores verbatim as evidence.
 */
public final class SaleCbor {
  public static final int VERSION = 1;
  /** Sales and refunds with a terminal's counter (docs/spec/submission-v2.md). */
  public static final int VERSION_2 = 2;
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
    return encode(s, null);
  }

  /** Sale v1 without a counter, v2 with one (key 9, docs/spec/submission-v2.md). */
  public static byte[] encode(Sale s, @Nullable Counter counter) {
    boolean seated = s.seat() instanceof Seat.Assigned;
    CborWriter w = new CborWriter(320)
        .writeMapHeader((seated ? 9 : 8) + (counter == null ? 0 : 1));
    w.writeUint(0).writeUint(counter == null ? VERSION : VERSION_2);
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
    if (counter != null) {
      writeCounter(w.writeUint(9), counter);
    }
    return w.toByteArray();
  }

  private static void writeCounter(CborWriter w, Counter c) {
    byte[] previous = c.previousBytes();
    w.writeMapHeader(previous == null ? 2 : 3);
    w.writeUint(1).writeText(c.terminal().value());
    w.writeUint(2).writeUint(c.sequence());
    if (previous != null) {
      w.writeUint(3).writeBytes(previous);
    }
  }

  private static Counter readCounter(CborReader r) throws CborException {
    Fields f = new Fields(r, r.readMapHeader());
    f.expect(1);
    TerminalId terminal = TerminalId.of(r.readText());
    f.expect(2);
    long sequence = r.readUint();
    String previous = null;
    if (f.optional(3)) {
      byte[] digest = r.readBytes();
      if (digest.length != 32) {
        throw new CborException("the previous digest must be 32 bytes, got " + digest.length);
      }
      previous = HexFormat.of().formatHex(digest);
    }
    f.end();
    return new Counter(terminal, sequence, previous);
  }

  /** A document and the terminal count it carries: none in version 1. */
  public record Counted<T>(T content, @Nullable Counter counter) {}

  /** Reads version 1 or 2 of a sale. */
  public static Counted<Sale> decodeCountedSale(byte[] payload) throws CborException {
    return decodeSale(payload);
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

  /** Reads a version 1 sale; a version 2 sale is refused here (it carries a counter). */
  public static Sale decode(byte[] payload) throws CborException {
    Counted<Sale> read = decodeSale(payload);
    if (read.counter() != null) {
      throw new CborException("not a version 1 sale");
    }
    return read.content();
  }

  private static Counted<Sale> decodeSale(byte[] payload) throws CborException {
    try {
      CborReader r = new CborReader(payload);
      Fields f = new Fields(r, r.readMapHeader());
      f.expect(0);
      long version = r.readUint();
      if (version != VERSION && version != VERSION_2) {
        throw new CborException("not a version 1 or 2 sale");
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
      Counter counter = null;
      if (version == VERSION_2) {
        f.expect(9);
        counter = readCounter(r);
      }
      f.end();
      r.requireEnd();
      return new Counted<>(
          new Sale(ticketId, vendor, screening, seat, price, soldAt, channel, specimen), counter);
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
    return encode(f, null);
  }

  /** Refund v1 without a counter, v2 with one (key 7). */
  public static byte[] encode(Refund f, @Nullable Counter counter) {
    CborWriter w = new CborWriter(160).writeMapHeader(counter == null ? 7 : 8)
        .writeUint(0).writeUint(counter == null ? VERSION : VERSION_2)
        .writeUint(1).writeUint(f.saleSerial())
        .writeUint(2).writeText(f.ticketId().value())
        .writeUint(3).writeUint(f.vendor().toNumber())
        .writeUint(4).writeUint(f.refundedAt().getEpochSecond())
        .writeUint(5).writeUint(f.amountTiyn())
        .writeUint(6).writeText(f.reason());
    if (counter != null) {
      writeCounter(w.writeUint(7), counter);
    }
    return w.toByteArray();
  }

  /** Reads a version 1 refund; a version 2 refund is refused here (it carries a counter). */
  public static Refund decodeRefund(byte[] payload) throws CborException {
    Counted<Refund> read = decodeCountedRefund(payload);
    if (read.counter() != null) {
      throw new CborException("not a version 1 refund");
    }
    return read.content();
  }

  /** Reads version 1 or 2 of a refund. */
  public static Counted<Refund> decodeCountedRefund(byte[] payload) throws CborException {
    try {
      CborReader r = new CborReader(payload);
      Fields f = new Fields(r, r.readMapHeader());
      f.expect(0);
      long version = r.readUint();
      if (version != VERSION && version != VERSION_2) {
        throw new CborException("not a version 1 or 2 refund");
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
      Counter counter = null;
      if (version == VERSION_2) {
        f.expect(7);
        counter = readCounter(r);
      }
      f.end();
      r.requireEnd();
      return new Counted<>(new Refund(serial, ticketId, vendor, at, amount, reason), counter);
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new CborException(String.valueOf(e.getMessage()));
    }
  }

  /** Schedule kinds, key 1 of a schedule document (docs/spec/schedule-v1.md). */
  private static final int DECLARE = 0;
  private static final int CANCEL = 1;
  private static final int NO_SCREENINGS = 2;

  /**
   * {@code {0: 1, 1: kind, 2: vendorBin, 3: signedAt, 4: ...}}: a declaration's screening (as
   * in a sale); a cancellation's cinema, screening id and reason; a day's cinema and date.
   */
  public static byte[] encode(Schedule s) {
    CborWriter w = new CborWriter(320);
    if (s instanceof Schedule.Declare d) {
      head(w, 5, DECLARE, d);
      screening(w.writeUint(4), d.screening());
    } else if (s instanceof Schedule.Cancel c) {
      head(w, 7, CANCEL, c);
      w.writeUint(4).writeUint(c.cinema().toNumber());
      w.writeUint(5).writeText(c.screening().value());
      w.writeUint(6).writeText(c.reason());
    } else {
      Schedule.NoScreenings n = (Schedule.NoScreenings) s;
      head(w, 6, NO_SCREENINGS, n);
      w.writeUint(4).writeUint(n.cinema().toNumber());
      w.writeUint(5).writeText(n.day().toString());
    }
    return w.toByteArray();
  }

  private static void head(CborWriter w, int entries, int kind, Schedule s) {
    w.writeMapHeader(entries);
    w.writeUint(0).writeUint(VERSION);
    w.writeUint(1).writeUint(kind);
    w.writeUint(2).writeUint(s.vendor().toNumber());
    w.writeUint(3).writeUint(s.signedAt().getEpochSecond());
  }

  public static Schedule decodeSchedule(byte[] payload) throws CborException {
    try {
      CborReader r = new CborReader(payload);
      Fields f = new Fields(r, r.readMapHeader());
      f.expect(0);
      if (r.readUint() != VERSION) {
        throw new CborException("not a version 1 schedule document");
      }
      f.expect(1);
      long kind = r.readUint();
      f.expect(2);
      Bin vendor = Bin.ofNumber(r.readUint());
      f.expect(3);
      Instant at = r.readEpochSeconds("signed-at");
      f.expect(4);
      Schedule s;
      if (kind == DECLARE) {
        s = new Schedule.Declare(vendor, screening(r), at);
      } else if (kind == CANCEL) {
        Bin cinema = Bin.ofNumber(r.readUint());
        f.expect(5);
        ScreeningId id = ScreeningId.of(r.readText());
        f.expect(6);
        s = new Schedule.Cancel(vendor, cinema, id, at, r.readText());
      } else if (kind == NO_SCREENINGS) {
        Bin cinema = Bin.ofNumber(r.readUint());
        f.expect(5);
        String day = r.readText();
        if (!day.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
          throw new CborException("day must be YYYY-MM-DD, got " + Printable.quote(day));
        }
        s = new Schedule.NoScreenings(vendor, cinema, LocalDate.parse(day), at);
      } else {
        throw new CborException("unknown schedule kind " + kind);
      }
      f.end();
      r.requireEnd();
      return s;
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new CborException(String.valueOf(e.getMessage()));
    }
  }

  /** {@code {0: 1, 1: saleSerial, 2: ticketId, 3: vendorBin, 4: correctedAt, 5: priceTiyn, 6: reason}}. */
  public static byte[] encode(SaleCorrection c) {
    return new CborWriter(160).writeMapHeader(7)
        .writeUint(0).writeUint(VERSION)
        .writeUint(1).writeUint(c.saleSerial())
        .writeUint(2).writeText(c.ticketId().value())
        .writeUint(3).writeUint(c.vendor().toNumber())
        .writeUint(4).writeUint(c.correctedAt().getEpochSecond())
        .writeUint(5).writeUint(c.priceTiyn())
        .writeUint(6).writeText(c.reason())
        .toByteArray();
  }

  public static SaleCorrection decodeCorrection(byte[] payload) throws CborException {
    try {
      CborReader r = new CborReader(payload);
      Fields f = new Fields(r, r.readMapHeader());
      f.expect(0);
      if (r.readUint() != VERSION) {
        throw new CborException("not a version 1 correction");
      }
      f.expect(1);
      long serial = r.readUint();
      f.expect(2);
      TicketId ticketId = TicketId.of(r.readText());
      f.expect(3);
      Bin vendor = Bin.ofNumber(r.readUint());
      f.expect(4);
      Instant at = r.readEpochSeconds("corrected-at");
      f.expect(5);
      long price = r.readUint();
      f.expect(6);
      String reason = r.readText();
      f.end();
      r.requireEnd();
      return new SaleCorrection(serial, ticketId, vendor, at, price, reason);
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

    /** Fails on the first key left over, naming it (or its fault: out of order, not a uint). */
    void end() throws CborException {
      if (pending < 0 && read < entries) {
        pending = r.readMapKeyAfter(previous);
        read++;
      }
      if (pending >= 0) {
        throw new CborException("unknown key " + pending);
      }
    }
  }
}
