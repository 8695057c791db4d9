package kz.ekino.core.anomaly;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.log.EntryBody;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Cinema;
import kz.ekino.core.model.CountryCode;
import kz.ekino.core.model.Counter;
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
import org.jspecify.annotations.Nullable;

/**
 * A log written entry by entry as a registry would, from real signed submissions: sales and
 * refunds numbered by {@link Till}s, schedule documents, cinemas, terminals, admissions and
 * corrections. Entries are added at the log's clock ({@link #at}); {@link #on} plans an action
 * for an instant, and {@link #entries()} runs the plan in time order first.
 */
final class PlantedLog {
  static final SigningKey KEY = TestKeys.signing(TestKeys.VENDOR_ED25519);
  static final Bin VENDOR = Samples.VENDOR;
  static final Bin ALMATY = Samples.CINEMA;
  static final Bin ASTANA = Samples.OTHER_CINEMA;
  static final Film FILM = new Film(RentalCertificate.of("KZ-2026-0417"),
      new Titles("Қараша түні", "Ноябрьская ночь", "November Night"), Set.of(Genre.of("drama")),
      Set.of(CountryCode.of("KZ")), true);

  /** A terminal's counter as the vendor's software keeps it: the next number, the last digest. */
  static final class Till {
    final TerminalId id;
    final Bin cinema;
    long next = 1;
    @Nullable String previous;

    Till(String id, Bin cinema) {
      this.id = TerminalId.of(id);
      this.cinema = cinema;
    }

    private Till(Till other) {
      this.id = other.id;
      this.cinema = other.cinema;
      this.next = other.next;
      this.previous = other.previous;
    }

    /** A copy of the counter's state: a backup, or a cloned installation. */
    Till copy() {
      return new Till(this);
    }

    private Counter counter() {
      return next == 1 ? Counter.first(id) : new Counter(id, next, previous);
    }

    byte[] sign(Sale sale) {
      return advance(Submissions.signSale(sale, counter(), KEY));
    }

    byte[] sign(Refund refund) {
      return advance(Submissions.signRefund(refund, counter(), KEY));
    }

    private byte[] advance(byte[] signed) {
      previous = Submissions.contentDigest(signed);
      next++;
      return signed;
    }
  }

  /** A sale and, once logged, its serial. */
  static final class Sold {
    final Sale sale;
    long serial;

    Sold(Sale sale) {
      this.sale = sale;
    }
  }

  private record Planned(Instant at, int order, Consumer<PlantedLog> action) {}

  final List<LogEntry> entries = new ArrayList<>();
  private final List<Planned> plan = new ArrayList<>();
  private Instant clock;
  private int tickets;

  PlantedLog(Instant start) {
    this.clock = start;
  }

  /** An instant of the local (Asia/Almaty) time "2026-11-28T09:30". */
  static Instant local(String dateTime) {
    return LocalDateTime.parse(dateTime).atZone(Screening.ZONE).toInstant();
  }

  PlantedLog at(Instant t) {
    clock = t;
    return this;
  }

  PlantedLog after(Duration d) {
    clock = clock.plus(d);
    return this;
  }

  Instant clock() {
    return clock;
  }

  /** Plans {@code action} at {@code t}; actions of one instant run in the order planned. */
  PlantedLog on(Instant t, Consumer<PlantedLog> action) {
    plan.add(new Planned(t, plan.size(), action));
    return this;
  }

  /** Runs the plan, then gives the entries. */
  List<LogEntry> entries() {
    List<Planned> due = new ArrayList<>(plan);
    plan.clear();
    due.sort(Comparator.comparing(Planned::at).thenComparingInt(Planned::order));
    for (Planned p : due) {
      clock = p.at();
      p.action().accept(this);
    }
    return entries;
  }

  long add(LogEntry.Kind kind, byte[] body) {
    long serial = entries.size() + 1L;
    entries.add(new LogEntry(serial, clock, kind, body));
    return serial;
  }

  long cinema(Bin bin, int... seats) {
    List<Hall> halls = new ArrayList<>();
    for (int i = 0; i < seats.length; i++) {
      halls.add(new Hall(HallId.of(String.valueOf(i + 1)), "Hall " + (i + 1), seats[i]));
    }
    return add(LogEntry.Kind.CINEMA, new EntryBody.CinemaEntry(new Cinema(bin,
        "Cinema " + bin.value(), KatoCode.of(bin.equals(ALMATY) ? "751110000" : "711110000"),
        halls)).encode());
  }

  long film() {
    return add(LogEntry.Kind.FILM, new EntryBody.FilmEntry(FILM).encode());
  }

  long terminal(Till till) {
    return add(LogEntry.Kind.TERMINAL, new EntryBody.TerminalEntry(new Terminal(VENDOR, till.id,
        till.cinema, "Kassa", "4.2.1")).encode());
  }

  static Screening screening(Bin cinema, String id, int hall, Instant start) {
    return new Screening(ScreeningId.of(id), cinema, HallId.of(String.valueOf(hall)), FILM,
        start, LanguageCode.KAZAKH, ScreeningFormat.TWO_D);
  }

  long declare(Screening s) {
    return add(LogEntry.Kind.SCHEDULE, Submissions.signSchedule(
        new Schedule.Declare(VENDOR, s, clock), KEY));
  }

  long cancel(Screening s) {
    return add(LogEntry.Kind.SCHEDULE, Submissions.signSchedule(
        new Schedule.Cancel(VENDOR, s.cinema(), s.id(), clock, "projector broken"), KEY));
  }

  long noScreenings(Bin cinema, LocalDate day) {
    return add(LogEntry.Kind.SCHEDULE, Submissions.signSchedule(
        new Schedule.NoScreenings(VENDOR, cinema, day, clock), KEY));
  }

  /** A ticket for {@code s}, sold two seconds before the log's clock. */
  Sale ticket(Screening s, int row, int seat) {
    return ticket(s, Seat.assigned(row, seat), clock.minusSeconds(2), SalesChannel.BOX_OFFICE);
  }

  Sale ticket(Screening s, Seat seat, Instant soldAt, SalesChannel channel) {
    tickets++;
    return new Sale(TicketId.of("T-" + tickets), VENDOR, s, seat, 250_000, soldAt, channel,
        false);
  }

  /** A version 2 sale through {@code till}, signed and logged now. */
  Sold sell(Till till, Sale sale) {
    Sold sold = new Sold(sale);
    sold.serial = sale(till.sign(sale));
    return sold;
  }

  /** A version 1 sale (no terminal), logged now. */
  Sold sellV1(Sale sale) {
    Sold sold = new Sold(sale);
    sold.serial = sale(Submissions.signSale(sale, KEY));
    return sold;
  }

  /** Logs a signed sale: one the till signed earlier and held (an outbox). */
  long sale(byte[] signed) {
    return add(LogEntry.Kind.SALE, signed);
  }

  Refund refundOf(Sold sold) {
    return new Refund(sold.serial, sold.sale.ticketId(), VENDOR, clock.minusSeconds(1),
        sold.sale.priceTiyn(), "returned");
  }

  long refund(Till till, Sold sold) {
    return add(LogEntry.Kind.REFUND, till.sign(refundOf(sold)));
  }

  long refundV1(Sold sold) {
    return add(LogEntry.Kind.REFUND, Submissions.signRefund(refundOf(sold), KEY));
  }

  /** The operator's refund (kind 5) of a version 1 signed refund. */
  long operatorRefund(Sold sold) {
    return add(LogEntry.Kind.CORRECTION, new EntryBody.Correction("admitted by mistake",
        Submissions.signRefund(refundOf(sold), KEY)).encode());
  }

  SaleCorrection priceOf(Sold sold, long price) {
    return new SaleCorrection(sold.serial, sold.sale.ticketId(), VENDOR, clock, price,
        "wrong price keyed in");
  }

  /** The vendor's price correction (kind 9). */
  long correctPrice(Sold sold, long price) {
    return add(LogEntry.Kind.SALE_CORRECTION, Submissions.signCorrection(priceOf(sold, price),
        KEY));
  }

  /** The operator's price correction after the vendor's window (kind 5). */
  long operatorPrice(Sold sold, long price) {
    return add(LogEntry.Kind.CORRECTION, new EntryBody.Correction("late correction allowed",
        Submissions.signCorrection(priceOf(sold, price), KEY)).encode());
  }

  long admit(Sold sold) {
    return add(LogEntry.Kind.ADMISSION, new EntryBody.Admission(sold.serial, VENDOR,
        sold.sale.ticketId().value(), new Gate(sold.sale.cinema(), "door-1")).encode());
  }

  /** An anomaly's numbers, in order: {@code numbers("from", 3, "to", 4)}. */
  static Map<String, Long> numbers(Object... namesAndValues) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      out.put((String) namesAndValues[i], ((Number) namesAndValues[i + 1]).longValue());
    }
    return out;
  }

  AnomalyReport report(Instant now) {
    return report(AnomalyRules.defaults(), now);
  }

  AnomalyReport report(AnomalyRules rules, Instant now) {
    AnomalyEngine engine = new AnomalyEngine(rules);
    entries().forEach(engine::accept);
    return engine.report(now);
  }
}
