package kz.ekino.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import kz.ekino.core.json.v1.SaleJson;
import kz.ekino.core.model.Sale;
import kz.ekino.core.token.UrlBase;
import kz.ekino.core.verify.TicketVerifier;
import kz.ekino.core.verify.VerificationPolicy;
import kz.ekino.registry.Registry;
import kz.ekino.registry.testing.Fixture;
import kz.ekino.server.Limits;
import kz.ekino.server.RegistryServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ekino register}, {@code verify --online} and {@code monitor --server} against a real
 * RegistryServer on loopback, and what each says and exits with when it is away.
 */
class OnlineCommandsTest {
  private final Fixture fx = new Fixture();
  @TempDir Path dir;
  private Registry registry;
  private RegistryServer server;
  private String url;
  private Path vendorKey;
  private Path registryKey;

  record Run(int exit, String out, String err) {}

  private Run ekino(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new Main(fx.clock, new PrintWriter(out, true), new PrintWriter(err, true))
        .run(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @BeforeEach
  void start() throws Exception {
    registry = fx.openWithCinemas("jdbc:sqlite:" + dir.resolve("registry.db"));
    server = RegistryServer.start(registry, "127.0.0.1", 0, Limits.defaults());
    url = "http://127.0.0.1:" + server.port();
    vendorKey = Files.writeString(dir.resolve("vendor.key.pem"), fx.vendorA.exportPkcs8Pem());
    registryKey = Files.writeString(dir.resolve("registry.pub.pem"),
        fx.registryKey.verificationKey().toPem());
  }

  @AfterEach
  void stop() {
    server.stop();
    registry.close();
  }

  private Path sale(String ticket, Sale s) throws Exception {
    return Files.writeString(dir.resolve(ticket + ".json"), SaleJson.write(s),
        StandardCharsets.UTF_8);
  }

  private Path sale(String ticket) throws Exception {
    return sale(ticket, Fixture.sale(ticket, Fixture.almatyTonight(), 250_000,
        Fixture.START.minusSeconds(60)));
  }

  private String verdict(String qr) {
    return TicketVerifier.verify(qr, VerificationPolicy.builder(fx.trust, fx.clock)
        .officialBase(UrlBase.of(UrlBase.DEFAULT)).build()).verdict();
  }

  private static String closedUrl() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return "http://127.0.0.1:" + s.getLocalPort();
    }
  }

  @Test
  void registerPrintsTheRegisteredQrTextAndIsIdempotent() throws Exception {
    Path sale = sale("CLI-1");
    Run first = ekino("register", "--key", registryKey.toString(), "--server", url, "--vendor-key", vendorKey.toString(),
        "--sale", sale.toString());
    assertThat(first.exit()).as(first.err()).isEqualTo(Main.OK);
    String qr = first.out().strip();
    assertThat(qr).startsWith("HTTPS://QR.EKINO.KZ/T/");
    assertThat(verdict(qr)).isEqualTo("VALID");
    assertThat(first.err()).contains("serial ");

    Run again = ekino("register", "--key", registryKey.toString(), "--server", url, "--vendor-key", vendorKey.toString(),
        "--sale", sale.toString());
    assertThat(again.exit()).isEqualTo(Main.OK);
    assertThat(again.out().strip()).isEqualTo(qr);
    assertThat(again.err()).contains("already registered");
  }

  @Test
  void registerWithAnOutboxPrintsAProvisionalTokenWhileAwayAndSendsItOnTheNextRun()
      throws Exception {
    Path outbox = dir.resolve("outbox.db");
    Run away = ekino("register", "--key", registryKey.toString(), "--server", closedUrl(), "--vendor-key", vendorKey.toString(),
        "--sale", sale("CLI-AWAY").toString());
    assertThat(away.exit()).isEqualTo(Main.UNAVAILABLE);
    assertThat(away.out()).isEmpty();
    assertThat(away.err()).startsWith("ekino: register CLI-AWAY: registry unavailable: ")
        .doesNotContain("Exception");

    Run queued = ekino("register", "--key", registryKey.toString(), "--server", closedUrl(), "--vendor-key",
        vendorKey.toString(), "--sale", sale("CLI-Q").toString(), "--outbox", outbox.toString());
    assertThat(queued.exit()).as(queued.err()).isEqualTo(Main.REGISTRATION_PENDING);
    assertThat(verdict(queued.out().strip())).isEqualTo("PROVISIONAL");
    assertThat(queued.err()).contains("PROVISIONAL token printed").contains("1 waiting");

    Run next = ekino("register", "--key", registryKey.toString(), "--server", url, "--vendor-key", vendorKey.toString(),
        "--sale", sale("CLI-NEXT").toString(), "--outbox", outbox.toString());
    assertThat(next.exit()).as(next.err()).isEqualTo(Main.OK);
    assertThat(verdict(next.out().strip())).isEqualTo("VALID");
    assertThat(next.err()).contains("1 earlier sale(s)").doesNotContain("waiting");
  }

  @Test
  void registerPrintsNothingRegisteredWhenTheTokenIsNotByTheTrustedRegistry()
      throws Exception {
    // The server's key is not the one trusted: its answer is what a rogue server's would be.
    Path other = Files.writeString(dir.resolve("other.pub.pem"),
        fx.vendorB.verificationKey().toPem());
    Run r = ekino("register", "--key", other.toString(), "--server", url, "--vendor-key",
        vendorKey.toString(), "--sale", sale("CLI-ROGUE").toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(Main.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("not this sale's registered token").contains("nothing printed");

    Path outbox = dir.resolve("outbox.db");
    Run q = ekino("register", "--key", other.toString(), "--server", url, "--vendor-key",
        vendorKey.toString(), "--sale", sale("CLI-ROGUE2").toString(), "--outbox",
        outbox.toString());
    assertThat(q.exit()).as(q.err()).isNotEqualTo(Main.OK);
    assertThat(q.out().isBlank() ? "" : verdict(q.out().strip())).isNotEqualTo("VALID");

    Run none = ekino("register", "--server", url, "--vendor-key", vendorKey.toString(),
        "--sale", sale("CLI-NOTRUST").toString());
    assertThat(none.exit()).isEqualTo(Main.USAGE);
  }

  @Test
  void registerNamesBadUrlsRefusalsAndWrongServers() throws Exception {
    String sale = sale("CLI-BAD").toString();
    for (String bad : new String[] {"ftp://127.0.0.1/", "127.0.0.1:8080", "http://a b/",
        "http://user:pw@127.0.0.1/"}) {
      Run r = ekino("register", "--key", registryKey.toString(), "--server", bad, "--vendor-key", vendorKey.toString(),
          "--sale", sale);
      assertThat(r.exit()).as(bad).isEqualTo(Main.USAGE);
      assertThat(r.err()).startsWith("ekino: --server: ").doesNotContain("pw");
    }
    // Vendor A's key may not sell for the Astana cinema: refused on its merits, exit 1.
    Path foreign = sale("CLI-AST", Fixture.sale("CLI-AST", Fixture.astanaTonight(), 250_000,
        Fixture.START.minusSeconds(60)));
    Run refused = ekino("register", "--key", registryKey.toString(), "--server", url, "--vendor-key", vendorKey.toString(),
        "--sale", foreign.toString());
    assertThat(refused.exit()).isEqualTo(Main.NOT_VALID);
    assertThat(refused.err()).contains("registry refused");
    // A URL that is a web server but not a registry: its 404 is named, exit 2.
    Run wrong = ekino("register", "--key", registryKey.toString(), "--server", url + "/not-here", "--vendor-key",
        vendorKey.toString(), "--sale", sale);
    assertThat(wrong.exit()).isEqualTo(Main.USAGE);
    assertThat(wrong.err()).contains("HTTP 404").contains("check the URL");
  }

  @Test
  void verifyOnlineAddsTheLiveStatus() throws Exception {
    String qr = ekino("register", "--key", registryKey.toString(), "--server", url, "--vendor-key", vendorKey.toString(),
        "--sale", sale("CLI-V").toString()).out().strip();
    Run json = ekino("verify", "--key", registryKey.toString(), "--online", url, "--format",
        "json", qr);
    assertThat(json.exit()).as(json.err()).isEqualTo(Main.OK);
    JsonNode doc = new ObjectMapper().readTree(json.out());
    assertThat(doc.get("verdict").asText()).isEqualTo("VALID");
    assertThat(doc.at("/online/verdict").asText()).isEqualTo("VALID");
    assertThat(doc.at("/online/registry/status").asText()).isEqualTo("REGISTERED");

    Run text = ekino("verify", "--key", registryKey.toString(), "--online", url, "--format",
        "text", "--lang", "ru", qr);
    assertThat(text.exit()).isEqualTo(Main.OK);
    assertThat(text.out()).contains("Реестр (сейчас): зарегистрирован под номером");

    // Refunded through the client: the live status says so, and verify exits 1.
    Sale sold = Fixture.sale("CLI-V", Fixture.almatyTonight(), 250_000,
        Fixture.START.minusSeconds(60));
    long serial = doc.at("/online/registry/serial").asLong();
    kz.ekino.client.RegistryClient client = kz.ekino.client.RegistryClient.of(
        java.net.URI.create(url));
    kz.ekino.core.registration.RefundReceipt receipt = client.registerRefund(
        kz.ekino.core.submission.Submissions.signRefund(new kz.ekino.core.model.Refund(serial,
            sold.ticketId(), sold.vendor(), Fixture.START, sold.priceTiyn(), "returned"),
            fx.vendorA));
    assertThat(receipt.saleSerial()).isEqualTo(serial);
    assertThat(client.status(serial).status())
        .isEqualTo(kz.ekino.core.registration.TicketStatus.Status.REFUNDED);
    Run refunded = ekino("verify", "--key", registryKey.toString(), "--online", url,
        "--format", "text", qr);
    assertThat(refunded.exit()).isEqualTo(Main.NOT_VALID);
    assertThat(refunded.out()).contains("VALID").contains("was REFUNDED at");

    Run away = ekino("verify", "--key", registryKey.toString(), "--online", closedUrl(),
        "--format", "json", qr);
    assertThat(away.exit()).isEqualTo(Main.UNAVAILABLE);
    assertThat(away.out()).contains("\"VALID\"");
    assertThat(away.err()).contains("registry unavailable");
  }

  @Test
  void monitorFollowsARunningServer() throws Exception {
    ekino("register", "--key", registryKey.toString(), "--server", url, "--vendor-key", vendorKey.toString(), "--sale",
        sale("CLI-M").toString());
    Path state = dir.resolve("monitor.state");
    Run once = ekino("monitor", "--server", url, "--registry-key", registryKey.toString(),
        "--state", state.toString());
    assertThat(once.exit()).as(once.err() + once.out()).isEqualTo(Main.OK);
    assertThat(once.out()).contains("signature verified").contains("OK: the log checks")
        .doesNotContain("figures:");

    ekino("register", "--key", registryKey.toString(), "--server", url, "--vendor-key", vendorKey.toString(), "--sale",
        sale("CLI-M2").toString());
    Run twice = ekino("monitor", "--server", url, "--registry-key", registryKey.toString(),
        "--state", state.toString(), "--every", "1", "--times", "2");
    assertThat(twice.exit()).as(twice.err()).isEqualTo(Main.OK);
    assertThat(twice.out().split("OK: the log checks", -1)).hasSize(3);
    assertThat(twice.out()).contains("checked against 1 checkpoint(s)");

    Run away = ekino("monitor", "--server", closedUrl(), "--registry-key",
        registryKey.toString(), "--state", state.toString());
    assertThat(away.exit()).isEqualTo(Main.UNAVAILABLE);
    assertThat(away.err()).contains("registry unavailable");
    Run both = ekino("monitor", "--server", url, "--export", dir.toString(), "--registry-key",
        registryKey.toString(), "--state", state.toString());
    assertThat(both.exit()).isEqualTo(Main.USAGE);
  }
}
