package kz.ekino.core.registration;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The registry refused a submission: {@link #refusal()} says why and whether to retry,
 * {@link #detail()} names the particulars for logs and support.
 */
public final class RegistrationException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Refusal refusal;
  private final String detail;

  public RegistrationException(Refusal refusal, String detail) {
    this(refusal, detail, null);
  }

  /** With the failure behind it (a storage error, say), kept for the registry's log. */
  public RegistrationException(Refusal refusal, String detail, @Nullable Throwable cause) {
    super(refusal + ": " + detail, cause);
    this.refusal = Objects.requireNonNull(refusal, "refusal");
    this.detail = Objects.requireNonNull(detail, "detail");
  }

  public Refusal refusal() {
    return refusal;
  }

  public String detail() {
    return detail;
  }

  /** {@code refusal().retryable()}: whether the same submission may succeed later. */
  public boolean retryable() {
    return refusal.retryable();
  }

  @Override
  public String getMessage() {
    return refusal + ": " + detail;
  }
}
