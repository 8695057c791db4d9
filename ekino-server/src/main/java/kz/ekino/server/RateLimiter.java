package kz.ekino.server;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client key (the remote address): {@code burst} requests at once, refilled
 * at {@code ratePerSecond}. Memory is bounded: past {@link #MAX_CLIENTS} keys, buckets that
 * have refilled completely (clients gone quiet) are forgotten, which costs them nothing.
 */
final class RateLimiter {
  static final int MAX_CLIENTS = 100_000;

  private final double ratePerNano;
  private final int burst;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimiter(double ratePerSecond, int burst, LongSupplier nanoTime) {
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.nanoTime = nanoTime;
  }

  /** 0 when {@code client} may go ahead (one token taken), else the seconds until it may. */
  long secondsToWait(String client) {
    long now = nanoTime.getAsLong();
    if (buckets.size() > MAX_CLIENTS) {
      buckets.values().removeIf(b -> b.isFull(now));
    }
    return buckets.computeIfAbsent(client, c -> new Bucket(burst, now)).take(now);
  }

  private final class Bucket {
    private double tokens;
    private long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }

    synchronized long take(long now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - tokens) / ratePerNano / 1e9));
    }

    synchronized boolean isFull(long now) {
      refill(now);
      return tokens >= burst;
    }

    private void refill(long now) {
      if (now > at) {
        tokens = Math.min(burst, tokens + (now - at) * ratePerNano);
        at = now;
      }
    }
  }
}
