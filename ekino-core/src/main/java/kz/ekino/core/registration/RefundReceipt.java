package kz.ekino.core.registration;

import java.time.Instant;
import java.util.Objects;

/**
 * A registered refund: its own serial (a new log leaf), the sale it refunds, and when it was
 * registered. {@code alreadyRefunded} is true for a repeated refund of the same sale.
 */
public record RefundReceipt(long serial, long saleSerial, Instant registeredAt,
    boolean alreadyRefunded) {
  public RefundReceipt {
    if (saleSerial < 1 || serial <= saleSerial) {
      throw new IllegalArgumentException("a refund's serial comes after its sale's, both "
          + "positive: refund " + serial + ", sale " + saleSerial);
    }
    Objects.requireNonNull(registeredAt, "registeredAt");
  }
}
