package kz.ekino.registry;

/**
 * The registry cannot open or go on: {@link #reason()} says why, the message says what an
 * operator can do. It refuses rather than sign on top of a log it cannot vouch for.
 */
public final class RegistryException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the registry cannot run. */
  public enum Reason {
    /** The database or a file cannot be reached or read now; trying again later may work. */
    UNAVAILABLE,
    /** Another process is the log's writer; the message names it. */
    LOCKED,
    /** A read-only open found no registry database. */
    MISSING,
    /** The database is behind the last checkpoint this registry published (a rollback). */
    BEHIND,
    /** The database's log is not the one this registry published (a different history). */
    DIVERGED,
    /** The database does not match its own signed checkpoint, or a record its leaf. */
    TAMPERED,
    /** The configuration does not fit the database (schema version, keys, origin). */
    CONFIGURATION,
    /** Another writer took over the log (fencing): this one stopped. */
    FENCED
  }

  private final Reason reason;

  public RegistryException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public RegistryException(Reason reason, String message, Throwable cause) {
    super(message + ": " + cause.getMessage(), cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
