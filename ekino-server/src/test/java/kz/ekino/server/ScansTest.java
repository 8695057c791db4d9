package kz.ekino.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import kz.ekino.core.json.v1.RegistryJson;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.registration.AdmissionResult;
import kz.ekino.core.registration.AdmissionResult.Outcome;
import kz.ekino.core.registration.Registration;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.token.TicketToken;
import kz.ekino.core.token.UrlBase;
import kz.ekino.registry.Registry;
import kz.ekino.registry.testing.Fixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Status by QR text and gate admissions over real HTTP on loopback. Each test has its own
 * registry, since admissions move the fixture's clock.
 */
class ScansTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final UrlBase BASE = UrlBase.of(UrlBase.DEFAULT);
  private final Fixture fx = new Fixture();
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private Registry registry;
  private RegistryServer server;
  private String base;

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    registry = fx.openWithCinemas("jdbc:sqlite:" + dir.resolve("registry.db"));
    server = RegistryServer.start(registry, "127.0.0.1", 0, Limits.defaults());
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() {
    server.stop();
    registry.close();
  }

  private Sale sale(String ticket) {
    return Fixture.sale(ticket, Fixture.almatyTonight(), 250_000, Fixture.START);
  }

  private String registeredQr(String ticket) throws Exception {
    Registration r = registry.register(Submissions.signSale(sale(ticket), fx.vendorA));
    return r.token().qrText(BASE);
  }

  private HttpResponse<byte[]> post(String path, String contentType, String body)
      throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> statusOf(String qr) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/status?qr="
        + URLEncoder.encode(qr, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10))
        .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static JsonNode json(HttpResponse<byte[]> r) throws Exception {
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    String text = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("Exception").doesNotContain("\tat ");
    return JSON.readTree(r.body());
  }

  private String admission(String qr, String cinema, String gate) {
    return JSON.createObjectNode().put("qr", qr).put("cinema", cinema).put("gate", gate)
        .toString();
  }

  // ---------------------------------------------------------------------------------------
  // Status by QR text

  @Test
  void aRegisteredTicketIsValidWithItsLiveStatus() throws Exception {
    String qr = registeredQr("QR-1");
    HttpResponse<byte[]> r = statusOf(qr);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode doc = json(r);
    assertThat(doc.get("verdict").asText()).isEqualTo("VALID");
    assertThat(doc.get("ticket").get("ticketId").asText()).isEqualTo("QR-1");
    assertThat(doc.get("display").get("priceTenge").asText()).isEqualTo("2500.00");
    assertThat(doc.get("registry").get("status").asText()).isEqualTo("REGISTERED");
    assertThat(doc.get("registry").get("serial").asLong())
        .isEqualTo(doc.get("ticket").get("serial").asLong());

    // The same by POST, with the final newline a file or a shell leaves.
    HttpResponse<byte[]> posted = post("/api/v1/status", "text/plain; charset=utf-8", qr + "\n");
    assertThat(posted.statusCode()).isEqualTo(200);
    assertThat(json(posted)).isEqualTo(doc);
  }

  @Test
  void theLiveStatusFollowsAnAdmission() throws Exception {
    String qr = registeredQr("QR-2");
    fx.clock.set(Fixture.almatyTonight().start().minus(Duration.ofMinutes(30)));
    assertThat(registry.admit(qr, new kz.ekino.core.registration.Gate(Fixture.ALMATY, "door"))
        .outcome()).isEqualTo(Outcome.ADMITTED);
    JsonNode doc = json(statusOf(qr));
    assertThat(doc.get("verdict").asText()).isEqualTo("VALID");
    assertThat(doc.get("registry").get("status").asText()).isEqualTo("ADMITTED");
    assertThat(doc.get("registry").get("gate").toString()).contains("door");
  }

  @Test
  void aTamperedForeignOrMalformedCodeIsAVerdictNotAnError() throws Exception {
    String qr = registeredQr("QR-3");
    // One character of the signed part changed.
    int i = qr.length() - 5;
    String tampered = qr.substring(0, i) + (qr.charAt(i) == 'A' ? 'B' : 'A') + qr.substring(i + 1);
    String foreign = "HTTPS://QR.EKIN0.KZ/T/" + qr.substring(qr.indexOf("/T/") + 3);
    assertThat(foreign).isNotEqualTo(qr);
    for (String bad : new String[] {tampered, foreign, "hello", "", "https://ekino.kz/T/"}) {
      HttpResponse<byte[]> r = statusOf(bad);
      assertThat(r.statusCode()).as(bad).isEqualTo(200);
      JsonNode doc = json(r);
      assertThat(doc.get("verdict").asText()).as(bad).isNotEqualTo("VALID");
      assertThat(doc.has("detail")).isTrue();
      assertThat(doc.has("registry")).isFalse();
      assertThat(doc.has("ticket")).isFalse();
    }
  }

  @Test
  void aProvisionalTicketHasItsVerdictAndNoSerialToAsk() throws Exception {
    TicketToken provisional = TicketToken.issue(TicketClaims.provisional(sale("QR-4")),
        fx.vendorA);
    JsonNode doc = json(statusOf(provisional.qrText(BASE)));
    assertThat(doc.get("verdict").asText()).isEqualTo("PROVISIONAL");
    assertThat(doc.has("registry")).isFalse();
  }

  @Test
  void statusRequestsThatAreNotQrTextsAre4xx() throws Exception {
    HttpResponse<byte[]> missing = http.send(HttpRequest.newBuilder(URI.create(base
        + "/api/v1/status")).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(json(missing).get("code").asText()).isEqualTo("BAD_REQUEST");

    HttpResponse<byte[]> long1 = post("/api/v1/status", "text/plain",
        "x".repeat(Scans.MAX_QR_CHARS + 1));
    assertThat(long1.statusCode()).isEqualTo(413);
    assertThat(json(long1).get("code").asText()).isEqualTo("TOO_LARGE");
    HttpResponse<byte[]> long2 = statusOf("x".repeat(Scans.MAX_QR_CHARS + 1));
    assertThat(long2.statusCode()).isIn(413, 414, 431);

    HttpResponse<byte[]> json = post("/api/v1/status", "application/json", "{}");
    assertThat(json.statusCode()).isEqualTo(415);
    assertThat(json(json).get("code").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");

    HttpResponse<byte[]> notUtf8 = http.send(HttpRequest.newBuilder(URI.create(base
        + "/api/v1/status")).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff, 0x41})).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(notUtf8.statusCode()).isEqualTo(400);
  }

  // ---------------------------------------------------------------------------------------
  // Admissions

  @Test
  void aGateAdmitsOnceThenSaysWhereAndWhen() throws Exception {
    String qr = registeredQr("ADM-1");
    String late = registeredQr("ADM-2");
    String almaty = Fixture.ALMATY.value();

    HttpResponse<byte[]> early = post("/api/v1/admissions", "application/json",
        admission(qr, almaty, "hall-3"));
    assertThat(early.statusCode()).isEqualTo(200);
    assertThat(RegistryJson.readAdmissionResult(early.body()).outcome())
        .isEqualTo(Outcome.TOO_EARLY);

    fx.clock.set(Fixture.almatyTonight().start().minus(Duration.ofMinutes(30)));
    HttpResponse<byte[]> first = post("/api/v1/admissions", "application/json",
        admission(qr, almaty, "hall-3"));
    assertThat(first.statusCode()).isEqualTo(200);
    AdmissionResult admitted = RegistryJson.readAdmissionResult(first.body());
    assertThat(admitted.outcome()).isEqualTo(Outcome.ADMITTED);
    assertThat(admitted.serial()).isPresent();

    AdmissionResult again = RegistryJson.readAdmissionResult(post("/api/v1/admissions",
        "application/json", admission(qr, almaty, "hall-1")).body());
    assertThat(again.outcome()).isEqualTo(Outcome.ALREADY_ADMITTED);
    assertThat(again.gate().orElseThrow().id()).isEqualTo("hall-3");

    AdmissionResult elsewhere = RegistryJson.readAdmissionResult(post("/api/v1/admissions",
        "application/json", admission(qr, Fixture.ASTANA.value(), "door")).body());
    assertThat(elsewhere.outcome()).isEqualTo(Outcome.WRONG_VENUE);

    fx.clock.set(Fixture.almatyTonight().start().plus(Duration.ofDays(1)));
    AdmissionResult over = RegistryJson.readAdmissionResult(post("/api/v1/admissions",
        "application/json", admission(late, almaty, "hall-3")).body());
    assertThat(over.outcome()).isIn(Outcome.SCREENING_OVER, Outcome.INVALID_TICKET);
  }

  @Test
  void aForgedCodeAtTheGateIsInvalidTicketNotAnError() throws Exception {
    HttpResponse<byte[]> r = post("/api/v1/admissions", "application/json",
        admission("https://ekino.kz/T/AAAA", Fixture.ALMATY.value(), "door"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(RegistryJson.readAdmissionResult(r.body()).outcome())
        .isEqualTo(Outcome.INVALID_TICKET);
  }

  @Test
  void malformedAdmissionsAre400AndAdmitNobody() throws Exception {
    String qr = registeredQr("ADM-3");
    String almaty = Fixture.ALMATY.value();
    fx.clock.set(Fixture.almatyTonight().start().minus(Duration.ofMinutes(30)));
    String[] bad = {
      "",
      "not json",
      "[]",
      "{\"qr\":\"" + qr + "\",\"cinema\":\"" + almaty + "\"}",
      "{\"qr\":\"" + qr + "\",\"cinema\":\"" + almaty + "\",\"gate\":\"door\",\"x\":1}",
      "{\"qr\":\"" + qr + "\",\"cinema\":\"" + almaty + "\",\"gate\":\"door\",\"gate\":\"d2\"}",
      "{\"qr\":\"" + qr + "\",\"cinema\":\"" + almaty + "\",\"gate\":\"door\"} {}",
      "{\"qr\":\"" + qr + "\",\"cinema\":\"123\",\"gate\":\"door\"}",
      "{\"qr\":\"" + qr + "\",\"cinema\":\"" + almaty + "\",\"gate\":\"a door\"}",
      "{\"qr\":\"" + qr + "\",\"cinema\":\"" + almaty + "\",\"gate\":7}",
    };
    for (String body : bad) {
      HttpResponse<byte[]> r = post("/api/v1/admissions", "application/json", body);
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(json(r).get("code").asText()).isEqualTo("BAD_REQUEST");
    }
    HttpResponse<byte[]> type = post("/api/v1/admissions", "text/plain",
        admission(qr, almaty, "door"));
    assertThat(type.statusCode()).isEqualTo(415);
    HttpResponse<byte[]> big = post("/api/v1/admissions", "application/json",
        admission("x".repeat(Scans.MAX_ADMISSION_BYTES), almaty, "door"));
    assertThat(big.statusCode()).isEqualTo(413);

    // None of them admitted anyone.
    assertThat(json(statusOf(qr)).get("registry").get("status").asText())
        .isEqualTo("REGISTERED");
  }
}
