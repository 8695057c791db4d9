package kz.ekino.core.monitor;

import java.util.Objects;

/** One thing a monitor found wrong, with a message naming where (serial, size, group, column). */
public record Finding(Kind kind, String message) {
  /** What was found; the first group is about the log itself, the last about the figures. */
  public enum Kind {
    /** The checkpoint is unreadable, for another log, or not signed by the registry's key. */
    BAD_CHECKPOINT(true),
    /** The checkpoint lacks the cosignatures the monitor requires. */
    NOT_WITNESSED(true),
    /** The checkpoint is smaller than one the monitor has seen: the log was rolled back. */
    ROLLED_BACK(true),
    /** The log contradicts a checkpoint the monitor has seen (another root at its size). */
    INCONSISTENT(true),
    /** The export holds fewer or more entries than the checkpoint's size. */
    WRONG_ENTRY_COUNT(true),
    /** An entry's serial is not the next one (serials run 1 to n without gaps). */
    SERIAL_GAP(true),
    /** The entries do not hash to the checkpoint's root: one was rewritten, added or removed. */
    ROOT_MISMATCH(true),
    /** An entry is not a well-formed entry of its kind. */
    MALFORMED_ENTRY(true),
    /**
     * An entry the registry should never have logged: a refund or admission of no sale of that
     * vendor and ticket, a second refund of one sale.
     */
    LOG_ANOMALY(true),
    /** The registry's report is for another tree size than the checkpoint. */
    REPORT_STALE(false),
    /** A figure of the registry's report differs from the one recomputed from the log. */
    FIGURE_DIFFERS(false),
    /** The registry reports a group the log does not hold, or leaves out one it holds. */
    GROUP_DIFFERS(false);

    private final boolean aboutTheLog;

    Kind(boolean aboutTheLog) {
      this.aboutTheLog = aboutTheLog;
    }

    /** Whether the log itself is in doubt (then no figure from it can be trusted). */
    public boolean aboutTheLog() {
      return aboutTheLog;
    }
  }

  public Finding {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return kind + ": " + message;
  }
}
