package kz.ekino.registry;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import kz.ekino.core.log.EntryBody;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.registration.AdmissionResult;
import kz.ekino.core.registration.AdmissionResult.Outcome;
import kz.ekino.core.registration.Gate;
import kz.ekino.registry.store.Records;
import kz.ekino.registry.store.Records.SaleRow;

/**
 * Entrance scans. The ticket is verified in the caller's thread; the decision is made by the
 * writer, so that two gates scanning copies of one ticket at the same moment admit it once,
 * and an admission is an ADMISSION entry of the log with the batch it commits in.
 *
 * <p>The ticket is found by what its token says and the vendor signed, its vendor and ticket
 * id, never by serial alone: a log cut back and grown again reuses serials, and an old QR must
 * not admit someone on another sale that now holds its serial.
 */
final class Admissions {
  private Admissions() {}

  /** What the scanned token says: the ticket, and its serial if the registry signed it. */
  record Scanned(TicketClaims claims) {
    Bin vendor() {
      return claims.vendor();
    }

    String ticketId() {
      return claims.ticketId().value();
    }

    OptionalLong serial() {
      return claims.serial();
    }
  }

  record AdmitWork(Scanned ticket, Gate gate, Duration opens, Duration grace,
      CompletableFuture<AdmissionResult> done) implements BatchWriter.Work {
    @Override
    public Runnable apply(Ledger ledger, Instant now) throws SQLException {
      Records records = ledger.records();
      Optional<SaleRow> sale = records.findSale(ticket.vendor(), ticket.ticketId());
      AdmissionResult result = decide(records, sale, now);
      if (result.outcome() == Outcome.ADMITTED) {
        SaleRow s = sale.orElseThrow();
        long entry = ledger.append(new EntryBody.Admission(s.serial(), s.vendor(), s.ticketId(),
            gate), now);
        records.insertAdmission(s.serial(), now, gate.cinema(), gate.id(), entry);
      }
      return () -> done.complete(result);
    }

    private AdmissionResult decide(Records records, Optional<SaleRow> found, Instant now)
        throws SQLException {
      if (found.isEmpty()) {
        return ticket.serial().isPresent()
            ? AdmissionResult.of(Outcome.UNKNOWN, ticket.serial().getAsLong(), "the registry "
                + "holds no sale " + ticket.ticketId() + " of vendor " + ticket.vendor())
            : AdmissionResult.of(Outcome.NOT_REGISTERED, "ticket " + ticket.ticketId()
                + " of vendor " + ticket.vendor() + " is not registered yet");
      }
      SaleRow sale = found.get();
      long serial = sale.serial();
      if (ticket.serial().isPresent() && ticket.serial().getAsLong() != serial) {
        return AdmissionResult.of(Outcome.UNKNOWN, ticket.serial().getAsLong(), "the ticket "
            + "names serial " + ticket.serial().getAsLong() + ", but the registry holds its "
            + "sale as serial " + serial);
      }
      TicketClaims c = ticket.claims();
      if (c.priceTiyn() != sale.priceTiyn() || !c.cinema().equals(sale.cinema())
          || !c.screeningStart().equals(sale.screeningStart())
          || (c.soldAt().isPresent() && !c.soldAt().get().equals(sale.soldAt()))) {
        // A provisional ticket printed for one sale and registered as another (cheaper,
        // another screening): the ticket in the visitor's hand is not the sale in the log.
        return AdmissionResult.of(Outcome.INVALID_TICKET, serial, "the ticket (" + c.cinema()
            + ", " + c.screeningStart() + ", " + c.priceTiyn() + " tiyn) is not its registered "
            + "sale (" + sale.cinema() + ", " + sale.screeningStart() + ", " + sale.priceTiyn()
            + " tiyn)");
      }
      if (sale.specimen()) {
        return AdmissionResult.of(Outcome.INVALID_TICKET, serial, "a specimen ticket");
      }
      if (!sale.cinema().equals(gate.cinema())) {
        return AdmissionResult.of(Outcome.WRONG_VENUE, serial, "the ticket is for cinema "
            + sale.cinema());
      }
      Optional<Records.RefundRow> refund = records.findRefundOf(serial);
      if (refund.isPresent()) {
        return new AdmissionResult(Outcome.REFUNDED, OptionalLong.of(serial),
            Optional.of(refund.get().refundedAt()), Optional.empty(), "refunded");
      }
      Optional<Records.AdmissionRow> first = records.findAdmission(serial);
      if (first.isPresent()) {
        Gate firstGate = new Gate(first.get().gateCinema(), first.get().gateId());
        return new AdmissionResult(Outcome.ALREADY_ADMITTED, OptionalLong.of(serial),
            Optional.of(first.get().admittedAt()), Optional.of(firstGate),
            "admitted at " + first.get().admittedAt() + " through " + firstGate.id());
      }
      Instant from = sale.screeningStart().minus(opens);
      if (now.isBefore(from)) {
        return AdmissionResult.of(Outcome.TOO_EARLY, serial, "the screening starts at "
            + sale.screeningStart() + "; admission opens at " + from);
      }
      Instant until = sale.screeningStart().plus(grace);
      if (now.isAfter(until)) {
        return AdmissionResult.of(Outcome.SCREENING_OVER, serial, "the screening started at "
            + sale.screeningStart() + "; admission closed at " + until);
      }
      return new AdmissionResult(Outcome.ADMITTED, OptionalLong.of(serial), Optional.of(now),
          Optional.of(gate), "admitted");
    }
  }
}
