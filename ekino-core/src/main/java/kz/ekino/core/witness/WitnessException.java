package kz.ekino.core.witness;

/** A checkpoint the witness refuses to cosign; {@link #reason()} says why. */
public final class WitnessException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the witness refused. The names are stable: logs and operators match on them. */
  public enum Reason {
    /** Not a signed note holding a checkpoint, or a checkpoint of size 0 with another root. */
    MALFORMED,
    /** The checkpoint is for another log than the one named. */
    WRONG_ORIGIN,
    /** No signature by the log's key. */
    NOT_SIGNED,
    /** The log key's signature does not verify. */
    BAD_SIGNATURE,
    /** The checkpoint is smaller than the one the witness last cosigned: the log went back. */
    ROLLBACK,
    /** Same size as the last cosigned checkpoint, another root: the log forked. */
    EQUIVOCATION,
    /**
     * The consistency proof does not go from the last cosigned size to the checkpoint's size
     * (tlog-witness "409 Conflict"): the message names the size the witness holds.
     */
    WRONG_OLD_SIZE,
    /** The consistency proof does not verify: the new tree does not extend the cosigned one. */
    INCONSISTENT
  }

  private final Reason reason;

  WitnessException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
