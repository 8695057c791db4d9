package kz.ekino.client;

/**
 * Told by the drainer what became of a sale that left {@link Outbox#register} as PROVISIONAL.
 * Called on the drainer's thread after the outcome is durably recorded, so a listener that
 * fails or a process that dies in it loses nothing: {@link Outbox#entry} still answers. A
 * listener's exception is logged and ignored. Sales registered inside {@code register} itself
 * are returned to its caller, not told here.
 */
public interface OutboxListener {
  /** The sale is registered: {@code entry.registration()} holds the token to send on. */
  default void registered(OutboxEntry entry) {}

  /** The registry refused the sale on its merits; it stays in the outbox as REFUSED. */
  default void refused(OutboxEntry entry) {}
}
