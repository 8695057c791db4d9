package kz.ekino.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.TokenKind;
import kz.ekino.core.submission.Submissions;
import kz.ekino.registry.testing.Fixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that sends 201 headers at once and then its body a byte a second: the request
 * timeout bounds the whole exchange, not just the headers, and the outbox prints PROVISIONAL.
 */
class SlowAnswerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private final Fixture fx = new Fixture();
  @TempDir Path dir;
  private ServerSocket server;
  private Thread trickler;

  @BeforeEach
  void start() throws Exception {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    trickler = new Thread(this::trickle, "trickler");
    trickler.setDaemon(true);
    trickler.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    trickler.interrupt();
  }

  /** Every connection: headers promising 60000 bytes, then one byte a second. */
  private void trickle() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> {
          try (s) {
            InputStream in = s.getInputStream();
            in.read(new byte[65536]);
            OutputStream o = s.getOutputStream();
            o.write(("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
                + "Content-Length: 60000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            o.flush();
            for (int i = 0; i < 60000; i++) {
              o.write(' ');
              o.flush();
              Thread.sleep(1000);
            }
          } catch (Exception e) {
            // the client gave up: what the test wants
          }
        });
        t.setDaemon(true);
        t.start();
      } catch (Exception e) {
        return;
      }
    }
  }

  private RegistryClient client() {
    return RegistryClient.builder(URI.create("http://127.0.0.1:" + server.getLocalPort()))
        .connectTimeout(Duration.ofSeconds(1)).requestTimeout(TIMEOUT)
        .retry(RetryPolicy.none()).build();
  }

  private static Sale sale(String ticket) {
    return Fixture.sale(ticket, Fixture.almatyTonight(), 250_000,
        Fixture.START.minusSeconds(60));
  }

  @Test
  void aTrickledAnswerIsATimeoutWithinTheRequestTimeout() throws Exception {
    byte[] signed = Submissions.signSale(sale("SLOW-1"), fx.vendorA);
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> client().registerSale(signed))
        .isInstanceOfSatisfying(ClientException.class, e -> {
          assertThat(e.reason()).isEqualTo(ClientException.Reason.TIMEOUT);
          assertThat(e.retryable()).isTrue();
        });
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(took).isLessThan(TIMEOUT.plusSeconds(2));
  }

  @Test
  void theOutboxPrintsProvisionalWhenTheAnswerTrickles() throws Exception {
    try (Outbox outbox = Outbox.builder(dir.resolve("outbox.db"), client()).clock(fx.clock)
        .drainEvery(Duration.ZERO).open()) {
      long t0 = System.nanoTime();
      Ticket t = outbox.register(sale("SLOW-2"), fx.vendorA);
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      assertThat(t.kind()).isEqualTo(TokenKind.PROVISIONAL);
      assertThat(took).isLessThan(TIMEOUT.plusSeconds(2));
    }
  }
}
