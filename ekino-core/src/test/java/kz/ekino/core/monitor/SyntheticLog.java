package kz.ekino.core.monitor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.EntryBody;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.log.MerkleHashing;
import kz.ekino.core.log.TreeHash;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Cinema;
import kz.ekino.core.model.Counter;
import kz.ekino.core.model.CountryCode;
import kz.ekino.core.model.Film;
import kz.ekino.core.model.Genre;
import kz.ekino.core.model.Hall;
import kz.ekino.core.model.HallId;
import kz.ekino.core.model.KatoCode;
import kz.ekino.core.model.LanguageCode;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.RentalCertificate;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.SaleCorrection;
import kz.ekino.core.model.SalesChannel;
import kz.ekino.core.model.Schedule;
import kz.ekino.core.model.Screening;
import kz.ekino.core.model.ScreeningFormat;
import kz.ekino.core.model.ScreeningId;
import kz.ekino.core.model.Seat;
import kz.ekino.core.model.Terminal;
import kz.ekino.core.model.TerminalId;
import kz.ekino.core.model.TicketId;
import kz.ekino.core.model.Titles;
import kz.ekino.core.registration.Gate;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.testing.Samples;
import kz.ekino.core.testing.TestKeys;

/** A log built entry by entry from the core's classes, as the registry would write it. */
final class SyntheticLog {
  static final String ORIGIN = "registry.test.ekino.kz/log";
  static final SigningKey REGISTRY = TestKeys.signing(TestKeys.REGISTRY_ED25519);
  static final SigningKey VENDOR_KEY = TestKeys.signing(TestKeys.VENDOR_ED25519);
  static final Bin VENDOR = Samples.VENDOR;
  static final Bin ALMATY = Samples.CINEMA;
  static final Bin ASTANA = Samples.OTHER_CINEMA;
  static final RentalCertificate FILM_1 = RentalCertificate.of("KZ-2026-0417");
  static final RentalCertificate FILM_2 = RentalCertificate.of("RU-2026-0099");
  static final Instant REGISTERED = Instant.parse("2026-11-25T10:00:00Z");
  static final TerminalId TERMINAL = TerminalId.of("box-1");

  final List<LogEntry> entries = new ArrayList<>();
  private int tickets;
  /** The counter of the next version-2 submission of the log's one terminal. */
  private Counter counter = Counter.first(TERMINAL);

  static Film filmOf(RentalCertificate cert, boolean national) {
    return new Film(cert, new Titles("Фильм", "Фильм", "Film " + cert.value()),
        Set.of(Genre.of("drama")), Set.of(CountryCode.of(national ? "KZ" : "RU")), national);
  }

  static Cinema cinemaOf(Bin bin, String kato) {
    return new Cinema(bin, "Cinema " + bin.value(), KatoCode.of(kato),
        List.of(new Hall(HallId.of("1"), "Hall 1", 200), new Hall(HallId.of("2"), "Hall 2",
            80)));
  }

  long next() {
    return entries.size() + 1L;
  }

  private long add(LogEntry.Kind kind, byte[] body) {
    long serial = next();
    entries.add(new LogEntry(serial, REGISTERED.plusSeconds(serial), kind, body));
    return serial;
  }

  long cinema(Bin bin, String kato) {
    return add(LogEntry.Kind.CINEMA, new EntryBody.CinemaEntry(cinemaOf(bin, kato)).encode());
  }

  long film(RentalCertificate cert, boolean national) {
    return film(filmOf(cert, national));
  }

  long film(Film film) {
    return add(LogEntry.Kind.FILM, new EntryBody.FilmEntry(film).encode());
  }

  Sale saleOf(Bin cinema, RentalCertificate film, Instant start, long price, boolean specimen) {
    return saleOf(cinema, filmOf(film, true), LanguageCode.KAZAKH, start, price, specimen);
  }

  /** A sale of {@code film} as the vendor describes it, shown in {@code language}. */
  Sale saleOf(Bin cinema, Film film, LanguageCode language, Instant start, long price,
      boolean specimen) {
    tickets++;
    Screening s = new Screening(ScreeningId.of("S-" + start.getEpochSecond()), cinema,
        HallId.of("1"), film, start, language, ScreeningFormat.TWO_D);
    return new Sale(TicketId.of("T-" + tickets), VENDOR, s, Seat.assigned(1, tickets), price,
        start.minusSeconds(86_400), SalesChannel.BOX_OFFICE, specimen);
  }

  long sale(Sale sale) {
    return add(LogEntry.Kind.SALE, Submissions.signSale(sale, VENDOR_KEY));
  }

  /** A version-2 sale, counted by the log's terminal. */
  long saleV2(Sale sale) {
    return add(LogEntry.Kind.SALE, counted(Submissions.signSale(sale, counter, VENDOR_KEY)));
  }

  /** A version-2 refund, counted by the log's terminal. */
  long refundV2(Refund r) {
    return add(LogEntry.Kind.REFUND, counted(Submissions.signRefund(r, counter, VENDOR_KEY)));
  }

  private byte[] counted(byte[] submission) {
    counter = counter.next(Submissions.contentDigest(submission));
    return submission;
  }

  static SaleCorrection correctionOf(long serial, Sale sale, long price) {
    return new SaleCorrection(serial, sale.ticketId(), sale.vendor(), REGISTERED, price,
        "price keyed in wrong");
  }

  /** A correction the vendor signed within its window: a SALE_CORRECTION entry. */
  long saleCorrection(SaleCorrection c) {
    return add(LogEntry.Kind.SALE_CORRECTION, Submissions.signCorrection(c, VENDOR_KEY));
  }

  /** A correction registered on the operator's authority: a CORRECTION entry carrying it. */
  long correction(SaleCorrection c) {
    return add(LogEntry.Kind.CORRECTION, new EntryBody.Correction("after the window",
        Submissions.signCorrection(c, VENDOR_KEY)).encode());
  }

  long schedule(Schedule s) {
    return add(LogEntry.Kind.SCHEDULE, Submissions.signSchedule(s, VENDOR_KEY));
  }

  long terminal(Bin cinema) {
    return add(LogEntry.Kind.TERMINAL, new EntryBody.TerminalEntry(new Terminal(VENDOR, TERMINAL,
        cinema, "Kassa", "4.2")).encode());
  }

  /** An entry of {@code kind} with any body, as a broken registry might log it. */
  long raw(LogEntry.Kind kind, byte[] body) {
    return add(kind, body);
  }

  long sale(Bin cinema, RentalCertificate film, Instant start, long price) {
    return sale(saleOf(cinema, film, start, price, false));
  }

  static Refund refundOf(long serial, Sale sale, long amount) {
    return new Refund(serial, sale.ticketId(), sale.vendor(), REGISTERED, amount, "returned");
  }

  long refund(Refund r) {
    return add(LogEntry.Kind.REFUND, Submissions.signRefund(r, VENDOR_KEY));
  }

  long correction(Refund r) {
    return add(LogEntry.Kind.CORRECTION, new EntryBody.Correction("admitted by mistake",
        Submissions.signRefund(r, VENDOR_KEY)).encode());
  }

  long admission(long saleSerial, Sale sale) {
    return add(LogEntry.Kind.ADMISSION, new EntryBody.Admission(saleSerial, sale.vendor(),
        sale.ticketId().value(), new Gate(sale.cinema(), "door-1")).encode());
  }

  BoxOfficeTally tally() {
    BoxOfficeTally t = BoxOfficeTally.all();
    entries.forEach(t::add);
    return t;
  }

  /** RFC 9162 MTH, recursively: the reference the monitor's right edge must agree with. */
  static TreeHash root(List<LogEntry> leaves) {
    if (leaves.isEmpty()) {
      return MerkleHashing.EMPTY_ROOT;
    }
    if (leaves.size() == 1) {
      return leaves.get(0).leafHash();
    }
    int k = Integer.highestOneBit(leaves.size() - 1);
    return MerkleHashing.nodeHash(root(leaves.subList(0, k)),
        root(leaves.subList(k, leaves.size())));
  }

  Checkpoint checkpoint(int size) {
    return new Checkpoint(ORIGIN, size, root(entries.subList(0, size)));
  }

  /** An export of the first {@code size} entries with the registry's report of them. */
  Path export(Path dir, int size, SortedMap<FigureKey, Figures> reported) throws IOException {
    return export(dir, entries.subList(0, size), checkpoint(size).sign(REGISTRY), reported);
  }

  static Path export(Path dir, List<LogEntry> entries, String note,
      SortedMap<FigureKey, Figures> reported) throws IOException {
    try (ExportDirectory.Writer w = ExportDirectory.Writer.create(dir)) {
      for (LogEntry e : entries) {
        w.add(e);
      }
      w.finish(note, new RegistryReport(entries.size(), Instant.EPOCH,
          Instant.parse("2200-01-01T00:00:00Z"), reported));
    }
    return dir;
  }

  /** What an honest registry reports for the first {@code size} entries. */
  SortedMap<FigureKey, Figures> honest(int size) {
    BoxOfficeTally t = BoxOfficeTally.all();
    entries.subList(0, size).forEach(t::add);
    return t.rows();
  }
}
