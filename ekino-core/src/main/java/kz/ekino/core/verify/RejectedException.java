package kz.ekino.core.verify;

/**
 * A signed document other than a ticket token (a sale submission, a refund, a revocation list)
 * that did not verify, for one of the reasons of token verification.
 */
public final class RejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final RejectionReason reason;

  public RejectedException(RejectionReason reason, String detail) {
    super(reason + ": " + detail);
    this.reason = reason;
  }

  public RejectionReason reason() {
    return reason;
  }
}
