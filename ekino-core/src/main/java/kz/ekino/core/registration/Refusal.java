package kz.ekino.core.registration;

import kz.ekino.core.verify.RejectionReason;

/**
 * Why the registry refused a submission, and whether sending the same submission again later
 * can succeed ({@link #retryable()}): it can when the registry could not decide it now
 * (storage failure, timeout, shutdown); it cannot when the submission itself was judged.
 */
public enum Refusal {
  // The reasons of signature verification (docs/spec/token-v1.md §6), for the vendor's
  // signature on the submission.
  MALFORMED(false),
  /**
   * The registry's own trust list has expired: it checks nothing until its operator refreshes
   * it. Not retryable by itself, as the engine decides today; the vendor keeps the sale queued
   * and its support asks the registry's operator.
   */
  TRUST_LIST_EXPIRED(false),
  UNKNOWN_KEY(false),
  ALGORITHM_MISMATCH(false),
  BAD_SIGNATURE(false),
  UNSUPPORTED_VERSION(false),
  KEY_NOT_VALID(false),
  /** Dated later than the registry's clock allows: the vendor's clock is wrong. */
  ISSUED_IN_FUTURE(false),
  /** The cinema is not in the registry's cinema directory. */
  UNKNOWN_CINEMA(false),
  /** The cinema has no hall with that id. */
  UNKNOWN_HALL(false),
  /** The vendor registered this ticket id before with different content. */
  CONFLICT(false),
  /** A refund names a serial that is not a registered sale. */
  UNKNOWN_SALE(false),
  /** A refund for another vendor's sale. */
  NOT_YOUR_SALE(false),
  /**
   * A refund whose ticket id or amount does not match the sale, or dated before the sale or
   * after the registry's clock.
   */
  INVALID_REFUND(false),
  /**
   * A refund of a ticket that was admitted at the door: the visitor came, so the sale stands.
   * Only the registry's operator can register it, as a logged correction with a reason.
   */
  ADMITTED(false),
  /**
   * Too late: a refund after the screening started plus the registry's refund grace, a
   * sale registered longer after it was sold than the registry's bound for outages, or a
   * sale correction after the vendor's correction window. Only the operator can register such
   * a refund or correction, as a logged correction.
   */
  TOO_LATE(false),
  /**
   * A version 2 submission from a terminal the registry's register of installations does not
   * hold for this vendor and cinema (docs/spec/submission-v2.md).
   */
  UNKNOWN_TERMINAL(false),
  /**
   * A sale for a screening its cinema has not declared (or declared otherwise, or cancelled
   * before the sale), arriving while it could have been declared; or a cancellation of a
   * screening never declared (docs/spec/schedule-v1.md). Declare it, then send the sale again.
   */
  UNDECLARED_SCREENING(false),
  /**
   * A sale correction the sale does not allow: another ticket id, or a sale already refunded
   * (refund it and sell anew instead).
   */
  INVALID_CORRECTION(false),
  /** The registry could not store the record (its storage failed): retry. */
  UNAVAILABLE(true),
  /**
   * The registry did not answer in time. Whether the record was stored is unknown; retrying is
   * safe because registration is idempotent (the retry gets the first registration).
   */
  TIMEOUT(true),
  /** The registry is shutting down or restarting: retry, here or at another instance. */
  CLOSED(true);

  private final boolean retryable;

  Refusal(boolean retryable) {
    this.retryable = retryable;
  }

  /** Whether the same submission, sent again later, can be registered. */
  public boolean retryable() {
    return retryable;
  }

  /**
   * The refusal for a submission whose signature check failed. FOREIGN_URL, PROVISIONAL_EXPIRED
   * and SCREENING_OVER are verdicts on a ticket's QR text, STALE_LIST and LIST_ROLLBACK on a
   * revocation list; no check of a submission gives them, so they are a caller's mistake here.
   */
  public static Refusal of(RejectionReason reason) {
    return switch (reason) {
      case TRUST_LIST_EXPIRED -> TRUST_LIST_EXPIRED;
      case MALFORMED -> MALFORMED;
      case UNKNOWN_KEY -> UNKNOWN_KEY;
      case ALGORITHM_MISMATCH -> ALGORITHM_MISMATCH;
      case BAD_SIGNATURE -> BAD_SIGNATURE;
      case UNSUPPORTED_VERSION -> UNSUPPORTED_VERSION;
      case KEY_NOT_VALID -> KEY_NOT_VALID;
      case ISSUED_IN_FUTURE -> ISSUED_IN_FUTURE;
      case FOREIGN_URL, PROVISIONAL_EXPIRED, SCREENING_OVER, STALE_LIST, LIST_ROLLBACK ->
          throw new IllegalArgumentException(
              reason + " is a verdict on a ticket or a list, never on a submission");
    };
  }
}
