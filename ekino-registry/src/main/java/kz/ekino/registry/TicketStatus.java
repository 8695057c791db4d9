package kz.ekino.registry;

import java.time.Instant;
import java.util.Optional;

/** The live status of a ticket (a sale serial), with the times that led to it. */
public record TicketStatus(long serial, Status status, Optional<Instant> registeredAt,
    Optional<Instant> refundedAt, Optional<Instant> admittedAt, Optional<Gate> admittedAtGate) {

  /** A refund takes precedence over an admission: the money went back. */
  public enum Status {
    REGISTERED,
    REFUNDED,
    ADMITTED,
    /** No sale has this serial (refund records have serials too, but are not tickets). */
    UNKNOWN
  }
}
