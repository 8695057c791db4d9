package kz.ekino.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.util.Locale;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import kz.ekino.core.json.v1.RegistryJson;
import kz.ekino.core.model.Sale;
import kz.ekino.core.registration.Refusal;
import kz.ekino.core.registration.Registration;
import kz.ekino.core.registration.RegistrationException;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.token.TicketToken;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.registry.testing.Fixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which failures the client retries, against a scripted server: retryable refusals, 429/503
 * and transport errors are retried with the policy's delays; judged refusals, other statuses
 * and bad answers are not; answers are bounded.
 */
class RegistryClientTest {
  private final Fixture fx = new Fixture();
  private final Deque<Answer> script = new ArrayDeque<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final List<Duration> slept = new ArrayList<>();
  private ServerSocket server;
  private byte[] signed;
  private Registration registration;

  @SuppressWarnings("ArrayRecordComponent")
  record Answer(int status, String contentType, byte[] body, String retryAfter) {
    static Answer json(int status, byte[] body) {
      return new Answer(status, "application/json", body, "");
    }
  }

  @BeforeEach
  void start() throws IOException {
    server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          answer(s);
        } catch (IOException e) {
          // closed
        }
      }
    }, "scripted-server");
    t.setDaemon(true);
    t.start();
    Sale sale = Fixture.sale("RETRY-1", Fixture.almatyTonight(), 250_000,
        Fixture.START.minusSeconds(60));
    signed = Submissions.signSale(sale, fx.vendorA);
    registration = new Registration(7, Fixture.START, TicketToken.issue(
        TicketClaims.registered(sale, 7, Fixture.START), fx.registryKey), false);
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  /** One request per connection: reads the head and the body, writes the next answer. */
  private void answer(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        return;
      }
      head.append((char) c);
    }
    requests.incrementAndGet();
    for (String line : head.toString().split("\r\n", -1)) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        in.readNBytes(Integer.parseInt(line.substring(15).trim()));
      }
    }
    Answer a = script.isEmpty() ? Answer.json(500, "{}".getBytes(StandardCharsets.UTF_8))
        : script.poll();
    StringBuilder out = new StringBuilder("HTTP/1.1 " + a.status() + " X\r\n");
    out.append("Content-Type: ").append(a.contentType()).append("\r\n");
    if (!a.retryAfter().isEmpty()) {
      out.append("Retry-After: ").append(a.retryAfter()).append("\r\n");
    }
    if (a.status() == 302) {
      out.append("Location: http://example.invalid/\r\n");
    }
    out.append("Content-Length: ").append(a.body().length).append("\r\n");
    out.append("Connection: close\r\n\r\n");
    OutputStream o = s.getOutputStream();
    o.write(out.toString().getBytes(StandardCharsets.US_ASCII));
    o.write(a.body());
    o.flush();
  }

  private RegistryClient client(RetryPolicy retry) {
    return client(retry, URI.create("http://127.0.0.1:" + server.getLocalPort()));
  }

  private RegistryClient client(RetryPolicy retry, URI uri) {
    return RegistryClient.builder(uri).retry(retry)
        .clock(Clock.fixed(Instant.parse("2026-11-25T07:00:00Z"), ZoneOffset.UTC))
        .sleeper(slept::add).random(() -> 0.5)
        .connectTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(5)).build();
  }

  private static RetryPolicy fourAttempts() {
    return new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(2),
        Duration.ofSeconds(30));
  }

  private static byte[] refusal(Refusal r) {
    return RegistryJson.write(new RegistrationException(r, "test"));
  }

  @Test
  void aRetryableRefusalIsRetriedWithBackoffUntilTheRegistryAnswers() throws Exception {
    script.add(Answer.json(503, refusal(Refusal.UNAVAILABLE)));
    script.add(new Answer(503, "application/json", refusal(Refusal.TIMEOUT), "1"));
    script.add(Answer.json(201, RegistryJson.write(registration)));
    Registration r = client(fourAttempts()).registerSale(signed);
    assertThat(r).isEqualTo(registration);
    assertThat(requests).hasValue(3);
    // The second wait is the server's Retry-After, longer than the backoff's 150 ms.
    assertThat(slept).containsExactly(Duration.ofMillis(75), Duration.ofSeconds(1));
  }

  @Test
  void aJudgedRefusalIsNotRetried() {
    script.add(Answer.json(422, refusal(Refusal.UNKNOWN_CINEMA)));
    assertThatThrownBy(() -> client(fourAttempts()).registerSale(signed))
        .isInstanceOfSatisfying(ClientException.class, e -> {
          assertThat(e.reason()).isEqualTo(ClientException.Reason.REFUSED);
          assertThat(e.retryable()).isFalse();
          assertThat(e.status()).isEqualTo(422);
          assertThat(e.refusal().orElseThrow().refusal()).isEqualTo(Refusal.UNKNOWN_CINEMA);
        });
    assertThat(requests).hasValue(1);
    assertThat(slept).isEmpty();
  }

  @Test
  void overloadedHonoursRetryAfterAndStopsWhenItIsLongerThanThePolicyAllows() throws Exception {
    script.add(new Answer(429, "application/json",
        "{\"code\":\"OVERLOADED\",\"message\":\"slow down\"}".getBytes(StandardCharsets.UTF_8),
        "1"));
    script.add(Answer.json(201, RegistryJson.write(registration)));
    assertThat(client(fourAttempts()).registerSale(signed).serial()).isEqualTo(7);
    assertThat(slept).containsExactly(Duration.ofSeconds(1));

    slept.clear();
    script.add(new Answer(429, "application/json", new byte[0], "60"));
    assertThatThrownBy(() -> client(fourAttempts()).registerSale(signed))
        .isInstanceOfSatisfying(ClientException.class, e -> {
          assertThat(e.reason()).isEqualTo(ClientException.Reason.OVERLOADED);
          assertThat(e.retryable()).isTrue();
          assertThat(e.retryAfter()).contains(Duration.ofSeconds(60));
        });
    assertThat(slept).isEmpty();
  }

  @Test
  void retriesStopAtMaxAttemptsAndWithinTheBudget() {
    for (int i = 0; i < 10; i++) {
      script.add(Answer.json(503, refusal(Refusal.CLOSED)));
    }
    assertThatThrownBy(() -> client(fourAttempts()).registerSale(signed))
        .isInstanceOf(ClientException.class);
    assertThat(requests).hasValue(4);
    requests.set(0);
    // A budget shorter than the first delay: one attempt only (the clock is fixed, the
    // first wait of 75 ms already passes the 50 ms budget).
    RetryPolicy tight = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(2),
        Duration.ofMillis(50));
    assertThatThrownBy(() -> client(tight).registerSale(signed))
        .isInstanceOf(ClientException.class);
    assertThat(requests).hasValue(1);
  }

  @Test
  void aServerErrorAWrongRouteAndARedirectAreBadAnswersNotRetried() {
    script.add(Answer.json(500, "{\"code\":\"INTERNAL\",\"message\":\"internal error\"}"
        .getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> client(fourAttempts()).registerSale(signed))
        .isInstanceOfSatisfying(ClientException.class, e -> {
          assertThat(e.reason()).isEqualTo(ClientException.Reason.BAD_ANSWER);
          assertThat(e.getMessage()).isEqualTo("HTTP 500 INTERNAL: internal error");
          assertThat(e.retryable()).isFalse();
        });
    script.add(new Answer(302, "text/html", new byte[0], ""));
    assertThatThrownBy(() -> client(fourAttempts()).status(3))
        .isInstanceOfSatisfying(ClientException.class,
            e -> assertThat(e.status()).isEqualTo(302));
    script.add(new Answer(404, "text/html", "<html>nope</html>".getBytes(StandardCharsets.UTF_8),
        ""));
    assertThatThrownBy(() -> client(fourAttempts()).status(3))
        .isInstanceOfSatisfying(ClientException.class,
            e -> assertThat(e.reason()).isEqualTo(ClientException.Reason.BAD_ANSWER));
    assertThat(requests).hasValue(3);
  }

  @Test
  void aRegistrationThatIsNotTheDocumentOrTooLargeIsABadAnswer() {
    script.add(Answer.json(201, "{\"serial\":1}".getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> client(fourAttempts()).registerSale(signed))
        .isInstanceOfSatisfying(ClientException.class,
            e -> assertThat(e.reason()).isEqualTo(ClientException.Reason.BAD_ANSWER));
    script.add(Answer.json(201, new byte[RegistryJson.MAX_BYTES + 1]));
    assertThatThrownBy(() -> client(fourAttempts()).registerSale(signed))
        .isInstanceOfSatisfying(ClientException.class, e -> {
          assertThat(e.reason()).isEqualTo(ClientException.Reason.BAD_ANSWER);
          assertThat(e.getMessage()).contains("over the limit");
        });
  }

  @Test
  void aClosedPortIsUnreachableAndRetried() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    RegistryClient c = client(fourAttempts(), URI.create("http://127.0.0.1:" + port));
    assertThatThrownBy(() -> c.registerSale(signed))
        .isInstanceOfSatisfying(ClientException.class, e -> {
          assertThat(e.reason()).isEqualTo(ClientException.Reason.UNREACHABLE);
          assertThat(e.retryable()).isTrue();
          assertThat(e.getMessage()).contains("127.0.0.1:" + port);
        });
    assertThat(slept).hasSize(3);
  }

  @Test
  void urlsWithSecretsOrQueriesAndForeignSchemesAreRefusedAtOnce() {
    assertThatThrownBy(() -> RegistryClient.of(URI.create("http://user:secret@host/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> RegistryClient.of(URI.create("ftp://host/")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RegistryClient.of(URI.create("http://host/?a=b")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RegistryClient.of(URI.create("host:8080")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(RegistryClient.of(URI.create("https://registry.example.kz/")).toString())
        .isEqualTo("RegistryClient[https://registry.example.kz/]");
  }
}
