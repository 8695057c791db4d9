package kz.ekino.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Cinema;
import kz.ekino.core.model.Counter;
import kz.ekino.core.model.Film;
import kz.ekino.core.model.HallId;
import kz.ekino.core.model.LanguageCode;
import kz.ekino.core.model.Refund;
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
import kz.ekino.core.registration.Gate;
import kz.ekino.core.registration.Registration;
import kz.ekino.core.registration.RegistrationException;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.token.UrlBase;
import kz.ekino.registry.Registry;

/**
 * Yesterday, for a new demo registry: a day of screenings declared before they were sold,
 * sold through registered terminals with their counters (sale v2), admitted at the gates —
 * and, planted in it, one case of every anomaly rule (docs/anomalies.md): a terminal that
 * skipped a number, one whose installation was cloned, one restored from a backup, a seat sold
 * twice, a sale for a screening never declared, sales uploaded hours late, a refund after the
 * screening started, a web shop gone silent, a bulk purchase, and a screening that sold but
 * nobody entered.
 *
 * <p>The day is played on a clock of its own, from about thirty hours ago to seven hours ago,
 * so that the registry's clock — which decides what is late — is the one the day had. The
 * registry is then closed, and the demo goes on in real time.
 */
final class DemoHistory {
  /** One thing that happened yesterday, at its time on the registry's clock. */
  private record Event(Instant at, int order, Step step) {}

  @FunctionalInterface
  private interface Step {
    void run() throws RegistrationException;
  }

  private final DataDir dir;
  private final Instant day;
  private final List<Event> events = new ArrayList<>();
  private final Map<TerminalId, Counter> counters = new HashMap<>();
  /** Per terminal, the content digest of each number it sent (index 0: number 1). */
  private final Map<TerminalId, List<String>> sent = new HashMap<>();
  private final Map<ScreeningId, Integer> seats = new HashMap<>();
  private final Map<String, Registration> registered = new HashMap<>();
  private Registry registry;
  private int tickets;

  private DemoHistory(DataDir dir, Instant now) {
    this.dir = dir;
    // Ten in the morning, Almaty time, of the day before yesterday or yesterday: the day's
    // last screening then ended at least a few hours ago.
    LocalDate date = LocalDate.ofInstant(now.minus(Duration.ofHours(32)), DemoWorld.KAZAKHSTAN);
    this.day = date.atTime(10, 0).atZone(DemoWorld.KAZAKHSTAN).toInstant();
  }

  /** Plays yesterday into the registry of {@code dir}; returns the entries it added. */
  static long play(DataDir dir, Instant now) {
    DemoHistory h = new DemoHistory(dir, now);
    ScriptClock clock = new ScriptClock(h.day.minus(Duration.ofHours(2)));
    try (Registry registry = dir.openRegistry(clock)) {
      h.registry = registry;
      long before = registry.size();
      h.script(now);
      h.events.sort(Comparator.comparing(Event::at).thenComparingInt(Event::order));
      for (Event e : h.events) {
        clock.set(e.at());
        e.step().run();
      }
      return registry.size() - before;
    } catch (RegistrationException e) {
      throw new IllegalStateException("the demo's yesterday was refused: " + e.getMessage(), e);
    }
  }

  private Instant at(int hours, int minutes) {
    return day.plus(Duration.ofHours(hours)).plus(Duration.ofMinutes(minutes));
  }

  private void at(Instant when, Step step) {
    events.add(new Event(when, events.size(), step));
  }

  private static TerminalId box(Cinema c) {
    return TerminalId.of(c.bin().value().substring(6) + "-BO-1");
  }

  private SigningKey keyOf(Bin vendor) {
    return vendor.equals(DataDir.VENDOR_A) ? dir.vendorA : dir.vendorB;
  }

  private void script(Instant now) {
    at(day.minus(Duration.ofHours(2)), this::setUp);
    Map<Cinema, List<Screening>> programme = new HashMap<>();
    for (Cinema c : DemoWorld.CINEMAS) {
      List<Screening> list = new ArrayList<>();
      for (int k = 0; k < 3; k++) {
        HallId hall = c.halls().get(k % Math.min(2, c.halls().size())).id();
        list.add(screening(c, "Y" + k, hall, DemoWorld.FILMS.get(k + 1), at(3 + 3 * k, 0),
            k == 1 ? "ru" : "kk"));
      }
      programme.put(c, list);
      for (Screening s : list) {
        at(day.minus(Duration.ofHours(1)), () -> declare(s));
      }
    }
    boolean[] gates = new boolean[DemoWorld.CINEMAS.size()];
    for (int i = 0; i < DemoWorld.CINEMAS.size(); i++) {
      Cinema c = DemoWorld.CINEMAS.get(i);
      gates[i] = i < 3; // Almaty, Astana and Shymkent have scanners at the doors
      for (Screening s : programme.get(c)) {
        // Six tickets at the box office an hour and a half before, five admitted.
        for (int n = 0; n < 6; n++) {
          Instant sold = s.start().minus(Duration.ofMinutes(90 - 2L * n));
          boolean admit = gates[i] && n > 0;
          Sale sale = sale(s, box(c), sold, SalesChannel.BOX_OFFICE);
          at(sold, () -> register(sale, box(c)));
          if (admit) {
            at(s.start().minus(Duration.ofMinutes(10)), () -> admit(sale));
          }
        }
      }
    }
    Cinema almaty = DemoWorld.ALMATY;
    Cinema astana = DemoWorld.ASTANA;
    Cinema shymkent = DemoWorld.SHYMKENT;
    Cinema karaganda = DemoWorld.KARAGANDA;
    Cinema aktobe = DemoWorld.AKTOBE;

    // COUNTER_GAP: Shymkent's box office sells a ticket it never sends (number skipped).
    at(at(4, 33), () -> {
      Sale unsent = sale(programme.get(shymkent).get(1), box(shymkent), at(4, 33),
          SalesChannel.BOX_OFFICE);
      advance(box(shymkent), Submissions.signSale(unsent, next(box(shymkent)),
          keyOf(unsent.vendor())));
    });

    // COUNTER_FORK: a cloned installation in Karaganda signs a ticket under the number its
    // original used a moment before.
    Screening karagandaEvening = programme.get(karaganda).get(1);
    at(at(4, 41), () -> {
      Sale clone = sale(karagandaEvening, box(karaganda), at(4, 41), SalesChannel.BOX_OFFICE);
      registry.register(Submissions.signSale(clone, counterAt(box(karaganda), -1),
          keyOf(clone.vendor())));
    });

    // COUNTER_ROLLBACK: Aktobe's box office restored from last night's backup reuses a number.
    Screening aktobeLate = programme.get(aktobe).get(2);
    at(at(7, 45), () -> {
      Sale again = sale(aktobeLate, box(aktobe), at(7, 45), SalesChannel.BOX_OFFICE);
      registry.register(Submissions.signSale(again, counterAt(box(aktobe), -4),
          keyOf(again.vendor())));
    });

    // OVER_CAPACITY: one seat in Astana sold twice.
    Screening astanaMorning = programme.get(astana).get(0);
    at(at(2, 5), () -> {
      Sale first = sale(astanaMorning, box(astana), at(2, 5), SalesChannel.BOX_OFFICE);
      Sale twice = new Sale(TicketId.of("Y-DOUBLE"), first.vendor(), astanaMorning,
          first.seat(), first.priceTiyn(), first.soldAt(), SalesChannel.BOX_OFFICE, false);
      register(first, box(astana));
      register(twice, box(astana));
    });

    // UNDECLARED_SCREENING: an Almaty sale queued through an outage, for a screening the
    // cinema never declared.
    Screening hidden = screening(almaty, "PRIVATE", HallId.of("5"), DemoWorld.FILMS.get(2),
        at(6, 30), "en");
    Sale undeclared = sale(hidden, box(almaty), at(4, 20), SalesChannel.BOX_OFFICE);
    at(at(5, 0), () -> register(undeclared, box(almaty)));

    // LATE_UPLOAD: Shymkent's kiosk sells four tickets and sends them two and a half hours
    // later.
    TerminalId kiosk = TerminalId.of(shymkent.bin().value().substring(6) + "-KIOSK-1");
    Screening shymkentLate = programme.get(shymkent).get(2);
    for (int n = 0; n < 4; n++) {
      Sale sale = sale(shymkentLate, kiosk, at(5, n), SalesChannel.KIOSK);
      at(at(7, 30 + n), () -> register(sale, kiosk));
      at(shymkentLate.start().minus(Duration.ofMinutes(9)), () -> admit(sale));
    }

    // REFUND_AFTER_START: an Almaty ticket refunded ten minutes into its screening.
    Screening almatyFirst = programme.get(almaty).get(0);
    Sale refunded = sale(almatyFirst, box(almaty), at(1, 0), SalesChannel.BOX_OFFICE);
    at(at(1, 0), () -> register(refunded, box(almaty)));
    at(almatyFirst.start().plus(Duration.ofMinutes(10)), () -> {
      Registration r = registered.get(refunded.ticketId().value());
      byte[] refund = Submissions.signRefund(new Refund(r.serial(), refunded.ticketId(),
          refunded.vendor(), almatyFirst.start().plus(Duration.ofMinutes(10)),
          refunded.priceTiyn(), "visitor left after the adverts"), next(box(almaty)),
          keyOf(refunded.vendor()));
      registry.refund(refund);
      advance(box(almaty), refund);
    });

    // SILENT_TERMINAL: Karaganda's web shop sells in the morning, then nothing all day
    // while the cinema's screenings run.
    TerminalId web = TerminalId.of(karaganda.bin().value().substring(6) + "-WEB-1");
    for (int n = 0; n < 2; n++) {
      Sale sale = sale(programme.get(karaganda).get(0), web, at(0, 30 + n),
          SalesChannel.ONLINE);
      at(at(0, 30 + n), () -> register(sale, web));
    }

    // BULK_PURCHASE: twenty-five tickets of one Astana screening through one kiosk in five
    // minutes; all admitted.
    TerminalId astanaKiosk = TerminalId.of(astana.bin().value().substring(6) + "-KIOSK-1");
    Screening astanaEvening = programme.get(astana).get(2);
    for (int n = 0; n < 25; n++) {
      Sale sale = sale(astanaEvening, astanaKiosk, at(7, 0).plusSeconds(12L * n),
          SalesChannel.KIOSK);
      at(sale.soldAt(), () -> register(sale, astanaKiosk));
      at(astanaEvening.start().minus(Duration.ofMinutes(8)), () -> admit(sale));
    }

    // GHOST_SCREENING: an Almaty screening sells twenty-four tickets online; nobody comes.
    TerminalId almatyWeb = TerminalId.of(almaty.bin().value().substring(6) + "-WEB-1");
    Screening ghost = screening(almaty, "Y-GHOST", HallId.of("4"), DemoWorld.FILMS.get(0),
        at(8, 0), "kk");
    at(day.minus(Duration.ofHours(1)), () -> declare(ghost));
    for (int n = 0; n < 24; n++) {
      Sale sale = sale(ghost, almatyWeb, at(6, 0).plusSeconds(180L * n), SalesChannel.ONLINE);
      at(sale.soldAt(), () -> register(sale, almatyWeb));
    }

    // A price keyed in wrong and corrected by the vendor; a day Aktobe screens nothing.
    Sale wrongPrice = sale(programme.get(shymkent).get(0), box(shymkent), at(1, 10),
        SalesChannel.BOX_OFFICE);
    at(at(1, 10), () -> register(wrongPrice, box(shymkent)));
    at(at(1, 20), () -> {
      Registration r = registered.get(wrongPrice.ticketId().value());
      registry.correctSale(Submissions.signCorrection(new SaleCorrection(r.serial(),
          wrongPrice.ticketId(), wrongPrice.vendor(), at(1, 20), 180_000,
          "child tariff keyed as adult"), keyOf(wrongPrice.vendor())));
    });
    LocalDate closed = LocalDate.ofInstant(now, DemoWorld.KAZAKHSTAN).plusDays(2);
    at(at(9, 0), () -> registry.schedule(Submissions.signSchedule(new Schedule.NoScreenings(
        DemoWorld.vendorOf(aktobe), aktobe.bin(), closed, at(9, 0)), keyOf(
            DemoWorld.vendorOf(aktobe)))));
  }

  private void setUp() throws RegistrationException {
    for (Cinema c : DemoWorld.CINEMAS) {
      registry.registerCinema(c);
    }
    for (Film f : DemoWorld.FILMS) {
      registry.registerFilm(f);
    }
    for (Cinema c : DemoWorld.CINEMAS) {
      Bin vendor = DemoWorld.vendorOf(c);
      String site = c.bin().value().substring(6);
      for (String kind : List.of("BO-1", "KIOSK-1", "WEB-1")) {
        registry.registerTerminal(new Terminal(vendor, TerminalId.of(site + "-" + kind),
            c.bin(), kind.startsWith("WEB") ? "Kino.kz Web" : "Kinoplan Kassa",
            kind.startsWith("WEB") ? "2026.11" : "4.2.1"));
      }
    }
  }

  private static Screening screening(Cinema c, String id, HallId hall, Film film,
      Instant start, String language) {
    return new Screening(ScreeningId.of("S-" + c.bin().value().substring(6) + "-" + id),
        c.bin(), hall, film, start, LanguageCode.of(language), ScreeningFormat.TWO_D);
  }

  private void declare(Screening s) throws RegistrationException {
    Bin vendor = DemoWorld.vendorOf(DemoWorld.CINEMAS.stream()
        .filter(c -> c.bin().equals(s.cinema())).findFirst().orElseThrow());
    registry.schedule(Submissions.signSchedule(new Schedule.Declare(vendor, s,
        day.minus(Duration.ofHours(1))), keyOf(vendor)));
  }

  /** A ticket of {@code s}, on the next free seat; the terminal names the ticket id. */
  private Sale sale(Screening s, TerminalId terminal, Instant soldAt, SalesChannel channel) {
    int n = seats.merge(s.id(), 1, Integer::sum) - 1;
    Cinema cinema = DemoWorld.CINEMAS.stream().filter(c -> c.bin().equals(s.cinema()))
        .findFirst().orElseThrow();
    tickets++;
    return new Sale(TicketId.of("Y-" + terminal + "-" + tickets),
        DemoWorld.vendorOf(cinema), s, Seat.assigned(1 + n / 12, 1 + n % 12),
        (20 + tickets % 11) * 10_000L, soldAt.truncatedTo(ChronoUnit.SECONDS), channel, false);
  }

  private Counter next(TerminalId terminal) {
    return counters.computeIfAbsent(terminal, Counter::first);
  }

  private void advance(TerminalId terminal, byte[] submission) {
    String digest = Submissions.contentDigest(submission);
    counters.put(terminal, next(terminal).next(digest));
    sent.computeIfAbsent(terminal, t -> new ArrayList<>()).add(digest);
  }

  /**
   * The counter the terminal had {@code back} numbers ago, exactly as it was then: what a
   * copy of its installation (-1) or a backup of it (further back) signs with.
   */
  private Counter counterAt(TerminalId terminal, int back) {
    List<String> digests = sent.get(terminal);
    int sequence = digests.size() + 1 + back;
    return sequence == 1 ? Counter.first(terminal)
        : new Counter(terminal, sequence, digests.get(sequence - 2));
  }

  private void register(Sale sale, TerminalId terminal) throws RegistrationException {
    byte[] signed = Submissions.signSale(sale, next(terminal), keyOf(sale.vendor()));
    registered.put(sale.ticketId().value(), registry.register(signed));
    advance(terminal, signed);
  }

  private void admit(Sale sale) {
    Registration r = registered.get(sale.ticketId().value());
    registry.admit(r.token().qrText(UrlBase.of(UrlBase.DEFAULT)),
        new Gate(sale.cinema(), "main"));
  }
}
