package kz.ekino.core.registration;

import java.time.Instant;
import java.util.Objects;
import kz.ekino.core.token.TicketToken;

/**
 * A registered sale: its serial, when it was registered, and the registry-signed token for the
 * ticket's QR code. {@code alreadyRegistered} is true when the same sale was registered before
 * (an idempotent retry): the serial, instant and token are those of the first registration.
 */
public record Registration(long serial, Instant registeredAt, TicketToken token,
    boolean alreadyRegistered) {
  public Registration {
    if (serial < 1) {
      throw new IllegalArgumentException("serial must be positive, got " + serial);
    }
    Objects.requireNonNull(registeredAt, "registeredAt");
    Objects.requireNonNull(token, "token");
  }
}
