package kz.ekino.registry.monitoring;

import java.time.Instant;

/** A half-open span of time, [from, to). */
public record TimeRange(Instant from, Instant to) {
  public TimeRange {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("time range ends before it starts: " + from + " .. "
          + to);
    }
  }

  public static TimeRange all() {
    return new TimeRange(Instant.EPOCH, Instant.parse("2200-01-01T00:00:00Z"));
  }
}
