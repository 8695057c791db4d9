package kz.ekino.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import kz.ekino.core.json.v1.RegistryJson;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.Sale;
import kz.ekino.core.registration.RefundReceipt;
import kz.ekino.core.registration.Refusal;
import kz.ekino.core.registration.Registration;
import kz.ekino.core.registration.RegistrationException;
import kz.ekino.core.registration.TicketStatus;
import kz.ekino.core.submission.Submissions;
import kz.ekino.registry.Registry;
import kz.ekino.registry.RegistryConfig;
import kz.ekino.registry.testing.Fixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The API over real HTTP on loopback, against a SQLite registry. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Fixture fx = new Fixture();
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private Registry registry;
  private RegistryServer server;
  private String base;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    registry = fx.openWithCinemas("jdbc:sqlite:" + dir.resolve("registry.db"));
    server = RegistryServer.start(registry, "127.0.0.1", 0, Limits.defaults());
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  void stop() {
    server.stop();
    registry.close();
  }

  private static Sale sale(String ticket) {
    return Fixture.sale(ticket, Fixture.almatyTonight(), 250_000,
        Fixture.START.minusSeconds(60));
  }

  private HttpResponse<byte[]> post(String path, String contentType, byte[] body)
      throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private static JsonNode problem(HttpResponse<byte[]> r) throws Exception {
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    JsonNode node = JSON.readTree(r.body());
    assertThat(text(r)).doesNotContain("Exception").doesNotContain("\tat ");
    return node;
  }

  @Test
  void aBodyTricklingInIsCutOffAndTheServerKeepsAnswering() throws Exception {
    URI at = URI.create(base);
    java.util.List<java.net.Socket> slow = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        java.net.Socket s = new java.net.Socket(at.getHost(), at.getPort());
        s.getOutputStream().write(("POST /api/v1/sales HTTP/1.1\r\nHost: x\r\nContent-Type: "
            + "application/cose\r\nContent-Length: 8000\r\n\r\nA").getBytes(
                StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        slow.add(s);
      }
      Thread.sleep(1500);
      for (java.net.Socket s : slow) {
        s.getOutputStream().write('B'); // two bytes in a second and a half: far below the rate
        s.getOutputStream().flush();
      }
      assertThat(get("/healthz").statusCode()).isEqualTo(200);
      // Each slow request is answered with an error and its connection closed, well before
      // the idle timeout; nothing was registered.
      long size = registry.size();
      for (java.net.Socket s : slow) {
        s.setSoTimeout(15_000);
        String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(answer).startsWith("HTTP/1.1 4").doesNotContain("Jetty");
      }
      assertThat(registry.size()).isEqualTo(size);
    } finally {
      for (java.net.Socket s : slow) {
        s.close();
      }
    }
  }

  @Test
  void contentTypeParametersAndJettysOwnRefusalsNeverMakeA500OrAnHtmlPage() throws Exception {
    // An unknown charset made Jetty's parsed content type throw: a 500 and a stack trace.
    byte[] signed = Submissions.signSale(sale("HTTP-CHARSET"), fx.vendorA);
    HttpResponse<byte[]> charset = post("/api/v1/sales", "application/cose; charset=x", signed);
    assertThat(charset.statusCode()).as(text(charset)).isEqualTo(201);
    assertThat(post("/api/v1/sales", "application/co se", signed).statusCode()).isEqualTo(415);
    // Refused by Jetty before any route: JSON, and no server version.
    HttpResponse<byte[]> nul = get("/api/v1/tickets/%00");
    assertThat(nul.statusCode()).isEqualTo(400);
    assertThat(problem(nul).get("code").asText()).isEqualTo("BAD_REQUEST");
    HttpResponse<byte[]> longQuery = get("/api/v1/entries?from=1&max=1&x=" + "a".repeat(20_000));
    assertThat(longQuery.statusCode()).isEqualTo(414);
    assertThat(problem(longQuery).get("code").asText()).isEqualTo("URI_TOO_LONG");
    for (HttpResponse<byte[]> r : java.util.List.of(charset, nul, longQuery)) {
      assertThat(r.headers().firstValue("Server").orElse("")).doesNotContain("Jetty");
      assertThat(text(r)).doesNotContain("Jetty").doesNotContain("<html");
    }
  }

  @Test
  void registersASignedSaleAndAnswersTheSameSerialAgain() throws Exception {
    byte[] signed = Submissions.signSale(sale("HTTP-1"), fx.vendorA);
    HttpResponse<byte[]> first = post("/api/v1/sales", "application/cose", signed);
    assertThat(first.statusCode()).as(text(first)).isEqualTo(201);
    Registration r = RegistryJson.readRegistration(first.body());
    assertThat(r.alreadyRegistered()).isFalse();
    assertThat(r.token().size()).isGreaterThan(0);

    HttpResponse<byte[]> again = post("/api/v1/sales", Submissions.SALE_TYPE, signed);
    assertThat(again.statusCode()).isEqualTo(200);
    Registration r2 = RegistryJson.readRegistration(again.body());
    assertThat(r2.serial()).isEqualTo(r.serial());
    assertThat(r2.alreadyRegistered()).isTrue();

    HttpResponse<byte[]> status = get("/api/v1/tickets/" + r.serial());
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(RegistryJson.readTicketStatus(status.body()).status())
        .isEqualTo(TicketStatus.Status.REGISTERED);

    // The vendor that holds only its own ticket id finds the same registration.
    String vendor = sale("HTTP-1").vendor().value();
    HttpResponse<byte[]> byId = get("/api/v1/tickets?vendor=" + vendor + "&ticket=HTTP-1");
    assertThat(byId.statusCode()).as(text(byId)).isEqualTo(200);
    assertThat(RegistryJson.readTicketStatus(byId.body()).serial()).isEqualTo(r.serial());
    HttpResponse<byte[]> other = get("/api/v1/tickets?vendor=" + vendor + "&ticket=HTTP-none");
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(problem(other).get("code").asText()).isEqualTo("NOT_FOUND");
    for (String bad : new String[] {"vendor=" + vendor, "ticket=HTTP-1",
        "vendor=123456789012&ticket=HTTP-1", "vendor=" + vendor + "&ticket=%0Aforged"}) {
      HttpResponse<byte[]> refused = get("/api/v1/tickets?" + bad);
      assertThat(refused.statusCode()).as(bad).isEqualTo(400);
      assertThat(problem(refused).get("code").asText()).isEqualTo("BAD_REQUEST");
    }
  }

  @Test
  void conflictIs409WithTheRefusalDocument() throws Exception {
    assertThat(post("/api/v1/sales", "application/cose",
        Submissions.signSale(sale("HTTP-2"), fx.vendorA)).statusCode()).isEqualTo(201);
    Sale other = Fixture.sale("HTTP-2", Fixture.almatyTonight(), 300_000,
        Fixture.START.minusSeconds(60));
    HttpResponse<byte[]> r = post("/api/v1/sales", "application/cose",
        Submissions.signSale(other, fx.vendorA));
    assertThat(r.statusCode()).isEqualTo(409);
    RegistrationException refusal = RegistryJson.readRefusal(r.body());
    assertThat(refusal.refusal()).isEqualTo(Refusal.CONFLICT);
    assertThat(refusal.retryable()).isFalse();
  }

  @Test
  void garbageIs400MalformedWithoutAStackTrace() throws Exception {
    HttpResponse<byte[]> r = post("/api/v1/sales", "application/cose",
        "{not cbor at all".getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(RegistryJson.readRefusal(r.body()).refusal()).isEqualTo(Refusal.MALFORMED);
    assertThat(text(r)).doesNotContain("Exception").doesNotContain("\tat ");

    // A signed refund sent to /sales: the type inside the envelope decides.
    HttpResponse<byte[]> refund = post("/api/v1/sales", "application/cose",
        Submissions.signRefund(new Refund(1, sale("HTTP-0").ticketId(), Fixture.VENDOR_A,
            Fixture.START, 250_000, "returned"), fx.vendorA));
    assertThat(refund.statusCode()).as(text(refund)).isEqualTo(400);
    assertThat(RegistryJson.readRefusal(refund.body()).refusal()).isEqualTo(Refusal.MALFORMED);

    HttpResponse<byte[]> empty = post("/api/v1/refunds", "application/cose", new byte[0]);
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(RegistryJson.readRefusal(empty.body()).refusal()).isEqualTo(Refusal.MALFORMED);
  }

  @Test
  void aSaleSignedByAnotherVendorsKeyIs422() throws Exception {
    HttpResponse<byte[]> r = post("/api/v1/sales", "application/cose",
        Submissions.signSale(sale("HTTP-3"), fx.vendorB));
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(RegistryJson.readRefusal(r.body()).refusal()).isEqualTo(Refusal.KEY_NOT_VALID);
  }

  @Test
  void oversizedBodyIs413AndWrongTypeIs415() throws Exception {
    byte[] big = new byte[Submissions.MAX_BYTES + 1];
    Arrays.fill(big, (byte) 0x41);
    HttpResponse<byte[]> large = post("/api/v1/sales", "application/cose", big);
    assertThat(large.statusCode()).isEqualTo(413);
    assertThat(problem(large).get("code").asText()).isEqualTo("TOO_LARGE");

    HttpResponse<byte[]> json = post("/api/v1/sales", "application/json",
        Submissions.signSale(sale("HTTP-4"), fx.vendorA));
    assertThat(json.statusCode()).isEqualTo(415);
    assertThat(problem(json).get("code").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    // Without Content-Length (chunked), the body is cut off after 8193 bytes.
    HttpResponse<byte[]> chunked = http.send(HttpRequest.newBuilder(
            URI.create(base + "/api/v1/sales")).header("Content-Type", "application/cose")
        .POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new java.io.ByteArrayInputStream(new byte[64 * 1024]))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(problem(chunked).get("code").asText()).isEqualTo("TOO_LARGE");
    // A refund's own type is not a sale's.
    assertThat(post("/api/v1/sales", Submissions.REFUND_TYPE, new byte[] {1}).statusCode())
        .isEqualTo(415);
  }

  @Test
  void refundsAndTheStatusSaysRefunded() throws Exception {
    Sale s = sale("HTTP-5");
    Registration r = RegistryJson.readRegistration(post("/api/v1/sales", "application/cose",
        Submissions.signSale(s, fx.vendorA)).body());
    byte[] refund = Submissions.signRefund(new Refund(r.serial(), s.ticketId(),
        Fixture.VENDOR_A, Fixture.START, 250_000, "returned"), fx.vendorA);
    HttpResponse<byte[]> first = post("/api/v1/refunds", Submissions.REFUND_TYPE, refund);
    assertThat(first.statusCode()).as(text(first)).isEqualTo(201);
    RefundReceipt receipt = RegistryJson.readRefundReceipt(first.body());
    assertThat(receipt.saleSerial()).isEqualTo(r.serial());
    HttpResponse<byte[]> again = post("/api/v1/refunds", "application/cose", refund);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(RegistryJson.readRefundReceipt(again.body()).alreadyRefunded()).isTrue();

    TicketStatus status = RegistryJson.readTicketStatus(
        get("/api/v1/tickets/" + r.serial()).body());
    assertThat(status.status()).isEqualTo(TicketStatus.Status.REFUNDED);
    assertThat(get("/api/v1/revocations").statusCode()).isEqualTo(200);
    assertThat(RegistryJson.readSignedRevocationList(get("/api/v1/revocations").body()))
        .isNotEmpty();
  }

  @Test
  void unknownTicketIs404AndBadSerialIs400() throws Exception {
    HttpResponse<byte[]> unknown = get("/api/v1/tickets/999999");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(RegistryJson.readTicketStatus(unknown.body()).status())
        .isEqualTo(TicketStatus.Status.UNKNOWN);
    for (String bad : new String[] {"abc", "-1", "0", "99999999999999999999", "1e3"}) {
      HttpResponse<byte[]> r = get("/api/v1/tickets/" + bad);
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(problem(r).get("code").asText()).isEqualTo("BAD_REQUEST");
    }
    HttpResponse<byte[]> nowhere = get("/api/v1/nowhere");
    assertThat(nowhere.statusCode()).isEqualTo(404);
    assertThat(problem(nowhere).get("code").asText()).isEqualTo("NOT_FOUND");
  }

  @Test
  void theSignedTrustListIsServedByteForByteAndOnlyWhenThereIsOne(@TempDir Path other)
      throws Exception {
    // This registry was given a list built in memory: there is no signed document to serve.
    HttpResponse<byte[]> none = get("/api/v1/trust-list/signed");
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(problem(none).get("code").asText()).isEqualTo("NOT_FOUND");

    // A registry opened with the root-signed list serves that document, which checks against
    // the root key on the client's side.
    kz.ekino.core.key.SigningKey root =
        kz.ekino.core.key.SigningKey.generate(kz.ekino.core.key.Algorithm.ED25519);
    byte[] document = fx.trust.toSignedJson(root);
    kz.ekino.core.trust.TrustList signed =
        kz.ekino.core.trust.TrustList.parseSigned(document, root.verificationKey());
    try (Registry r = Registry.open(RegistryConfig.builder("jdbc:sqlite:"
            + other.resolve("signed.db"), fx.registryKey, signed).clock(fx.clock).build());
        RegistryServer s = RegistryServer.start(r, "127.0.0.1", 0, Limits.defaults())) {
      HttpResponse<byte[]> served = http.send(HttpRequest.newBuilder(URI.create(
              "http://127.0.0.1:" + s.port() + "/api/v1/trust-list/signed"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(served.statusCode()).isEqualTo(200);
      assertThat(served.body()).isEqualTo(document);
      assertThat(kz.ekino.core.trust.TrustList.parseSigned(served.body(), root.verificationKey())
          .sequence()).isEqualTo(fx.trust.sequence());
    }
  }

  @Test
  void checkpointVerifiesWithTheRegistryKeyAndProofsHold() throws Exception {
    Registration r = RegistryJson.readRegistration(post("/api/v1/sales", "application/cose",
        Submissions.signSale(sale("HTTP-6"), fx.vendorA)).body());
    HttpResponse<byte[]> note = get("/api/v1/checkpoint");
    assertThat(note.statusCode()).isEqualTo(200);
    assertThat(note.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    Checkpoint cp = Checkpoint.parseSigned(text(note), RegistryConfig.DEFAULT_ORIGIN,
        fx.registryKey.verificationKey());
    assertThat(cp.treeSize()).isGreaterThanOrEqualTo(r.serial());

    HttpResponse<byte[]> proof = get("/api/v1/proofs/inclusion?serial=" + r.serial()
        + "&size=" + cp.treeSize());
    assertThat(proof.statusCode()).as(text(proof)).isEqualTo(200);
    assertThat(RegistryJson.readInclusionProof(proof.body()).verify(cp.rootHash())).isTrue();

    HttpResponse<byte[]> consistency = get("/api/v1/proofs/consistency?from=1&to="
        + cp.treeSize());
    assertThat(consistency.statusCode()).as(text(consistency)).isEqualTo(200);
    RegistryJson.readConsistencyProof(consistency.body());

    HttpResponse<byte[]> entries = get("/api/v1/entries?from=" + r.serial() + "&max=1");
    assertThat(entries.statusCode()).isEqualTo(200);
    JsonNode doc = JSON.readTree(entries.body());
    LogEntry entry = LogEntry.decode(Base64.getUrlDecoder().decode(
        doc.get("entries").get(0).asText()));
    assertThat(entry.serial()).isEqualTo(r.serial());

    assertThat(get("/api/v1/proofs/consistency?from=0&to=0").statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/proofs/consistency?from=2&to=1").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/entries?from=" + (cp.treeSize() + 1)).statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/entries?from=1&max=1001").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/entries").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/proofs/inclusion?serial=1&size=" + (cp.treeSize() + 100))
        .statusCode()).isEqualTo(400);
  }

  @Test
  void servesItsOpenApiDocument() throws Exception {
    HttpResponse<byte[]> doc = get("/api/v1/openapi.yaml");
    assertThat(doc.statusCode()).isEqualTo(200);
    assertThat(text(doc)).startsWith("openapi: 3.").contains("/api/v1/sales:",
        "/api/v1/refunds:", "/api/v1/tickets/{serial}:", "/api/v1/checkpoint:", "/readyz:");
  }

  @Test
  void healthAndReadiness() throws Exception {
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
  }

  @Test
  void stopIsIdempotentAndLeavesTheRegistryToItsOwner(@TempDir Path dir) throws Exception {
    Fixture own = new Fixture();
    try (Registry r = own.openWithCinemas("jdbc:sqlite:" + dir.resolve("stop.db"))) {
      RegistryServer s = RegistryServer.start(r, "127.0.0.1", 0, Limits.defaults());
      HttpResponse<byte[]> answered = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + s.port() + "/api/v1/sales"))
          .header("Content-Type", "application/cose")
          .POST(HttpRequest.BodyPublishers.ofByteArray(
              Submissions.signSale(sale("HTTP-7"), own.vendorA))).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(answered.statusCode()).isEqualTo(201);
      s.stop();
      s.stop();
      assertThat(r.size()).isGreaterThan(0); // still open: the owner closes it
      assertThat(r.register(Submissions.signSale(sale("HTTP-8"), own.vendorA)).serial())
          .isGreaterThan(0);
    }
  }

  @Test
  void aClosedRegistryIs503WithRetryAfterAndNoDetailOfItsStorage(
      @TempDir Path dir) throws Exception {
    Fixture own = new Fixture();
    Registry r = own.openWithCinemas("jdbc:sqlite:" + dir.resolve("closed.db"));
    RegistryServer s = RegistryServer.start(r, "127.0.0.1", 0, Limits.defaults());
    try {
      r.close();
      String at = "http://127.0.0.1:" + s.port();
      HttpResponse<byte[]> sale = http.send(HttpRequest.newBuilder(URI.create(at
              + "/api/v1/sales")).header("Content-Type", "application/cose")
          .POST(HttpRequest.BodyPublishers.ofByteArray(
              Submissions.signSale(sale("HTTP-9"), own.vendorA))).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(sale.statusCode()).as(text(sale)).isEqualTo(503);
      assertThat(sale.headers().firstValue("Retry-After")).isPresent();
      RegistrationException refusal = RegistryJson.readRefusal(sale.body());
      assertThat(refusal.retryable()).isTrue();

      HttpResponse<byte[]> ready = http.send(HttpRequest.newBuilder(URI.create(at + "/readyz"))
          .build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(http.send(HttpRequest.newBuilder(URI.create(at + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofByteArray()).statusCode()).isEqualTo(200);

      HttpResponse<byte[]> status = http.send(HttpRequest.newBuilder(URI.create(at
          + "/api/v1/tickets/1")).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(status.statusCode()).as(text(status)).isEqualTo(503);
      JsonNode body = problem(status);
      assertThat(body.get("code").asText()).isEqualTo("UNAVAILABLE");
      assertThat(text(status)).doesNotContain("kz.ekino").doesNotContain("sqlite");
    } finally {
      s.stop();
    }
  }

  /**
   * A request whose body is still on its way when stop() begins reaches its handler only once
   * the body has arrived (Jetty dispatches then), after stop() began: it is answered 503 CLOSED
   * with Retry-After, never dropped, and nothing of it is registered.
   */
  @Test
  void aRequestInFlightWhenStopBeginsIsEitherRegisteredOrRetryablyClosed(@TempDir Path dir)
      throws Exception {
    Fixture own = new Fixture();
    try (Registry r = own.openWithCinemas("jdbc:sqlite:" + dir.resolve("inflight.db"))) {
      RegistryServer s = RegistryServer.start(r, "127.0.0.1", 0, Limits.defaults());
      long before = r.size();
      byte[] signed = Submissions.signSale(sale("HTTP-10"), own.vendorA);
      java.io.PipedOutputStream body = new java.io.PipedOutputStream();
      java.io.PipedInputStream source = new java.io.PipedInputStream(body, 1 << 16);
      java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/api/v1/sales"))
              .header("Content-Type", "application/cose")
              .POST(HttpRequest.BodyPublishers.ofInputStream(() -> source)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      body.write(signed, 0, 10);
      body.flush();
      Thread.sleep(300);
      java.util.concurrent.CompletableFuture<Void> stopped =
          java.util.concurrent.CompletableFuture.runAsync(s::stop);
      Thread.sleep(300);
      body.write(signed, 10, signed.length - 10);
      body.close();
      HttpResponse<byte[]> response = answer.get(15, java.util.concurrent.TimeUnit.SECONDS);
      stopped.get(15, java.util.concurrent.TimeUnit.SECONDS);
      // Whether Jetty handed the request over before stop() began decides which answer it
      // gets; either way the answer is true: registered and in the log (201), or nothing
      // registered and a retryable CLOSED (503, Retry-After) that a resend turns into a sale.
      if (response.statusCode() == 201) {
        long serial = RegistryJson.readRegistration(response.body()).serial();
        assertThat(r.size()).isEqualTo(before + 1);
        assertThat(r.entry(serial)).isPresent();
      } else {
        assertThat(response.statusCode()).as(text(response)).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(problem(response).get("code").asText()).isEqualTo("CLOSED");
        assertThat(r.size()).isEqualTo(before);
      }
    }
  }

  @Test
  void theTrustListInForceIsServedUnsigned() throws Exception {
    HttpResponse<byte[]> r = get("/api/v1/trust-list");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    kz.ekino.core.trust.TrustList served = kz.ekino.core.trust.TrustList.parseUnsigned(r.body());
    assertThat(served.sequence()).isEqualTo(fx.trust.sequence());
    assertThat(served.keys()).hasSameSizeAs(fx.trust.keys());
    assertThat(served.toUnsignedJson()).isEqualTo(fx.trust.toUnsignedJson());
    assertThat(r.body()).isEqualTo(registry.trustList().toUnsignedJson());
  }
}
