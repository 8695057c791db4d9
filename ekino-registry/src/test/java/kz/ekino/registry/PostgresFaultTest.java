package kz.ekino.registry;

import kz.ekino.core.registration.Refusal;
import static kz.ekino.registry.testing.Faults.assertIntact;
import static kz.ekino.registry.testing.Faults.eventually;
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
import kz.ekino.registry.testing.Databases;
import kz.ekino.registry.testing.Fixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage failures on a real PostgreSQL server: the engine's connections terminated by the
 * server, a backend stopped with SIGSTOP (every wait is bounded), a second writer, and a
 * writer fenced out by another. Each test's connections carry an application name of their
 * own, so that the faults touch this test's sessions only.
 */
class PostgresFaultTest {
  /** The entries each test's registry logs before its first sale: the trust list, a cinema. */
  private static final long CINEMA_ENTRIES = 2;

  @TempDir
  Path dir;

  private final Fixture f = new Fixture();
  private final String app = "ekino-fault-" + UUID.randomUUID().toString().substring(0, 8);
  private String url;
  private final List<Long> stopped = new ArrayList<>();

  @BeforeEach
  void database() {
    url = Databases.postgres() + "&ApplicationName=" + app;
  }

  @AfterEach
  void resume() throws Exception {
    for (long pid : stopped) {
      signal("CONT", pid);
    }
  }

  private Registry open(Duration timeout) throws Exception {
    Registry r = Registry.open(f.config(url).timeout(timeout)
        .checkpointFile(dir.resolve("registry.checkpoint")).build());
    r.registerCinema(Fixture.ALMATY_CINEMA);
    return r;
  }

  private List<Long> backends(boolean writerOnly) throws Exception {
    List<Long> pids = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(Databases.postgresServer());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT a.pid FROM pg_stat_activity a WHERE "
            + "a.application_name = '" + app + "'" + (writerOnly ? " AND EXISTS (SELECT 1 "
            + "FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'advisory' AND l.granted)"
            : ""))) {
      while (rs.next()) {
        pids.add(rs.getLong(1));
      }
    }
    return pids;
  }

  private static void terminate(List<Long> pids) throws Exception {
    try (Connection c = DriverManager.getConnection(Databases.postgresServer());
        Statement s = c.createStatement()) {
      for (long pid : pids) {
        s.execute("SELECT pg_terminate_backend(" + pid + ")");
      }
    }
  }

  private static void signal(String signal, long pid) throws Exception {
    Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
        .redirectErrorStream(true).start();
    assertThat(p.waitFor()).as("kill -%s %d", signal, pid).isZero();
  }

  @Test
  void terminatedConnectionsAreReplacedWithoutARestart() throws Exception {
    Map<Long, String> acked = new TreeMap<>();
    try (Registry r = open(Duration.ofSeconds(5))) {
      for (int i = 0; i < 5; i++) {
        acked.put(register(r, f, "A-" + i).serial(), "A-" + i);
      }
      List<Long> all = backends(false);
      assertThat(all).hasSizeGreaterThanOrEqualTo(2);
      terminate(all);
      acked.put(eventually(r, f, "AFTER-TERMINATE", Duration.ofSeconds(30)).serial(),
          "AFTER-TERMINATE");
      // Readers too: a broken pooled connection is replaced, not handed out again.
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (true) {
        try {
          assertIntact(r, acked);
          break;
        } catch (StorageException e) {
          assertThat(System.nanoTime()).as(e.getMessage()).isLessThan(deadline);
        }
      }
      assertThat(r.size()).isEqualTo(CINEMA_ENTRIES + 6);
    }
  }

  @Test
  void aStoppedBackendTimesOutAndTheWriterRecoversWhenItResumes() throws Exception {
    Map<Long, String> acked = new TreeMap<>();
    try (Registry r = open(Duration.ofSeconds(2))) {
      acked.put(register(r, f, "A-1").serial(), "A-1");
      List<Long> writer = backends(true);
      assertThat(writer).hasSize(1);
      signal("STOP", writer.get(0));
      stopped.add(writer.get(0));
      long started = System.nanoTime();
      Refusal refusal = SqliteFaultTest.refusalOf(() -> register(r, f, "STOPPED"));
      assertThat(refusal).isIn(Refusal.TIMEOUT, Refusal.UNAVAILABLE);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(
          Duration.ofSeconds(20));
      // While it stays stopped the writer reconnects, finds its old session still holding the
      // log's lock, and refuses (nothing can commit past a session that holds the lock).
      long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
      int refusedWhileStopped = 0;
      while (System.nanoTime() < until) {
        assertThat(SqliteFaultTest.refusalOf(() -> register(r, f, "STOPPED")))
            .isIn(Refusal.TIMEOUT, Refusal.UNAVAILABLE);
        refusedWhileStopped++;
      }
      assertThat(refusedWhileStopped).isGreaterThan(1);
      signal("CONT", writer.get(0));
      stopped.clear();
      acked.put(eventually(r, f, "STOPPED", Duration.ofSeconds(60)).serial(), "STOPPED");
      acked.put(register(r, f, "A-2").serial(), "A-2");
      assertIntact(r, acked);
    }
  }

  @Test
  void aSecondWriterIsRefusedAtOpenAndReadersWorkBeside() throws Exception {
    try (Registry r = open(Duration.ofSeconds(5))) {
      register(r, f, "A-1");
      assertThatThrownBy(() -> Registry.open(f.config(url).build()))
          .isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.reason()).isEqualTo(RegistryException.Reason.LOCKED);
            assertThat(e.getMessage()).contains("is held by process " + ProcessHandle.current()
                .pid());
          });
      try (Registry reader = Registry.openReadOnly(f.config(url).build())) {
        assertThat(reader.checkpoint()).isEqualTo(r.checkpoint());
        register(r, f, "A-2");
        assertThat(reader.size()).isEqualTo(CINEMA_ENTRIES + 2);
        assertThatThrownBy(() -> register(reader, f, "A-3"))
            .isInstanceOfSatisfying(kz.ekino.core.registration.RegistrationException.class, e -> {
              // Retryable: a client sends it to the writer, or again once a standby took over.
              assertThat(e.refusal()).isEqualTo(Refusal.CLOSED);
              assertThat(e.detail()).startsWith("READ_ONLY: ");
            });
      }
    }
  }

  @Test
  void aWriterFencedOutByAnotherStopsWithoutCommitting() throws Exception {
    try (Registry r = open(Duration.ofSeconds(5))) {
      register(r, f, "A-1");
      // Another writer took the log meanwhile (its epoch is newer): this one must not commit.
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE log_writer SET epoch = epoch + 1, holder = 'the other one'");
      }
      assertThat(SqliteFaultTest.refusalOf(() -> register(r, f, "A-2")))
          .isEqualTo(Refusal.CLOSED);
      assertThat(SqliteFaultTest.refusalOf(() -> register(r, f, "A-3")))
          .isEqualTo(Refusal.CLOSED);
      assertThat(r.size()).isEqualTo(CINEMA_ENTRIES + 1);
      // The stopped writer let go of the log: a new writer opens while it is still around.
      assertThat(backends(true)).isEmpty();
      try (Registry next = Registry.open(f.config(url)
          .checkpointFile(dir.resolve("registry.checkpoint")).build())) {
        assertThat(next.size()).isEqualTo(CINEMA_ENTRIES + 1);
      }
    }
    try (Registry reopened = Registry.open(f.config(url)
        .checkpointFile(dir.resolve("registry.checkpoint")).build())) {
      assertThat(reopened.size()).isEqualTo(CINEMA_ENTRIES + 1);
      assertThat(reopened.audit()).isEqualTo(CINEMA_ENTRIES + 1);
    }
  }
}
