package kz.ekino.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import kz.ekino.core.json.v1.RegistryJson;
import kz.ekino.core.model.Sale;
import kz.ekino.core.registration.Refusal;
import kz.ekino.core.registration.Registration;
import kz.ekino.core.registration.RegistrationException;
import kz.ekino.core.submission.Submissions;
import kz.ekino.registry.Registry;
import kz.ekino.registry.RegistryConfig;
import kz.ekino.registry.testing.Fixture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer and a standby instance on one log (a SQLite file here; PostgreSQL in the CLI's
 * two-process test): what the standby answers over HTTP, and that it takes over once the
 * writer is gone.
 */
class StandbyServerTest {
  private final Fixture fx = new Fixture();
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  private HttpResponse<byte[]> send(String base, String path, byte @Nullable [] body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(10));
    if (body != null) {
      b.header("Content-Type", "application/cose")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private byte[] signed(String ticket) {
    Sale s = Fixture.sale(ticket, Fixture.almatyTonight(), 250_000,
        Fixture.START.minusSeconds(60));
    return Submissions.signSale(s, fx.keyFor(s));
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void theStandbyServesReadsRefusesSalesRetryablyAndTakesOver(@TempDir Path dir)
      throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("registry.db");
    Registry writer = fx.openWithCinemas(url);
    RegistryServer a = RegistryServer.start(writer, "127.0.0.1", 0, Limits.defaults());
    RegistryConfig config = fx.config(url).checkpointFile(dir.resolve("standby.checkpoint"))
        .build();
    try (Registry standby = Registry.openStandby(config)) {
      RegistryServer b = RegistryServer.start(standby, "127.0.0.1", 0, Limits.defaults());
      String atA = "http://127.0.0.1:" + a.port();
      String atB = "http://127.0.0.1:" + b.port();
      try {
        assertThat(text(send(atA, "/readyz", null))).startsWith("ready: writer");
        HttpResponse<byte[]> ready = send(atB, "/readyz", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(text(ready)).startsWith("ready: standby");

        Registration first = RegistryJson.readRegistration(send(atA, "/api/v1/sales",
            signed("T-1")).body());
        // The standby reads the writer's log as it is now.
        assertThat(text(send(atB, "/api/v1/checkpoint", null)))
            .isEqualTo(text(send(atA, "/api/v1/checkpoint", null)));
        assertThat(send(atB, "/api/v1/tickets/" + first.serial(), null).statusCode())
            .isEqualTo(200);

        // A sale sent to the standby: 503, Retry-After, registry-api-v1's refusal document.
        long size = writer.size();
        HttpResponse<byte[]> refused = send(atB, "/api/v1/sales", signed("T-2"));
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        RegistrationException e = RegistryJson.readRefusal(refused.body());
        assertThat(e.refusal()).isEqualTo(Refusal.CLOSED);
        assertThat(e.retryable()).isTrue();
        assertThat(e.detail()).startsWith("READ_ONLY: ");
        assertThat(writer.size()).isEqualTo(size);
        // Gates and revocation lists need the writer: {code, message} READ_ONLY.
        assertThat(text(send(atB, "/api/v1/revocations", null))).contains("READ_ONLY");

        // The writer goes (its process would end here): the standby takes the log.
        a.stop();
        writer.close();
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!text(send(atB, "/readyz", null)).startsWith("ready: writer")) {
          assertThat(System.nanoTime()).as("takeover").isLessThan(until);
          Thread.sleep(50);
        }
        HttpResponse<byte[]> again = send(atB, "/api/v1/sales", signed("T-2"));
        assertThat(again.statusCode()).as(text(again)).isEqualTo(201);
        assertThat(RegistryJson.readRegistration(again.body()).serial()).isEqualTo(size + 1);
        // The first sale again: the same registration, not a second serial.
        HttpResponse<byte[]> repeat = send(atB, "/api/v1/sales", signed("T-1"));
        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(RegistryJson.readRegistration(repeat.body()).serial())
            .isEqualTo(first.serial());
        assertThat(standby.audit()).isEqualTo(size + 1);
      } finally {
        b.stop();
        a.stop();
        writer.close();
      }
    }
  }
}
