package kz.ekino.registry;

import kz.ekino.core.registration.AdmissionResult;
import kz.ekino.core.registration.Gate;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import kz.ekino.core.registration.AdmissionResult.Outcome;
import kz.ekino.registry.store.Records;
import kz.ekino.registry.store.Records.SaleRow;

/**
 * Entrance scans. The ticket is verified in the caller's thread; the decision (and the
 * admission row, when it admits) is made by the writer, so that two gates scanning copies of
 * one ticket at the same moment admit it once.
 */
final class Admissions {
  private Admissions() {}

  record AdmitWork(long serial, Gate gate, CompletableFuture<AdmissionResult> done)
      implements BatchWriter.Work {
    @Override
    public Runnable apply(Ledger ledger, Instant now) throws SQLException {
      AdmissionResult result = decide(ledger.records(), serial, gate, now);
      if (result.outcome() == Outcome.ADMITTED) {
        ledger.records().insertAdmission(serial, now, gate.cinema(), gate.id());
      }
      return () -> done.complete(result);
    }
  }

  private static AdmissionResult decide(Records records, long serial, Gate gate, Instant now)
      throws SQLException {
    Optional<SaleRow> sale = records.findSale(serial);
    if (sale.isEmpty()) {
      return AdmissionResult.of(Outcome.UNKNOWN, serial, "no registered sale has serial "
          + serial);
    }
    if (sale.get().specimen()) {
      return AdmissionResult.of(Outcome.INVALID_TICKET, serial, "a specimen ticket");
    }
    if (!sale.get().cinema().equals(gate.cinema())) {
      return AdmissionResult.of(Outcome.WRONG_VENUE, serial, "the ticket is for cinema "
          + sale.get().cinema());
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
    return new AdmissionResult(Outcome.ADMITTED, OptionalLong.of(serial), Optional.of(now),
        Optional.of(gate), "admitted");
  }
}
