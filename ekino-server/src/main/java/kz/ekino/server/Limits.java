package kz.ekino.server;

import java.time.Duration;

/**
 * What one request may cost the server.
 *
 * @param requestTimeout the longest a registration waits for its durable commit; past it the
 *     answer is 503 TIMEOUT (retryable: registration is idempotent)
 * @param idleTimeout how long a connection may stay silent, within a request too (a client
 *     that sends its body a byte a minute is cut off)
 * @param stopTimeout how long {@link RegistryServer#stop()} waits for requests in flight
 * @param ratePerSecond the requests per second one client (one remote address) may keep up;
 *     past its burst a client is answered 429 OVERLOADED with Retry-After
 * @param burst how many requests a client that was quiet may send at once
 */
public record Limits(Duration requestTimeout, Duration idleTimeout, Duration stopTimeout,
    double ratePerSecond, int burst) {
  /** Every submission is at most this long (Submissions.MAX_BYTES); a longer body is a 413. */
  public static final int MAX_SUBMISSION_BYTES = kz.ekino.core.submission.Submissions.MAX_BYTES;
  /** The default per-client rate: generous for one cinema's ticketing system or one gate. */
  public static final double DEFAULT_RATE_PER_SECOND = 50;
  public static final int DEFAULT_BURST = 100;

  public Limits {
    positive(requestTimeout, "requestTimeout");
    positive(idleTimeout, "idleTimeout");
    positive(stopTimeout, "stopTimeout");
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("ratePerSecond must be positive and finite, not "
          + ratePerSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1, not " + burst);
    }
  }

  /** These timeouts with the default rate limit. */
  public Limits(Duration requestTimeout, Duration idleTimeout, Duration stopTimeout) {
    this(requestTimeout, idleTimeout, stopTimeout, DEFAULT_RATE_PER_SECOND, DEFAULT_BURST);
  }

  /** 10 s a request, 30 s idle, 10 s to stop; 50 requests a second per client, bursts of 100. */
  public static Limits defaults() {
    return new Limits(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(10));
  }

  /** These limits with another per-client rate and burst. */
  public Limits withRate(double ratePerSecond, int burst) {
    return new Limits(requestTimeout, idleTimeout, stopTimeout, ratePerSecond, burst);
  }

  private static void positive(Duration d, String name) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + d);
    }
  }
}
