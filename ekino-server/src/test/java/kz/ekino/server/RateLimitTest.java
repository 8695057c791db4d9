package kz.ekino.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import kz.ekino.registry.Registry;
import kz.ekino.registry.testing.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-client token bucket: in isolation with a fake clock, and over real HTTP. */
class RateLimitTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aBucketAllowsItsBurstThenRefillsAtItsRate() {
    AtomicLong now = new AtomicLong(5 * SECOND);
    RateLimiter limiter = new RateLimiter(2, 3, now::get);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.secondsToWait("a")).isZero();
    }
    assertThat(limiter.secondsToWait("a")).isEqualTo(1);
    // Another client has its own bucket.
    assertThat(limiter.secondsToWait("b")).isZero();
    now.addAndGet(SECOND / 2); // one token at 2 per second
    assertThat(limiter.secondsToWait("a")).isZero();
    assertThat(limiter.secondsToWait("a")).isEqualTo(1);
    now.addAndGet(100 * SECOND); // refilled to the burst, not beyond
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.secondsToWait("a")).isZero();
    }
    assertThat(limiter.secondsToWait("a")).isPositive();
  }

  @Test
  void aSlowRateAsksForALongerWait() {
    AtomicLong now = new AtomicLong();
    RateLimiter limiter = new RateLimiter(0.1, 1, now::get);
    assertThat(limiter.secondsToWait("a")).isZero();
    assertThat(limiter.secondsToWait("a")).isEqualTo(10);
    now.addAndGet(4 * SECOND);
    assertThat(limiter.secondsToWait("a")).isEqualTo(6);
  }

  @Test
  void limitsRefuseANonsenseRate() {
    assertThatThrownBy(() -> Limits.defaults().withRate(0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ratePerSecond");
    assertThatThrownBy(() -> Limits.defaults().withRate(Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Limits.defaults().withRate(1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("burst");
    assertThat(Limits.defaults().ratePerSecond()).isEqualTo(50);
    assertThat(Limits.defaults().burst()).isEqualTo(100);
  }

  @Test
  void aClientOverItsRateIs429OverloadedWithRetryAfter(@TempDir Path dir) throws Exception {
    Fixture fx = new Fixture();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try (Registry registry = fx.openWithCinemas("jdbc:sqlite:" + dir.resolve("r.db"))) {
      RegistryServer server = RegistryServer.start(registry, "127.0.0.1", 0,
          Limits.defaults().withRate(0.1, 3));
      try {
        String base = "http://127.0.0.1:" + server.port();
        for (int i = 0; i < 3; i++) {
          assertThat(get(http, base + "/api/v1/checkpoint").statusCode()).isEqualTo(200);
        }
        for (String path : new String[] {"/api/v1/checkpoint", "/api/v1/tickets/1"}) {
          HttpResponse<byte[]> r = get(http, base + path);
          assertThat(r.statusCode()).isEqualTo(429);
          assertThat(r.headers().firstValue("Content-Type").orElse(""))
              .startsWith("application/json");
          long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
          assertThat(retryAfter).isBetween(1L, 10L);
          JsonNode doc = JSON.readTree(r.body());
          assertThat(doc.get("code").asText()).isEqualTo("OVERLOADED");
          assertThat(doc.get("message").asText()).isNotEmpty();
        }
        // A refused sale registers nothing.
        long size = registry.size();
        HttpResponse<byte[]> sale = http.send(HttpRequest.newBuilder(URI.create(base
            + "/api/v1/sales")).header("Content-Type", "application/cose")
            .POST(HttpRequest.BodyPublishers.ofByteArray(kz.ekino.core.submission.Submissions
                .signSale(Fixture.sale("RL-1", Fixture.almatyTonight(), 250_000,
                    Fixture.START), fx.vendorA))).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertThat(sale.statusCode()).isEqualTo(429);
        assertThat(registry.size()).isEqualTo(size);
        // Liveness is not rate-limited.
        assertThat(get(http, base + "/healthz").statusCode()).isEqualTo(200);
      } finally {
        server.stop();
      }
    }
  }

  private static HttpResponse<byte[]> get(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
