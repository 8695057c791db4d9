package kz.ekino.core.registration;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The live status of a ticket (a sale serial), with the times that led to it. The instants
 * present fit the status: a registered sale has its registration instant, a refunded one its
 * refund, an admitted one its admission and gate; an unknown serial has none.
 */
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

  public TicketStatus {
    Objects.requireNonNull(status, "status");
    boolean known = status != Status.UNKNOWN;
    String problem = null;
    if (registeredAt.isPresent() != known) {
      problem = known ? "needs its registration instant" : "has no instants";
    } else if (refundedAt.isPresent() != (status == Status.REFUNDED)) {
      problem = status == Status.REFUNDED ? "needs its refund instant" : "has no refund";
    } else if (status == Status.ADMITTED && admittedAt.isEmpty()) {
      problem = "needs its admission instant";
    } else if (admittedAt.isPresent() && !(status == Status.ADMITTED
        || status == Status.REFUNDED)) {
      problem = "has no admission";
    } else if (admittedAt.isPresent() != admittedAtGate.isPresent()) {
      problem = "has an admission instant exactly when it has a gate";
    }
    if (problem != null) {
      throw new IllegalArgumentException("a " + status + " ticket status " + problem);
    }
  }
}
