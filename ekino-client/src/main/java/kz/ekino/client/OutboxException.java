package kz.ekino.client;

import java.util.Objects;

/**
 * The outbox's file could not be used: {@link #reason()} says how. Sales are never silently
 * dropped: an outbox that cannot write a sale refuses to issue its PROVISIONAL token.
 */
public final class OutboxException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong with the outbox file. */
  public enum Reason {
    /** Another process (or another {@code Outbox} in this one) holds the file. */
    LOCKED,
    /**
     * The file is not an ekino outbox, is of a newer version, or fails SQLite's integrity
     * check. It is left as it is, for its owner to recover: nothing is recreated over it.
     */
    CORRUPT,
    /** Reading or writing the file failed (disk full, I/O error, permissions). */
    STORAGE
  }

  private final Reason reason;

  OutboxException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  OutboxException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
