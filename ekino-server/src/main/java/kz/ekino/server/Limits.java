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
 */
public record Limits(Duration requestTimeout, Duration idleTimeout, Duration stopTimeout) {
  /** Every submission is at most this long (Submissions.MAX_BYTES); a longer body is a 413. */
  public static final int MAX_SUBMISSION_BYTES = kz.ekino.core.submission.Submissions.MAX_BYTES;

  public Limits {
    positive(requestTimeout, "requestTimeout");
    positive(idleTimeout, "idleTimeout");
    positive(stopTimeout, "stopTimeout");
  }

  /** 10 s a request, 30 s idle, 10 s to stop. */
  public static Limits defaults() {
    return new Limits(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(10));
  }

  private static void positive(Duration d, String name) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + d);
    }
  }
}
