package kz.ekino.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One ticket sold: the canonical record a vendor signs and registers. Money is whole tiyn
 * (1 tenge = 100 tiyn) in a {@code long}, and KZT is the only currency.
 *
 * <p>A specimen sale is a training or demonstration ticket: it is never counted as box office
 * and its token never verifies as registered.
 */
public record Sale(TicketId ticketId, Bin vendor, Screening screening, Seat seat,
    long priceTiyn, Instant soldAt, SalesChannel channel, boolean specimen) {
  /** 100 million tenge: far above any ticket, far below any overflow when summing. */
  public static final long MAX_PRICE_TIYN = 10_000_000_000L;

  public Sale {
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(screening, "screening");
    Objects.requireNonNull(seat, "seat");
    if (priceTiyn < 0 || priceTiyn > MAX_PRICE_TIYN) {
      throw new IllegalArgumentException(
          "price must be 0 to " + MAX_PRICE_TIYN + " tiyn, got " + priceTiyn);
    }
    Instants.requireInRange("sold-at", soldAt);
    Objects.requireNonNull(channel, "channel");
  }

  public Bin cinema() {
    return screening.cinema();
  }
}
