package kz.ekino.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A refund of a registered sale. It references the sale by its registry serial and is a record
 * of its own: the sale itself is never changed.
 */
public record Refund(long saleSerial, TicketId ticketId, Bin vendor, Instant refundedAt,
    long amountTiyn, String reason) {
  public Refund {
    if (saleSerial < 1) {
      throw new IllegalArgumentException("sale serial must be positive, got " + saleSerial);
    }
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(vendor, "vendor");
    Instants.requireInRange("refunded-at", refundedAt);
    if (amountTiyn < 0 || amountTiyn > Sale.MAX_PRICE_TIYN) {
      throw new IllegalArgumentException(
          "refund amount must be 0 to " + Sale.MAX_PRICE_TIYN + " tiyn, got " + amountTiyn);
    }
    Text.humanText("refund reason", reason, 256);
  }
}
