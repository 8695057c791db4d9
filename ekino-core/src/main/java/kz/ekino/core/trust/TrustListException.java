package kz.ekino.core.trust;

/** A trust list document that cannot be trusted; {@link #reason()} says why. */
public final class TrustListException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a trust list was refused. */
  public enum Reason {
    /** Not a trust list document of the expected shape (the message names the field). */
    MALFORMED,
    /** A trust list version this library does not understand. */
    UNSUPPORTED_VERSION,
    /** Signed by a key other than the pinned root. */
    WRONG_ROOT,
    /** The header names an algorithm other than the root key's. */
    ALGORITHM_MISMATCH,
    /** The signature does not verify with the root key. */
    BAD_SIGNATURE,
    /** A lower sequence than the list the verifier holds: an older list replayed. */
    ROLLBACK,
    /** The sequence of the list the verifier holds, but different content. */
    SEQUENCE_REUSED
  }

  private final Reason reason;

  public TrustListException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
