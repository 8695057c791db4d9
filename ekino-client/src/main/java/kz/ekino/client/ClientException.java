package kz.ekino.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import kz.ekino.core.registration.RegistrationException;
import org.jspecify.annotations.Nullable;

/**
 * A request to the registry did not give its answer: {@link #reason()} says why, and
 * {@link #retryable()} whether the same request may succeed later. Thrown once the client's
 * retries are spent (or at once, for a reason that is not retried).
 */
public final class ClientException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a request failed. */
  public enum Reason {
    /** No connection, or it broke before an answer (refused, reset, DNS): retryable. */
    UNREACHABLE,
    /** No answer within the request timeout: retryable (submissions are idempotent). */
    TIMEOUT,
    /** 429: this client is over the server's rate; retryable after {@code Retry-After}. */
    OVERLOADED,
    /** 503 on a read ({@code UNAVAILABLE}, {@code CLOSED}, {@code READ_ONLY}): retryable. */
    UNAVAILABLE,
    /**
     * The registry refused a submission with its refusal document: {@link #refusal()}; retryable
     * exactly when the document says so.
     */
    REFUSED,
    /**
     * An answer this client cannot use: an unexpected status (a wrong URL's 404, a 500), a
     * body that is not the document due, or one over the size limit. Not retried.
     */
    BAD_ANSWER
  }

  private final Reason reason;
  private final int status;
  private final transient @Nullable RegistrationException refusal;
  private final @Nullable Duration retryAfter;

  ClientException(Reason reason, int status, String message,
      @Nullable RegistrationException refusal, @Nullable Duration retryAfter,
      @Nullable Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.status = status;
    this.refusal = refusal;
    this.retryAfter = retryAfter;
  }

  @Override
  public String getMessage() {
    return String.valueOf(super.getMessage());
  }

  public Reason reason() {
    return reason;
  }

  /** The HTTP status of the answer, or 0 when there was none. */
  public int status() {
    return status;
  }

  /** The registry's refusal, for {@link Reason#REFUSED}. */
  public Optional<RegistrationException> refusal() {
    return Optional.ofNullable(refusal);
  }

  /** The server's {@code Retry-After}, when it sent one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** Whether sending the same request again later may succeed. */
  public boolean retryable() {
    switch (reason) {
      case UNREACHABLE:
      case TIMEOUT:
      case OVERLOADED:
      case UNAVAILABLE:
        return true;
      case REFUSED:
        return refusal != null && refusal.retryable();
      default:
        return false;
    }
  }
}
