package kz.ekino.core.log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import kz.ekino.core.internal.CborException;
import kz.ekino.core.internal.CborReader;
import kz.ekino.core.internal.CborWriter;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Cinema;
import kz.ekino.core.model.Film;
import kz.ekino.core.model.Hall;
import kz.ekino.core.model.HallId;
import kz.ekino.core.model.KatoCode;
import kz.ekino.core.model.Terminal;
import kz.ekino.core.model.TerminalId;
import kz.ekino.core.registration.Gate;
import kz.ekino.core.submission.v1.SaleCbor;
import kz.ekino.core.trust.TrustList;
import kz.ekino.core.trust.TrustListException;

/**
 * The body of a log entry the registry writes itself (docs/spec/log-v1.md §2.1): an admission,
 * a film of the state's register, a cinema of the directory, or an operator's correction. Such
 * an entry is the registry's word; the signed checkpoint that covers it is its signature.
 * Every body is deterministic CBOR with a version, so one value has one encoding.
 */
public sealed interface EntryBody {
  /**
   * The most bytes a body may have: a cinema with 100 halls is about 6 KiB, a trust list of a
   * thousand keys about 300 KiB.
   */
  int MAX_BYTES = 4 * 1024 * 1024;

  LogEntry.Kind kind();

  byte[] encode();

  /**
   * A ticket admitted through a gate; when is the entry's registration instant. The sale is
   * named by serial, and by vendor and ticket id, so that a sale the log no longer holds under
   * that serial cannot take the admission over.
   */
  record Admission(long saleSerial, Bin vendor, String ticketId, Gate gate)
      implements EntryBody {
    public Admission {
      if (saleSerial < 1) {
        throw new IllegalArgumentException("sale serial must be positive, got " + saleSerial);
      }
      Objects.requireNonNull(vendor, "vendor");
      kz.ekino.core.model.TicketId.of(ticketId);
      Objects.requireNonNull(gate, "gate");
    }

    @Override
    public LogEntry.Kind kind() {
      return LogEntry.Kind.ADMISSION;
    }

    @Override
    public byte[] encode() {
      return new CborWriter(96).writeMapHeader(6)
          .writeUint(0).writeUint(VERSION)
          .writeUint(1).writeUint(saleSerial)
          .writeUint(2).writeUint(vendor.toNumber())
          .writeUint(3).writeText(ticketId)
          .writeUint(4).writeUint(gate.cinema().toNumber())
          .writeUint(5).writeText(gate.id())
          .toByteArray();
    }
  }

  /** A film as the state's register of rental certificates has it; a later entry replaces it. */
  record FilmEntry(Film film) implements EntryBody {
    public FilmEntry {
      Objects.requireNonNull(film, "film");
    }

    @Override
    public LogEntry.Kind kind() {
      return LogEntry.Kind.FILM;
    }

    @Override
    public byte[] encode() {
      CborWriter w = new CborWriter(256).writeMapHeader(2).writeUint(0).writeUint(VERSION);
      SaleCbor.writeFilm(w.writeUint(1), film);
      return w.toByteArray();
    }
  }

  /**
   * A cinema with its KATO code and halls; a later entry for the same BIN replaces it. The
   * halls are kept sorted by id, the order of the encoding, so that one cinema has one value.
   */
  record CinemaEntry(Cinema cinema) implements EntryBody {
    public CinemaEntry {
      List<Hall> halls = new ArrayList<>(cinema.halls());
      halls.sort(Comparator.comparing(h -> h.id().value()));
      cinema = new Cinema(cinema.bin(), cinema.name(), cinema.kato(), halls);
    }

    @Override
    public LogEntry.Kind kind() {
      return LogEntry.Kind.CINEMA;
    }

    @Override
    public byte[] encode() {
      List<Hall> halls = cinema.halls();
      CborWriter w = new CborWriter(512).writeMapHeader(5)
          .writeUint(0).writeUint(VERSION)
          .writeUint(1).writeUint(cinema.bin().toNumber())
          .writeUint(2).writeText(cinema.name())
          .writeUint(3).writeText(cinema.kato().value())
          .writeUint(4).writeArrayHeader(halls.size());
      for (Hall h : halls) {
        w.writeArrayHeader(3).writeText(h.id().value()).writeText(h.name())
            .writeUint(h.capacity());
      }
      return w.toByteArray();
    }
  }

  /**
   * A vendor-signed refund or sale correction that the lifecycle rules refuse (an admitted
   * ticket, a screening long started, a correction after the vendor's window), registered on
   * the operator's authority with the reason written down. It counts as what it carries.
   */
  @SuppressWarnings("ArrayRecordComponent") // copied in and out; equals compares contents
  record Correction(String reason, byte[] submission) implements EntryBody {
    public Correction {
      if (reason.isBlank() || reason.length() > 256
          || reason.codePoints().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException("a correction reason is 1 to 256 characters of "
            + "text, no control characters");
      }
      submission = submission.clone();
      if (submission.length == 0 || submission.length > MAX_BYTES) {
        throw new IllegalArgumentException("a correction carries a signed refund or sale "
            + "correction of 1 to " + MAX_BYTES + " bytes");
      }
    }

    /** The vendor's signed refund or sale correction, as received. */
    @Override
    public byte[] submission() {
      return submission.clone();
    }

    @Override
    public LogEntry.Kind kind() {
      return LogEntry.Kind.CORRECTION;
    }

    @Override
    public byte[] encode() {
      return new CborWriter(submission.length + 300).writeMapHeader(3)
          .writeUint(0).writeUint(VERSION)
          .writeUint(1).writeText(reason)
          .writeUint(2).writeBytes(submission)
          .toByteArray();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Correction c && c.reason.equals(reason)
          && Arrays.equals(c.submission, submission);
    }

    @Override
    public int hashCode() {
      return reason.hashCode() * 31 + Arrays.hashCode(submission);
    }

    @Override
    public String toString() {
      return "Correction[" + reason + ", " + submission.length + " bytes]";
    }
  }

  /**
   * A selling point entered in the register of installations by the registry's operator: the
   * vendor's terminal, its cinema and its ticketing software. Entered again, it replaces the
   * earlier entry (a new software version, say).
   */
  record TerminalEntry(Terminal terminal) implements EntryBody {
    public TerminalEntry {
      Objects.requireNonNull(terminal, "terminal");
    }

    @Override
    public LogEntry.Kind kind() {
      return LogEntry.Kind.TERMINAL;
    }

    @Override
    public byte[] encode() {
      return new CborWriter(160).writeMapHeader(6)
          .writeUint(0).writeUint(VERSION)
          .writeUint(1).writeUint(terminal.vendor().toNumber())
          .writeUint(2).writeText(terminal.id().value())
          .writeUint(3).writeUint(terminal.cinema().toNumber())
          .writeUint(4).writeText(terminal.software())
          .writeUint(5).writeText(terminal.softwareVersion())
          .toByteArray();
    }
  }

  /**
   * The trust list in force from this entry on: which keys may sign, which vendor may sell for
   * which cinema. Logged when the registry starts with a list other than the last logged one
   * and whenever its operator replaces it.
   */
  record TrustListEntry(TrustList list) implements EntryBody {
    public TrustListEntry {
      Objects.requireNonNull(list, "list");
    }

    @Override
    public LogEntry.Kind kind() {
      return LogEntry.Kind.TRUST_LIST;
    }

    @Override
    public byte[] encode() {
      byte[] json = list.toUnsignedJson();
      return new CborWriter(json.length + 16).writeMapHeader(2)
          .writeUint(0).writeUint(VERSION)
          .writeUint(1).writeBytes(json)
          .toByteArray();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof TrustListEntry t && Arrays.equals(t.encode(), encode());
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(encode());
    }
  }

  /** The version every body carries under key 0. */
  int VERSION = 1;

  /**
   * Decodes the body of an entry of {@code kind} strictly: exactly the encoding
   * {@link #encode} gives, nothing more.
   *
   * @throws IllegalArgumentException naming the fault, also for SALE and REFUND (their bodies
   *     are vendor submissions, read with {@code Submissions})
   */
  static EntryBody decode(LogEntry.Kind kind, byte[] body) {
    if (body.length > MAX_BYTES) {
      throw new IllegalArgumentException("an entry body has at most " + MAX_BYTES + " bytes");
    }
    try {
      CborReader r = new CborReader(body);
      int entries = r.readMapHeader();
      if (r.readMapKeyAfter(-1) != 0 || r.readUint() != VERSION) {
        throw new CborException("not a version " + VERSION + " entry body");
      }
      EntryBody decoded = switch (kind) {
        case ADMISSION -> {
          size(entries, 6);
          long serial = at(r, 0, 1).readUint();
          Bin vendor = Bin.ofNumber(at(r, 1, 2).readUint());
          String ticket = at(r, 2, 3).readText();
          Bin cinema = Bin.ofNumber(at(r, 3, 4).readUint());
          yield new Admission(serial, vendor, ticket, new Gate(cinema, at(r, 4, 5).readText()));
        }
        case FILM -> {
          size(entries, 2);
          yield new FilmEntry(SaleCbor.readFilm(at(r, 0, 1)));
        }
        case CINEMA -> {
          size(entries, 5);
          Bin bin = Bin.ofNumber(at(r, 0, 1).readUint());
          String name = at(r, 1, 2).readText();
          KatoCode kato = KatoCode.of(at(r, 2, 3).readText());
          int n = at(r, 3, 4).readArrayHeader();
          if (n > Cinema.MAX_HALLS) {
            throw new CborException("more than " + Cinema.MAX_HALLS + " halls");
          }
          List<Hall> halls = new ArrayList<>(n);
          String previous = "";
          for (int i = 0; i < n; i++) {
            if (r.readArrayHeader() != 3) {
              throw new CborException("a hall is [id, name, capacity]");
            }
            String id = r.readText();
            if (i > 0 && id.compareTo(previous) <= 0) {
              throw new CborException("halls must be sorted by id, each once");
            }
            previous = id;
            String hallName = r.readText();
            long capacity = r.readUint();
            if (capacity > Hall.MAX_CAPACITY) {
              throw new CborException("hall capacity above " + Hall.MAX_CAPACITY);
            }
            halls.add(new Hall(HallId.of(id), hallName, (int) capacity));
          }
          yield new CinemaEntry(new Cinema(bin, name, kato, halls));
        }
        case CORRECTION -> {
          size(entries, 3);
          String reason = at(r, 0, 1).readText();
          yield new Correction(reason, at(r, 1, 2).readBytes());
        }
        case TRUST_LIST -> {
          size(entries, 2);
          byte[] json = at(r, 0, 1).readBytes();
          try {
            TrustList list = TrustList.parseUnsigned(json);
            if (!Arrays.equals(list.toUnsignedJson(), json)) {
              throw new CborException("the trust list is not in its one encoding");
            }
            yield new TrustListEntry(list);
          } catch (TrustListException e) {
            throw new CborException("trust list: " + e.getMessage());
          }
        }
        case TERMINAL -> {
          size(entries, 6);
          Bin vendor = Bin.ofNumber(at(r, 0, 1).readUint());
          TerminalId id = TerminalId.of(at(r, 1, 2).readText());
          Bin cinema = Bin.ofNumber(at(r, 2, 3).readUint());
          String software = at(r, 3, 4).readText();
          yield new TerminalEntry(new Terminal(vendor, id, cinema, software,
              at(r, 4, 5).readText()));
        }
        case SALE, REFUND, SCHEDULE, SALE_CORRECTION -> throw new CborException("a " + kind
            + " entry holds a vendor "
            + "submission, not an entry body");
      };
      r.requireEnd();
      return decoded;
    } catch (CborException | RuntimeException e) {
      throw new IllegalArgumentException("not a " + kind + " entry body: " + e.getMessage(), e);
    }
  }

  private static void size(int entries, int expected) throws CborException {
    if (entries != expected) {
      throw new CborException("a map of " + expected + " expected, found " + entries);
    }
  }

  private static CborReader at(CborReader r, long previous, long key) throws CborException {
    long found = r.readMapKeyAfter(previous);
    if (found != key) {
      throw new CborException("expected key " + key + ", found " + found);
    }
    return r;
  }
}
