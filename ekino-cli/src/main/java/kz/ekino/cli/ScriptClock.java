package kz.ekino.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a script moves forward, for a registry that plays a past: the registry's clock decides
 * registration times, lateness and admission windows, so a demo's history is played on the
 * clock it had. Read by the registry's writer thread, set by the script's.
 */
final class ScriptClock extends Clock {
  private volatile Instant now;

  ScriptClock(Instant start) {
    this.now = start;
  }

  /** Moves the clock to {@code t}; never back, since the log is in time order. */
  void set(Instant t) {
    if (t.isBefore(now)) {
      throw new IllegalStateException("the script runs forward: " + t + " before " + now);
    }
    now = t;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the script clock is UTC");
  }
}
