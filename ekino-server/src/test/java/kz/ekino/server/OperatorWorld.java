package kz.ekino.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.Screening;
import kz.ekino.core.registration.Registration;
import kz.ekino.core.submission.Submissions;
import kz.ekino.registry.Registry;
import kz.ekino.registry.testing.Fixture;
import kz.ekino.server.Operators.Operator;
import kz.ekino.server.Operators.Role;

/**
 * A registry with a few days of sales in two cinemas (Almaty and Astana, Kazakh and Russian
 * screenings, a national and an imported film, a refund), served with one admin and one
 * viewer token, and an HTTP client without redirects or cookies of its own.
 */
final class OperatorWorld implements AutoCloseable {
  static final String ADMIN = "admin-token-0123456789abcdefghijklmnopqrstuv";
  static final String VIEWER = "viewer-token-0123456789abcdefghijklmnopqrstu";
  static final ObjectMapper JSON = new ObjectMapper();

  final Fixture fx = new Fixture();
  final Registry registry;
  /** Visitors' reports, as the verification page would record them. */
  final Complaints complaints;
  final RegistryServer server;
  final String base;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER).build();

  OperatorWorld(Path dir) throws Exception {
    fx.clock.set(Instant.parse("2026-11-22T00:00:00Z")); // the seed's days come after
    registry = fx.openWithCinemas("jdbc:sqlite:" + dir.resolve("registry.db"));
    Operators operators = Operators.none().with(new Operator("root", Role.ADMIN), ADMIN)
        .with(new Operator("analyst", Role.VIEWER), VIEWER);
    complaints = Complaints.inDirectory(dir);
    server = RegistryServer.start(registry, "127.0.0.1", 0, Limits.defaults(), operators,
        complaints, fx.clock);
    base = "http://127.0.0.1:" + server.port();
  }

  /** Sales over three days in both cinemas, one refunded; the clock ends at Fixture.START. */
  void seed() throws Exception {
    int n = 0;
    for (int day = 2; day >= 0; day--) {
      Instant screeningStart = Instant.parse("2026-11-25T14:30:00Z").minus(Duration.ofDays(day));
      Screening almaty = Fixture.screening(Fixture.ALMATY, "S-ALA-" + day,
          Fixture.NATIONAL_DRAMA, screeningStart, "kk");
      Screening astana = Fixture.screening(Fixture.ASTANA, "S-AST-" + day,
          Fixture.IMPORTED_ACTION, screeningStart.plusSeconds(1800), "ru");
      Instant sold = screeningStart.minus(Duration.ofHours(3));
      fx.clock.set(sold.plusSeconds(5));
      for (int i = 0; i < 3 + day; i++) {
        n++;
        register(Fixture.sale("A-" + n, almaty, 250_000 + i * 1_000, sold));
      }
      for (int i = 0; i < 2; i++) {
        n++;
        register(Fixture.sale("B-" + n, astana, 300_050, sold));
      }
    }
    Sale refunded = Fixture.sale("R-1", Fixture.almatyTonight(), 199_999,
        Instant.parse("2026-11-25T06:00:00Z"));
    fx.clock.set(Instant.parse("2026-11-25T06:00:10Z"));
    Registration r = register(refunded);
    fx.clock.set(Instant.parse("2026-11-25T06:30:10Z"));
    registry.refund(Submissions.signRefund(new Refund(r.serial(), refunded.ticketId(),
        refunded.vendor(), Instant.parse("2026-11-25T06:30:00Z"), 199_999, "changed plans"),
        fx.vendorA));
    fx.clock.set(Fixture.START);
  }

  Registration register(Sale sale) throws Exception {
    return registry.register(Submissions.signSale(sale, fx.keyFor(sale)));
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(20)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  HttpResponse<String> as(String token, String path) throws Exception {
    return get(path, "Authorization", "Bearer " + token);
  }

  HttpResponse<String> post(String path, String contentType, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Override
  public void close() {
    server.stop();
    registry.close();
  }
}
