package kz.ekino.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.TicketId;
import kz.ekino.core.model.TokenKind;
import kz.ekino.core.registration.TicketStatus;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.token.UrlBase;
import kz.ekino.core.verify.TicketVerifier;
import kz.ekino.core.verify.VerificationPolicy;
import kz.ekino.core.verify.VerificationResult;
import kz.ekino.registry.Registry;
import kz.ekino.registry.testing.Fixture;
import kz.ekino.server.Limits;
import kz.ekino.server.RegistryServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outage, end to end over real HTTP on loopback: a vendor registers through a real
 * RegistryServer on a SQLite registry; the server stops; sales go on as PROVISIONAL tokens
 * that verify offline; the vendor process "restarts" (a new client and outbox on the same
 * file); the server comes back on the same port; the outbox drains; every sale is REGISTERED
 * exactly once in the registry's log, and the verification page of a printed PROVISIONAL
 * ticket turns from "pending" to "registered".
 */
class OutageEndToEndTest {
  private static final int ONLINE = 5;
  private static final int OFFLINE = 12;

  private final Fixture fx = new Fixture();

  private Sale sale(String ticket) {
    return Fixture.sale(ticket, Fixture.almatyTonight(), 250_000,
        Fixture.START.minusSeconds(60));
  }

  private RegistryClient client(int port) {
    return RegistryClient.builder(URI.create("http://127.0.0.1:" + port))
        .connectTimeout(Duration.ofSeconds(1)).requestTimeout(Duration.ofSeconds(5))
        .retry(new RetryPolicy(2, Duration.ofMillis(50), Duration.ofMillis(200),
            Duration.ofSeconds(1)))
        .clock(fx.clock).build();
  }

  private VerificationPolicy policy() {
    return VerificationPolicy.builder(fx.trust, fx.clock)
        .officialBase(UrlBase.of(UrlBase.DEFAULT)).build();
  }

  private Outbox outbox(Path file, int port, Map<TicketId, OutboxEntry> told)
      throws OutboxException {
    return Outbox.builder(file, client(port)).clock(fx.clock).verifyWith(policy())
        .drainEvery(Duration.ofMillis(50)).maxDrainDelay(Duration.ofMillis(400))
        .listener(new OutboxListener() {
          @Override
          public void registered(OutboxEntry e) {
            assertThat(told.put(e.ticketId(), e)).as("told twice: " + e.ticketId()).isNull();
          }
        })
        .open();
  }

  /** The verification page in English, as a visitor's phone opens it. */
  private static String page(String url) throws Exception {
    java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(URI.create(url)).header("Accept-Language", "en")
            .timeout(Duration.ofSeconds(10)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  @Test
  void salesThroughAnOutageAndARestartEndRegisteredExactlyOnce(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("outbox.db");
    Map<TicketId, OutboxEntry> told = new ConcurrentHashMap<>();
    List<String> tickets = new ArrayList<>();
    String provisionalQr = "";
    try (Registry registry = fx.openWithCinemas("jdbc:sqlite:" + dir.resolve("registry.db"))) {
      RegistryServer server = RegistryServer.start(registry, "127.0.0.1", 0, Limits.defaults());
      int port = server.port();
      Outbox outbox = outbox(file, port, told);

      // Online: registered at once, the registry's token verifies offline as VALID.
      for (int i = 0; i < ONLINE; i++) {
        String t = "ON-" + i;
        tickets.add(t);
        Ticket ticket = outbox.register(sale(t), fx.vendorA);
        assertThat(ticket.kind()).isEqualTo(TokenKind.REGISTERED);
        assertThat(TicketVerifier.verifyToken(ticket.token().bytes(), policy()).verdict())
            .isEqualTo("VALID");
      }

      // The registry goes away: sales go on, each with a PROVISIONAL token that verifies.
      server.stop();
      for (int i = 0; i < OFFLINE; i++) {
        String t = "OFF-" + i;
        tickets.add(t);
        Ticket ticket = outbox.register(sale(t), fx.vendorA);
        assertThat(ticket.kind()).isEqualTo(TokenKind.PROVISIONAL);
        VerificationResult v = TicketVerifier.verify(ticket.qrText(UrlBase.of(UrlBase.DEFAULT)),
            VerificationPolicy.builder(fx.trust, fx.clock)
        .officialBase(UrlBase.of(UrlBase.DEFAULT)).build());
        assertThat(v.verdict()).isEqualTo("PROVISIONAL");
        if (provisionalQr.isEmpty()) {
          provisionalQr = ticket.qrText(UrlBase.of(UrlBase.DEFAULT));
        }
      }
      fx.clock.advance(Duration.ofMinutes(10));
      OutboxStats during = outbox.stats();
      assertThat(during.pending()).isEqualTo(OFFLINE);
      assertThat(during.registered()).isEqualTo(ONLINE);
      assertThat(during.oldestPendingAge()).contains(Duration.ofMinutes(11));
      assertThat(during.olderThan(Outbox.ALERT_AGE)).isFalse();
      assertThat(outbox.entry(Fixture.VENDOR_A, TicketId.of("OFF-0")).orElseThrow().lastError())
          .hasValueSatisfying(e -> assertThat(e).contains("127.0.0.1:" + port));

      // The vendor's process dies and comes back: a new client and outbox on the same file.
      outbox.close();
      outbox = outbox(file, port, told);
      assertThat(outbox.stats().pending()).isEqualTo(OFFLINE);
      outbox.close(); // and is down again while the registry comes back

      // The registry comes back on the same port. A visitor scanning a PROVISIONAL ticket now
      // sees it pending: its sale has not arrived.
      server = RegistryServer.start(registry, "127.0.0.1", port, Limits.defaults());
      String page = "http://127.0.0.1:" + port + provisionalQr.substring(
          provisionalQr.indexOf("/T/"));
      assertThat(page(page)).contains("Registration pending").doesNotContain(">Registered<");

      // The vendor's process starts again; its drainer registers what waited.
      outbox = outbox(file, port, told);
      try {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (outbox.stats().pending() > 0 && System.nanoTime() < deadline) {
          fx.clock.advance(Duration.ofSeconds(1)); // the outbox's retry times are by this clock
          Thread.sleep(50);
        }
        OutboxStats after = outbox.stats();
        assertThat(after.pending()).isZero();
        assertThat(after.refused()).isZero();
        assertThat(after.registered()).isEqualTo(ONLINE + OFFLINE);
        assertThat(after.oldestPendingAge()).isEmpty();
        assertThat(told).hasSize(OFFLINE);

        // Every sale registered exactly once: the log holds each ticket id once.
        List<String> logged = new ArrayList<>();
        for (LogEntry e : registry.entries(1, (int) registry.size())) {
          if (e.kind() == LogEntry.Kind.SALE) {
            logged.add(Submissions.readSale(e.submission()).content().ticketId().value());
          }
        }
        assertThat(logged).containsExactlyInAnyOrderElementsOf(tickets);

        // The outbox's registrations are the registry's, with distinct serials; the registry
        // answers each serial REGISTERED over HTTP, and a drained ticket's QR text VALID.
        RegistryClient c = client(port);
        Set<Long> serials = new HashSet<>();
        for (String t : tickets) {
          OutboxEntry e = outbox.entry(Fixture.VENDOR_A, TicketId.of(t)).orElseThrow();
          assertThat(e.state()).isEqualTo(OutboxEntry.State.REGISTERED);
          long serial = e.registration().orElseThrow().serial();
          assertThat(serials.add(serial)).isTrue();
          assertThat(c.status(serial).status()).isEqualTo(TicketStatus.Status.REGISTERED);
        }
        OutboxEntry drained = java.util.Objects.requireNonNull(told.get(TicketId.of("OFF-3")));
        QrStatus live = c.status(drained.registration().orElseThrow().token()
            .qrText(UrlBase.of(UrlBase.DEFAULT)));
        assertThat(live.verdict()).isEqualTo("VALID");
        assertThat(live.registry().orElseThrow().status())
            .isEqualTo(TicketStatus.Status.REGISTERED);

        // The same printed PROVISIONAL ticket's page now shows its sale registered.
        assertThat(page(page)).contains("Registered").doesNotContain("Registration pending");

        // Registering a drained sale again sends nothing and returns its registration.
        long size = registry.size();
        Ticket again = outbox.register(sale("OFF-3"), fx.vendorA);
        assertThat(again.registration()).isEqualTo(drained.registration());
        assertThat(registry.size()).isEqualTo(size);
      } finally {
        outbox.close();
        server.stop();
      }
    }
  }
}
