package kz.ekino.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.TicketId;
import kz.ekino.core.model.TokenKind;
import kz.ekino.core.registration.Refusal;
import kz.ekino.core.registration.Registration;
import kz.ekino.core.registration.RegistrationException;
import kz.ekino.core.submission.Submissions;
import kz.ekino.registry.Registry;
import kz.ekino.registry.testing.Fixture;
import kz.ekino.server.Limits;
import kz.ekino.server.RegistryServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox under crashes and misuse: a process killed between the registry's 201 and the
 * outbox's update, a refusal of a queued sale, a second process, a damaged or foreign file.
 */
class OutboxTest {
  private final Fixture fx = new Fixture();
  @TempDir Path dir;
  private Registry registry;
  private RegistryServer server;
  private Path file;

  @BeforeEach
  void start() throws Exception {
    registry = fx.openWithCinemas("jdbc:sqlite:" + dir.resolve("registry.db"));
    server = RegistryServer.start(registry, "127.0.0.1", 0, Limits.defaults());
    file = dir.resolve("outbox.db");
  }

  @AfterEach
  void stop() {
    server.stop();
    registry.close();
  }

  private static Sale sale(String ticket, long price) {
    return Fixture.sale(ticket, Fixture.almatyTonight(), price, Fixture.START.minusSeconds(60));
  }

  private RegistryClient client(int port) {
    return RegistryClient.builder(URI.create("http://127.0.0.1:" + port))
        .retry(RetryPolicy.none()).clock(fx.clock).build();
  }

  private Outbox outbox(int port, OutboxListener listener) throws OutboxException {
    return Outbox.builder(file, client(port)).clock(fx.clock).drainEvery(Duration.ZERO)
        .listener(listener).open();
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private List<String> loggedTickets() throws Exception {
    List<String> logged = new ArrayList<>();
    for (LogEntry e : registry.entries(1, (int) registry.size())) {
      if (e.kind() == LogEntry.Kind.SALE) {
        logged.add(Submissions.readSale(e.submission()).content().ticketId().value());
      }
    }
    return logged;
  }

  @Test
  void aCrashAfterTheRegistrysAnswerAndBeforeTheOutboxRecordedItRegistersOnce()
      throws Exception {
    // The sale is written to the outbox (the registry away: PROVISIONAL) ...
    try (Outbox o = outbox(closedPort(), new OutboxListener() {})) {
      assertThat(o.register(sale("CRASH-1", 250_000), fx.vendorA).kind())
          .isEqualTo(TokenKind.PROVISIONAL);
    }
    // ... the registry registered those very bytes, and the process died before recording it
    // (Ed25519 signs deterministically: the bytes the outbox holds).
    byte[] same = Submissions.signSale(sale("CRASH-1", 250_000), fx.vendorA);
    Registration first = client(server.port()).registerSale(same);
    assertThat(first.alreadyRegistered()).isFalse();

    // The restarted process drains: the registry answers with the first registration.
    List<OutboxEntry> told = new ArrayList<>();
    try (Outbox o = outbox(server.port(), new OutboxListener() {
      @Override
      public void registered(OutboxEntry e) {
        told.add(e);
      }
    })) {
      assertThat(o.drainNow()).isEqualTo(1);
      Registration recorded = o.entry(Fixture.VENDOR_A, TicketId.of("CRASH-1")).orElseThrow()
          .registration().orElseThrow();
      assertThat(recorded.serial()).isEqualTo(first.serial());
      assertThat(recorded.token()).isEqualTo(first.token());
      assertThat(recorded.alreadyRegistered()).isTrue();
      assertThat(told).hasSize(1);
      assertThat(o.drainNow()).isZero();
    }
    assertThat(loggedTickets()).containsExactly("CRASH-1");
  }

  @Test
  void aQueuedSaleTheRegistryRefusesIsKeptAndSurfacedNeverDropped() throws Exception {
    // Another sale with this ticket id is registered first: the queued one will CONFLICT.
    client(server.port()).registerSale(
        Submissions.signSale(sale("DUP-1", 100_000), fx.vendorA));
    try (Outbox o = outbox(closedPort(), new OutboxListener() {})) {
      assertThat(o.register(sale("DUP-1", 250_000), fx.vendorA).kind())
          .isEqualTo(TokenKind.PROVISIONAL);
      assertThat(o.register(sale("FINE-1", 250_000), fx.vendorA).kind())
          .isEqualTo(TokenKind.PROVISIONAL);
    }
    List<OutboxEntry> refused = new ArrayList<>();
    try (Outbox o = outbox(server.port(), new OutboxListener() {
      @Override
      public void refused(OutboxEntry e) {
        refused.add(e);
      }
    })) {
      assertThat(o.drainNow()).isEqualTo(1);
      assertThat(refused).singleElement().satisfies(e -> {
        assertThat(e.ticketId()).isEqualTo(TicketId.of("DUP-1"));
        assertThat(e.state()).isEqualTo(OutboxEntry.State.REFUSED);
        assertThat(e.refusal().orElseThrow().refusal()).isEqualTo(Refusal.CONFLICT);
      });
      assertThat(o.refused(10)).extracting(OutboxEntry::ticketId)
          .containsExactly(TicketId.of("DUP-1"));
      assertThat(o.stats().refused()).isEqualTo(1);
      assertThat(o.stats().pending()).isZero();
      // Asking again tells the caller, and sends nothing.
      long size = registry.size();
      assertThatThrownBy(() -> o.register(sale("DUP-1", 250_000), fx.vendorA))
          .isInstanceOfSatisfying(RegistrationException.class,
              e -> assertThat(e.refusal()).isEqualTo(Refusal.CONFLICT));
      assertThat(registry.size()).isEqualTo(size);
    }
  }

  @Test
  void aJudgedRefusalWhileOnlineIsThrownAndKeptAndNoTokenIsIssued() throws Exception {
    Sale foreign = Fixture.sale("ASTANA-1", Fixture.astanaTonight(), 250_000,
        Fixture.START.minusSeconds(60));
    try (Outbox o = outbox(server.port(), new OutboxListener() {})) {
      // Vendor A's key may not sell for the Astana cinema.
      assertThatThrownBy(() -> o.register(foreign, fx.vendorA))
          .isInstanceOfSatisfying(RegistrationException.class,
              e -> assertThat(e.retryable()).isFalse());
      assertThat(o.entry(foreign.vendor(), foreign.ticketId()).orElseThrow().state())
          .isEqualTo(OutboxEntry.State.REFUSED);
    }
  }

  @Test
  void theSameTicketIdWithOtherContentIsTheCallersMistake() throws Exception {
    try (Outbox o = outbox(closedPort(), new OutboxListener() {})) {
      o.register(sale("SAME-1", 250_000), fx.vendorA);
      assertThatThrownBy(() -> o.register(sale("SAME-1", 260_000), fx.vendorA))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other content");
      assertThatThrownBy(() -> o.register(
          new Sale(TicketId.of("SPEC-1"), Fixture.VENDOR_A, Fixture.almatyTonight(),
              kz.ekino.core.model.Seat.assigned(1, 1), 0, Fixture.START,
              kz.ekino.core.model.SalesChannel.BOX_OFFICE, true), fx.vendorA))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("specimen");
    }
  }

  @Test
  void aSecondOutboxOnTheSameFileIsRefusedUntilTheFirstCloses() throws Exception {
    Outbox first = outbox(server.port(), new OutboxListener() {});
    try {
      assertThatThrownBy(() -> outbox(server.port(), new OutboxListener() {}))
          .isInstanceOfSatisfying(OutboxException.class,
              e -> assertThat(e.reason()).isEqualTo(OutboxException.Reason.LOCKED));
    } finally {
      first.close();
    }
    outbox(server.port(), new OutboxListener() {}).close();
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      assertThat(Files.getPosixFilePermissions(file))
          .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }
  }

  @Test
  void oneDamagedRowIsSkippedAndCountedAndTheRestStillDrain() throws Exception {
    try (Outbox o = outbox(closedPort(), new OutboxListener() {})) {
      assertThat(o.register(Fixture.sale("OLD-1", Fixture.almatyTonight(), 100_000,
          Fixture.START.minusSeconds(600)), fx.vendorA).kind()).isEqualTo(TokenKind.PROVISIONAL);
      assertThat(o.register(sale("NEW-2", 100_000), fx.vendorA).kind())
          .isEqualTo(TokenKind.PROVISIONAL);
    }
    // The oldest row, drained first, no longer decodes.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      assertThat(s.executeUpdate("UPDATE outbox SET ticket = '' WHERE ticket = 'OLD-1'"))
          .isEqualTo(1);
    }
    try (Outbox o = outbox(server.port(), new OutboxListener() {})) {
      assertThat(o.drainNow()).isEqualTo(1);
      assertThat(loggedTickets()).containsExactly("NEW-2");
      assertThat(o.entry(Fixture.VENDOR_A, TicketId.of("NEW-2")).orElseThrow().state())
          .isEqualTo(OutboxEntry.State.REGISTERED);
      assertThat(o.stats().damaged()).isEqualTo(1);
      assertThat(o.pending(10)).isEmpty();
      assertThat(o.stats().damaged()).isEqualTo(1);
    }
  }

  @Test
  void aSymbolicLinkToAnOutboxInUseFindsItLocked() throws Exception {
    Outbox first = outbox(server.port(), new OutboxListener() {});
    try {
      Path link = Files.createDirectories(dir.resolve("elsewhere")).resolve("link.db");
      Files.createSymbolicLink(link, file);
      assertThatThrownBy(() -> Outbox.builder(link, client(server.port())).clock(fx.clock)
          .drainEvery(Duration.ZERO).open())
          .isInstanceOfSatisfying(OutboxException.class,
              e -> assertThat(e.reason()).isEqualTo(OutboxException.Reason.LOCKED));
    } finally {
      first.close();
    }
  }

  @Test
  void aDamagedOrForeignFileIsRefusedAndLeftUntouched() throws Exception {
    byte[] garbage = new byte[8192];
    new java.util.Random(7).nextBytes(garbage);
    Files.write(file, garbage);
    assertThatThrownBy(() -> outbox(server.port(), new OutboxListener() {}))
        .isInstanceOfSatisfying(OutboxException.class,
            e -> assertThat(e.reason()).isEqualTo(OutboxException.Reason.CORRUPT));
    assertThat(Files.readAllBytes(file)).isEqualTo(garbage);

    Files.delete(file);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE something (x INTEGER)");
    }
    assertThatThrownBy(() -> outbox(server.port(), new OutboxListener() {}))
        .isInstanceOfSatisfying(OutboxException.class, e -> {
          assertThat(e.reason()).isEqualTo(OutboxException.Reason.CORRUPT);
          assertThat(e.getMessage()).contains("not an ekino outbox");
        });

    // A real outbox whose pages are overwritten in the middle fails its integrity check.
    Files.delete(file);
    try (Outbox o = outbox(closedPort(), new OutboxListener() {})) {
      for (int i = 0; i < 40; i++) {
        o.register(sale("PAGE-" + i, 250_000), fx.vendorA);
      }
    }
    byte[] db = Files.readAllBytes(file);
    assertThat(db.length).isGreaterThan(3 * 4096);
    for (int i = 4096 + 16; i < 3 * 4096; i++) {
      db[i] = (byte) 0xA5;
    }
    Files.write(file, db);
    assertThatThrownBy(() -> outbox(server.port(), new OutboxListener() {}))
        .isInstanceOfSatisfying(OutboxException.class,
            e -> assertThat(e.reason()).isEqualTo(OutboxException.Reason.CORRUPT));
  }
}
