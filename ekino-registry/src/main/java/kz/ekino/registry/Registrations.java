package kz.ekino.registry;

import kz.ekino.core.registration.Registration;
import kz.ekino.core.registration.RefundReceipt;
import kz.ekino.core.registration.Refusal;
import kz.ekino.core.registration.RegistrationException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import kz.ekino.core.log.EntryBody;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.model.Cinema;
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
      CompletableFuture<Assigned> done) implements BatchWriter.Work {
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
  }

  /**
   * A refund; with a {@code correction} reason it is the operator's CORRECTION, which the
   * lifecycle rules (admitted, screening long started) do not stop.
   */
  @SuppressWarnings("ArrayRecordComponent")
  record RefundWork(Signed<Refund> refund, byte[] submission, @Nullable String correction,
      Duration refundGrace, CompletableFuture<RefundReceipt> done)
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
      } else if (r.amountTiyn() > found.get().priceTiyn()) {
        problem = new RegistrationException(Refusal.INVALID_REFUND, "refund of "
            + r.amountTiyn() + " tiyn exceeds the price " + found.get().priceTiyn());
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
          + "refund it, as a correction");
    }
    Instant last = sale.screeningStart().plus(refundGrace);
    if (now.isAfter(last)) {
      return new RegistrationException(Refusal.TOO_LATE, "the screening started at "
          + sale.screeningStart() + "; refunds were accepted until " + last + ", now is " + now
          + "; only the registry's operator can refund it, as a correction");
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
    Cinema cinema = directory.cinema(sale.cinema()).orElseThrow(() ->
        new RegistrationException(Refusal.UNKNOWN_CINEMA,
            "cinema " + sale.cinema() + " is not in the registry's directory"));
    if (cinema.hall(sale.screening().hall()).isEmpty()) {
      throw new RegistrationException(Refusal.UNKNOWN_HALL, "cinema " + sale.cinema()
          + " has no hall '" + sale.screening().hall() + "'");
    }
    return new SaleWork(signed, submission.clone(), config.uploadBound(),
        new CompletableFuture<>());
  }

  static RefundWork prepareRefund(byte[] signedRefund, VerificationPolicy policy,
      @Nullable String correction, RegistryConfig config) throws RegistrationException {
    Signed<Refund> signed;
    try {
      signed = Submissions.openRefund(signedRefund, policy);
    } catch (RejectedException e) {
      throw new RegistrationException(Refusal.of(e.reason()), String.valueOf(e.getMessage()));
    }
    return new RefundWork(signed, signedRefund.clone(), correction, config.refundGrace(),
        new CompletableFuture<>());
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
