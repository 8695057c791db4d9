package kz.ekino.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The backoff arithmetic: doubling, cap, equal jitter, Retry-After as a floor or a stop. */
class RetryPolicyTest {
  private final RetryPolicy p = new RetryPolicy(6, Duration.ofMillis(100), Duration.ofSeconds(1),
      Duration.ofSeconds(10));

  @Test
  void delaysDoubleFromTheInitialDelayUpToTheCap() {
    // random 1 (the top of the jitter): the whole exponential delay.
    assertThat(p.delay(1, null, 0.999_999)).isBetween(Duration.ofMillis(99), Duration.ofMillis(100));
    assertThat(p.delay(2, null, 0.999_999)).isBetween(Duration.ofMillis(199), Duration.ofMillis(200));
    assertThat(p.delay(3, null, 0.999_999)).isBetween(Duration.ofMillis(399), Duration.ofMillis(400));
    assertThat(p.delay(5, null, 0.999_999)).isBetween(Duration.ofMillis(999), Duration.ofSeconds(1));
    assertThat(p.delay(60, null, 0.999_999)).isLessThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(p.delay(Integer.MAX_VALUE, null, 0.5)).isLessThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void jitterKeepsAtLeastHalfTheDelayAndNeverMoreThanIt() {
    assertThat(p.delay(3, null, 0)).isEqualTo(Duration.ofMillis(200));
    assertThat(p.delay(3, null, 0.5)).isEqualTo(Duration.ofMillis(300));
    assertThat(p.delay(3, null, 7)).isEqualTo(Duration.ofMillis(400)); // clamped
  }

  @Test
  void retryAfterIsAFloorAndOneBeyondTheCapStopsRetrying() {
    assertThat(p.delay(1, Duration.ofMillis(700), 0)).isEqualTo(Duration.ofMillis(700));
    assertThat(p.delay(4, Duration.ofMillis(10), 0)).isEqualTo(Duration.ofMillis(400));
    assertThat(p.delay(1, Duration.ofSeconds(1), 0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.delay(1, Duration.ofSeconds(2), 0)).isNull();
  }

  @Test
  void aPolicyNamesItsBadValue() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1),
        Duration.ZERO)).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(1),
        Duration.ZERO)).hasMessageContaining("maxDelay");
    assertThatThrownBy(() -> new RetryPolicy(2, Duration.ZERO, Duration.ofMillis(1),
        Duration.ZERO)).hasMessageContaining("initialDelay");
    assertThatThrownBy(() -> p.delay(0, null, 0)).hasMessageContaining("from 1");
  }
}
