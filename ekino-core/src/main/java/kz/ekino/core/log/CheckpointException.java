package kz.ekino.core.log;

/** A signed checkpoint that cannot be trusted; {@link #reason()} says why. */
public final class CheckpointException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a checkpoint was refused. */
  public enum Reason {
    /** Not a signed note holding a checkpoint of the expected shape. */
    MALFORMED,
    /** The checkpoint is for another log (its origin line differs). */
    WRONG_ORIGIN,
    /** No signature line is from the expected key. */
    NOT_SIGNED,
    /** The expected key's signature does not verify. */
    BAD_SIGNATURE,
    /**
     * A cosignature line names a required witness and carries its key ID, but does not verify
     * (or is not a cosignature/v1 of the right length): the note is rejected as a whole, as
     * c2sp.org/signed-note advises for a failing signature of a known key.
     */
    BAD_COSIGNATURE,
    /** Fewer witnesses than the quorum requires cosigned the checkpoint. */
    TOO_FEW_COSIGNATURES
  }

  private final Reason reason;

  public CheckpointException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
