package kz.ekino.client;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How {@link RegistryClient} retries a request that failed for a reason that may pass: a
 * transport error (connection refused or reset, a timeout), 429 {@code OVERLOADED}, a 503
 * read, or a refusal document whose {@code retryable} is true. Nothing else is retried: a
 * judged refusal, a malformed answer or an unexpected status is final.
 *
 * <p>The n-th retry waits {@code initialDelay × 2^(n−1)}, capped at {@code maxDelay}, with
 * "equal jitter" (half of it fixed, half drawn at random) so that vendors cut off by one outage
 * do not come back in step. A {@code Retry-After} the server sends is a floor; one longer than
 * {@code maxDelay} ends the retries at once (the server asked for more patience than this
 * caller has: an outbox queues the sale instead). No retry starts past {@code budget} from the
 * first attempt (by the client's clock).
 *
 * @param maxAttempts attempts in all, at least 1 (1: never retry)
 * @param initialDelay the first retry's base delay, positive
 * @param maxDelay the cap of any one delay, at least {@code initialDelay}
 * @param budget the time after the first attempt within which a retry may start
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay,
    Duration budget) {
  public RetryPolicy {
    if (maxAttempts < 1 || maxAttempts > 100) {
      throw new IllegalArgumentException("maxAttempts must be 1 to 100, got " + maxAttempts);
    }
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(budget, "budget");
    if (initialDelay.isNegative() || initialDelay.isZero()) {
      throw new IllegalArgumentException("initialDelay must be positive, got " + initialDelay);
    }
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("maxDelay " + maxDelay + " is shorter than initialDelay "
          + initialDelay);
    }
    if (budget.isNegative()) {
      throw new IllegalArgumentException("budget must not be negative, got " + budget);
    }
  }

  /** 4 attempts, 250 ms doubling to at most 4 s, within 10 s: for a box office waiting. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(4, Duration.ofMillis(250), Duration.ofSeconds(4),
        Duration.ofSeconds(10));
  }

  /** One attempt, no retry. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ZERO);
  }

  /**
   * The wait before retry number {@code retry} (1 for the first), given the server's
   * {@code Retry-After} if any and a uniform {@code random} in [0, 1); empty when that wait
   * is longer than {@code maxDelay} (the server asked for more than this policy allows).
   */
  @Nullable Duration delay(int retry, @Nullable Duration retryAfter, double random) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry counts from 1, got " + retry);
    }
    if (retryAfter != null && retryAfter.compareTo(maxDelay) > 0) {
      return null;
    }
    long base = initialDelay.toNanos();
    long cap = maxDelay.toNanos();
    long exp = base;
    for (int i = 1; i < retry && exp < cap; i++) {
      exp = exp > cap / 2 ? cap : exp * 2;
    }
    exp = Math.min(exp, cap);
    long half = exp / 2;
    long wait = half + (long) (Math.max(0, Math.min(random, 1)) * (exp - half));
    Duration d = Duration.ofNanos(Math.min(wait, cap));
    return retryAfter != null && retryAfter.compareTo(d) > 0 ? retryAfter : d;
  }
}
