package kz.ekino.server;

import static kz.ekino.server.OperatorWorld.ADMIN;
import static kz.ekino.server.OperatorWorld.VIEWER;
import static kz.ekino.server.OperatorWorld.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import kz.ekino.core.submission.Submissions;
import kz.ekino.registry.testing.Fixture;
import kz.ekino.server.Operators.Operator;
import kz.ekino.server.Operators.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator API over real HTTP on loopback: authentication, every route, bad parameters. */
class OperatorApiTest {
  private static final String NATIONAL = Fixture.NATIONAL_DRAMA.certificate().value();
  private OperatorWorld w;

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    w = new OperatorWorld(dir);
    w.seed();
  }

  @AfterEach
  void stop() {
    w.close();
  }

  private static void unauthenticated(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
    assertThat(json(r).get("code").asText()).isEqualTo("UNAUTHENTICATED");
    assertThat(r.body()).doesNotContain(ADMIN).doesNotContain(VIEWER);
  }

  private void badRequest(String path) throws Exception {
    HttpResponse<String> r = w.as(VIEWER, path);
    assertThat(r.statusCode()).as(path).isEqualTo(400);
    assertThat(json(r).get("code").asText()).isEqualTo("BAD_REQUEST");
  }

  // ---------------------------------------------------------------------------------------
  // Authentication

  @Test
  void everyOperatorRouteNeedsABearerTokenOfTheFile() throws Exception {
    String path = "/api/v1/monitoring/box-office";
    unauthenticated(w.get(path));
    unauthenticated(w.get(path, "Authorization", "Basic YWRtaW46YWRtaW4="));
    unauthenticated(w.get(path, "Authorization", "Bearer"));
    unauthenticated(w.get(path, "Authorization", "Bearer two words"));
    unauthenticated(w.get(path, "Authorization", "Bearer " + ADMIN + "x"));
    unauthenticated(w.get(path, "Authorization", "Bearer " + "a".repeat(300)));
    HttpResponse<String> oversize = w.get(path, "Authorization", "Bearer " + "a".repeat(2000));
    unauthenticated(oversize);
    assertThat(oversize.headers().firstValue("WWW-Authenticate").orElse(""))
        .contains("invalid_request");
    assertThat(w.get(path, "Authorization", "bearer " + VIEWER).statusCode()).isEqualTo(200);
    for (String route : List.of("/api/v1/monitoring/shares", "/api/v1/monitoring/upload-lag",
        "/api/v1/monitoring/upload-flags", "/api/v1/monitoring/silent-cinemas",
        "/api/v1/monitoring/anomalies", "/api/v1/directory/cinemas", "/api/v1/directory/films",
        "/api/v1/directory/terminals", "/api/v1/directory/vendors", "/metrics",
        "/api/v1/statements/" + NATIONAL + "?from=2026-11-20&to=2026-11-26")) {
      unauthenticated(w.get(route));
      assertThat(w.as(VIEWER, route).statusCode()).as(route).isEqualTo(200);
    }
  }

  @Test
  void headIsNotAnsweredPastTheCredentialCheck() throws Exception {
    // Attack: curl -I /metrics (and any GET route) without a token.
    for (String path : List.of("/metrics", "/api/v1/monitoring/box-office", "/dashboard")) {
      HttpResponse<String> r = w.http.send(HttpRequest.newBuilder(URI.create(w.base + path))
          .timeout(Duration.ofSeconds(20))
          .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(path).isEqualTo(405);
    }
    HttpResponse<String> get = w.get("/metrics");
    assertThat(get.statusCode()).isEqualTo(401);
  }

  @Test
  void aViewerMayNotChangeTheDirectory() throws Exception {
    String film = "{\"certificate\":\"KZ-NEW-1\",\"titles\":{\"kk\":\"Жаңа\"},"
        + "\"genres\":[\"drama\"],\"countries\":[\"KZ\"],\"national\":true}";
    HttpResponse<String> r = w.post("/api/v1/directory/films", "application/json", film,
        "Authorization", "Bearer " + VIEWER);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(json(r).get("code").asText()).isEqualTo("FORBIDDEN");
    unauthenticated(w.post("/api/v1/directory/films", "application/json", film));
    assertThat(w.registry.films()).hasSize(2);

    HttpResponse<String> ok = w.post("/api/v1/directory/films", "application/json", film,
        "Authorization", "Bearer " + ADMIN);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(json(ok).get("id").asText()).isEqualTo("KZ-NEW-1");
    assertThat(w.registry.films()).hasSize(3);
    JsonNode films = json(w.as(VIEWER, "/api/v1/directory/films")).get("films");
    assertThat(films.findValuesAsText("certificate")).contains("KZ-NEW-1", NATIONAL);
  }

  @Test
  void theOperatorsFileHoldsHashesAndTheFirstTokenIsPrivate(@TempDir Path dir)
      throws Exception {
    assertThat(Operators.createIfAbsent(dir)).isTrue();
    assertThat(Operators.createIfAbsent(dir)).isFalse();
    String token = Operators.firstToken(dir).orElseThrow();
    assertThat(token).hasSize(43);
    Operators ops = Operators.load(dir.resolve(Operators.FILE));
    assertThat(ops.authenticate(token)).contains(new Operator("admin", Role.ADMIN));
    assertThat(ops.authenticate(token + "x")).isEmpty();
    assertThat(ops.toString()).doesNotContain(token);
    assertThat(Files.readString(dir.resolve(Operators.FILE))).doesNotContain(token)
        .contains("admin admin ");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
        dir.resolve(Operators.TOKEN_FILE)))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
        dir.resolve(Operators.FILE)))).isEqualTo("rw-------");

    Path bad = dir.resolve("bad");
    Files.writeString(bad, "root admin 1234\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Operators.load(bad))
        .hasMessageContaining("line 1");
    Files.writeString(bad, "owner x " + "0".repeat(64) + "\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Operators.load(bad))
        .hasMessageContaining("viewer or admin");
    Files.write(bad, new byte[Operators.MAX_FILE_BYTES + 1]);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Operators.load(bad))
        .hasMessageContaining("larger than");
    assertThat(Optional.of(Operators.none().authenticate(token))).contains(Optional.empty());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Operators.none().with(
        new Operator("x", Role.VIEWER), "two words")).isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------------------------------
  // Monitoring

  @Test
  void boxOfficeByEveryGroupingAndFilter() throws Exception {
    JsonNode total = json(w.as(VIEWER, "/api/v1/monitoring/box-office"));
    assertThat(total.get("rows")).hasSize(1);
    JsonNode t = total.get("rows").get(0);
    assertThat(t.get("ticketsSold").asLong()).isEqualTo(19);
    assertThat(t.get("ticketsRefunded").asLong()).isEqualTo(1);
    assertThat(t.get("netTickets").asLong()).isEqualTo(18);
    assertThat(t.get("boxOfficeTiyn").asLong()).isEqualTo(4_819_300);

    JsonNode regions = json(w.as(VIEWER, "/api/v1/monitoring/box-office?groupBy=REGION"));
    assertThat(regions.get("rows")).hasSize(2);
    assertThat(regions.get("rows").findValuesAsText("region")).containsExactly("71", "75");
    assertThat(regions.get("rows").get(0).get("boxOfficeTiyn").asLong()).isEqualTo(1_800_300);
    assertThat(regions.get("rows").get(1).get("boxOfficeTiyn").asLong()).isEqualTo(3_019_000);

    JsonNode national = json(w.as(VIEWER,
        "/api/v1/monitoring/box-office?groupBy=day&national=true&from=2026-11-24&to=2026-11-26"));
    assertThat(national.get("filters").get("national").asText()).isEqualTo("true");
    assertThat(national.get("rows").findValuesAsText("day"))
        .containsExactly("2026-11-24", "2026-11-25");
    assertThat(national.get("rows").get(0).get("boxOfficeTiyn").asLong()).isEqualTo(1_006_000);

    JsonNode kazakhDrama = json(w.as(VIEWER, "/api/v1/monitoring/box-office?groupBy=CINEMA"
        + "&language=kk&genre=" + Fixture.NATIONAL_DRAMA.genres().iterator().next().code()));
    assertThat(kazakhDrama.get("rows")).hasSize(1);
    assertThat(kazakhDrama.get("rows").get(0).get("cinema").asText())
        .isEqualTo(Fixture.ALMATY.value());
    for (String dims : List.of("DAY,SCREENING,CINEMA,REGION,FILM,GENRE,LANGUAGE,COUNTRY,"
        + "CHANNEL,NATIONAL", "film", "country", "channel")) {
      assertThat(w.as(VIEWER, "/api/v1/monitoring/box-office?groupBy=" + dims).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void badMonitoringParametersAre400() throws Exception {
    String bo = "/api/v1/monitoring/box-office";
    badRequest(bo + "?groupBy=FOO");
    badRequest(bo + "?groupBy=DAY,DAY");
    badRequest(bo + "?groupBy=");
    badRequest(bo + "?grupBy=DAY");
    badRequest(bo + "?from=yesterday");
    badRequest(bo + "?from=2026-11-25&from=2026-11-24");
    badRequest(bo + "?from=2026-11-25&to=2026-11-24");
    badRequest(bo + "?from=2026-02-30");
    badRequest(bo + "?cinema=123456789012");
    badRequest(bo + "?region=99");
    badRequest(bo + "?national=yes");
    badRequest(bo + "?channel=PIGEON");
    badRequest(bo + "?language=" + "x".repeat(100));
    badRequest(bo + "?from=1990-01-01&to=2026-11-26&groupBy=DAY&film=" + "A".repeat(41));
    badRequest("/api/v1/monitoring/shares?groupBy=DAY");
    badRequest("/api/v1/monitoring/upload-lag?to=soon");
    badRequest("/api/v1/monitoring/upload-flags?from=2026-11-25T00:00:00");
    badRequest("/api/v1/monitoring/silent-cinemas?silenceMinutes=-1");
    badRequest("/api/v1/monitoring/silent-cinemas?screeningMinutes=0");
    badRequest("/api/v1/monitoring/silent-cinemas?screeningMinutes=100000");
    badRequest("/api/v1/monitoring/anomalies?code=NOPE");
    badRequest("/api/v1/monitoring/anomalies?open=maybe");
    badRequest("/api/v1/statements/" + NATIONAL + "?from=2026-11-20");
    badRequest("/api/v1/statements/" + NATIONAL + "?from=2026-11-26&to=2026-11-20");
    badRequest("/api/v1/statements/" + NATIONAL + "?from=20261120&to=2026-11-26");
    badRequest("/api/v1/directory/cinemas?all=true");
    // Instants Java can parse but no calendar arithmetic survives: 400, not 500.
    badRequest(bo + "?to=%2B1000000000-12-31T23:59:59Z");
    badRequest(bo + "?from=-1000000000-01-01T00:00:00Z");
    badRequest(bo + "?from=1999-12-31T23:59:59Z");
    badRequest(bo + "?to=2100-01-02");
    badRequest("/api/v1/monitoring/upload-lag?to=%2B1000000000-12-31T23:59:59Z");
  }

  @Test
  void sharesLagFlagsSilenceAndAnomalies() throws Exception {
    JsonNode shares = json(w.as(VIEWER, "/api/v1/monitoring/shares"));
    assertThat(shares.get("kazakhTickets").get("part").asLong()).isEqualTo(12);
    assertThat(shares.get("kazakhTickets").get("total").asLong()).isEqualTo(18);
    assertThat(shares.get("nationalTiyn").get("part").asLong()).isEqualTo(3_019_000);

    JsonNode lag = json(w.as(VIEWER, "/api/v1/monitoring/upload-lag"));
    assertThat(lag.get("cinemas")).hasSize(2);
    assertThat(lag.get("overall").get("sales").asLong()).isEqualTo(19);
    assertThat(lag.get("overall").get("maxMillis").asLong()).isBetween(5_000L, 11_000L);

    JsonNode flags = json(w.as(VIEWER, "/api/v1/monitoring/upload-flags"));
    assertThat(flags.get("overall").get("late").asLong()).isZero();

    JsonNode silent = json(w.as(VIEWER,
        "/api/v1/monitoring/silent-cinemas?silenceMinutes=10&screeningMinutes=600"));
    assertThat(silent.get("silenceMinutes").asLong()).isEqualTo(10);
    assertThat(silent.get("cinemas")).isNotNull();

    JsonNode anomalies = json(w.as(VIEWER, "/api/v1/monitoring/anomalies?open=true"));
    assertThat(anomalies.get("entries").asLong()).isEqualTo(w.registry.size());
    assertThat(anomalies.get("anomalies").isArray()).isTrue();
    assertThat(json(w.as(VIEWER, "/api/v1/monitoring/anomalies?code=REFUND_AFTER_START"
        + "&cinema=" + Fixture.ALMATY.value())).get("anomalies").isArray()).isTrue();
  }

  @Test
  void aFilmStatementIsStampedWithTheCheckpoint() throws Exception {
    HttpResponse<String> r = w.as(VIEWER, "/api/v1/statements/" + NATIONAL
        + "?from=2026-11-20&to=2026-11-26");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode s = json(r);
    assertThat(s.get("film").asText()).isEqualTo(NATIONAL);
    assertThat(s.get("checkpoint").get("treeSize").asLong()).isEqualTo(w.registry.size());
    assertThat(s.get("total").get("boxOfficeTiyn").asLong()).isEqualTo(3_019_000);
    assertThat(s.get("total").get("netTickets").asLong()).isEqualTo(12);
    assertThat(s.get("rows")).hasSize(3);
  }

  // ---------------------------------------------------------------------------------------
  // Directory

  @Test
  void theDirectoryIsReadAndChangedStrictly() throws Exception {
    JsonNode cinemas = json(w.as(VIEWER, "/api/v1/directory/cinemas")).get("cinemas");
    assertThat(cinemas.findValuesAsText("bin")).contains(Fixture.ALMATY.value(),
        Fixture.ASTANA.value());
    JsonNode vendors = json(w.as(VIEWER, "/api/v1/directory/vendors")).get("vendors");
    assertThat(vendors.findValuesAsText("vendor")).contains(Fixture.VENDOR_A.value());

    String cinema = "{\"bin\":\"950140000129\",\"name\":\"Kino \\\"<Shymkent>\\\"\","
        + "\"kato\":\"791110000\",\"halls\":[{\"id\":\"1\",\"name\":\"Hall 1\",\"capacity\":90}]}";
    String path = "/api/v1/directory/cinemas";
    HttpResponse<String> ok = w.post(path, "application/json; charset=utf-8", cinema,
        "Authorization", "Bearer " + ADMIN);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    long size = w.registry.size();
    // The same again changes nothing.
    assertThat(w.post(path, "application/json", cinema, "Authorization", "Bearer " + ADMIN)
        .statusCode()).isEqualTo(200);
    assertThat(w.registry.size()).isEqualTo(size);

    for (String bad : List.of(cinema.replace("950140000129", "950140000128"),
        cinema.replace("\"capacity\":90", "\"capacity\":90.5"),
        cinema.replace("\"capacity\":90", "\"capacity\":\"90\""),
        cinema.replace("{\"bin\"", "{\"extra\":1,\"bin\""),
        cinema.replace("{\"bin\"", "{\"name\":\"x\",\"bin\""),
        cinema + " {}", "[]", "", "{\"bin\":", cinema.replace("\"halls\":[{", "\"halls\":[]}")
            .replace("\"id\":\"1\",\"name\":\"Hall 1\",\"capacity\":90}]}", ""))) {
      HttpResponse<String> r = w.post(path, "application/json", bad, "Authorization",
          "Bearer " + ADMIN);
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(json(r).get("code").asText()).isEqualTo("BAD_REQUEST");
    }
    assertThat(w.post(path, "text/plain", cinema, "Authorization", "Bearer " + ADMIN)
        .statusCode()).isEqualTo(415);
    assertThat(w.post(path, "application/json", "{\"bin\":\"" + "x".repeat(70_000) + "\"}",
        "Authorization", "Bearer " + ADMIN).statusCode()).isEqualTo(413);
    assertThat(w.registry.size()).isEqualTo(size);

    String terminal = "{\"vendor\":\"" + Fixture.VENDOR_A.value() + "\",\"id\":\"POS-1\","
        + "\"cinema\":\"960140000110\",\"software\":\"Kassa\",\"softwareVersion\":\"1.0\"}";
    HttpResponse<String> unknown = w.post("/api/v1/directory/terminals", "application/json",
        terminal, "Authorization", "Bearer " + ADMIN);
    assertThat(unknown.statusCode()).isEqualTo(422);
    assertThat(json(unknown).get("code").asText()).isEqualTo("UNKNOWN_CINEMA");
    HttpResponse<String> added = w.post("/api/v1/directory/terminals", "application/json",
        terminal.replace("960140000110", Fixture.ALMATY.value()), "Authorization",
        "Bearer " + ADMIN);
    assertThat(added.statusCode()).isEqualTo(200);
    assertThat(json(w.as(VIEWER, "/api/v1/directory/terminals")).get("terminals")
        .findValuesAsText("id")).containsExactly("POS-1");
  }

  // ---------------------------------------------------------------------------------------
  // Metrics

  @Test
  void metricsCountSubmissionsRefusalsLatencyAndTheWriter() throws Exception {
    var sale = Fixture.sale("M-1", Fixture.almatyTonight(), 250_000, Fixture.START);
    byte[] signed = Submissions.signSale(sale, w.fx.vendorA);
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> r = w.http.send(HttpRequest.newBuilder(URI.create(w.base
          + "/api/v1/sales")).timeout(Duration.ofSeconds(20))
          .header("Content-Type", "application/cose")
          .POST(HttpRequest.BodyPublishers.ofByteArray(signed)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(i == 0 ? 201 : 200);
    }
    assertThat(w.post("/api/v1/sales", "application/cose", "not cose").statusCode())
        .isEqualTo(400);
    assertThat(w.post("/api/v1/sales", "text/plain", "x").statusCode()).isEqualTo(415);

    unauthenticated(w.get("/metrics"));
    HttpResponse<String> m = w.as(VIEWER, "/metrics");
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(m.body())
        .contains("ekino_submissions_total{kind=\"sale\",outcome=\"REGISTERED\"} 1.0")
        .contains("ekino_submissions_total{kind=\"sale\",outcome=\"REPEATED\"} 1.0")
        .contains("ekino_submissions_total{kind=\"sale\",outcome=\"MALFORMED\"} 1.0")
        .contains("ekino_submissions_total{kind=\"sale\",outcome=\"UNSUPPORTED_MEDIA_TYPE\"} 1.0")
        .contains("ekino_http_request_duration_seconds_bucket{method=\"POST\","
            + "route=\"/api/v1/sales\",status=\"201\",le=\"")
        .contains("ekino_writer_queue_depth ")
        .contains("ekino_writer_batches_total ")
        .contains("ekino_writer_batched_work_total ")
        .contains("ekino_writer_batch_size_bucket{le=\"1.0\"} ")
        .contains("ekino_writer_batch_size_bucket{le=\"+Inf\"} ")
        .contains("ekino_writer_batch_size_count ")
        .contains("ekino_upload_lag_seconds{quantile=\"0.95\"}")
        .contains("ekino_log_size " + (double) w.registry.size());
  }
}
