package kz.ekino.registry;

import static kz.ekino.registry.testing.Fixture.ALMATY;
import static kz.ekino.registry.testing.Fixture.almatyTonight;
import static kz.ekino.registry.testing.Fixture.sale;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.model.Film;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.Screening;
import kz.ekino.core.registration.AdmissionResult;
import kz.ekino.core.registration.AdmissionResult.Outcome;
import kz.ekino.core.registration.Gate;
import kz.ekino.core.registration.Refusal;
import kz.ekino.core.registration.Registration;
import kz.ekino.core.registration.RegistrationException;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.token.UrlBase;
import kz.ekino.registry.RegistryException.Reason;
import kz.ekino.registry.monitoring.TimeRange;
import kz.ekino.registry.testing.Fixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The attacks of issue 10, performed through SQL (an insider with database access) and
 * through the public API (a dishonest cinema), each seen caught by the audit or refused with
 * a typed reason. Run on SQLite and on PostgreSQL.
 */
abstract class AttackContract {
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
    if (registry != null) { // null when the database was skipped (no PostgreSQL here)
      registry.close();
    }
  }

  private Registration register(Sale sale) throws RegistrationException {
    return registry.register(Submissions.signSale(sale, f.keyFor(sale)));
  }

  private String qr(Registration r) {
    return r.token().qrText(UrlBase.of(UrlBase.DEFAULT));
  }

  private byte[] refund(Registration r, Sale s, Instant at, long amount) {
    return Submissions.signRefund(new Refund(r.serial(), s.ticketId(), s.vendor(), at, amount,
        "visitor returned it"), f.keyFor(s));
  }

  /** Sales enough that the first ones lie before the newest the open re-derives. */
  private List<Registration> manySales() throws Exception {
    List<Registration> out = new ArrayList<>();
    for (int i = 0; i < LogCheck.NEWEST + 6; i++) {
      out.add(register(sale("M-" + i, almatyTonight(), 250_000, Fixture.START)));
    }
    return out;
  }

  /** Runs one statement as an insider would, with {@code params} bound in order. */
  private void sql(String statement, Object... params) throws Exception {
    Insider.sql(url, statement, params);
  }

  private String auditFailure() {
    return Insider.auditFailure(registry);
  }

  @Test
  void anyEditedAmountSpecimenFlagCinemaOrFilmIsNamedByTheAudit() throws Exception {
    long serial = manySales().get(2).serial();
    assertThat(registry.audit()).isEqualTo(registry.size());
    String[][] edits = {
        {"price_tiyn", "1", "250000"},
        {"specimen", "1", "0"},
        {"cinema_bin", "'" + Fixture.ASTANA.value() + "'", "'" + ALMATY.value() + "'"},
        {"film", "'US-2026-1101'", "'" + Fixture.NATIONAL_DRAMA.certificate().value() + "'"},
        {"screening_day", "'2026-11-26'", "'2026-11-25'"}};
    for (String[] e : edits) {
      sql("UPDATE records SET " + e[0] + " = " + e[1] + " WHERE serial = " + serial);
      assertThat(auditFailure()).as(e[0])
          .contains("record " + serial + " column " + e[0]);
      sql("UPDATE records SET " + e[0] + " = " + e[2] + " WHERE serial = " + serial);
    }
    assertThat(registry.audit()).isEqualTo(registry.size());
    // A refund amount too.
    Registration r = register(sale("R-1", almatyTonight(), 250_000, Fixture.START));
    registry.refund(refund(r, sale("R-1", almatyTonight(), 250_000, Fixture.START),
        Fixture.START, 250_000));
    sql("UPDATE records SET refund_tiyn = 0 WHERE kind = 1");
    assertThat(auditFailure()).contains("column refund_tiyn");
  }

  @Test
  void aDeletedOrInventedAdmissionIsNamedByTheAudit() throws Exception {
    Registration r = register(sale("A-1", almatyTonight(), 250_000, Fixture.START));
    Registration other = register(sale("A-2", almatyTonight(), 250_000, Fixture.START));
    f.clock.set(almatyTonight().start().minus(Duration.ofMinutes(30)));
    assertThat(registry.admit(qr(r), new Gate(ALMATY, "door")).outcome())
        .isEqualTo(Outcome.ADMITTED);
    assertThat(registry.entry(registry.size()).orElseThrow().kind())
        .isEqualTo(LogEntry.Kind.ADMISSION);
    registry.audit();

    sql("DELETE FROM admissions");
    assertThat(auditFailure()).contains("admission entry", "admitted sale " + r.serial(),
        "no row");
    // Put back as it was, and invent one for the other ticket.
    sql("INSERT INTO admissions (serial, admitted_at, gate_cinema, gate_id, entry_serial) "
        + "SELECT " + r.serial() + ", registered_at, '" + ALMATY.value() + "', 'door', serial "
        + "FROM log_entries WHERE kind = 2");
    registry.audit();
    sql("INSERT INTO admissions (serial, admitted_at, gate_cinema, gate_id) VALUES ("
        + other.serial() + ", 0, '" + ALMATY.value() + "', 'door')");
    assertThat(auditFailure()).contains("the admission of sale " + other.serial()
        + " has no entry");
  }

  @Test
  void editedFilmsCinemasAndNodesAreNamedByTheAudit() throws Exception {
    manySales();
    sql("UPDATE films SET national = 1 WHERE certificate = 'US-2026-1101'");
    assertThat(auditFailure()).contains("film US-2026-1101 differs from its log entry");
    sql("UPDATE films SET national = 0 WHERE certificate = 'US-2026-1101'");
    sql("UPDATE cinemas SET region = '71' WHERE bin = '" + ALMATY.value() + "'");
    assertThat(auditFailure()).contains("region");
    sql("UPDATE cinemas SET region = '75' WHERE bin = '" + ALMATY.value() + "'");
    sql("UPDATE halls SET capacity = capacity + 1 WHERE cinema_bin = '" + ALMATY.value() + "'");
    assertThat(auditFailure()).contains("cinema " + ALMATY.value() + " differs");
    sql("UPDATE halls SET capacity = capacity - 1 WHERE cinema_bin = '" + ALMATY.value() + "'");
    registry.audit();
    sql("UPDATE log_nodes SET hash = (SELECT hash FROM log_nodes WHERE level = 0 AND idx = 0)"
        + " WHERE level = 1 AND idx = 4");
    assertThat(auditFailure()).contains("log node 1/4");
  }

  @Test
  void anOldQrDoesNotAdmitAnotherSaleThatHoldsItsSerial() throws Exception {
    Sale a = sale("A-1", almatyTonight(), 250_000, Fixture.START);
    Registration r = register(a);
    // As after a log cut back and grown again: serial r now holds another ticket.
    sql("UPDATE records SET ticket_id = 'B-9' WHERE serial = " + r.serial());
    f.clock.set(almatyTonight().start().minus(Duration.ofMinutes(30)));
    AdmissionResult result = registry.admit(qr(r), new Gate(ALMATY, "door"));
    assertThat(result.outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(auditFailure()).contains("record " + r.serial() + " column ticket_id");
  }

  @Test
  void aRefundCannotHideASaleThatHappened() throws Exception {
    Sale a = sale("A-1", almatyTonight(), 250_000, Fixture.START);
    Registration r = register(a);
    f.clock.set(almatyTonight().start().minus(Duration.ofMinutes(30)));
    registry.admit(qr(r), new Gate(ALMATY, "door"));
    // Refunded at the door after the visitor went in: refused.
    assertThatThrownBy(() -> registry.refund(refund(r, a, f.clock.instant(), 250_000)))
        .isInstanceOfSatisfying(RegistrationException.class,
            e -> assertThat(e.refusal()).isEqualTo(Refusal.ADMITTED));
    // Two days after the screening, backdated to before it: refused.
    Sale b = sale("A-2", almatyTonight(), 250_000, Fixture.START);
    Registration rb = register(b);
    f.clock.set(almatyTonight().start().plus(Duration.ofDays(2)));
    assertThatThrownBy(() -> registry.refund(refund(rb, b, Fixture.START, 250_000)))
        .isInstanceOfSatisfying(RegistrationException.class,
            e -> assertThat(e.refusal()).isEqualTo(Refusal.TOO_LATE));
    // Dated before the sale: refused whenever it comes.
    assertThatThrownBy(() -> registry.refund(refund(rb, b, Fixture.START.minusSeconds(60),
        250_000))).isInstanceOfSatisfying(RegistrationException.class,
            e -> assertThat(e.refusal()).isEqualTo(Refusal.INVALID_REFUND));
    assertThat(registry.monitoring().boxOffice(java.util.Set.of(), TimeRange.all()).get(0)
        .boxOfficeTiyn()).isEqualTo(500_000);
    // The operator's correction, with its reason, is logged and counts.
    var corrected = registry.correctRefund(refund(rb, b, Fixture.START, 250_000),
        "screening cancelled by the cinema, act 12/2026");
    assertThat(registry.entry(corrected.serial()).orElseThrow().kind())
        .isEqualTo(LogEntry.Kind.CORRECTION);
    assertThat(registry.monitoring().boxOffice(java.util.Set.of(), TimeRange.all()).get(0)
        .boxOfficeTiyn()).isEqualTo(250_000);
    assertThat(registry.audit()).isEqualTo(registry.size());
    sql("UPDATE records SET correction_reason = 'changed' WHERE serial = " + corrected.serial());
    assertThat(auditFailure()).contains("record " + corrected.serial());
  }

  @Test
  void aSaleKeptBackLongerThanTheUploadBoundIsRefusedAndALateOneIsMarked() throws Exception {
    register(sale("ON-TIME", almatyTonight(), 250_000, Fixture.START.minusSeconds(60)));
    f.clock.set(almatyTonight().start().plus(Duration.ofHours(1)));
    Sale old = sale("OLD", almatyTonight(), 250_000, f.clock.instant().minus(
        RegistryConfig.DEFAULT_UPLOAD_BOUND).minusSeconds(1));
    assertThatThrownBy(() -> register(old)).isInstanceOfSatisfying(
        RegistrationException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.TOO_LATE));
    Registration late = register(sale("LATE", almatyTonight(), 250_000,
        almatyTonight().start().minus(Duration.ofMinutes(5))));
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT late FROM records WHERE serial = "
            + late.serial())) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
    // Counted in monitoring, per cinema.
    var flags = registry.monitoring().uploadFlags(TimeRange.all());
    assertThat(flags.get(0).cinema()).contains(ALMATY);
    assertThat(flags.get(0).sales()).isEqualTo(2);
    assertThat(flags.get(0).late()).isEqualTo(1);
    assertThat(flags.get(flags.size() - 1).late()).isEqualTo(1);
  }

  @Test
  void admissionIsForItsScreeningOnly() throws Exception {
    Registration r = register(sale("A-1", almatyTonight(), 250_000, Fixture.START));
    Instant start = almatyTonight().start();
    f.clock.set(start.minus(Duration.ofHours(3)));
    assertThat(registry.admit(qr(r), new Gate(ALMATY, "door")).outcome())
        .isEqualTo(Outcome.TOO_EARLY);
    f.clock.set(start.plus(Duration.ofDays(1)));
    // The token itself no longer verifies this late (screening grace): either way, no entry.
    assertThat(registry.admit(qr(r), new Gate(ALMATY, "door")).outcome())
        .isIn(Outcome.SCREENING_OVER, Outcome.INVALID_TICKET);
    f.clock.set(start.plus(Duration.ofMinutes(10)));
    assertThat(registry.admit(qr(r), new Gate(Fixture.ASTANA, "door")).outcome())
        .isEqualTo(Outcome.WRONG_VENUE);
    assertThat(registry.admit(qr(r), new Gate(ALMATY, "door")).outcome())
        .isEqualTo(Outcome.ADMITTED);
  }

  @Test
  void aVendorCannotSetAFilmsNationalFlagForEveryone() throws Exception {
    Film imported = Fixture.IMPORTED_ACTION;
    Film claimed = new Film(imported.certificate(), imported.titles(), imported.genres(),
        imported.countries(), true);
    Screening s = Fixture.screening(ALMATY, "S-X", claimed, almatyTonight().start(), "kk");
    Registration r = register(sale("POISON", s, 1, Fixture.START));
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT film_check FROM records WHERE serial = "
            + r.serial())) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(kz.ekino.registry.store.Records.FILM_DIFFERS);
    }
    assertThat(registry.films().get(imported.certificate())).isEqualTo(imported);
    var flags = registry.monitoring().uploadFlags(TimeRange.all());
    assertThat(flags.get(flags.size() - 1).filmDiffers()).isEqualTo(1);
    // The register decides: the sale counts as an imported film.
    assertThat(registry.monitoring().shares(TimeRange.all()).nationalTiyn().part()).isZero();
    assertThat(registry.audit()).isEqualTo(registry.size());
  }

  @Test
  void aProvisionalTicketSoldDaysAheadAdmitsThroughItsRegisteredSale() throws Exception {
    Screening later = Fixture.screening(ALMATY, "S-LATER", Fixture.NATIONAL_DRAMA,
        Fixture.START.plus(Duration.ofDays(5)), "kk");
    Sale a = sale("AHEAD", later, 250_000, Fixture.START.minus(Duration.ofHours(1)));
    String provisional = kz.ekino.core.token.TicketToken.issue(
        kz.ekino.core.model.TicketClaims.provisional(a), f.vendorA)
        .qrText(UrlBase.of(UrlBase.DEFAULT));
    Registration r = register(a);
    f.clock.set(later.start().minus(Duration.ofMinutes(20)));
    AdmissionResult admitted = registry.admit(provisional, new Gate(ALMATY, "door"));
    assertThat(admitted.outcome()).isEqualTo(Outcome.ADMITTED);
    assertThat(admitted.serial()).hasValue(r.serial());
  }

  // --- found by the adversarial review ------------------------------------------------------

  @Test
  void adoptionCannotBeArmedAgainByHand() throws Exception {
    register(sale("A-1", almatyTonight(), 250_000, Fixture.START));
    registry.close();
    sql("UPDATE log_writer SET adopted = 0");
    sql("UPDATE cinemas SET entry_serial = NULL WHERE bin = '" + ALMATY.value() + "'");
    RegistryException e = org.junit.jupiter.api.Assertions.assertThrows(RegistryException.class,
        () -> f.open(url));
    assertThat(e.reason()).isEqualTo(Reason.TAMPERED);
    assertThat(e.getMessage()).contains("adopt");
  }

  @Test
  void valuesNoEntryCanGiveAreNamed() throws Exception {
    long serial = manySales().get(1).serial();
    // SQLite keeps 0.5 in an INTEGER column; PostgreSQL rounds it: either way the audit names it.
    sql("UPDATE records SET specimen = 0.5 WHERE serial = " + serial);
    assertThat(auditFailure()).contains("record " + serial + " column specimen");
    sql("UPDATE records SET specimen = 0 WHERE serial = " + serial);
    sql("UPDATE records SET kind = 0.5 WHERE serial = " + serial);
    assertThat(auditFailure()).contains("record " + serial);
    sql("UPDATE records SET kind = 0 WHERE serial = " + serial);
    registry.audit();
    sql("UPDATE films SET national = 2 WHERE national = 1");
    assertThat(auditFailure()).contains("national NOT IN (0, 1)");
  }

  @Test
  void aRowOutsideTheLogsSerialsIsNamed() throws Exception {
    Registration r = register(sale("A-1", almatyTonight(), 250_000, Fixture.START));
    sql("INSERT INTO records (serial, kind, registered_at, vendor_bin, ticket_id, "
        + "content_digest, submission, signer_kid, refund_of, refunded_at, refund_tiyn, "
        + "refund_reason) SELECT -1, 1, registered_at, vendor_bin, ticket_id, content_digest, "
        + "submission, signer_kid, serial, sold_at, price_tiyn, 'x' FROM records WHERE serial = "
        + r.serial());
    assertThat(auditFailure()).contains("serial -1", "outside the log");
  }

  @Test
  void aCorrectionMovedAmongTheRegistrysOwnEntriesIsNamed() throws Exception {
    Sale a = sale("A-1", almatyTonight(), 250_000, Fixture.START);
    Registration r = register(a);
    long c = registry.correctRefund(refund(r, a, Fixture.START, 250_000), "court order 7")
        .serial();
    byte[] body = registry.entry(c).orElseThrow().submission();
    long at = registry.entry(c).orElseThrow().registeredAt().getEpochSecond();
    sql("DELETE FROM records WHERE serial = " + c);
    sql("INSERT INTO log_entries (serial, kind, registered_at, body) VALUES (?, 5, ?, ?)", c,
        at, body);
    assertThat(auditFailure()).contains("record " + c, "kept among the registry's own entries");
  }

  @Test
  void aProvisionalTicketIsNotAdmittedThroughACheaperRegisteredSale() throws Exception {
    Sale printed = sale("P-1", almatyTonight(), 250_000, Fixture.START.minusSeconds(60));
    String provisional = kz.ekino.core.token.TicketToken.issue(
        kz.ekino.core.model.TicketClaims.provisional(printed), f.vendorA)
        .qrText(UrlBase.of(UrlBase.DEFAULT));
    register(sale("P-1", almatyTonight(), 1, Fixture.START.minusSeconds(60)));
    f.clock.set(almatyTonight().start().minus(Duration.ofMinutes(20)));
    AdmissionResult result = registry.admit(provisional, new Gate(ALMATY, "door"));
    assertThat(result.outcome()).isEqualTo(Outcome.INVALID_TICKET);
    assertThat(result.detail()).contains("is not its registered sale");
  }

  @Test
  void theTrustListInForceIsLoggedAndAReplacementToo() throws Exception {
    long lists = countKind(LogEntry.Kind.TRUST_LIST);
    assertThat(lists).isEqualTo(1);
    registry.close();
    registry = f.open(url); // the same list again: no new entry
    assertThat(countKind(LogEntry.Kind.TRUST_LIST)).isEqualTo(1);
    kz.ekino.core.trust.TrustList next = kz.ekino.core.trust.TrustList.of(
        f.trust.sequence() + 1, f.trust.issuedAt().plusSeconds(1), f.trust.expiresAt(),
        f.trust.keys());
    registry.replaceTrustList(next);
    assertThat(countKind(LogEntry.Kind.TRUST_LIST)).isEqualTo(2);
    var last = registry.entry(registry.size()).orElseThrow();
    assertThat(last.kind()).isEqualTo(LogEntry.Kind.TRUST_LIST);
    var logged = (kz.ekino.core.log.EntryBody.TrustListEntry) kz.ekino.core.log.EntryBody
        .decode(last.kind(), last.submission());
    assertThat(logged.list().sequence()).isEqualTo(next.sequence());
    assertThat(registry.audit()).isEqualTo(registry.size());
  }

  /**
   * A database-only insider cuts the log back to an older published checkpoint (every table,
   * the nodes and the head, consistently): the checkpoint file outside the database refuses it.
   */
  @Test
  void aLogCutBackToAnOlderCheckpointIsRefused() throws Exception {
    register(sale("A-1", almatyTonight(), 250_000, Fixture.START));
    long n = registry.size();
    String older = registry.checkpoint();
    byte[] root = registry.root(n).toBytes();
    register(sale("A-2", almatyTonight(), 250_000, Fixture.START));
    register(sale("A-3", almatyTonight(), 250_000, Fixture.START));
    registry.close();
    sql("DELETE FROM records WHERE serial > " + n);
    sql("DELETE FROM log_entries WHERE serial > " + n);
    sql("DELETE FROM log_nodes WHERE (idx + 1) * (1 << level) > " + n);
    sql("UPDATE log_head SET tree_size = ?, root_hash = ?, checkpoint = ?", n, root, older);
    RegistryException e = org.junit.jupiter.api.Assertions.assertThrows(RegistryException.class,
        () -> f.open(url));
    assertThat(e.reason()).isEqualTo(Reason.BEHIND);
    assertThat(e.getMessage()).contains("entries are missing");
  }

  private long countKind(LogEntry.Kind kind) {
    long n = 0;
    for (long s = 1; s <= registry.size(); s++) {
      if (registry.entry(s).orElseThrow().kind() == kind) {
        n++;
      }
    }
    return n;
  }
}
