package kz.ekino.core.anomaly;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kz.ekino.core.anomaly.AnomalyReport.TerminalKey;
import kz.ekino.core.internal.Sha256;
import kz.ekino.core.log.EntryBody;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Cinema;
import kz.ekino.core.model.Hall;
import kz.ekino.core.model.HallId;
import kz.ekino.core.model.LanguageCode;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.RentalCertificate;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.SalesChannel;
import kz.ekino.core.model.Schedule;
import kz.ekino.core.model.Screening;
import kz.ekino.core.model.ScreeningFormat;
import kz.ekino.core.model.ScreeningId;
import kz.ekino.core.model.Seat;
import kz.ekino.core.model.TerminalId;
import org.jspecify.annotations.Nullable;

/**
 * The screenings, halls and tickets of the log, and the rules that open and resolve as entries
 * arrive: OVER_CAPACITY, UNDECLARED_SCREENING, LATE_UPLOAD and REFUND_AFTER_START. The rules
 * judged at report time over the same state are in {@link Audience}.
 *
 * <p>Memory: one {@link Ticket} per sale (about 100 bytes, indexed by serial in pages), its
 * fingerprint and its seat in primitive hash tables, and one {@link Show} per screening.
 */
final class Programme {
  /** A screening of a cinema, as its tickets and the schedule name it. */
  record Key(Bin cinema, ScreeningId id) {}

  /** What a declaration must agree on with a sale: hall, film, start, language, format. */
  record Variant(HallId hall, RentalCertificate film, Instant start, LanguageCode language,
      ScreeningFormat format) {
    static Variant of(Screening s) {
      return new Variant(s.hall(), s.film().certificate(), s.start(), s.language(),
          s.format());
    }
  }

  /** Who sold a ticket, for bulk purchases: a terminal, or a vendor's channel (version 1). */
  record Channel(Bin vendor, @Nullable TerminalId terminal, @Nullable SalesChannel channel) {}

  /** One screening. */
  static final class Show {
    final int index;
    final Key key;
    /** The first declaration's screening, or the first sale's until one is declared. */
    Screening info;
    @Nullable Set<Variant> declarations;
    /** Non-specimen sales, in log order. */
    final LongList sales = new LongList();
    int valid;
    @Nullable Episode overCapacity;
    final Map<Variant, Undeclared> undeclared = new HashMap<>(0);

    Show(int index, Key key, Screening info) {
      this.index = index;
      this.key = key;
      this.info = info;
    }

    boolean declared() {
      return declarations != null;
    }
  }

  /** Version 2 sales of one screening as sold that the schedule does not (yet) cover. */
  static final class Undeclared {
    @Nullable Episode open;
    boolean cancelled;
  }

  /** A sale; times are epoch seconds, -1 for "not yet". */
  static final class Ticket {
    final long serial;
    final long at;
    final long soldAt;
    final long fingerprint;
    final int show;
    final int channel;
    final int seat;
    final boolean specimen;
    long refundedAt = -1;
    long refundSerial;
    long admittedAt = -1;
    long admissionSerial;

    Ticket(long serial, long at, long soldAt, long fingerprint, int show, int channel, int seat,
        boolean specimen) {
      this.serial = serial;
      this.at = at;
      this.soldAt = soldAt;
      this.fingerprint = fingerprint;
      this.show = show;
      this.channel = channel;
      this.seat = seat;
      this.specimen = specimen;
    }

    boolean valid() {
      return !specimen && refundedAt < 0;
    }
  }

  /** Two or more valid tickets for one seat. */
  private static final class SeatConflict {
    final List<Long> holders = new ArrayList<>(2);
    final Episode episode;

    SeatConflict(Episode episode) {
      this.episode = episode;
    }
  }

  /** A cinema's day in Asia/Almaty. */
  record Day(Bin cinema, LocalDate day) {}

  final AnomalyRules rules;
  final List<Show> shows = new ArrayList<>();
  private final Map<Key, Show> showOf = new HashMap<>();
  private final Map<Bin, List<Show>> showsOfCinema = new HashMap<>();
  final TicketIndex tickets = new TicketIndex();
  /** Every ticket's fingerprint (vendor and ticket id). */
  private final LongSet sold = new LongSet();
  final List<Channel> channels = new ArrayList<>();
  private final Map<Channel, Integer> channelIndex = new HashMap<>();
  /** The halls' seats from each cinema's newest CINEMA entry. */
  private final Map<Bin, Map<HallId, Integer>> halls = new HashMap<>();
  /** The first registration of a cancellation, per screening (epoch seconds). */
  final Map<Key, Long> cancelled = new HashMap<>();
  /** Days a cinema declared without screenings. */
  final Set<Day> noScreenings = new HashSet<>();
  /** When each cinema's gates first reported an admission (epoch seconds). */
  final Map<Bin, Long> gatesSince = new HashMap<>();
  /** The valid ticket (sale serial) holding each sold seat; 0 when refunded. */
  private final LongLongMap seatHolder = new LongLongMap();
  private final Map<Long, SeatConflict> seatConflicts = new HashMap<>();
  /** Every episode of the rules here, open or resolved, in the order opened. */
  final List<Episode> episodes = new ArrayList<>();
  private final Map<Day, Episode> late = new HashMap<>();

  Programme(AnomalyRules rules) {
    this.rules = rules;
  }

  private Show show(Screening s) {
    Key key = new Key(s.cinema(), s.id());
    Show show = showOf.get(key);
    if (show == null) {
      show = new Show(shows.size(), key, s);
      shows.add(show);
      showOf.put(key, show);
      showsOfCinema.computeIfAbsent(s.cinema(), c -> new ArrayList<>()).add(show);
    }
    return show;
  }

  private Episode open(AnomalyCode code, Bin cinema, @Nullable Bin vendor,
      @Nullable TerminalId terminal, @Nullable ScreeningId screening, long at) {
    Episode e = new Episode(code, vendor, terminal, screening, Instant.ofEpochSecond(at));
    e.cinema = cinema;
    episodes.add(e);
    return e;
  }

  /** The seats of the show's hall as the newest CINEMA entry has them, or -1. */
  int capacity(Show show) {
    Map<HallId, Integer> h = halls.get(show.key.cinema());
    Integer seats = h == null ? null : h.get(show.info.hall());
    return seats == null ? -1 : seats;
  }

  static long fingerprint(Bin vendor, String ticketId) {
    byte[] d = Sha256.digest((vendor.value() + "\n" + ticketId)
        .getBytes(StandardCharsets.UTF_8));
    long f = 0;
    for (int k = 0; k < 8; k++) {
      f = (f << 8) | (d[k] & 0xff);
    }
    return f;
  }

  /**
   * A registered sale; {@code terminal} is its counter's terminal (version 2) or null. Returns
   * false, and counts nothing, for a second sale of a ticket (vendor and ticket id): a registry
   * registers a ticket once.
   */
  boolean sale(long serial, long at, Sale sale, @Nullable TerminalKey terminal) {
    long fingerprint = fingerprint(sale.vendor(), sale.ticketId().value());
    if (!sold.add(fingerprint)) {
      return false;
    }
    Show show = show(sale.screening());
    Channel channel = terminal != null ? new Channel(sale.vendor(), terminal.terminal(), null)
        : new Channel(sale.vendor(), null, sale.channel());
    Integer c = channelIndex.get(channel);
    if (c == null) {
      c = channels.size();
      channels.add(channel);
      channelIndex.put(channel, c);
    }
    int seat = sale.seat() instanceof Seat.Assigned a ? a.row() * 10_000 + a.number() : -1;
    long soldAt = sale.soldAt().getEpochSecond();
    Ticket t = new Ticket(serial, at, soldAt, fingerprint, show.index, c, seat,
        sale.specimen());
    tickets.put(t);
    if (terminal != null) {
      undeclared(show, sale, serial, at);
    }
    if (sale.specimen()) {
      return true;
    }
    show.sales.add(serial);
    show.valid++;
    if (at - soldAt > rules.lateUpload().toSeconds()) {
      lateUpload(sale.cinema(), soldAt, at, serial);
    }
    if (seat >= 0) {
      takeSeat(show, t, at);
    }
    checkCapacity(show, serial, at, true);
    return true;
  }

  /**
   * A refund of an earlier sale (a REFUND, or a CORRECTION carrying one). Returns the sale's
   * cinema, or null when the refund names no earlier sale of that vendor and ticket (an entry a
   * registry never logs: it is skipped).
   */
  @Nullable Bin refund(long serial, long at, Refund refund, @Nullable TerminalKey terminal) {
    Ticket t = refund.saleSerial() < serial ? tickets.get(refund.saleSerial()) : null;
    if (t == null || t.fingerprint != fingerprint(refund.vendor(),
        refund.ticketId().value())) {
      return null;
    }
    Show show = shows.get(t.show);
    if (t.refundedAt >= 0 || t.specimen) {
      return show.key.cinema(); // a second refund counts for nothing, nor does a specimen's
    }
    t.refundedAt = at;
    t.refundSerial = serial;
    show.valid--;
    long start = show.info.start().getEpochSecond();
    if (at > start) {
      open(AnomalyCode.REFUND_AFTER_START, show.key.cinema(), refund.vendor(),
          terminal == null ? null : terminal.terminal(), show.key.id(), at)
          .serial(serial).serial(t.serial).number("secondsAfterStart", at - start)
          .note = "refund of sale " + t.serial;
    }
    if (t.seat >= 0) {
      releaseSeat(show, t, serial, at);
    }
    checkCapacity(show, serial, at, false);
    return show.key.cinema();
  }

  /** An admission: returns false when it names no earlier sale of that vendor and ticket. */
  boolean admission(long serial, long at, EntryBody.Admission a) {
    Ticket t = a.saleSerial() < serial ? tickets.get(a.saleSerial()) : null;
    if (t == null || t.fingerprint != fingerprint(a.vendor(), a.ticketId())) {
      return false;
    }
    gatesSince.putIfAbsent(a.gate().cinema(), at);
    if (t.admittedAt < 0) {
      t.admittedAt = at;
      t.admissionSerial = serial;
    }
    return true;
  }

  /** A CINEMA entry: its halls' seats from now on, and every screening of it judged again. */
  void cinema(Cinema cinema, long serial, long at) {
    Map<HallId, Integer> seats = new HashMap<>();
    for (Hall h : cinema.halls()) {
      seats.put(h.id(), h.capacity());
    }
    halls.put(cinema.bin(), seats);
    for (Show show : showsOfCinema.getOrDefault(cinema.bin(), List.of())) {
      checkCapacity(show, serial, at, false);
    }
  }

  void schedule(Schedule schedule, long serial, long at) {
    if (schedule instanceof Schedule.Declare d) {
      declare(d.screening(), serial, at);
    } else if (schedule instanceof Schedule.Cancel c) {
      cancelled.putIfAbsent(new Key(c.cinema(), c.screening()), at);
    } else if (schedule instanceof Schedule.NoScreenings n) {
      noScreenings.add(new Day(n.cinema(), n.day()));
    }
  }

  private void declare(Screening s, long serial, long at) {
    Show show = show(s);
    Variant v = Variant.of(s);
    if (show.declarations == null) {
      show.declarations = new HashSet<>(2);
      boolean hallChanged = !show.info.hall().equals(s.hall());
      show.info = s;
      if (hallChanged) {
        checkCapacity(show, serial, at, false);
      }
    }
    show.declarations.add(v);
    Undeclared u = show.undeclared.get(v);
    Episode e = u == null ? null : u.open;
    if (u != null && e != null && !u.cancelled) {
      e.resolve(serial, Instant.ofEpochSecond(at));
      u.open = null;
    }
  }

  private void undeclared(Show show, Sale sale, long serial, long at) {
    Variant v = Variant.of(sale.screening());
    Long cancel = cancelled.get(show.key);
    boolean cancelledBefore = cancel != null && cancel < sale.soldAt().getEpochSecond();
    Set<Variant> declared = show.declarations;
    if (declared != null && declared.contains(v) && !cancelledBefore) {
      return;
    }
    Undeclared u = show.undeclared.computeIfAbsent(v, x -> new Undeclared());
    Episode e = u.open;
    if (e == null) {
      e = open(AnomalyCode.UNDECLARED_SCREENING, show.key.cinema(), sale.vendor(), null,
          show.key.id(), at);
      u.open = e;
      e.note = cancel != null && cancelledBefore
          ? "it was cancelled at " + Instant.ofEpochSecond(cancel) + ", before it was sold"
          : declared == null ? "it was never declared"
          : "it was declared with another hall, film, start, language or format";
    }
    u.cancelled |= cancelledBefore;
    e.serial(serial).number("sales", e.number("sales") + 1);
  }

  private void lateUpload(Bin cinema, long soldAt, long at, long serial) {
    Day key = new Day(cinema, LocalDate.ofInstant(Instant.ofEpochSecond(soldAt),
        Screening.ZONE));
    Episode e = late.get(key);
    if (e == null) {
      e = open(AnomalyCode.LATE_UPLOAD, cinema, null, null, null, at).number("sales", 0)
          .number("maxDelaySeconds", 0);
      e.note = key.day().toString();
      late.put(key, e);
    }
    e.serial(serial).number("sales", e.number("sales") + 1)
        .number("maxDelaySeconds", Math.max(e.number("maxDelaySeconds"), at - soldAt));
  }

  private static long seatKey(Show show, int seat) {
    return ((long) show.index << 27) | seat;
  }

  private void takeSeat(Show show, Ticket t, long at) {
    long key = seatKey(show, t.seat);
    long holder = seatHolder.get(key, 0);
    if (holder == 0) {
      seatHolder.put(key, t.serial);
      return;
    }
    SeatConflict c = seatConflicts.get(key);
    if (c == null) {
      c = new SeatConflict(open(AnomalyCode.OVER_CAPACITY, show.key.cinema(), null, null,
          show.key.id(), at).number("row", t.seat / 10_000).number("seat", t.seat % 10_000));
      c.holders.add(holder);
      c.episode.serial(holder);
      seatConflicts.put(key, c);
    }
    c.holders.add(t.serial);
    c.episode.serial(t.serial).number("validTickets", c.holders.size());
  }

  private void releaseSeat(Show show, Ticket t, long refundSerial, long at) {
    long key = seatKey(show, t.seat);
    SeatConflict c = seatConflicts.get(key);
    if (c == null) {
      if (seatHolder.get(key, 0) == t.serial) {
        seatHolder.put(key, 0);
      }
      return;
    }
    c.holders.remove(t.serial);
    c.episode.number("validTickets", c.holders.size());
    if (c.holders.size() <= 1) {
      c.episode.resolve(refundSerial, Instant.ofEpochSecond(at));
      seatConflicts.remove(key);
    }
    seatHolder.put(key, c.holders.isEmpty() ? 0 : c.holders.get(0));
  }

  /**
   * Opens, extends or resolves the screening's over-capacity episode after {@code serial}
   * changed its valid tickets or its hall's seats.
   */
  private void checkCapacity(Show show, long serial, long at, boolean sale) {
    int seats = capacity(show);
    boolean over = seats >= 0 && show.valid > seats;
    Episode e = show.overCapacity;
    if (over) {
      if (e == null) {
        e = open(AnomalyCode.OVER_CAPACITY, show.key.cinema(), null, null, show.key.id(), at)
            .serial(serial);
        show.overCapacity = e;
      } else if (sale) {
        e.serial(serial);
      }
      e.number("seats", seats).number("validTickets", show.valid)
          .number("peakValidTickets", Math.max(e.number("peakValidTickets"), show.valid));
    } else if (e != null) {
      e.number("validTickets", show.valid);
      if (seats >= 0) {
        e.number("seats", seats);
      }
      e.resolve(serial, Instant.ofEpochSecond(at));
      show.overCapacity = null;
    }
  }

  /** The anomalies opened during the fold, as they stand. */
  void anomalies(List<Anomaly> out) {
    for (Episode e : episodes) {
      out.add(e.toAnomaly(detail(e)));
    }
  }

  private String detail(Episode e) {
    String screening = "screening " + e.screening + " of cinema " + e.cinema;
    switch (e.code) {
      case OVER_CAPACITY:
        if (e.number("row") > 0) {
          return "seat " + e.number("row") + "/" + e.number("seat") + " of " + screening
              + " is held by " + e.number("validTickets") + " valid tickets"
              + (e.open() ? "" : " now");
        }
        return screening + " has " + e.number("validTickets") + " valid tickets for "
            + e.number("seats") + " seats (at most " + e.number("peakValidTickets") + ")";
      case UNDECLARED_SCREENING:
        return e.number("sales") + " version 2 sale" + (e.number("sales") == 1 ? "" : "s")
            + " for " + screening + ", though " + e.note;
      case LATE_UPLOAD:
        return e.number("sales") + " sale" + (e.number("sales") == 1 ? "" : "s") + " of "
            + e.note + " at cinema " + e.cinema
            + " registered more than " + Counters.span(rules.lateUpload().toSeconds())
            + " after sold, the latest " + Counters.span(e.number("maxDelaySeconds"))
            + " after";
      case REFUND_AFTER_START:
        return e.note + " registered "
            + Counters.span(e.number("secondsAfterStart")) + " after " + screening
            + " started";
      default:
        throw new IllegalStateException("not a rule of the programme: " + e.code);
    }
  }
}
