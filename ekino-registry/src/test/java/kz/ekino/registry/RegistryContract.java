package kz.ekino.registry;

import kz.ekino.core.registration.Registration;
import kz.ekino.core.registration.RefundReceipt;
import kz.ekino.core.registration.Refusal;
import kz.ekino.core.registration.RegistrationException;
import kz.ekino.core.registration.TicketStatus;
import kz.ekino.core.registration.AdmissionResult;
import kz.ekino.core.registration.Gate;
import kz.ekino.core.log.InclusionProof;
import static kz.ekino.registry.testing.Fixture.ALMATY;
import static kz.ekino.registry.testing.Fixture.ASTANA;
import static kz.ekino.registry.testing.Fixture.almatyTonight;
import static kz.ekino.registry.testing.Fixture.astanaTonight;
import static kz.ekino.registry.testing.Fixture.sale;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.LogProofs;
import kz.ekino.core.log.TreeHash;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.SalesChannel;
import kz.ekino.core.model.TicketId;
import kz.ekino.core.revocation.RevocationList;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.testing.TestKeys;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.token.TicketToken;
import kz.ekino.core.token.UrlBase;
import kz.ekino.core.verify.RejectedException;
import kz.ekino.core.verify.RejectionReason;
import kz.ekino.core.verify.TicketVerifier;
import kz.ekino.core.verify.VerificationPolicy;
import kz.ekino.core.verify.VerificationResult;
import kz.ekino.core.registration.AdmissionResult.Outcome;
import kz.ekino.core.registration.TicketStatus.Status;
import kz.ekino.registry.testing.Fixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry's behaviour, run against each storage dialect by a subclass. */
abstract class RegistryContract {
  protected final Fixture f = new Fixture();
  protected String url;
  protected Registry registry;

  /** A new, empty database as a JDBC URL. */
  abstract String newDatabase();

  /** The entries before a test's first sale: the fixture's cinemas (CINEMA entries). */
  long base;

  @BeforeEach
  void open() throws Exception {
    url = newDatabase();
    registry = f.openWithCinemas(url);
    base = registry.size();
  }

  @AfterEach
  void close() {
    if (registry != null) {
      registry.close();
    }
  }

  private Registration register(Sale sale) throws RegistrationException {
    return registry.register(Submissions.signSale(sale, f.keyFor(sale)));
  }

  private VerificationPolicy policy() {
    return VerificationPolicy.builder(f.trust, f.clock).officialBase(UrlBase.of(UrlBase.DEFAULT))
        .build();
  }

  @Test
  void registersWithGaplessSerialsAndReturnsAVerifyingReceipt() throws Exception {
    Sale a = sale("A-1", almatyTonight(), 250_000, Fixture.START.minusSeconds(3));
    Sale b = sale("B-1", astanaTonight(), 300_000, Fixture.START.minusSeconds(2));

    Registration ra = register(a);
    Registration rb = register(b);

    assertThat(ra.serial()).isEqualTo(base + 1);
    assertThat(rb.serial()).isEqualTo(base + 2);
    assertThat(ra.alreadyRegistered()).isFalse();
    assertThat(ra.registeredAt()).isEqualTo(Fixture.START);
    VerificationResult v = TicketVerifier.verify(ra.token().qrText(UrlBase.of(UrlBase.DEFAULT)),
        policy());
    assertThat(v.verdict()).isEqualTo("VALID");
    assertThat(v.ticket().orElseThrow().claims())
        .isEqualTo(TicketClaims.registered(a, base + 1, Fixture.START));
    assertThat(registry.size()).isEqualTo(base + 2);
  }

  @Test
  void theSameSaleTwiceIsOneRegistration() throws Exception {
    Sale a = sale("A-1", almatyTonight(), 250_000, Fixture.START);
    Registration first = register(a);
    f.clock.advance(Duration.ofMinutes(5));

    Registration again = register(a);

    assertThat(again.alreadyRegistered()).isTrue();
    assertThat(again.serial()).isEqualTo(first.serial());
    assertThat(again.registeredAt()).isEqualTo(first.registeredAt());
    assertThat(again.token()).isEqualTo(first.token());
    assertThat(registry.size()).isEqualTo(base + 1);
  }

  @Test
  void theSameTicketIdWithOtherContentIsAConflict() throws Exception {
    register(sale("A-1", almatyTonight(), 250_000, Fixture.START));
    Sale changed = sale("A-1", almatyTonight(), 150_000, Fixture.START);

    assertRefused(() -> register(changed), Refusal.CONFLICT);
    assertThat(registry.size()).isEqualTo(base + 1);
  }

  @Test
  void aSaleMadeDuringAnOutageKeepsItsSaleTime() throws Exception {
    Instant soldOffline = Fixture.START.minus(Duration.ofHours(2));
    Sale a = sale("A-OFF", almatyTonight(), 200_000, soldOffline);
    // The box office printed a provisional ticket while the registry was unreachable.
    TicketToken provisional = TicketToken.issue(TicketClaims.provisional(a), f.vendorA);
    assertThat(TicketVerifier.verify(provisional.qrText(UrlBase.of(UrlBase.DEFAULT)), policy())
        .verdict()).isEqualTo("PROVISIONAL");

    Registration r = register(a);

    assertThat(r.registeredAt()).isEqualTo(Fixture.START);
    assertThat(registry.monitoring().uploadLag(
        kz.ekino.registry.monitoring.TimeRange.all()).get(0).max())
        .isEqualTo(Duration.ofHours(2));
    // The provisional ticket admits through its registered sale, once the doors open.
    f.clock.set(almatyTonight().start().minus(Duration.ofMinutes(30)));
    AdmissionResult admitted = registry.admit(provisional.qrText(UrlBase.of(UrlBase.DEFAULT)),
        new Gate(ALMATY, "door-1"));
    assertThat(admitted.outcome()).isEqualTo(Outcome.ADMITTED);
    assertThat(admitted.serial()).hasValue(r.serial());
  }

  @Test
  void aProvisionalTicketFindsItsSaleOnceItHasArrived() throws Exception {
    Sale a = sale("A-ARR", almatyTonight(), 200_000, Fixture.START.minus(Duration.ofHours(1)));
    TicketClaims printed = TicketClaims.provisional(a);
    assertThat(registry.statusOfArrived(printed)).isEmpty();

    Registration r = register(a);
    TicketStatus arrived = registry.statusOfArrived(printed).orElseThrow();
    assertThat(arrived.serial()).isEqualTo(r.serial());
    assertThat(arrived.status()).isEqualTo(TicketStatus.Status.REGISTERED);
    assertThat(arrived.registeredAt()).contains(Fixture.START);

    // A ticket printed with another price than the sale registered under its id is not it.
    TicketClaims other = TicketClaims.provisional(sale("A-ARR", almatyTonight(), 250_000,
        Fixture.START.minus(Duration.ofHours(1))));
    TicketStatus differs = registry.statusOfArrived(other).orElseThrow();
    assertThat(differs.status()).isEqualTo(TicketStatus.Status.UNKNOWN);
    assertThat(differs.serial()).isEqualTo(r.serial());
  }

  @Test
  void submissionsThatDoNotCheckOutAreRefusedWithAReason() throws Exception {
    Sale a = sale("A-1", almatyTonight(), 250_000, Fixture.START);
    byte[] good = Submissions.signSale(a, f.vendorA);
    byte[] tampered = good.clone();
    tampered[tampered.length - 1] ^= 1;

    assertRefused(() -> registry.register(tampered), Refusal.BAD_SIGNATURE);
    assertRefused(() -> registry.register(new byte[] {1, 2, 3}), Refusal.MALFORMED);
    assertRefused(() -> registry.register(Submissions.signSale(a,
        TestKeys.signing(TestKeys.OTHER_ED25519))), Refusal.UNKNOWN_KEY);
    // Vendor B's key may not sell for the Almaty cinema.
    assertRefused(() -> registry.register(Submissions.signSale(a, f.vendorB)),
        Refusal.KEY_NOT_VALID);
    // A ticket token is not a submission, even if signed by the right key.
    assertRefused(() -> registry.register(TicketToken.issue(TicketClaims.provisional(a),
        f.vendorA).bytes()), Refusal.MALFORMED);
    Sale future = sale("A-2", almatyTonight(), 250_000, Fixture.START.plus(Duration.ofHours(1)));
    assertRefused(() -> register(future), Refusal.ISSUED_IN_FUTURE);
    assertThat(registry.size()).isEqualTo(base);
  }

  @Test
  void salesForUnknownCinemasOrHallsAreRefused() throws Exception {
    Sale wrongHall = new Sale(TicketId.of("A-9"), Fixture.VENDOR_A,
        Fixture.screening(ALMATY, "S-X", Fixture.NATIONAL_DRAMA, Fixture.START, "kk"),
        kz.ekino.core.model.Seat.generalAdmission(), 1000, Fixture.START,
        SalesChannel.ONLINE, false);
    Sale badHall = new Sale(wrongHall.ticketId(), wrongHall.vendor(),
        new kz.ekino.core.model.Screening(wrongHall.screening().id(), ALMATY,
            kz.ekino.core.model.HallId.of("99"), Fixture.NATIONAL_DRAMA, Fixture.START,
            kz.ekino.core.model.LanguageCode.KAZAKH,
            kz.ekino.core.model.ScreeningFormat.TWO_D),
        wrongHall.seat(), 1000, Fixture.START, SalesChannel.ONLINE, false);
    assertRefused(() -> register(badHall), Refusal.UNKNOWN_HALL);

    Registry empty = f.open(newDatabase());
    try {
      assertRefused(() -> empty.register(Submissions.signSale(wrongHall, f.vendorA)),
          Refusal.UNKNOWN_CINEMA);
    } finally {
      empty.close();
    }
  }

  @Test
  void concurrentRegistrationsGetUniqueGaplessSerials() throws Exception {
    int threads = 8;
    int each = 60;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<Long>>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        List<Long> serials = new ArrayList<>();
        for (int i = 0; i < each; i++) {
          Sale s = sale("T" + thread + "-" + i, thread % 2 == 0 ? almatyTonight()
              : astanaTonight(), 100_000 + i, Fixture.START);
          serials.add(register(s).serial());
        }
        return serials;
      }));
    }
    List<Long> all = new ArrayList<>();
    for (Future<List<Long>> fu : futures) {
      all.addAll(fu.get());
    }
    pool.shutdown();
    Collections.sort(all);
    List<Long> expected = new ArrayList<>();
    for (long s = base + 1; s <= base + (long) threads * each; s++) {
      expected.add(s);
    }
    assertThat(all).isEqualTo(expected);
    assertThat(registry.size()).isEqualTo(base + (long) threads * each);
  }

  @Test
  void asynchronousRegistrationsShareCommitsAndStayGapless() throws Exception {
    List<java.util.concurrent.CompletableFuture<Registration>> pending = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      pending.add(registry.registerAsync(Submissions.signSale(
          sale("ASYNC-" + i, almatyTonight(), 100_000, Fixture.START), f.vendorA)));
    }
    // The same sale again, in flight at the same time, is still one registration.
    pending.add(registry.registerAsync(Submissions.signSale(
        sale("ASYNC-0", almatyTonight(), 100_000, Fixture.START), f.vendorA)));
    var refused = registry.registerAsync(new byte[] {1});
    // Other content under a ticket id in flight at the same time is a conflict.
    var conflicting = registry.registerAsync(Submissions.signSale(
        sale("ASYNC-1", almatyTonight(), 100_001, Fixture.START), f.vendorA));

    List<Long> serials = new ArrayList<>();
    for (var p : pending) {
      serials.add(p.get().serial());
    }
    assertThat(serials.subList(0, 300)).doesNotHaveDuplicates()
        .allMatch(s -> s >= base + 1 && s <= base + 300);
    assertThat(serials.get(300)).isEqualTo(serials.get(0));
    assertThat(pending.get(300).get().alreadyRegistered()).isTrue();
    assertThat(pending.get(300).get().token()).isEqualTo(pending.get(0).get().token());
    assertThat(registry.size()).isEqualTo(base + 300);
    assertThatThrownBy(refused::get).hasCauseInstanceOf(RegistrationException.class);
    assertThatThrownBy(conflicting::get).cause().isInstanceOfSatisfying(
        RegistrationException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.CONFLICT));
  }

  @Test
  void refundsAreNewRecordsAndIdempotent() throws Exception {
    Sale a = sale("A-1", almatyTonight(), 250_000, Fixture.START);
    long serial = register(a).serial();
    Refund refund = new Refund(serial, a.ticketId(), a.vendor(), Fixture.START, 250_000,
        "visitor cancelled");
    byte[] signed = Submissions.signRefund(refund, f.vendorA);

    RefundReceipt receipt = registry.refund(signed);
    RefundReceipt again = registry.refund(signed);

    assertThat(receipt.serial()).isEqualTo(base + 2);
    assertThat(receipt.saleSerial()).isEqualTo(serial);
    assertThat(again.alreadyRefunded()).isTrue();
    assertThat(again.serial()).isEqualTo(base + 2);
    assertThat(registry.size()).isEqualTo(base + 2);
    assertThat(registry.status(serial).status()).isEqualTo(Status.REFUNDED);
    assertThat(registry.entry(base + 2).orElseThrow().kind())
        .isEqualTo(kz.ekino.core.log.LogEntry.Kind.REFUND);

    // A second refund of the same sale with another amount is a conflict, not the first.
    Refund smaller = new Refund(serial, a.ticketId(), a.vendor(), Fixture.START, 100_000,
        "visitor cancelled");
    assertRefused(() -> registry.refund(Submissions.signRefund(smaller, f.vendorA)),
        Refusal.CONFLICT);
    assertThat(registry.size()).isEqualTo(base + 2);
  }

  @Test
  void refundsThatDoNotMatchTheirSaleAreRefused() throws Exception {
    Sale a = sale("A-1", almatyTonight(), 250_000, Fixture.START);
    Sale b = sale("B-1", astanaTonight(), 300_000, Fixture.START);
    long sa = register(a).serial();
    long sb = register(b).serial();

    // Vendor A refunding vendor B's sale.
    assertRefused(() -> registry.refund(Submissions.signRefund(new Refund(sb, b.ticketId(),
        Fixture.VENDOR_A, Fixture.START, 1, "x"), f.vendorA)), Refusal.NOT_YOUR_SALE);
    assertRefused(() -> registry.refund(Submissions.signRefund(new Refund(sa, a.ticketId(),
        a.vendor(), Fixture.START, 250_001, "x"), f.vendorA)), Refusal.INVALID_REFUND);
    assertRefused(() -> registry.refund(Submissions.signRefund(new Refund(sa,
        TicketId.of("OTHER"), a.vendor(), Fixture.START, 1, "x"), f.vendorA)),
        Refusal.INVALID_REFUND);
    assertRefused(() -> registry.refund(Submissions.signRefund(new Refund(99, a.ticketId(),
        a.vendor(), Fixture.START, 1, "x"), f.vendorA)), Refusal.UNKNOWN_SALE);
    assertThat(registry.size()).isEqualTo(base + 2);
  }

  @Test
  void admissionsHappenOnceAndSayWhereTheFirstWas() throws Exception {
    Sale a = sale("A-1", almatyTonight(), 250_000, Fixture.START);
    Registration r = register(a);
    String qr = r.token().qrText(UrlBase.of(UrlBase.DEFAULT));
    f.clock.advance(Duration.ofHours(7));

    AdmissionResult first = registry.admit(qr, new Gate(ALMATY, "hall-3"));
    f.clock.advance(Duration.ofMinutes(2));
    AdmissionResult second = registry.admit(qr, new Gate(ALMATY, "hall-1"));
    AdmissionResult elsewhere = registry.admit(qr, new Gate(ASTANA, "door"));

    assertThat(first.outcome()).isEqualTo(Outcome.ADMITTED);
    assertThat(second.outcome()).isEqualTo(Outcome.ALREADY_ADMITTED);
    assertThat(second.at()).isEqualTo(first.at());
    assertThat(second.gate().orElseThrow().id()).isEqualTo("hall-3");
    assertThat(elsewhere.outcome()).isEqualTo(Outcome.WRONG_VENUE);
    assertThat(registry.status(r.serial()).status()).isEqualTo(Status.ADMITTED);
    assertThat(registry.status(r.serial()).admittedAt()).isEqualTo(first.at());
    assertThat(registry.admit("HTTPS://QR.EKINO.KZ/T/AAAA", new Gate(ALMATY, "d")).outcome())
        .isEqualTo(Outcome.INVALID_TICKET);
  }

  /**
   * Scans and refunds that arrive together land in the same commit batches: each must still
   * take effect once, and later work in a batch must see what earlier work wrote.
   */
  @Test
  void simultaneousScansAdmitOnceAndSimultaneousRefundsRefundOnce() throws Exception {
    Sale admitted = sale("SIM-1", almatyTonight(), 250_000, Fixture.START);
    Sale refunded = sale("SIM-2", almatyTonight(), 250_000, Fixture.START);
    String sa = register(admitted).token().qrText(UrlBase.of(UrlBase.DEFAULT));
    Registration rr = register(refunded);
    long sr = rr.serial();
    byte[] refund = Submissions.signRefund(new Refund(sr, refunded.ticketId(),
        refunded.vendor(), Fixture.START, 250_000, "returned"), f.vendorA);
    f.clock.advance(Duration.ofHours(7)); // the doors open an hour before 19:30 in Almaty
    int scans = 12;
    ExecutorService pool = Executors.newFixedThreadPool(2 * scans);
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    List<Future<AdmissionResult>> admissions = new ArrayList<>();
    List<Future<RefundReceipt>> refunds = new ArrayList<>();
    for (int i = 0; i < scans; i++) {
      Gate gate = new Gate(ALMATY, "door-" + i);
      admissions.add(pool.submit(() -> {
        go.await();
        return registry.admit(sa, gate);
      }));
      refunds.add(pool.submit(() -> {
        go.await();
        return registry.refund(refund);
      }));
    }
    go.countDown();
    List<AdmissionResult> results = new ArrayList<>();
    for (Future<AdmissionResult> a : admissions) {
      results.add(a.get());
    }
    List<RefundReceipt> receipts = new ArrayList<>();
    for (Future<RefundReceipt> r : refunds) {
      receipts.add(r.get());
    }
    pool.shutdown();

    List<AdmissionResult> first = results.stream()
        .filter(r -> r.outcome() == Outcome.ADMITTED).toList();
    assertThat(first).hasSize(1);
    assertThat(results).filteredOn(r -> r.outcome() == Outcome.ALREADY_ADMITTED)
        .hasSize(scans - 1)
        .allSatisfy(r -> assertThat(r.gate()).isEqualTo(first.get(0).gate()));
    assertThat(receipts).filteredOn(r -> !r.alreadyRefunded()).hasSize(1);
    assertThat(receipts).extracting(RefundReceipt::serial).containsOnly(receipts.get(0).serial());
    assertThat(registry.admit(rr.token().qrText(UrlBase.of(UrlBase.DEFAULT)),
        new Gate(ALMATY, "door")).outcome()).isEqualTo(Outcome.REFUNDED);
    // Two sales, one refund, one admission: each an entry of the log.
    assertThat(registry.size()).isEqualTo(base + 4);
  }

  @Test
  void refundedTicketsDoNotAdmitAndAreOnTheRevocationList() throws Exception {
    Sale a = sale("A-1", almatyTonight(), 250_000, Fixture.START);
    Sale b = sale("A-2", almatyTonight(), 250_000, Fixture.START);
    Registration ra = register(a);
    long sa = ra.serial();
    long sb = register(b).serial();
    registry.refund(Submissions.signRefund(new Refund(sa, a.ticketId(), a.vendor(),
        Fixture.START, 250_000, "duplicate purchase"), f.vendorA));

    AdmissionResult refunded = registry.admit(ra.token().qrText(UrlBase.of(UrlBase.DEFAULT)),
        new Gate(ALMATY, "door"));
    byte[] first = registry.revocationList();
    RevocationList list = RevocationList.open(first, policy());

    assertThat(refunded.outcome()).isEqualTo(Outcome.REFUNDED);
    assertThat(list.isRevoked(sa)).isTrue();
    assertThat(list.isRevoked(sb)).isFalse();
    assertThat(list.issuedAt()).isEqualTo(Fixture.START);
    assertThat(list.sequence()).as("the log's size").isEqualTo(registry.size());
    // Once the screening is long over, the refund leaves the list.
    f.clock.advance(Duration.ofDays(1));
    RevocationList later = RevocationList.open(registry.revocationList(), policy(), list);
    assertThat(later.size()).isZero();
    // The first list, replayed to a scanner that holds the later one, is refused.
    assertThatThrownBy(() -> RevocationList.open(first, policy(), later))
        .isInstanceOfSatisfying(RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.LIST_ROLLBACK));
  }

  @Test
  void statusIsUnknownForSerialsThatAreNotSales() throws Exception {
    assertThat(registry.status(base + 1).status()).isEqualTo(Status.UNKNOWN);
    assertThat(registry.status(1).status()).as("a CINEMA entry").isEqualTo(Status.UNKNOWN);
    Sale a = sale("A-1", almatyTonight(), 250_000, Fixture.START);
    register(a);
    TicketStatus s = registry.status(base + 1);
    assertThat(s.status()).isEqualTo(Status.REGISTERED);
    assertThat(s.registeredAt()).contains(Fixture.START);
    assertThat(s.refundedAt()).isEmpty();
  }

  @Test
  void checkpointsAndProofsVerifyWithTheCoreVerifiers() throws Exception {
    for (int i = 0; i < 5; i++) {
      register(sale("A-" + i, almatyTonight(), 100_000, Fixture.START));
    }
    Checkpoint old = Checkpoint.parseSigned(registry.checkpoint(), RegistryConfig.DEFAULT_ORIGIN,
        f.registryKey.verificationKey());
    for (int i = 5; i < 13; i++) {
      register(sale("A-" + i, almatyTonight(), 100_000, Fixture.START));
    }
    Checkpoint now = Checkpoint.parseSigned(registry.checkpoint(), RegistryConfig.DEFAULT_ORIGIN,
        f.registryKey.verificationKey());

    long o = base + 5;
    long n = base + 13;
    assertThat(old.treeSize()).isEqualTo(o);
    assertThat(now.treeSize()).isEqualTo(n);
    for (long serial = 1; serial <= n; serial++) {
      InclusionProof p = registry.inclusionProof(serial, n);
      assertThat(p.verify(now.rootHash())).as("serial %d", serial).isTrue();
      assertThat(p.verify(old.rootHash())).isFalse();
    }
    assertThat(registry.inclusionProof(base + 3, o).verify(old.rootHash())).isTrue();
    var consistency = registry.consistencyProof(o, n);
    assertThat(LogProofs.verifyConsistency(o, n, old.rootHash(), now.rootHash(),
        consistency.path())).isTrue();
    assertThat(consistency.verify(old.rootHash(), now.rootHash())).isTrue();
    assertThat(consistency.verify(now.rootHash(), old.rootHash())).isFalse();
    assertThatThrownBy(() -> registry.inclusionProof(n + 1, n))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aReopenedRegistryContinuesTheSameLog() throws Exception {
    register(sale("A-1", almatyTonight(), 100_000, Fixture.START));
    register(sale("A-2", almatyTonight(), 100_000, Fixture.START));
    String checkpoint = registry.checkpoint();
    registry.close();

    registry = f.open(url);
    assertThat(registry.checkpoint()).isEqualTo(checkpoint);
    assertThat(registry.cinemas()).containsKey(ALMATY);
    Registration third = register(sale("A-3", almatyTonight(), 100_000, Fixture.START));
    assertThat(third.serial()).isEqualTo(base + 3);
    Checkpoint before = Checkpoint.parseSigned(checkpoint, RegistryConfig.DEFAULT_ORIGIN,
        f.registryKey.verificationKey());
    assertThat(LogProofs.verifyConsistency(base + 2, base + 3, before.rootHash(),
        registry.root(base + 3), registry.consistencyProof(base + 2, base + 3).path())).isTrue();
  }

  @Test
  void aTamperedLogRefusesToStart() throws Exception {
    register(sale("A-1", almatyTonight(), 100_000, Fixture.START));
    register(sale("A-2", almatyTonight(), 100_000, Fixture.START));
    register(sale("A-3", almatyTonight(), 100_000, Fixture.START));
    registry.close(); // closing again after the test is harmless

    // The node over the largest power of two of leaves feeds the root: a changed one no
    // longer matches the signed checkpoint.
    int level = 63 - Long.numberOfLeadingZeros(base + 3);
    sql("UPDATE log_nodes SET hash = (SELECT hash FROM log_nodes WHERE level = 0 AND idx = 0) "
        + "WHERE level = " + level + " AND idx = 0");
    assertThatThrownBy(() -> f.open(url)).isInstanceOf(RegistryException.class)
        .hasMessageContaining("refusing to start");
  }

  @Test
  void anAuditRecomputesEveryRecord() throws Exception {
    // More sales than the open re-derives (the newest 64): the audit reads them all.
    for (int i = 0; i < 70; i++) {
      register(sale("A-" + i, almatyTonight(), 100_000, Fixture.START));
    }
    assertThat(registry.audit()).isEqualTo(base + 70);
    registry.close(); // closing again after the test is harmless

    // A record in the middle: startup checks only the newest, the audit finds it.
    sql("UPDATE records SET registered_at = registered_at + 60 WHERE serial = " + (base + 3));
    registry = f.open(url);
    assertThatThrownBy(registry::audit).isInstanceOf(RegistryException.class)
        .hasMessageContaining("record " + (base + 3) + " does not hash to its log leaf");
  }

  @Test
  void aChangedOrMissingRecordRefusesToStart() throws Exception {
    register(sale("A-1", almatyTonight(), 100_000, Fixture.START));
    register(sale("A-2", almatyTonight(), 100_000, Fixture.START));
    registry.close(); // closing again after the test is harmless

    sql("UPDATE records SET registered_at = registered_at + 1 WHERE serial = " + (base + 2));
    assertThatThrownBy(() -> f.open(url)).hasMessageContaining("does not hash to its log leaf");
    sql("DELETE FROM records WHERE serial = " + (base + 2));
    assertThatThrownBy(() -> f.open(url)).hasMessageContaining("refusing to start");
  }

  @Test
  void monitoringCountsBoxOfficeNetOfRefundsAndSkipsSpecimens() throws Exception {
    MonitoringData.load(registry, f);
    var m = registry.monitoring();
    var all = kz.ekino.registry.monitoring.TimeRange.all();

    var total = m.boxOffice(Set.of(), all);
    assertThat(total).hasSize(1);
    assertThat(total.get(0).ticketsSold()).isEqualTo(MonitoringData.SOLD);
    assertThat(total.get(0).ticketsRefunded()).isEqualTo(1);
    assertThat(total.get(0).boxOfficeTiyn()).isEqualTo(MonitoringData.NET_TIYN);
    assertThat(total.get(0).admissions()).isEqualTo(1);

    var byRegion = m.boxOffice(Set.of(kz.ekino.registry.monitoring.Dimension.REGION), all);
    assertThat(byRegion).extracting(r -> r.key().region().orElseThrow())
        .containsExactly(kz.ekino.core.model.Region.ASTANA,
            kz.ekino.core.model.Region.ALMATY_CITY);
    var shares = m.shares(all);
    assertThat(shares.kazakhTickets().part()).isEqualTo(MonitoringData.KAZAKH_NET_TICKETS);
    assertThat(shares.kazakhTickets().total()).isEqualTo(MonitoringData.SOLD - 1);
    assertThat(shares.nationalTiyn().part()).isEqualTo(MonitoringData.NATIONAL_NET_TIYN);
    var lags = m.uploadLag(all);
    assertThat(lags.get(lags.size() - 1).cinema()).isEmpty();
    assertThat(lags.get(lags.size() - 1).sales()).isEqualTo(MonitoringData.SOLD);
    assertThat(lags.get(lags.size() - 1).max()).isEqualTo(Duration.ofMinutes(90));
  }

  @Test
  void silentCinemasAreThoseWithRunningScreeningsAndNoRecentSales() throws Exception {
    register(sale("A-1", almatyTonight(), 100_000, Fixture.START));
    register(sale("B-1", astanaTonight(), 100_000, Fixture.START));
    // 19:40 in Almaty: both screenings are running; Astana keeps selling, Almaty went quiet.
    f.clock.set(Instant.parse("2026-11-25T14:40:00Z"));
    register(sale("B-2", astanaTonight(), 100_000, f.clock.instant()));

    var silent = registry.monitoring().silentCinemas(Duration.ofMinutes(60), Duration.ofHours(3));

    assertThat(silent).extracting(kz.ekino.registry.monitoring.SilentCinema::cinema)
        .containsExactly(ALMATY);
    assertThat(silent.get(0).lastRegistration()).contains(Fixture.START);
  }

  private void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.executeUpdate(statement);
    }
  }

  interface Call {
    void run() throws Exception;
  }

  static void assertRefused(Call call, Refusal refusal) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(RegistrationException.class,
        e -> assertThat(e.refusal()).as(e.getMessage()).isEqualTo(refusal));
  }
}
