package kz.ekino.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A correction of a registered sale's price (a wrong price keyed in), signed by its vendor. It
 * references the sale by serial and is a log entry of its own: the sale stays in the log as
 * first registered, and monitoring counts the corrected price (docs/spec/submission-v2.md).
 */
public record SaleCorrection(long saleSerial, TicketId ticketId, Bin vendor,
    Instant correctedAt, long priceTiyn, String reason) {
  public SaleCorrection {
    if (saleSerial < 1) {
      throw new IllegalArgumentException("sale serial must be positive, got " + saleSerial);
    }
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(vendor, "vendor");
    Instants.requireInRange("corrected-at", correctedAt);
    if (priceTiyn < 0 || priceTiyn > Sale.MAX_PRICE_TIYN) {
      throw new IllegalArgumentException(
          "price must be 0 to " + Sale.MAX_PRICE_TIYN + " tiyn, got " + priceTiyn);
    }
    Text.humanText("correction reason", reason, 256);
  }
}
