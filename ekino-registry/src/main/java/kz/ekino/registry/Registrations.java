package kz.ekino.registry;

import kz.ekino.core.registration.Registration;
import kz.ekino.core.registration.RefundReceipt;
import kz.ekino.core.registration.Refusal;
import kz.ekino.core.registration.RegistrationException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import kz.ekino.core.log.EntryBody;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.model.Cinema;
import kz.ekino.core.model.Counter;
import kz.ekino.core.model.SaleCorrection;
import kz.ekino.core.model.Schedule;
import kz.ekino.core.model.Terminal;
import kz.ekino.core.registration.Receipt;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.Sale;
import kz.ekino.core.submission.Signed;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.token.TicketToken;
import kz.ekino.core.verify.RejectedException;
import kz.ekino.core.verify.VerificationPolicy;
import kz.ekino.registry.store.Records;
import kz.ekino.registry.store.Records.SaleRow;
import kz.ekino.registry.store.Records.TicketKey;
import org.jspecify.annotations.Nullable;

/**
 * Sales and refunds: the vendor's signature and the directory are checked in the caller's
 * thread; serials, idempotency and the refund rules are decided by the writer inside the
 * batch's transaction, where its queries see what earlier work of the same batch wrote.
 */
final class Registrations {
  private Registrations() {}

  record Assigned(long serial, Instant registeredAt, boolean existing) {}

  // The submission is the bytes as received, kept for the log; records are never compared.
  @SuppressWarnings("ArrayRecordComponent")
  record SaleWork(Signed<Sale> sale, byte[] submission, Duration uploadBound,
      Duration declarationGrace, CompletableFuture<Assigned> done) implements BatchWriter.Work {
    @Override
    public void announce(Ledger ledger) {
      ledger.announce(key());
    }

    private TicketKey key() {
      return new TicketKey(sale.content().vendor(), sale.content().ticketId().value());
    }

    @Override
    public Runnable apply(Ledger ledger, Instant now) throws SQLException {
      Sale s = sale.content();
      String digest = sale.contentDigest();
      Optional<SaleRow> found = ledger.ticket(key());
      if (found.isEmpty() && s.soldAt().plus(uploadBound).isBefore(now)) {
        // Measured by the registry's clock at arrival: an outage's provisional tickets have
        // the bound to arrive; a sale kept back longer is not slipped in unnoticed.
        RegistrationException late = new RegistrationException(Refusal.TOO_LATE, "sold at "
            + s.soldAt() + ", more than " + uploadBound + " before it reached the registry ("
            + now + ")");
        return () -> done.completeExceptionally(late);
      }
      if (found.isEmpty() && sale.counter().isPresent()) {
        RegistrationException undeclared = undeclared(ledger.records(), s, now);
        if (undeclared != null) {
          return () -> done.completeExceptionally(undeclared);
        }
      }
      if (found.isEmpty()) {
        long serial = ledger.tree().size() + 1;
        if (ledger.addSale(new SaleRow(serial, now, s.vendor(), s.ticketId().value(), digest,
            s.cinema(), s.priceTiyn(), s.specimen(), s.screening().start(), s.soldAt()), s,
            submission, sale.signer().keyId().toHex())) {
          ledger.tree().append(
              new LogEntry(serial, now, LogEntry.Kind.SALE, submission).leafHash());
          Assigned assigned = new Assigned(serial, now, false);
          return () -> done.complete(assigned);
        }
        // The store already held the ticket (SQLite finds out by inserting).
        found = ledger.records().findSale(s.vendor(), s.ticketId().value());
      }
      {
        SaleRow earlier = found.orElseThrow();
        if (!digest.equals(earlier.contentDigest())) {
          RegistrationException conflict = new RegistrationException(Refusal.CONFLICT,
              "ticket " + s.ticketId() + " of vendor " + s.vendor() + " was registered as "
                  + "serial " + earlier.serial() + " with different content");
          return () -> done.completeExceptionally(conflict);
        }
        Assigned again = new Assigned(earlier.serial(), earlier.registeredAt(), true);
        return () -> done.complete(again);
      }
    }

  /**
   * A version 2 sale must be for a screening its cinema declared, as declared and not
   * cancelled before the sale. One that arrives soon after its sale is refused: the vendor is
   * online and declares first. One that arrives later was queued through an outage, with its
   * declaration perhaps behind it: it is registered, because refusing it would hide a sale
   * that happened, and the anomaly rules flag it until the declaration is in the log.
   */
  private @Nullable RegistrationException undeclared(Records records, Sale s, Instant now)
      throws SQLException {
    if (s.soldAt().plus(declarationGrace).isBefore(now)) {
      return null;
    }
    Optional<Records.ScreeningRow> declared = records.findScreening(s.cinema(),
        s.screening().id());
    String problem = declared.isEmpty() ? "was not declared"
        : !declared.get().matches(s.screening()) ? "was declared with another hall, film, "
            + "start, language or format"
        : declared.get().cancelledAt() != null
            && !s.soldAt().isBefore(declared.get().cancelledAt()) ? "was cancelled at "
            + declared.get().cancelledAt()
        : null;
    return problem == null ? null : new RegistrationException(Refusal.UNDECLARED_SCREENING,
        "screening " + s.screening().id() + " of cinema " + s.cinema() + " " + problem
            + "; declare the screening, then send the sale again");
  }
  }

  /**
   * A refund; with a {@code correction} reason it is the operator's CORRECTION, which the
   * lifecycle rules (admitted, screening long started) do not stop.
   */
  @SuppressWarnings("ArrayRecordComponent")
  record RefundWork(Signed<Refund> refund, byte[] submission, @Nullable String correction,
      @Nullable Terminal terminal, Duration refundGrace, CompletableFuture<RefundReceipt> done)
      implements BatchWriter.Work {
    @Override
    public Runnable apply(Ledger ledger, Instant now) throws SQLException {
      Records writes = ledger.records();
      Refund r = refund.content();
      long saleSerial = r.saleSerial();
      Optional<SaleRow> found = writes.findSale(saleSerial);
      RegistrationException problem = null;
      if (found.isEmpty()) {
        problem = new RegistrationException(Refusal.UNKNOWN_SALE,
            "serial " + saleSerial + " is not a registered sale");
      } else if (!found.get().vendor().equals(r.vendor())
          || !refund.signer().maySellFor(found.get().cinema())) {
        problem = new RegistrationException(Refusal.NOT_YOUR_SALE, "sale " + saleSerial
            + " belongs to vendor " + found.get().vendor() + " in cinema "
            + found.get().cinema());
      } else if (!found.get().ticketId().equals(r.ticketId().value())) {
        problem = new RegistrationException(Refusal.INVALID_REFUND, "sale " + saleSerial
            + " is ticket " + found.get().ticketId() + ", not " + r.ticketId());
      } else if (terminal != null && !terminal.cinema().equals(found.get().cinema())) {
        problem = new RegistrationException(Refusal.UNKNOWN_TERMINAL, "terminal "
            + terminal.id() + " sells for cinema " + terminal.cinema() + ", sale " + saleSerial
            + " is of cinema " + found.get().cinema());
      } else if (r.amountTiyn() > writes.currentPrice(saleSerial)) {
        problem = new RegistrationException(Refusal.INVALID_REFUND, "refund of "
            + r.amountTiyn() + " tiyn exceeds the price " + writes.currentPrice(saleSerial));
      } else if (r.refundedAt().isBefore(found.get().soldAt())) {
        problem = new RegistrationException(Refusal.INVALID_REFUND, "refunded at "
            + r.refundedAt() + ", before the sale (" + found.get().soldAt() + ")");
      }
      if (problem != null) {
        RegistrationException p = problem;
        return () -> done.completeExceptionally(p);
      }
      Optional<Records.RefundRow> earlier = writes.findRefundOf(saleSerial);
      if (earlier.isPresent() && !earlier.get().contentDigest().equals(refund.contentDigest())) {
        // A sale is refunded once; a second, different refund (another amount, another time)
        // must not pass for the first.
        RegistrationException conflict = new RegistrationException(Refusal.CONFLICT, "sale "
            + saleSerial + " was refunded as serial " + earlier.get().serial()
            + " with different content");
        return () -> done.completeExceptionally(conflict);
      }
      if (earlier.isPresent()) {
        RefundReceipt again = new RefundReceipt(earlier.get().serial(), saleSerial,
            earlier.get().registeredAt(), true);
        return () -> done.complete(again);
      }
      if (correction == null) {
        RegistrationException refused = lifecycle(writes, found.get(), now, refundGrace);
        if (refused != null) {
          return () -> done.completeExceptionally(refused);
        }
      }
      long serial = ledger.tree().size() + 1;
      LogEntry entry = correction == null
          ? new LogEntry(serial, now, LogEntry.Kind.REFUND, submission)
          : new LogEntry(serial, now, LogEntry.Kind.CORRECTION,
              new EntryBody.Correction(correction, submission).encode());
      ledger.tree().append(entry.leafHash());
      writes.insertRefund(serial, now, r, refund.contentDigest(), submission,
          refund.signer().keyId().toHex(), correction);
      RefundReceipt receipt = new RefundReceipt(serial, saleSerial, now, false);
      return () -> done.complete(receipt);
    }
  }

  /**
   * The rules that keep a refund from hiding a sale that happened: the visitor came in, or
   * the screening is long under way. The registry's clock decides, not the refund's date.
   */
  private static @Nullable RegistrationException lifecycle(Records records, SaleRow sale,
      Instant now, Duration refundGrace) throws SQLException {
    Optional<Records.AdmissionRow> admitted = records.findAdmission(sale.serial());
    if (admitted.isPresent()) {
      return new RegistrationException(Refusal.ADMITTED, "sale " + sale.serial() + " was "
          + "admitted at " + admitted.get().admittedAt() + "; only the registry's operator can "
          + "refund it or lower its price, as a correction with a reason");
    }
    Instant last = sale.screeningStart().plus(refundGrace);
    if (now.isAfter(last)) {
      return new RegistrationException(Refusal.TOO_LATE, "the screening started at "
          + sale.screeningStart() + "; refunds were accepted until " + last + ", now is " + now
          + "; only the registry's operator can refund it or lower its price, as a correction "
          + "with a reason");
    }
    return null;
  }

  /** Opens a signed sale and checks it against the directory, in the caller's thread. */
  static SaleWork prepareSale(byte[] submission, VerificationPolicy policy, Directory directory,
      RegistryConfig config) throws RegistrationException {
    Signed<Sale> signed;
    try {
      signed = Submissions.openSale(submission, policy);
    } catch (RejectedException e) {
      throw new RegistrationException(Refusal.of(e.reason()), String.valueOf(e.getMessage()));
    }
    Sale sale = signed.content();
    Optional<Terminal> terminal = terminal(signed, sale.vendor(), directory, config);
    if (terminal.isPresent() && !terminal.get().cinema().equals(sale.cinema())) {
      throw new RegistrationException(Refusal.UNKNOWN_TERMINAL, "terminal "
          + terminal.get().id() + " of vendor " + sale.vendor() + " sells for cinema "
          + terminal.get().cinema() + ", not " + sale.cinema());
    }
    Cinema cinema = directory.cinema(sale.cinema()).orElseThrow(() ->
        new RegistrationException(Refusal.UNKNOWN_CINEMA,
            "cinema " + sale.cinema() + " is not in the registry's directory"));
    if (cinema.hall(sale.screening().hall()).isEmpty()) {
      throw new RegistrationException(Refusal.UNKNOWN_HALL, "cinema " + sale.cinema()
          + " has no hall '" + sale.screening().hall() + "'");
    }
    return new SaleWork(signed, submission.clone(), config.uploadBound(),
        config.declarationGrace(), new CompletableFuture<>());
  }

  /**
   * The registered terminal a version 2 submission names; empty for version 1, which is
   * refused once its transition period ended.
   */
  private static Optional<Terminal> terminal(Signed<?> signed, kz.ekino.core.model.Bin vendor,
      Directory directory, RegistryConfig config) throws RegistrationException {
    Optional<Counter> counter = signed.counter();
    if (counter.isEmpty()) {
      Instant now = config.clock().instant();
      if (!now.isBefore(config.v1AcceptedUntil())) {
        throw new RegistrationException(Refusal.UNSUPPORTED_VERSION, "version 1 sales and "
            + "refunds were accepted until " + config.v1AcceptedUntil() + "; sign version 2, "
            + "with the terminal's counter (docs/spec/submission-v2.md)");
      }
      return Optional.empty();
    }
    Terminal t = directory.terminal(vendor, counter.get().terminal()).orElseThrow(() ->
        new RegistrationException(Refusal.UNKNOWN_TERMINAL, "terminal "
            + counter.get().terminal() + " of vendor " + vendor + " is not in the registry's "
            + "register of installations"));
    return Optional.of(t);
  }

  static RefundWork prepareRefund(byte[] signedRefund, VerificationPolicy policy,
      @Nullable String correction, Directory directory, RegistryConfig config)
      throws RegistrationException {
    Signed<Refund> signed;
    try {
      signed = Submissions.openRefund(signedRefund, policy);
    } catch (RejectedException e) {
      throw new RegistrationException(Refusal.of(e.reason()), String.valueOf(e.getMessage()));
    }
    Terminal terminal = terminal(signed, signed.content().vendor(), directory, config)
        .orElse(null);
    return new RefundWork(signed, signedRefund.clone(), correction, terminal,
        config.refundGrace(), new CompletableFuture<>());
  }

  /** A screening declared or cancelled, or a day without screenings. */
  @SuppressWarnings("ArrayRecordComponent")
  record ScheduleWork(Signed<Schedule> schedule, byte[] submission,
      CompletableFuture<Receipt> done) implements BatchWriter.Work {
    @Override
    public Runnable apply(Ledger ledger, Instant now) throws SQLException {
      Records records = ledger.records();
      Schedule s = schedule.content();
      long existing = 0;
      RegistrationException problem = null;
      if (s instanceof Schedule.Declare d) {
        Optional<Records.ScreeningRow> row = records.findScreening(d.cinema(),
            d.screening().id());
        LocalDate day = LocalDate.ofInstant(d.screening().start(), Records.KAZAKHSTAN);
        if (row.isPresent() && row.get().matches(d.screening())) {
          // Declared as before: a vendor that re-signs after a crash gets the first entry.
          existing = row.get().declaredSerial();
        } else if (row.isPresent()) {
          problem = new RegistrationException(Refusal.CONFLICT, "screening "
              + d.screening().id() + " of cinema " + d.cinema() + " was declared as serial "
              + row.get().declaredSerial() + " with different content; cancel it and declare "
              + "the new one under another id");
        } else if (records.closedDay(d.cinema(), day).isPresent()) {
          problem = new RegistrationException(Refusal.CONFLICT, "cinema " + d.cinema()
              + " declared " + day + " a day without screenings (serial "
              + records.closedDay(d.cinema(), day).get() + ")");
        }
      } else if (s instanceof Schedule.Cancel c) {
        Optional<Records.ScreeningRow> row = records.findScreening(c.cinema(), c.screening());
        if (row.isEmpty()) {
          problem = new RegistrationException(Refusal.UNDECLARED_SCREENING, "screening "
              + c.screening() + " of cinema " + c.cinema() + " was never declared");
        } else if (row.get().cancelledAt() != null) {
          existing = row.get().cancelledSerial();
        }
      } else {
        Schedule.NoScreenings n = (Schedule.NoScreenings) s;
        Optional<Long> closed = records.closedDay(n.cinema(), n.day());
        if (closed.isPresent()) {
          existing = closed.get();
        } else if (records.screensOn(n.cinema(), n.day())) {
          problem = new RegistrationException(Refusal.CONFLICT, "cinema " + n.cinema()
              + " declared screenings on " + n.day() + "; cancel them first");
        } else if (records.sellsOn(n.cinema(), n.day())) {
          // Sold tickets say the cinema screens that day, declared or not (a v1 sale, a
          // queued one, a cancelled screening's tickets not refunded): its silence is no
          // longer a question to be explained away.
          problem = new RegistrationException(Refusal.CONFLICT, "cinema " + n.cinema()
              + " has tickets sold and not refunded for screenings on " + n.day());
        }
      }
      if (problem != null) {
        RegistrationException p = problem;
        return () -> done.completeExceptionally(p);
      }
      if (existing > 0) {
        Instant at = records.entry(existing).orElseThrow().registeredAt();
        Receipt again = new Receipt(existing, at, true);
        return () -> done.complete(again);
      }
      long serial = ledger.append(LogEntry.Kind.SCHEDULE, submission, now);
      if (s instanceof Schedule.Declare d) {
        records.declareScreening(d.screening(), schedule.contentDigest(), serial);
      } else if (s instanceof Schedule.Cancel c) {
        records.cancelScreening(c.cinema(), c.screening(), serial, now);
      } else {
        Schedule.NoScreenings n = (Schedule.NoScreenings) s;
        records.closeDay(n.cinema(), n.day(), serial);
      }
      Receipt receipt = new Receipt(serial, now, false);
      return () -> done.complete(receipt);
    }
  }

  static ScheduleWork prepareSchedule(byte[] submission, VerificationPolicy policy,
      Directory directory) throws RegistrationException {
    Signed<Schedule> signed;
    try {
      signed = Submissions.openSchedule(submission, policy);
    } catch (RejectedException e) {
      throw new RegistrationException(Refusal.of(e.reason()), String.valueOf(e.getMessage()));
    }
    Schedule s = signed.content();
    Cinema cinema = directory.cinema(s.cinema()).orElseThrow(() ->
        new RegistrationException(Refusal.UNKNOWN_CINEMA,
            "cinema " + s.cinema() + " is not in the registry's directory"));
    if (s instanceof Schedule.Declare d && cinema.hall(d.screening().hall()).isEmpty()) {
      throw new RegistrationException(Refusal.UNKNOWN_HALL, "cinema " + s.cinema()
          + " has no hall '" + d.screening().hall() + "'");
    }
    return new ScheduleWork(signed, submission.clone(), new CompletableFuture<>());
  }

  /**
   * A sale's price corrected by its vendor within the correction window, or with an
   * {@code operator} reason at any time (a CORRECTION entry).
   */
  @SuppressWarnings("ArrayRecordComponent")
  record CorrectionWork(Signed<SaleCorrection> correction, byte[] submission,
      @Nullable String operator, Duration window, Duration refundGrace,
      CompletableFuture<Receipt> done) implements BatchWriter.Work {
    @Override
    public Runnable apply(Ledger ledger, Instant now) throws SQLException {
      Records records = ledger.records();
      SaleCorrection c = correction.content();
      Optional<SaleRow> found = records.findSale(c.saleSerial());
      RegistrationException problem = null;
      if (found.isEmpty()) {
        problem = new RegistrationException(Refusal.UNKNOWN_SALE,
            "serial " + c.saleSerial() + " is not a registered sale");
      } else if (!found.get().vendor().equals(c.vendor())
          || !correction.signer().maySellFor(found.get().cinema())) {
        problem = new RegistrationException(Refusal.NOT_YOUR_SALE, "sale " + c.saleSerial()
            + " belongs to vendor " + found.get().vendor() + " in cinema "
            + found.get().cinema());
      } else if (!found.get().ticketId().equals(c.ticketId().value())) {
        problem = new RegistrationException(Refusal.INVALID_CORRECTION, "sale "
            + c.saleSerial() + " is ticket " + found.get().ticketId() + ", not "
            + c.ticketId());
      } else if (c.correctedAt().isBefore(found.get().soldAt())) {
        problem = new RegistrationException(Refusal.INVALID_CORRECTION, "corrected at "
            + c.correctedAt() + ", before the sale (" + found.get().soldAt() + ")");
      }
      if (problem == null) {
        Optional<Long> same = records.findCorrection(c.saleSerial(),
            correction.contentDigest());
        if (same.isPresent()) {
          Receipt again = new Receipt(same.get(),
              records.entry(same.get()).orElseThrow().registeredAt(), true);
          return () -> done.complete(again);
        }
        Optional<Records.RefundRow> refunded = records.findRefundOf(c.saleSerial());
        Instant last = found.orElseThrow().registeredAt().plus(window);
        if (refunded.isPresent()) {
          problem = new RegistrationException(Refusal.INVALID_CORRECTION, "sale "
              + c.saleSerial() + " was refunded as serial " + refunded.get().serial()
              + "; a refunded sale keeps its price");
        } else if (operator == null && now.isAfter(last)) {
          problem = new RegistrationException(Refusal.TOO_LATE, "sale " + c.saleSerial()
              + " was registered at " + found.get().registeredAt() + "; its vendor could "
              + "correct it until " + last + ", now is " + now + "; only the registry's "
              + "operator can correct it now, with a reason");
        } else if (operator == null && c.priceTiyn() < records.currentPrice(c.saleSerial())) {
          // A lower price is a partial refund by another name: the refund rules hold for it,
          // or an admitted ticket could be corrected to 0 where its refund is refused.
          problem = lifecycle(records, found.get(), now, refundGrace);
        }
      }
      if (problem != null) {
        RegistrationException p = problem;
        return () -> done.completeExceptionally(p);
      }
      long serial = ledger.tree().size() + 1;
      LogEntry entry = operator == null
          ? new LogEntry(serial, now, LogEntry.Kind.SALE_CORRECTION, submission)
          : new LogEntry(serial, now, LogEntry.Kind.CORRECTION,
              new EntryBody.Correction(operator, submission).encode());
      ledger.tree().append(entry.leafHash());
      records.insertCorrection(serial, now, c, correction.contentDigest(), submission,
          correction.signer().keyId().toHex(), operator);
      Receipt receipt = new Receipt(serial, now, false);
      return () -> done.complete(receipt);
    }
  }

  static CorrectionWork prepareCorrection(byte[] submission, VerificationPolicy policy,
      @Nullable String operator, RegistryConfig config) throws RegistrationException {
    Signed<SaleCorrection> signed;
    try {
      signed = Submissions.openCorrection(submission, policy);
    } catch (RejectedException e) {
      throw new RegistrationException(Refusal.of(e.reason()), String.valueOf(e.getMessage()));
    }
    return new CorrectionWork(signed, submission.clone(), operator, config.correctionWindow(),
        config.refundGrace(), new CompletableFuture<>());
  }

  /** The receipt; signing is deterministic, so a repeated registration gets the same token. */
  static Registration receipt(Sale sale, Assigned a, RegistryConfig config) {
    TicketClaims claims = sale.specimen()
        ? TicketClaims.specimen(sale)
        : TicketClaims.registered(sale, a.serial(), a.registeredAt());
    return new Registration(a.serial(), a.registeredAt(),
        TicketToken.issue(claims, config.registryKey()), a.existing());
  }
}
