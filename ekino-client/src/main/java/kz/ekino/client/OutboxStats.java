package kz.ekino.client;

import java.time.Duration;
import java.util.Optional;

/**
 * The outbox at a glance, for monitoring and alerts (docs/client.md "Alerts").
 *
 * @param pending sales waiting for the registry
 * @param refused sales the registry refused, kept for the vendor to resolve
 * @param registered sales registered (kept as the vendor's journal)
 * @param damaged rows of the file seen not to decode (by the drainer or a list) since the
 *     outbox was opened: skipped, so the rest still drain; they are counted in the other
 *     numbers too, and need a person — their sales may be unregistered
 * @param oldestPendingAge how long ago the oldest waiting sale was sold (the outbox's clock
 *     minus its sale instant); empty when nothing waits
 */
public record OutboxStats(long pending, long refused, long registered, long damaged,
    Optional<Duration> oldestPendingAge) {

  /**
   * Whether the oldest waiting sale is older than {@code threshold}; see
   * {@link Outbox#ALERT_AGE}.
   */
  public boolean olderThan(Duration threshold) {
    return oldestPendingAge.map(a -> a.compareTo(threshold) > 0).orElse(false);
  }
}
