package kz.ekino.core.registration;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What an entrance scan found. For ALREADY_ADMITTED, {@code at} and {@code gate} are those of
 * the first admission; for REFUNDED, {@code at} is the refund instant; {@code detail} explains
 * for the operator, not for the visitor.
 */
public record AdmissionResult(Outcome outcome, OptionalLong serial, Optional<Instant> at,
    Optional<Gate> gate, String detail) {

  /** The scan's outcome; only ADMITTED lets the visitor in. */
  public enum Outcome {
    ADMITTED,
    /** A copy, or the ticket shown twice: the first admission's time and gate are given. */
    ALREADY_ADMITTED,
    REFUNDED,
    /** The ticket is for another cinema. */
    WRONG_VENUE,
    /**
     * No registered sale matches the ticket: not its vendor and ticket id, or not under the
     * serial the ticket names (a log that went back and reused the serial).
     */
    UNKNOWN,
    /** A provisional ticket whose sale the registry has not received yet. */
    NOT_REGISTERED,
    /** The QR code did not verify, or is a specimen ticket. */
    INVALID_TICKET,
    /** The screening starts later than the admission window opens (the result says when). */
    TOO_EARLY,
    /** The screening's admission window has closed. */
    SCREENING_OVER,
    /** The registry could not record the admission: scan again. */
    UNAVAILABLE
  }

  public AdmissionResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
  }

  /** An outcome for a known serial, without instant or gate. */
  public static AdmissionResult of(Outcome outcome, long serial, String detail) {
    return new AdmissionResult(outcome, OptionalLong.of(serial), Optional.empty(),
        Optional.empty(), detail);
  }

  /** An outcome without serial (the ticket did not verify, or is not registered yet). */
  public static AdmissionResult of(Outcome outcome, String detail) {
    return new AdmissionResult(outcome, OptionalLong.empty(), Optional.empty(),
        Optional.empty(), detail);
  }
}
