package kz.ekino.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Counter;
import kz.ekino.core.model.Film;
import kz.ekino.core.model.Hall;
import kz.ekino.core.model.LanguageCode;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.SalesChannel;
import kz.ekino.core.model.Schedule;
import kz.ekino.core.model.Screening;
import kz.ekino.core.model.ScreeningFormat;
import kz.ekino.core.model.ScreeningId;
import kz.ekino.core.model.Seat;
import kz.ekino.core.model.Terminal;
import kz.ekino.core.model.TerminalId;
import kz.ekino.core.model.TicketId;
import kz.ekino.core.registration.AdmissionResult;
import kz.ekino.core.registration.Gate;
import kz.ekino.core.registration.Registration;
import kz.ekino.core.registration.RegistrationException;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.token.UrlBase;
import kz.ekino.registry.Registry;

/**
 * The last two weeks of {@link DemoCountry}, played into a new registry on a {@link ScriptClock}
 * that ends at now: the directory and every terminal entered, each day's screenings declared
 * three days ahead, sales through the terminals with their counters (box offices all day, web
 * shops up to two days ahead, kiosks), refunds (a fifth of them after the screening started),
 * admissions at the doors that scan. Planted: {@link DemoCountry#LATE} uploads its box office in
 * batches every two and a half hours, and {@link DemoCountry#SILENT} stops sending five hours
 * ago while two of its screenings run now.
 *
 * <p>Every terminal sells at least every two and three quarter hours while its cinema's
 * screenings start, so that only the planted cinema is silent. Events are played in steps of
 * {@link #STEP}: the clock is set to the step's last event, and its submissions are committed
 * together (one durable commit for many, as a server's writer does), so a registration time is
 * at most a few minutes after the sale.
 */
final class DemoFortnight {
  static final int DAYS = 14;
  private static final Duration STEP = Duration.ofMinutes(5);
  private static final LocalTime FIRST_SHOW = LocalTime.of(11, 20);
  private static final LocalTime LAST_SHOW = LocalTime.of(22, 10);
  /** When the late cinema's box office uploads, local time. */
  private static final List<LocalTime> BATCHES = List.of(LocalTime.of(11, 0),
      LocalTime.of(13, 30), LocalTime.of(16, 0), LocalTime.of(18, 30), LocalTime.of(21, 0),
      LocalTime.of(23, 30));

  /** What was seeded, and a ticket to show: registered, not refunded, screening to come. */
  record Result(long entries, long sales, long refunds, long admissions, String sampleQr) {}

  private record Event(Instant at, int order, Step step) {}

  @FunctionalInterface
  private interface Step {
    void run() throws RegistrationException;
  }

  private final DataDir dir;
  private final Instant now;
  private final LocalDate firstDay;
  private final Random random = new Random(20_261_202L);
  private final List<Event> events = new ArrayList<>();
  private final Map<Bin, List<Screening>> programme = new HashMap<>();
  private final Map<ScreeningId, Integer> seats = new HashMap<>();
  private final Map<TerminalId, Counter> counters = new HashMap<>();
  private final Map<String, Registration> registered = new ConcurrentHashMap<>();
  private final Set<String> refunded = new HashSet<>();
  private final List<Sale> webSales = new ArrayList<>();
  private final List<CompletableFuture<?>> pending = new ArrayList<>();
  private final AtomicLong sales = new AtomicLong();
  private final AtomicLong refunds = new AtomicLong();
  private final AtomicLong admissions = new AtomicLong();
  private final Instant silentFrom;
  private Registry registry;
  private ExecutorService pool;
  private int tickets;

  private DemoFortnight(DataDir dir, Instant now) {
    this.dir = dir;
    this.now = now.truncatedTo(ChronoUnit.SECONDS);
    this.firstDay = LocalDate.ofInstant(now, DemoWorld.KAZAKHSTAN).minusDays(DAYS);
    this.silentFrom = this.now.minus(Duration.ofHours(5));
  }

  /**
   * Plays the fortnight into the (new, empty) registry of {@code dir}, opened here on a script
   * clock ending at {@code now}, and closed again.
   */
  static Result play(DataDir dir, Instant now) {
    DemoFortnight f = new DemoFortnight(dir, now);
    Instant start = f.local(f.firstDay, LocalTime.of(7, 0));
    ScriptClock clock = new ScriptClock(start);
    try (Registry registry = dir.openRegistry(clock)) {
      f.registry = registry;
      f.pool = Executors.newFixedThreadPool(32, r -> {
        Thread t = new Thread(r, "ekino-demo-seed");
        t.setDaemon(true);
        return t;
      });
      long before = registry.size();
      f.script(start);
      f.play(clock);
      String sample = f.sample();
      return new Result(registry.size() - before, f.sales.get(), f.refunds.get(),
          f.admissions.get(), sample);
    } catch (RegistrationException e) {
      throw new IllegalStateException("the demo's fortnight was refused: " + e.getMessage(), e);
    } finally {
      if (f.pool != null) {
        f.pool.shutdownNow();
      }
    }
  }

  private void play(ScriptClock clock) throws RegistrationException {
    events.sort(Comparator.comparing(Event::at).thenComparingInt(Event::order));
    int i = 0;
    while (i < events.size() && !events.get(i).at().isAfter(now)) {
      Instant until = events.get(i).at().plus(STEP);
      int j = i;
      while (j < events.size() && events.get(j).at().isBefore(until)
          && !events.get(j).at().isAfter(now)) {
        j++;
      }
      clock.set(events.get(j - 1).at());
      for (int k = i; k < j; k++) {
        events.get(k).step().run();
      }
      flush();
      i = j;
    }
  }

  /** Waits for every submission in flight; a refusal is a bug of this script. */
  private void flush() {
    try {
      CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).join();
    } catch (CompletionException e) {
      throw new IllegalStateException("the demo's fortnight was refused: "
          + e.getCause().getMessage(), e.getCause());
    }
    pending.clear();
  }

  private void at(Instant when, Step step) {
    events.add(new Event(when, events.size(), step));
  }

  private Instant local(LocalDate day, LocalTime time) {
    return day.atTime(time).atZone(DemoWorld.KAZAKHSTAN).toInstant();
  }

  private SigningKey keyOf(Bin vendor) {
    return vendor.equals(DataDir.VENDOR_A) ? dir.vendorA : dir.vendorB;
  }

  private static TerminalId terminal(DemoCountry.Venue v, String kind) {
    return TerminalId.of(v.cinema().bin().value().substring(6) + "-" + kind);
  }

  // ---------------------------------------------------------------------------------------
  // The script

  private void script(Instant start) {
    at(start, this::setUp);
    LocalDate today = LocalDate.ofInstant(now, DemoWorld.KAZAKHSTAN);
    for (LocalDate day = firstDay; !day.isAfter(today.plusDays(2)); day = day.plusDays(1)) {
      Instant declared = local(day.minusDays(3), LocalTime.of(9, 0));
      Instant when = declared.isBefore(start) ? start.plusSeconds(60) : declared;
      for (DemoCountry.Venue v : DemoCountry.VENUES) {
        for (Screening s : programme(v, day)) {
          programme.computeIfAbsent(v.cinema().bin(), b -> new ArrayList<>()).add(s);
          at(when, () -> declare(v, s, when));
        }
      }
    }
    // The silent cinema's two screenings running now: it sells nothing for them.
    DemoCountry.Venue silent = DemoCountry.SILENT;
    for (int k = 0; k < 2; k++) {
      Instant begins = now.minus(Duration.ofMinutes(100 - 60L * k)).truncatedTo(
          ChronoUnit.MINUTES);
      Screening s = new Screening(ScreeningId.of("S-" + silent.cinema().bin().value()
          .substring(6) + "-NOW-" + (k + 1)), silent.cinema().bin(),
          silent.cinema().halls().get(k).id(), DemoCountry.TITLES.get(k).film(), begins,
          LanguageCode.of("kk"), ScreeningFormat.TWO_D);
      Instant when = begins.minus(Duration.ofDays(2));
      at(when, () -> declare(silent, s, when));
      programme.computeIfAbsent(silent.cinema().bin(), b -> new ArrayList<>()).add(s);
      // Sold at the box office before it fell silent: the monitoring sees them running.
      TerminalId box = terminal(silent, "BO-1");
      for (int n = 0; n < 4; n++) {
        Instant soldAt = silentFrom.minus(Duration.ofMinutes(170 - 40L * n));
        Sale sale = sale(silent, s, box, soldAt, SalesChannel.BOX_OFFICE);
        at(soldAt, () -> register(sale, box));
      }
    }
    for (LocalDate day = firstDay; !day.isAfter(today); day = day.plusDays(1)) {
      for (DemoCountry.Venue v : DemoCountry.VENUES) {
        // The late cinema sells often enough that each of its batches has sales to send.
        walk(v, "BO-1", SalesChannel.BOX_OFFICE, day, 75,
            v.equals(DemoCountry.LATE) ? 120 : 165, 0);
        if (v.web()) {
          walk(v, "WEB-1", SalesChannel.ONLINE, day, 90, 165, 2);
        }
        if (v.kiosk()) {
          walk(v, "KIOSK-1", SalesChannel.KIOSK, day, 90, 165, 0);
        }
      }
    }
  }

  private void setUp() throws RegistrationException {
    for (DemoCountry.Venue v : DemoCountry.VENUES) {
      registry.registerCinema(v.cinema());
    }
    for (DemoCountry.Title t : DemoCountry.TITLES) {
      registry.registerFilm(t.film());
    }
    for (DemoCountry.Venue v : DemoCountry.VENUES) {
      List<String> kinds = new ArrayList<>(List.of("BO-1"));
      if (v.web()) {
        kinds.add("WEB-1");
      }
      if (v.kiosk()) {
        kinds.add("KIOSK-1");
      }
      for (String kind : kinds) {
        registry.registerTerminal(new Terminal(v.vendor(), terminal(v, kind), v.cinema().bin(),
            kind.startsWith("WEB") ? "Kino.kz Web" : "Kinoplan Kassa",
            kind.startsWith("WEB") ? "2026.11" : "4.2.1"));
      }
    }
  }

  /** A day's screenings: one more than the cinema has halls (at most nine), 11:20 to 22:10. */
  private List<Screening> programme(DemoCountry.Venue v, LocalDate day) {
    List<Hall> halls = v.cinema().halls();
    int n = Math.min(9, halls.size() + 1);
    int dayIndex = (int) ChronoUnit.DAYS.between(firstDay, day);
    long span = Duration.between(FIRST_SHOW, LAST_SHOW).toMinutes();
    List<Screening> list = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      LocalTime time = FIRST_SHOW.plusMinutes(span * k / Math.max(1, n - 1) / 10 * 10);
      Hall hall = halls.get(k % halls.size());
      DemoCountry.Title title = pickFilm(dayIndex);
      Film film = title.film();
      boolean bigCity = v.region().code().equals("75") || v.region().code().equals("71");
      ScreeningFormat format = hall.id().value().equals("1") && halls.size() >= 6
          ? ScreeningFormat.IMAX_2D
          : film.genres().stream().anyMatch(g -> g.code().equals("animation"))
              && k % 2 == 0 ? ScreeningFormat.THREE_D : ScreeningFormat.TWO_D;
      String id = "S-" + v.cinema().bin().value().substring(6) + "-"
          + day.toString().replace("-", "") + "-" + hall.id() + "-"
          + time.toString().replace(":", "");
      list.add(new Screening(ScreeningId.of(id), v.cinema().bin(), hall.id(), film,
          local(day, time), language(film, bigCity), format));
    }
    return list;
  }

  private DemoCountry.Title pickFilm(int dayIndex) {
    List<DemoCountry.Title> showing = new ArrayList<>();
    int total = 0;
    for (DemoCountry.Title t : DemoCountry.TITLES) {
      if (t.opensOnDay() <= dayIndex) {
        showing.add(t);
        total += t.draw();
      }
    }
    int r = random.nextInt(total);
    for (DemoCountry.Title t : showing) {
      r -= t.draw();
      if (r < 0) {
        return t;
      }
    }
    return showing.get(0);
  }

  /**
   * National films mostly in Kazakh; others dubbed in Russian or Kazakh, and English originals
   * in Almaty and Astana.
   */
  private LanguageCode language(Film film, boolean bigCity) {
    int r = random.nextInt(100);
    if (film.national()) {
      return LanguageCode.of(r < 70 ? "kk" : "ru");
    }
    boolean english = film.titles().en() != null && film.countries().stream()
        .anyMatch(c -> c.code().equals("US") || c.code().equals("GB"));
    if (english && bigCity && r < 20) {
      return LanguageCode.of("en");
    }
    return LanguageCode.of(r < 75 ? "ru" : "kk");
  }

  /**
   * A terminal's day: purchases from shortly before ten, every {@code minGap} to
   * {@code maxGap} minutes, until ten minutes before the cinema's last screening; each buys 1
   * to 3 tickets of a screening of that day (or up to {@code aheadDays} later). A gap never
   * reaches the three hours of AnomalyRules.silence, so a terminal is never quiet while a
   * screening of its cinema starts.
   */
  private void walk(DemoCountry.Venue v, String kind, SalesChannel channel, LocalDate day,
      int minGap, int maxGap, int aheadDays) {
    TerminalId id = terminal(v, kind);
    Instant t = local(day, LocalTime.of(9, 45)).plus(Duration.ofMinutes(random.nextInt(40)));
    Instant end = local(day, LAST_SHOW).minus(Duration.ofMinutes(10));
    while (!t.isAfter(end) && !t.isAfter(now)) {
      if (v.equals(DemoCountry.SILENT) && !t.isBefore(silentFrom)) {
        return; // the terminal stopped sending
      }
      purchase(v, id, channel, t, aheadDays);
      t = t.plus(Duration.ofMinutes(minGap + random.nextInt(maxGap - minGap + 1)));
    }
  }

  private void purchase(DemoCountry.Venue v, TerminalId id, SalesChannel channel, Instant t,
      int aheadDays) {
    Instant horizon = LocalDate.ofInstant(t, DemoWorld.KAZAKHSTAN).plusDays(aheadDays + 1L)
        .atStartOfDay(DemoWorld.KAZAKHSTAN).toInstant();
    List<Screening> open = new ArrayList<>();
    for (Screening s : programme.getOrDefault(v.cinema().bin(), List.of())) {
      if (s.start().isAfter(t.plus(Duration.ofMinutes(10))) && s.start().isBefore(horizon)
          && !s.id().value().contains("-NOW-")) {
        open.add(s);
      }
    }
    if (open.isEmpty()) {
      return;
    }
    // Most buy for one of the next few screenings.
    Screening s = open.get(Math.min(open.size() - 1,
        (int) Math.abs(random.nextGaussian() * 2.5)));
    int r = random.nextInt(100);
    int count = r < 80 ? 1 : r < 97 ? 2 : 3;
    Instant soldAt = t.truncatedTo(ChronoUnit.SECONDS);
    Instant sent = v.equals(DemoCountry.LATE) ? nextBatch(soldAt) : soldAt;
    for (int n = 0; n < count; n++) {
      Sale sale = sale(v, s, id, soldAt, channel);
      at(sent, () -> register(sale, id));
      if (channel == SalesChannel.ONLINE) {
        webSales.add(sale);
      }
      if (v.equals(DemoCountry.LATE)) {
        continue; // no refunds or doors: its sales arrive hours late
      }
      if (random.nextInt(1000) < 25) {
        refund(v, sale, sent);
      } else if (v.gates() && random.nextInt(100) < 88) {
        Instant in = s.start().minus(Duration.ofMinutes(2 + random.nextInt(28)));
        Instant earliest = sent.plus(Duration.ofMinutes(6));
        Instant admit = in.isBefore(earliest) ? earliest : in;
        if (!(v.equals(DemoCountry.SILENT) && !admit.isBefore(silentFrom))) {
          at(admit, () -> admit(sale));
        }
      }
    }
  }

  private Instant nextBatch(Instant soldAt) {
    LocalDate day = LocalDate.ofInstant(soldAt, DemoWorld.KAZAKHSTAN);
    for (LocalTime b : BATCHES) {
      Instant batch = local(day, b);
      if (batch.isAfter(soldAt)) {
        return batch;
      }
    }
    return local(day.plusDays(1), BATCHES.get(0));
  }

  /** A refund at the box office: a fifth of them in the screening's first 25 minutes. */
  private void refund(DemoCountry.Venue v, Sale sale, Instant sent) {
    Instant start = sale.screening().start();
    Instant earliest = sent.plus(Duration.ofMinutes(40));
    Instant when;
    if (random.nextInt(5) == 0 || !earliest.isBefore(start.minus(Duration.ofMinutes(15)))) {
      when = start.plus(Duration.ofMinutes(5 + random.nextInt(20)));
    } else {
      long window = Duration.between(earliest, start.minus(Duration.ofMinutes(15))).toMinutes();
      when = earliest.plus(Duration.ofMinutes(random.nextInt((int) Math.max(1, window))));
    }
    if (v.equals(DemoCountry.SILENT) && !when.isBefore(silentFrom)) {
      return;
    }
    refunded.add(sale.ticketId().value());
    Instant at = when.truncatedTo(ChronoUnit.SECONDS);
    TerminalId box = terminal(v, "BO-1");
    at(at, () -> {
      flush(); // the box office's counter runs in order
      Registration r = registered.get(sale.ticketId().value());
      if (r == null) {
        return;
      }
      byte[] signed = Submissions.signRefund(new Refund(r.serial(), sale.ticketId(),
          sale.vendor(), at, sale.priceTiyn(), at.isAfter(start)
              ? "visitor left after the adverts" : "visitor returned the ticket"),
          next(box), keyOf(sale.vendor()));
      registry.refund(signed);
      advance(box, signed);
      refunds.incrementAndGet();
    });
  }

  private Sale sale(DemoCountry.Venue v, Screening s, TerminalId id, Instant soldAt,
      SalesChannel channel) {
    int n = seats.merge(s.id(), 1, Integer::sum) - 1;
    LocalTime time = LocalTime.ofInstant(s.start(), DemoWorld.KAZAKHSTAN);
    int dow = LocalDate.ofInstant(s.start(), DemoWorld.KAZAKHSTAN).getDayOfWeek().getValue();
    long tenge = 1_500 + (time.getHour() >= 18 ? 500 : 0) + (dow >= 5 ? 500 : 0)
        + (s.format() == ScreeningFormat.IMAX_2D ? 1_000 : 0)
        + (s.format() == ScreeningFormat.THREE_D ? 500 : 0) + 100L * random.nextInt(5);
    return new Sale(TicketId.of(id + "-" + ticketNumber()),
        v.vendor(), s, Seat.assigned(1 + n / 14, 1 + n % 14), tenge * 100, soldAt, channel,
        false);
  }

  private int ticketNumber() {
    return ++tickets;
  }

  // ---------------------------------------------------------------------------------------
  // The steps

  private void declare(DemoCountry.Venue v, Screening s, Instant when) {
    byte[] signed = Submissions.signSchedule(new Schedule.Declare(v.vendor(), s, when),
        keyOf(v.vendor()));
    pending.add(CompletableFuture.runAsync(() -> {
      try {
        registry.schedule(signed);
      } catch (RegistrationException e) {
        throw new CompletionException(e);
      }
    }, pool));
  }

  private void register(Sale sale, TerminalId terminal) {
    byte[] signed = Submissions.signSale(sale, next(terminal), keyOf(sale.vendor()));
    advance(terminal, signed);
    pending.add(registry.registerAsync(signed).thenAccept(r -> {
      registered.put(sale.ticketId().value(), r);
      sales.incrementAndGet();
    }));
  }

  private void admit(Sale sale) {
    Registration r = registered.get(sale.ticketId().value());
    if (r == null) {
      return;
    }
    String qr = r.token().qrText(UrlBase.of(UrlBase.DEFAULT));
    Gate gate = new Gate(sale.cinema(), "hall-" + sale.screening().hall());
    pending.add(CompletableFuture.runAsync(() -> {
      AdmissionResult a = registry.admit(qr, gate);
      if (a.outcome() != AdmissionResult.Outcome.ADMITTED) {
        throw new IllegalStateException("ticket " + sale.ticketId() + " not admitted: "
            + a.outcome() + " " + a.detail());
      }
      admissions.incrementAndGet();
    }, pool));
  }

  private Counter next(TerminalId terminal) {
    return counters.computeIfAbsent(terminal, Counter::first);
  }

  private void advance(TerminalId terminal, byte[] submission) {
    counters.put(terminal, next(terminal).next(Submissions.contentDigest(submission)));
  }

  /** A web ticket of a screening still to come, in the first cinema that has one. */
  private String sample() {
    UrlBase base = UrlBase.of(UrlBase.DEFAULT);
    Registration fallback = null;
    for (Sale s : webSales) {
      Registration r = registered.get(s.ticketId().value());
      if (r == null || refunded.contains(s.ticketId().value())) {
        continue;
      }
      if (s.screening().start().isAfter(now)) {
        return r.token().qrText(base);
      }
      fallback = fallback == null ? r : fallback;
    }
    if (fallback == null) {
      throw new IllegalStateException("the demo's fortnight registered no web sale");
    }
    return fallback.token().qrText(base);
  }
}
