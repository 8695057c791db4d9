package kz.ekino.registry;

import static kz.ekino.registry.testing.Fixture.ALMATY;
import static kz.ekino.registry.testing.Fixture.VENDOR_A;
import static kz.ekino.registry.testing.Fixture.almatyTonight;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kz.ekino.core.anomaly.Anomaly;
import kz.ekino.core.anomaly.AnomalyCode;
import kz.ekino.core.anomaly.AnomalyRules;
import kz.ekino.core.model.Counter;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.SalesChannel;
import kz.ekino.core.model.Schedule;
import kz.ekino.core.model.Screening;
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
import kz.ekino.registry.testing.Fixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each anomaly rule's pattern planted in a real registry — signed v2 sales through registered
 * terminals, declarations, refunds and admissions, on the registry's own clock — and the
 * registry's {@link Registry#anomalies} seen to report exactly that anomaly, and nothing on a
 * clean day. Run on SQLite and on PostgreSQL.
 */
abstract class AnomalyContract {
  static final TerminalId BOX = TerminalId.of("ESENTAI-BO-1");
  static final TerminalId KIOSK = TerminalId.of("ESENTAI-KIOSK-1");
  final Fixture f = new Fixture();
  Registry registry;
  private final Map<TerminalId, Counter> counters = new HashMap<>();
  private final Map<TerminalId, List<String>> sent = new HashMap<>();
  private int tickets;
  private int seats;

  abstract String newDatabase();

  @BeforeEach
  void open() throws Exception {
    registry = f.openWithCinemas(newDatabase());
    for (TerminalId t : List.of(BOX, KIOSK)) {
      registry.registerTerminal(new Terminal(VENDOR_A, t, ALMATY, "Kinoplan Kassa", "4.2.1"));
    }
    registry.schedule(Submissions.signSchedule(new Schedule.Declare(VENDOR_A, almatyTonight(),
        f.clock.instant()), f.vendorA));
  }

  @AfterEach
  void close() {
    if (registry != null) {
      registry.close();
    }
  }

  private Sale sale(Screening s, Instant soldAt) {
    tickets++;
    seats++;
    return new Sale(TicketId.of("A-" + tickets), VENDOR_A, s,
        Seat.assigned(1 + seats / 20, 1 + seats % 20), 250_000, soldAt,
        SalesChannel.BOX_OFFICE, false);
  }

  /** Signs as the terminal does: the next number, the previous submission's digest. */
  private byte[] sign(Sale sale, TerminalId terminal) {
    Counter c = counters.computeIfAbsent(terminal, Counter::first);
    byte[] bytes = Submissions.signSale(sale, c, f.vendorA);
    String digest = Submissions.contentDigest(bytes);
    counters.put(terminal, c.next(digest));
    sent.computeIfAbsent(terminal, t -> new ArrayList<>()).add(digest);
    return bytes;
  }

  private Registration sell(Screening s, TerminalId terminal) throws RegistrationException {
    return registry.register(sign(sale(s, f.clock.instant()), terminal));
  }

  /** Refunds a sale in full, counted by the box office. */
  private void refund(Registration r, String reason) throws Exception {
    Sale s = Submissions.readSale(registry.entry(r.serial()).orElseThrow().submission())
        .content();
    Counter c = counters.computeIfAbsent(BOX, Counter::first);
    byte[] bytes = Submissions.signRefund(new Refund(r.serial(), s.ticketId(), VENDOR_A,
        f.clock.instant(), s.priceTiyn(), reason), c, f.vendorA);
    registry.refund(bytes);
    counters.put(BOX, c.next(Submissions.contentDigest(bytes)));
  }

  private void admit(Registration r) {
    AdmissionResult a = registry.admit(r.token().qrText(UrlBase.of(UrlBase.DEFAULT)),
        new Gate(ALMATY, "main"));
    assertThat(a.outcome()).isEqualTo(AdmissionResult.Outcome.ADMITTED);
  }

  private List<Anomaly> anomalies() {
    return registry.anomalies(AnomalyRules.defaults()).anomalies();
  }

  private void step(long minutes) {
    f.clock.advance(Duration.ofMinutes(minutes));
  }

  /**
   * A normal evening: sold through the box office in the two hours before the screening,
   * one ticket refunded before the start, the others admitted.
   */
  private List<Registration> cleanEvening() throws Exception {
    Instant selling = almatyTonight().start().minus(Duration.ofHours(2));
    if (f.clock.instant().isBefore(selling)) {
      f.clock.set(selling);
    }
    List<Registration> out = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      out.add(sell(almatyTonight(), BOX));
      step(7);
    }
    refund(out.get(5), "returned");
    f.clock.set(almatyTonight().start().minus(Duration.ofMinutes(10)));
    for (int i = 0; i < 5; i++) {
      admit(out.get(i));
    }
    return out;
  }

  private static List<AnomalyCode> codes(List<Anomaly> anomalies) {
    return anomalies.stream().map(Anomaly::code).toList();
  }

  @Test
  void aCleanEveningGivesNoAnomaly() throws Exception {
    cleanEvening();
    f.clock.set(almatyTonight().start().plus(Duration.ofHours(5)));
    assertThat(anomalies()).isEmpty();
  }

  @Test
  void aGapOpensAndClosesWhenTheMissingSubmissionArrivesFromTheOutbox() throws Exception {
    sell(almatyTonight(), BOX);
    byte[] held = sign(sale(almatyTonight(), f.clock.instant()), BOX); // stuck in the outbox
    step(1);
    sell(almatyTonight(), BOX);
    step(30);
    List<Anomaly> open = anomalies();
    assertThat(codes(open)).containsExactly(AnomalyCode.COUNTER_GAP);
    assertThat(open.get(0).sequences()).containsExactly(2L);
    assertThat(open.get(0).open()).isTrue();
    Registration late = registry.register(held);
    List<Anomaly> closed = anomalies();
    assertThat(codes(closed)).containsExactly(AnomalyCode.COUNTER_GAP);
    assertThat(closed.get(0).resolvedAt()).isEqualTo(late.registeredAt());
  }

  @Test
  void aNumberSignedTwiceIsAFork() throws Exception {
    sell(almatyTonight(), BOX);
    Counter second = java.util.Objects.requireNonNull(counters.get(BOX));
    sell(almatyTonight(), BOX);
    // A cloned installation signs its own sale under the same number 2.
    registry.register(Submissions.signSale(sale(almatyTonight(), f.clock.instant()), second,
        f.vendorA));
    assertThat(codes(anomalies())).containsExactly(AnomalyCode.COUNTER_FORK);
  }

  @Test
  void aTerminalRestoredFromABackupRollsBack() throws Exception {
    for (int i = 0; i < 5; i++) {
      sell(almatyTonight(), BOX);
    }
    List<String> digests = java.util.Objects.requireNonNull(sent.get(BOX));
    Counter restored = new Counter(BOX, 3, digests.get(1)); // as it was after number 2
    step(2);
    registry.register(Submissions.signSale(sale(almatyTonight(), f.clock.instant()), restored,
        f.vendorA));
    assertThat(codes(anomalies())).containsExactly(AnomalyCode.COUNTER_ROLLBACK);
  }

  @Test
  void oneSeatSoldTwiceIsOverCapacity() throws Exception {
    Registration first = sell(almatyTonight(), BOX);
    Sale s = Submissions.readSale(registry.entry(first.serial()).orElseThrow().submission())
        .content();
    Sale twice = new Sale(TicketId.of("TWICE"), VENDOR_A, s.screening(), s.seat(), 250_000,
        f.clock.instant(), SalesChannel.ONLINE, false);
    registry.register(sign(twice, KIOSK));
    List<Anomaly> found = anomalies();
    assertThat(codes(found)).containsExactly(AnomalyCode.OVER_CAPACITY);
    assertThat(found.get(0).serials()).hasSize(2);
  }

  @Test
  void aQueuedSaleForAnUndeclaredScreeningIsFlaggedUntilItIsDeclared() throws Exception {
    Screening hidden = Fixture.screening(ALMATY, "S-HIDDEN", Fixture.NATIONAL_DRAMA,
        almatyTonight().start().plusSeconds(7200), "kk");
    registry.register(sign(sale(hidden, f.clock.instant().minus(Duration.ofMinutes(20))),
        BOX));
    assertThat(codes(anomalies())).containsExactly(AnomalyCode.UNDECLARED_SCREENING);
    assertThat(anomalies().get(0).open()).isTrue();
    step(5);
    registry.schedule(Submissions.signSchedule(new Schedule.Declare(VENDOR_A, hidden,
        f.clock.instant()), f.vendorA));
    assertThat(anomalies().get(0).resolvedAt()).isEqualTo(f.clock.instant());
  }

  @Test
  void salesSentHoursAfterTheyWereMadeAreLateUploads() throws Exception {
    registry.register(sign(sale(almatyTonight(), f.clock.instant().minus(Duration.ofHours(2))),
        BOX));
    registry.register(sign(sale(almatyTonight(), f.clock.instant().minus(Duration.ofMinutes(50))),
        BOX));
    List<Anomaly> found = anomalies();
    assertThat(codes(found)).containsExactly(AnomalyCode.LATE_UPLOAD);
    assertThat(found.get(0).serials()).hasSize(1); // 50 minutes is within the hour
  }

  @Test
  void aRefundInsideTheGraceAfterTheStartIsFlagged() throws Exception {
    f.clock.set(almatyTonight().start().minus(Duration.ofHours(1)));
    Registration r = sell(almatyTonight(), BOX);
    f.clock.set(almatyTonight().start().plus(Duration.ofMinutes(10)));
    refund(r, "left after the adverts");
    assertThat(codes(anomalies())).containsExactly(AnomalyCode.REFUND_AFTER_START);
  }

  @Test
  void aTerminalQuietWhileItsCinemasScreeningsStartIsSilent() throws Exception {
    sell(almatyTonight(), KIOSK);
    step(1);
    sell(almatyTonight(), BOX);
    // The box office keeps selling up to the screening; the kiosk sold once, hours before.
    f.clock.set(almatyTonight().start().minus(Duration.ofMinutes(30)));
    sell(almatyTonight(), BOX);
    f.clock.set(almatyTonight().start().plus(Duration.ofMinutes(30)));
    List<Anomaly> found = anomalies();
    assertThat(codes(found)).containsExactly(AnomalyCode.SILENT_TERMINAL);
    assertThat(found.get(0).terminal()).isEqualTo(KIOSK);
  }

  @Test
  void twentyTicketsOfOneScreeningInMinutesThroughOneTerminalAreABulkPurchase()
      throws Exception {
    for (int i = 0; i < 20; i++) {
      sell(almatyTonight(), KIOSK);
      f.clock.advance(Duration.ofSeconds(25));
    }
    List<Anomaly> found = anomalies();
    assertThat(codes(found)).containsExactly(AnomalyCode.BULK_PURCHASE);
    assertThat(found.get(0).serials()).hasSize(20);
  }

  @Test
  void aScreeningThatSoldButNobodyEnteredIsAGhost() throws Exception {
    Screening ghost = Fixture.screening(ALMATY, "S-GHOST", Fixture.NATIONAL_DRAMA,
        almatyTonight().start().minus(Duration.ofHours(2)), "kk");
    registry.schedule(Submissions.signSchedule(new Schedule.Declare(VENDOR_A, ghost,
        f.clock.instant()), f.vendorA));
    f.clock.set(ghost.start().minus(Duration.ofMinutes(100)));
    for (int i = 0; i < 20; i++) {
      sell(ghost, BOX);
      step(4);
    }
    // The cinema's gates report: the evening's visitors are admitted.
    cleanEvening();
    f.clock.set(almatyTonight().start().plus(Duration.ofHours(4)));
    List<Anomaly> found = anomalies();
    assertThat(codes(found)).containsExactly(AnomalyCode.GHOST_SCREENING);
    assertThat(found.get(0).screening()).isEqualTo(ghost.id());
  }
}
