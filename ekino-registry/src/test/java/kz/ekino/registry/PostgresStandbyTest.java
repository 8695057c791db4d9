package kz.ekino.registry;

import static kz.ekino.registry.testing.Faults.assertIntact;
import static kz.ekino.registry.testing.Faults.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.registration.Refusal;
import kz.ekino.core.registration.RegistrationException;
import kz.ekino.core.registration.TicketStatus;
import kz.ekino.registry.testing.Databases;
import kz.ekino.registry.testing.Fixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two registries on one PostgreSQL schema, as two hosts would run them: the writer, and a
 * standby that serves reads, refuses submissions retryably and takes the log when the
 * writer's session ends. Each registry keeps its own checkpoint file, as on two hosts.
 */
class PostgresStandbyTest {
  @TempDir
  Path dir;

  private final Fixture f = new Fixture();
  private final String app = "ekino-standby-" + UUID.randomUUID().toString().substring(0, 8);
  private String url;

  @BeforeEach
  void database() {
    url = Databases.postgres() + "&ApplicationName=" + app;
  }

  private RegistryConfig config(String host) {
    return f.config(url).timeout(Duration.ofSeconds(5))
        .checkpointFile(dir.resolve(host + ".checkpoint")).build();
  }

  /** The backends of this test's registries that hold an advisory lock: the writer's. */
  private List<Long> writerBackends() throws Exception {
    List<Long> pids = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(Databases.postgresServer());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT a.pid FROM pg_stat_activity a WHERE "
            + "a.application_name = '" + app + "' AND EXISTS (SELECT 1 FROM pg_locks l "
            + "WHERE l.pid = a.pid AND l.locktype = 'advisory' AND l.granted)")) {
      while (rs.next()) {
        pids.add(rs.getLong(1));
      }
    }
    return pids;
  }

  @Test
  void theStandbyServesReadsAndTakesTheLogWhenTheWritersSessionEnds() throws Exception {
    Map<Long, String> acked = new TreeMap<>();
    try (Registry writer = Registry.open(config("host-a"))) {
      writer.registerCinema(Fixture.ALMATY_CINEMA);
      acked.put(register(writer, f, "A-1").serial(), "A-1");
      try (Registry standby = Registry.openStandby(config("host-b"))) {
        assertThat(writer.role()).isEqualTo(Registry.Role.WRITER);
        assertThat(standby.role()).isEqualTo(Registry.Role.STANDBY);
        // Reads follow the writer: the head is read from the database at each call.
        acked.put(register(writer, f, "A-2").serial(), "A-2");
        assertThat(standby.checkpoint()).isEqualTo(writer.checkpoint());
        assertThat(standby.status(writer.size()).status())
            .isEqualTo(TicketStatus.Status.REGISTERED);
        assertThat(standby.inclusionProof(1, writer.size()).treeSize()).isEqualTo(writer.size());
        // Submissions are refused retryably, and nothing is written.
        assertThatThrownBy(() -> register(standby, f, "B-0"))
            .isInstanceOfSatisfying(RegistrationException.class, e -> {
              assertThat(e.refusal()).isEqualTo(Refusal.CLOSED);
              assertThat(e.detail()).startsWith("READ_ONLY: ");
            });
        assertThatThrownBy(standby::revocationList).isInstanceOf(IllegalStateException.class);
        Thread.sleep(1_500); // several attempts at the lock, all refused
        assertThat(standby.role()).isEqualTo(Registry.Role.STANDBY);
        long before = writer.size();
        String lastServed = standby.checkpoint();

        // The writer's session ends (its host died, or PostgreSQL cut it off): the lock goes.
        List<Long> backends = writerBackends();
        assertThat(backends).hasSize(1);
        long killed = System.nanoTime();
        try (Connection c = DriverManager.getConnection(Databases.postgresServer());
            Statement s = c.createStatement()) {
          s.execute("SELECT pg_terminate_backend(" + backends.get(0) + ")");
        }
        while (standby.role() != Registry.Role.WRITER) {
          assertThat(Duration.ofNanos(System.nanoTime() - killed))
              .as("takeover").isLessThan(Duration.ofSeconds(10));
          Thread.sleep(20);
        }
        Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
        System.out.println("PostgresStandbyTest: the standby took over " + takeover.toMillis()
            + " ms after the writer's session ended");
        assertThat(takeover).isLessThan(Duration.ofSeconds(3));

        // It continues the same log: the next serial, under the checkpoint it served before.
        long next = register(standby, f, "B-1").serial();
        acked.put(next, "B-1");
        assertThat(next).isEqualTo(before + 1);
        Checkpoint old = Checkpoint.parseSigned(lastServed, config("host-b").origin(),
            f.registryKey.verificationKey());
        assertThat(standby.root(old.treeSize())).isEqualTo(old.rootHash());

        // The old writer's process is still alive: its next write finds another writer and
        // stops, committing nothing (its session, the lock, and the epoch have moved on).
        assertThatThrownBy(() -> register(writer, f, "A-3"))
            .isInstanceOfSatisfying(RegistrationException.class, e ->
                assertThat(e.refusal().retryable()).isTrue());
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (writer.role() != Registry.Role.STOPPED) {
          assertThat(System.nanoTime()).as("the old writer stops").isLessThan(until);
          try {
            register(writer, f, "A-3");
            throw new AssertionError("the old writer registered after the takeover");
          } catch (RegistrationException e) {
            assertThat(e.refusal().retryable()).isTrue();
          }
          Thread.sleep(50);
        }
        assertThat(standby.size()).isEqualTo(before + 1);
        acked.put(register(standby, f, "B-2").serial(), "B-2");
        assertThat(standby.status(standby.size()).status())
            .isEqualTo(TicketStatus.Status.REGISTERED);
        assertIntact(standby, acked);
        assertThat(standby.size()).isEqualTo(before + 2);
      }
    }
    // The standby's checkpoint file holds what it published as the writer.
    try (Registry reopened = Registry.open(config("host-b"))) {
      assertIntact(reopened, acked);
    }
  }

  @Test
  void aStandbyTakesTheLogWhenTheWriterClosesAndRefusesNothingItServed() throws Exception {
    Registry writer = Registry.open(config("host-a"));
    writer.registerCinema(Fixture.ALMATY_CINEMA);
    register(writer, f, "A-1");
    try (Registry standby = Registry.openStandby(config("host-b"))) {
      long size = standby.size();
      writer.close();
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (standby.role() != Registry.Role.WRITER) {
        assertThat(System.nanoTime()).isLessThan(until);
        Thread.sleep(20);
      }
      assertThat(register(standby, f, "B-1").serial()).isEqualTo(size + 1);
      assertThat(standby.audit()).isEqualTo(size + 1);
    }
  }
}
