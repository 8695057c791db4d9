package kz.ekino.registry;

import static kz.ekino.registry.testing.Fixture.ALMATY;
import static kz.ekino.registry.testing.Fixture.ASTANA;
import static kz.ekino.registry.testing.Fixture.VENDOR_A;
import static kz.ekino.registry.testing.Fixture.almatyTonight;
import static kz.ekino.registry.testing.Fixture.sale;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.model.Counter;
import kz.ekino.core.model.HallId;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.SaleCorrection;
import kz.ekino.core.model.Schedule;
import kz.ekino.core.model.Screening;
import kz.ekino.core.model.ScreeningId;
import kz.ekino.core.model.Terminal;
import kz.ekino.core.model.TerminalId;
import kz.ekino.core.registration.Receipt;
import kz.ekino.core.registration.Refusal;
import kz.ekino.core.registration.Registration;
import kz.ekino.core.registration.RegistrationException;
import kz.ekino.core.submission.Submissions;
import kz.ekino.registry.RegistryException.Reason;
import kz.ekino.registry.monitoring.TimeRange;
import kz.ekino.registry.testing.Fixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Issue 13 at the registry: terminals and their counters, screenings declared before they
 * are sold, and sale corrections, each rule performed against a real database, and each
 * table they add edited by an insider and caught by the audit. Run on SQLite and PostgreSQL.
 */
abstract class CountersContract {
  static final TerminalId BOX_1 = TerminalId.of("ESENTAI-BO-1");
  final Fixture f = new Fixture();
  Registry registry;
  String url;

  abstract String newDatabase();

  @BeforeEach
  void open() throws Exception {
    url = newDatabase();
    registry = f.openWithCinemas(url);
  }

  @AfterEach
  void close() {
    if (registry != null) {
      registry.close();
    }
  }

  private static Terminal box1() {
    return new Terminal(VENDOR_A, BOX_1, ALMATY, "Kinoplan Kassa", "4.2.1");
  }

  /** The terminal's counter as a vendor keeps it: the next number and the last digest. */
  private Counter counter = Counter.first(BOX_1);

  private byte[] signed(Sale sale) {
    byte[] bytes = Submissions.signSale(sale, counter, f.vendorA);
    counter = counter.next(Submissions.contentDigest(bytes));
    return bytes;
  }

  private Receipt declare(Screening s) throws RegistrationException {
    return registry.schedule(Submissions.signSchedule(
        new Schedule.Declare(VENDOR_A, s, f.clock.instant()), f.vendorA));
  }

  private static void refused(Refusal refusal, Executable call) {
    RegistrationException e = org.junit.jupiter.api.Assertions.assertThrows(
        RegistrationException.class, call);
    assertThat(e.refusal()).as(e.getMessage()).isEqualTo(refusal);
  }

  private void sql(String statement, Object... params) throws Exception {
    Insider.sql(url, statement, params);
  }

  private String auditFailure() {
    return Insider.auditFailure(registry);
  }

  private long boxOffice() {
    return registry.monitoring().boxOffice(Set.of(), TimeRange.all()).get(0).boxOfficeTiyn();
  }

  @Test
  void aVersionTwoSaleNeedsItsTerminalInTheRegisterForItsCinema() throws Exception {
    declare(almatyTonight());
    Sale s = sale("T-1", almatyTonight(), 250_000, Fixture.START);
    refused(Refusal.UNKNOWN_TERMINAL, () -> registry.register(signed(s)));
    // Registered for the other cinema: still not this one's terminal.
    registry.registerTerminal(new Terminal(VENDOR_A, BOX_1, ASTANA, "Kinoplan Kassa", "4.2.1"));
    counter = Counter.first(BOX_1);
    refused(Refusal.UNKNOWN_TERMINAL, () -> registry.register(signed(s)));
    long before = registry.size();
    registry.registerTerminal(box1());
    registry.registerTerminal(box1()); // unchanged: no second entry
    assertThat(registry.size()).isEqualTo(before + 1);
    assertThat(registry.entry(before + 1).orElseThrow().kind()).isEqualTo(LogEntry.Kind.TERMINAL);
    assertThat(registry.terminals()).containsExactly(box1());
    counter = Counter.first(BOX_1);
    Registration r = registry.register(signed(s));
    assertThat(registry.entry(r.serial()).orElseThrow().kind()).isEqualTo(LogEntry.Kind.SALE);
    refused(Refusal.UNKNOWN_CINEMA, () -> registry.registerTerminal(new Terminal(VENDOR_A,
        TerminalId.of("X"), Fixture.VENDOR_B, "Kassa", "1"))); // a BIN that is no cinema
    assertThat(registry.audit()).isEqualTo(registry.size());
  }

  @Test
  void aFreshSaleOfAnUndeclaredScreeningIsRefusedAQueuedOneRegistered() throws Exception {
    registry.registerTerminal(box1());
    Instant now = f.clock.instant();
    refused(Refusal.UNDECLARED_SCREENING,
        () -> registry.register(signed(sale("U-1", almatyTonight(), 250_000, now))));
    // Declared otherwise (another start): not the screening sold.
    Screening declared = almatyTonight();
    Screening moved = new Screening(declared.id(), ALMATY, declared.hall(), declared.film(),
        declared.start().plusSeconds(3600), declared.language(), declared.format());
    declare(moved);
    refused(Refusal.UNDECLARED_SCREENING,
        () -> registry.register(signed(sale("U-2", almatyTonight(), 250_000, now))));
    // A sale queued through an outage (sold 30 minutes ago) is registered all the same.
    Screening other = Fixture.screening(ALMATY, "S-ALA-2200", Fixture.NATIONAL_DRAMA,
        declared.start().plusSeconds(9000), "kk");
    Registration queued = registry.register(signed(sale("U-3", other, 250_000,
        now.minus(Duration.ofMinutes(30)))));
    assertThat(queued.alreadyRegistered()).isFalse();
    // Once declared as sold, a fresh sale is registered.
    Screening matching = Fixture.screening(ALMATY, "S-ALA-2330", Fixture.NATIONAL_DRAMA,
        declared.start().plusSeconds(14400), "kk");
    declare(matching);
    assertThat(registry.register(signed(sale("U-4", matching, 250_000, now))).alreadyRegistered())
        .isFalse();
    // A version 1 sale (the transition) needs neither terminal nor declaration.
    Sale v1 = sale("U-5", Fixture.screening(ALMATY, "S-NEVER", Fixture.NATIONAL_DRAMA,
        declared.start(), "kk"), 250_000, now);
    registry.register(Submissions.signSale(v1, f.vendorA));
    assertThat(registry.audit()).isEqualTo(registry.size());
  }

  @Test
  void aScreeningIsDeclaredOnceCancelledOnceAndAClosedDayHoldsNoScreening() throws Exception {
    registry.registerTerminal(box1());
    Receipt first = declare(almatyTonight());
    assertThat(first.existing()).isFalse();
    assertThat(registry.entry(first.serial()).orElseThrow().kind())
        .isEqualTo(LogEntry.Kind.SCHEDULE);
    // The same declaration again is the same registration, even signed anew later.
    assertThat(declare(almatyTonight())).isEqualTo(
        new Receipt(first.serial(), first.registeredAt(), true));
    f.clock.advance(Duration.ofMinutes(5));
    assertThat(declare(almatyTonight())).isEqualTo(
        new Receipt(first.serial(), first.registeredAt(), true));
    f.clock.set(Fixture.START);
    // Another screening under the same id: a conflict, never a silent replacement.
    Screening moved = Fixture.screening(ALMATY, almatyTonight().id().value(),
        Fixture.IMPORTED_ACTION, almatyTonight().start(), "ru");
    refused(Refusal.CONFLICT, () -> declare(moved));
    // Cancelling: a screening never declared cannot be; a declared one is, once.
    refused(Refusal.UNDECLARED_SCREENING, () -> registry.schedule(Submissions.signSchedule(
        new Schedule.Cancel(VENDOR_A, ALMATY, ScreeningId.of("S-NONE"), Fixture.START,
            "projector fault"), f.vendorA)));
    byte[] cancel = Submissions.signSchedule(new Schedule.Cancel(VENDOR_A, ALMATY,
        almatyTonight().id(), f.clock.instant(), "projector fault"), f.vendorA);
    Receipt cancelled = registry.schedule(cancel);
    assertThat(cancelled.existing()).isFalse();
    assertThat(registry.schedule(cancel).serial()).isEqualTo(cancelled.serial());
    // A sale made after the cancellation is refused.
    f.clock.advance(Duration.ofMinutes(1));
    refused(Refusal.UNDECLARED_SCREENING, () -> registry.register(signed(
        sale("C-1", almatyTonight(), 250_000, f.clock.instant()))));
    // A day without screenings: not while a screening is declared on it.
    LocalDate tonight = LocalDate.ofInstant(almatyTonight().start(), Screening.ZONE);
    Screening tomorrow = Fixture.screening(ALMATY, "S-TOMORROW", Fixture.NATIONAL_DRAMA,
        almatyTonight().start().plus(Duration.ofDays(1)), "kk");
    declare(tomorrow);
    refused(Refusal.CONFLICT, () -> registry.schedule(Submissions.signSchedule(
        new Schedule.NoScreenings(VENDOR_A, ALMATY, tonight.plusDays(1), Fixture.START),
        f.vendorA)));
    // Tonight's only screening is cancelled: tonight can be declared closed, once.
    byte[] closed = Submissions.signSchedule(new Schedule.NoScreenings(VENDOR_A, ALMATY,
        tonight, Fixture.START), f.vendorA);
    Receipt day = registry.schedule(closed);
    assertThat(registry.schedule(closed).serial()).isEqualTo(day.serial());
    Screening late = Fixture.screening(ALMATY, "S-LATE", Fixture.NATIONAL_DRAMA,
        almatyTonight().start().plusSeconds(7200), "kk");
    refused(Refusal.CONFLICT, () -> declare(late));
    // A vendor declares only for its own cinemas.
    refused(Refusal.KEY_NOT_VALID, () -> registry.schedule(Submissions.signSchedule(
        new Schedule.Declare(VENDOR_A, Fixture.astanaTonight(), Fixture.START), f.vendorA)));
    assertThat(registry.audit()).isEqualTo(registry.size());
  }

  @Test
  void versionOneEndsWhenTheTransitionEnds() throws Exception {
    registry.close();
    registry = Registry.open(f.config(url).v1AcceptedUntil(Fixture.START).build());
    registry.registerTerminal(box1());
    Sale s = sale("V-1", almatyTonight(), 250_000, Fixture.START);
    refused(Refusal.UNSUPPORTED_VERSION,
        () -> registry.register(Submissions.signSale(s, f.vendorA)));
    declare(almatyTonight());
    Registration r = registry.register(signed(s));
    refused(Refusal.UNSUPPORTED_VERSION, () -> registry.refund(Submissions.signRefund(
        new Refund(r.serial(), s.ticketId(), VENDOR_A, Fixture.START, 250_000, "returned"),
        f.vendorA)));
  }

  @Test
  void aVersionTwoRefundComesFromATerminalOfTheSalesCinema() throws Exception {
    registry.registerTerminal(box1());
    TerminalId astanaBox = TerminalId.of("KHAN-BO-1");
    registry.registerTerminal(new Terminal(VENDOR_A, astanaBox, ASTANA, "Kinoplan", "4"));
    declare(almatyTonight());
    Sale s = sale("R-1", almatyTonight(), 250_000, Fixture.START);
    Registration r = registry.register(signed(s));
    Refund refund = new Refund(r.serial(), s.ticketId(), VENDOR_A, Fixture.START, 250_000,
        "returned");
    refused(Refusal.UNKNOWN_TERMINAL, () -> registry.refund(Submissions.signRefund(refund,
        Counter.first(TerminalId.of("NOWHERE")), f.vendorA)));
    refused(Refusal.UNKNOWN_TERMINAL, () -> registry.refund(Submissions.signRefund(refund,
        Counter.first(astanaBox), f.vendorA)));
    byte[] good = Submissions.signRefund(refund, counter, f.vendorA);
    assertThat(registry.refund(good).saleSerial()).isEqualTo(r.serial());
    assertThat(registry.audit()).isEqualTo(registry.size());
  }

  @Test
  void gapsAndForksAreRegisteredNeverRefused() throws Exception {
    registry.registerTerminal(box1());
    declare(almatyTonight());
    registry.register(signed(sale("G-1", almatyTonight(), 250_000, Fixture.START)));
    Counter skipped = counter.next("0".repeat(64)); // number 2 never sent: a gap
    Counter third = skipped.next("1".repeat(64));
    Registration gap = registry.register(Submissions.signSale(
        sale("G-3", almatyTonight(), 250_000, Fixture.START), third, f.vendorA));
    // A second submission under number 3: a fork. Both are sales that happened.
    Registration fork = registry.register(Submissions.signSale(
        sale("G-3b", almatyTonight(), 250_000, Fixture.START), third, f.vendorA));
    assertThat(fork.serial()).isGreaterThan(gap.serial());
    assertThat(boxOffice()).isEqualTo(750_000);
  }

  @Test
  void aCorrectionSetsThePriceWithinTheWindowAndTheOperatorsAfterIt() throws Exception {
    Sale s = sale("P-1", almatyTonight(), 250_000, Fixture.START);
    Registration r = registry.register(Submissions.signSale(s, f.vendorA));
    SaleCorrection c = new SaleCorrection(r.serial(), s.ticketId(), VENDOR_A, Fixture.START,
        200_000, "wrong tariff keyed in");
    byte[] signedCorrection = Submissions.signCorrection(c, f.vendorA);
    Receipt receipt = registry.correctSale(signedCorrection);
    assertThat(registry.entry(receipt.serial()).orElseThrow().kind())
        .isEqualTo(LogEntry.Kind.SALE_CORRECTION);
    assertThat(registry.correctSale(signedCorrection)).isEqualTo(
        new Receipt(receipt.serial(), receipt.registeredAt(), true));
    assertThat(boxOffice()).isEqualTo(200_000);
    // The newest correction applies; the sale stays in the log as sold.
    registry.correctSale(Submissions.signCorrection(new SaleCorrection(r.serial(),
        s.ticketId(), VENDOR_A, Fixture.START, 150_000, "child tariff"), f.vendorA));
    assertThat(boxOffice()).isEqualTo(150_000);
    assertThat(Submissions.readSale(registry.entry(r.serial()).orElseThrow().submission())
        .content().priceTiyn()).isEqualTo(250_000);
    // Refunds are bounded by the price that counts now.
    f.clock.set(Fixture.START.plusSeconds(60));
    refused(Refusal.INVALID_REFUND, () -> registry.refund(Submissions.signRefund(new Refund(
        r.serial(), s.ticketId(), VENDOR_A, Fixture.START, 200_000, "returned"), f.vendorA)));
    // Another ticket id, another vendor, a date before the sale: refused.
    refused(Refusal.INVALID_CORRECTION, () -> registry.correctSale(Submissions.signCorrection(
        new SaleCorrection(r.serial(), kz.ekino.core.model.TicketId.of("OTHER"), VENDOR_A,
            Fixture.START, 1, "x"), f.vendorA)));
    refused(Refusal.NOT_YOUR_SALE, () -> registry.correctSale(Submissions.signCorrection(
        new SaleCorrection(r.serial(), s.ticketId(), Fixture.VENDOR_B, Fixture.START, 1, "x"),
        f.vendorB)));
    refused(Refusal.INVALID_CORRECTION, () -> registry.correctSale(Submissions.signCorrection(
        new SaleCorrection(r.serial(), s.ticketId(), VENDOR_A, Fixture.START.minusSeconds(1),
            1, "x"), f.vendorA)));
    refused(Refusal.UNKNOWN_SALE, () -> registry.correctSale(Submissions.signCorrection(
        new SaleCorrection(9999, s.ticketId(), VENDOR_A, Fixture.START, 1, "x"), f.vendorA)));
    // After the window, only the operator, with a reason that is logged.
    f.clock.set(r.registeredAt().plus(Duration.ofDays(31)));
    byte[] late = Submissions.signCorrection(new SaleCorrection(r.serial(), s.ticketId(),
        VENDOR_A, f.clock.instant(), 180_000, "audit of the month"), f.vendorA);
    refused(Refusal.TOO_LATE, () -> registry.correctSale(late));
    Receipt operator = registry.correctSale(late, "state audit act 7/2026");
    assertThat(registry.entry(operator.serial()).orElseThrow().kind())
        .isEqualTo(LogEntry.Kind.CORRECTION);
    assertThat(boxOffice()).isEqualTo(180_000);
    assertThat(registry.audit()).isEqualTo(registry.size());
  }

  @Test
  void aRefundedSaleKeepsItsPrice() throws Exception {
    Sale s = sale("P-2", almatyTonight(), 250_000, Fixture.START);
    Registration r = registry.register(Submissions.signSale(s, f.vendorA));
    registry.refund(Submissions.signRefund(new Refund(r.serial(), s.ticketId(), VENDOR_A,
        Fixture.START, 250_000, "returned"), f.vendorA));
    refused(Refusal.INVALID_CORRECTION, () -> registry.correctSale(Submissions.signCorrection(
        new SaleCorrection(r.serial(), s.ticketId(), VENDOR_A, Fixture.START, 1, "x"),
        f.vendorA)));
  }

  @Test
  void anInsiderEditingTerminalsScreeningsDaysOrCorrectionsIsNamedByTheAudit()
      throws Exception {
    registry.registerTerminal(box1());
    declare(almatyTonight());
    Sale s = sale("A-1", almatyTonight(), 250_000, Fixture.START);
    Registration r = registry.register(signed(s));
    Receipt cancelledDay = registry.schedule(Submissions.signSchedule(new Schedule.NoScreenings(
        VENDOR_A, ALMATY, LocalDate.of(2026, 11, 30), Fixture.START), f.vendorA));
    Receipt c = registry.correctSale(Submissions.signCorrection(new SaleCorrection(r.serial(),
        s.ticketId(), VENDOR_A, Fixture.START, 200_000, "wrong tariff"), f.vendorA));
    Receipt op = registry.correctSale(Submissions.signCorrection(new SaleCorrection(r.serial(),
        s.ticketId(), VENDOR_A, Fixture.START, 190_000, "second look"), f.vendorA), "approved");
    assertThat(registry.audit()).isEqualTo(registry.size());
    String[][] attacks = {
        // The box office an insider wants: a corrected price raised or lowered.
        {"UPDATE records SET corrected_tiyn = 1 WHERE serial = " + r.serial(),
            "UPDATE records SET corrected_tiyn = 190000 WHERE serial = " + r.serial(),
            "corrected_tiyn"},
        {"UPDATE records SET price_tiyn = 1 WHERE serial = " + c.serial(),
            "UPDATE records SET price_tiyn = 200000 WHERE serial = " + c.serial(),
            "record " + c.serial() + " column price_tiyn"},
        // An operator's correction turned into a refund row: same leaf, other meaning.
        {"UPDATE records SET kind = 1 WHERE serial = " + op.serial(),
            "UPDATE records SET kind = 9 WHERE serial = " + op.serial(),
            "record " + op.serial()},
        {"UPDATE terminals SET cinema_bin = '" + ASTANA.value() + "'",
            "UPDATE terminals SET cinema_bin = '" + ALMATY.value() + "'", "terminals"},
        {"UPDATE screenings SET screening_start = screening_start + 3600",
            "UPDATE screenings SET screening_start = screening_start - 3600",
            "column screening_start"},
        {"UPDATE screenings SET cancelled_serial = 1, cancelled_at = 1",
            "UPDATE screenings SET cancelled_serial = NULL, cancelled_at = NULL",
            "cancelled screenings"},
        {"DELETE FROM closed_days",
            "INSERT INTO closed_days (cinema_bin, day, entry_serial) VALUES ('"
                + ALMATY.value() + "', '2026-11-30', " + cancelledDay.serial() + ")",
            "schedule entry " + cancelledDay.serial()},
        {"INSERT INTO screenings (cinema_bin, screening_id, content_digest, hall, film, "
            + "screening_start, language, format, declared_serial) VALUES ('" + ALMATY.value()
            + "', 'GHOST', 'x', '3', 'KZ', 1, 'kk', '2D', 1)",
            "DELETE FROM screenings WHERE screening_id = 'GHOST'", "declared screenings"}};
    for (String[] a : attacks) {
      sql(a[0]);
      assertThat(auditFailure()).as(a[0]).contains(a[2]);
      sql(a[1]);
      assertThat(registry.audit()).as(a[1]).isEqualTo(registry.size());
    }
    assertThat(HallId.of("3")).isEqualTo(almatyTonight().hall()); // the GHOST row's hall
  }

  @Test
  void aLowerPriceAfterAdmissionOrTheStartIsTheOperatorsAsForARefund() throws Exception {
    registry.registerTerminal(box1());
    declare(almatyTonight());
    Sale s = sale("L-1", almatyTonight(), 250_000, Fixture.START);
    Registration r = registry.register(signed(s));
    f.clock.set(almatyTonight().start().minus(Duration.ofMinutes(10)));
    assertThat(registry.admit(r.token().qrText(kz.ekino.core.token.UrlBase.of(
        kz.ekino.core.token.UrlBase.DEFAULT)), new kz.ekino.core.registration.Gate(ALMATY,
        "main")).outcome()).isEqualTo(kz.ekino.core.registration.AdmissionResult.Outcome.ADMITTED);
    byte[] toZero = Submissions.signCorrection(new SaleCorrection(r.serial(), s.ticketId(),
        VENDOR_A, f.clock.instant(), 0, "keyed wrong"), f.vendorA);
    refused(Refusal.ADMITTED, () -> registry.correctSale(toZero));
    assertThat(boxOffice()).isEqualTo(250_000);
    // A higher price is no refund: accepted.
    registry.correctSale(Submissions.signCorrection(new SaleCorrection(r.serial(),
        s.ticketId(), VENDOR_A, f.clock.instant(), 300_000, "premium seat"), f.vendorA));
    assertThat(boxOffice()).isEqualTo(300_000);
    // A sale never admitted, its screening long started: too late for the vendor.
    Sale t = sale("L-2", almatyTonight(), 250_000, Fixture.START);
    f.clock.set(Fixture.START);
    Registration r2 = registry.register(signed(t));
    f.clock.set(almatyTonight().start().plus(Duration.ofHours(2)));
    byte[] lower = Submissions.signCorrection(new SaleCorrection(r2.serial(), t.ticketId(),
        VENDOR_A, f.clock.instant(), 100_000, "keyed wrong"), f.vendorA);
    refused(Refusal.TOO_LATE, () -> registry.correctSale(lower));
    registry.correctSale(lower, "cinema's complaint 14/2026 upheld");
    assertThat(boxOffice()).isEqualTo(400_000);
    assertThat(registry.audit()).isEqualTo(registry.size());
  }

  @Test
  void aDayWithTicketsSoldIsNoDayWithoutScreenings() throws Exception {
    Sale v1 = sale("D-1", Fixture.screening(ALMATY, "S-V1", Fixture.NATIONAL_DRAMA,
        almatyTonight().start(), "kk"), 250_000, Fixture.START);
    Registration r = registry.register(Submissions.signSale(v1, f.vendorA));
    LocalDate tonight = LocalDate.ofInstant(almatyTonight().start(), Screening.ZONE);
    byte[] closed = Submissions.signSchedule(new Schedule.NoScreenings(VENDOR_A, ALMATY,
        tonight, Fixture.START), f.vendorA);
    refused(Refusal.CONFLICT, () -> registry.schedule(closed));
    registry.refund(Submissions.signRefund(new Refund(r.serial(), v1.ticketId(), VENDOR_A,
        Fixture.START, 250_000, "returned"), f.vendorA));
    assertThat(registry.schedule(closed).existing()).isFalse();
  }

  @Test
  void editsAmongTheNewestEntriesAreRefusedAtOpen() throws Exception {
    registry.registerTerminal(box1());
    declare(almatyTonight());
    Registration r = registry.register(signed(sale("O-1", almatyTonight(), 250_000,
        Fixture.START)));
    String[][] edits = {
        {"UPDATE records SET corrected_tiyn = 1 WHERE serial = " + r.serial(),
            "UPDATE records SET corrected_tiyn = NULL WHERE serial = " + r.serial(),
            "corrected_tiyn"},
        {"UPDATE screenings SET cancelled_serial = 1, cancelled_at = 1",
            "UPDATE screenings SET cancelled_serial = NULL, cancelled_at = NULL",
            "marked cancelled"},
        {"UPDATE terminals SET software_version = '9.9'",
            "UPDATE terminals SET software_version = '4.2.1'", "terminal " + BOX_1}};
    registry.close();
    for (String[] e : edits) {
      sql(e[0]);
      RegistryException refused = org.junit.jupiter.api.Assertions.assertThrows(
          RegistryException.class, () -> f.open(url));
      assertThat(refused.reason()).as(e[0]).isEqualTo(Reason.TAMPERED);
      assertThat(refused.getMessage()).as(e[0]).contains(e[2]);
      sql(e[1]);
    }
    registry = f.open(url);
    assertThat(registry.audit()).isEqualTo(registry.size());
  }
}
