package kz.ekino.core.registration;

import java.time.Instant;
import java.util.Objects;

/**
 * A registered schedule document or sale correction: its serial (a log leaf) and when it was
 * registered. {@code existing} is true when the same document was registered before, under
 * that serial: sending it again is safe.
 */
public record Receipt(long serial, Instant registeredAt, boolean existing) {
  public Receipt {
    if (serial < 1) {
      throw new IllegalArgumentException("serial must be positive, got " + serial);
    }
    Objects.requireNonNull(registeredAt, "registeredAt");
  }
}
