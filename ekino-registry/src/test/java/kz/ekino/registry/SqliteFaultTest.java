package kz.ekino.registry;

import kz.ekino.core.registration.Registration;
import kz.ekino.core.registration.Refusal;
import kz.ekino.core.registration.RegistrationException;
import static kz.ekino.registry.testing.Faults.assertIntact;
import static kz.ekino.registry.testing.Faults.eventually;
import static kz.ekino.registry.testing.Faults.register;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import kz.ekino.core.model.Sale;
import kz.ekino.core.submission.Submissions;
import kz.ekino.registry.testing.Databases;
import kz.ekino.registry.testing.Fixture;
import kz.ekino.registry.testing.SmallFilesystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage failures on a real SQLite file on a real (small, loop-mounted) file system: the
 * writer answers every caller with a retryable refusal, keeps nothing of the failed batch,
 * and registers again once storage is back — without a restart. After each: nothing
 * acknowledged is lost, serials are gapless and the log audits clean, also after a reopen.
 */
class SqliteFaultTest {
  /** The entries each test's registry logs before its first sale: the trust list, a cinema. */
  private static final long CINEMA_ENTRIES = 2;

  @TempDir
  Path dir;

  private final Fixture f = new Fixture();

  private Registry open(String url, Duration timeout) throws Exception {
    Registry r = Registry.open(f.config(url).timeout(timeout).build());
    r.registerCinema(Fixture.ALMATY_CINEMA);
    return r;
  }

  @Test
  void aFullDiskIsRefusedRetryablyAndRegistrationResumesWhenSpaceIsBack() throws Exception {
    try (SmallFilesystem fs = SmallFilesystem.mount(dir, 16)) {
      String url = "jdbc:sqlite:" + fs.dir().resolve("registry.db");
      Map<Long, String> acked = new TreeMap<>();
      List<RegistrationException> refusals = new ArrayList<>();
      try (Registry r = open(url, Duration.ofSeconds(10))) {
        for (int i = 0; i < 20; i++) {
          acked.put(register(r, f, "A-" + i).serial(), "A-" + i);
        }
        fs.fill();
        for (int i = 0; i < 400 && refusals.size() < 5; i++) {
          try {
            acked.put(register(r, f, "F-" + i).serial(), "F-" + i);
          } catch (RegistrationException e) {
            refusals.add(e);
          }
        }
        assertThat(refusals).as("a full disk refuses registrations").isNotEmpty()
            .allSatisfy(e -> assertThat(e.refusal()).isEqualTo(Refusal.UNAVAILABLE));
        fs.free();
        Registration after = eventually(r, f, "AFTER-FULL", Duration.ofSeconds(30));
        acked.put(after.serial(), "AFTER-FULL");
        assertThat(after.serial()).isEqualTo(r.size());
        assertIntact(r, acked);
      }
      try (Registry reopened = Registry.open(f.config(url).build())) {
        assertIntact(reopened, acked);
      }
    }
  }

  @Test
  void aFileThatTurnsReadOnlyIsRefusedRetryablyAndRegistrationResumes() throws Exception {
    try (SmallFilesystem fs = SmallFilesystem.mount(dir, 16)) {
      Path db = fs.dir().resolve("registry.db");
      String url = "jdbc:sqlite:" + db;
      Map<Long, String> acked = new TreeMap<>();
      try (Registry r = open(url, Duration.ofSeconds(10))) {
        for (int i = 0; i < 5; i++) {
          acked.put(register(r, f, "A-" + i).serial(), "A-" + i);
        }
        Path wal = fs.dir().resolve("registry.db-wal");
        fs.immutable(db, true);
        fs.immutable(wal, true);
        try {
          assertThat(refusalOf(() -> register(r, f, "RO-1")))
              .isEqualTo(Refusal.UNAVAILABLE);
        } finally {
          fs.immutable(db, false);
          fs.immutable(wal, false);
        }
        acked.put(eventually(r, f, "RO-1", Duration.ofSeconds(30)).serial(), "RO-1");
        assertIntact(r, acked);
      }
    }
  }

  @Test
  void nothingIsAcknowledgedBeyondTheCheckpointFile() throws Exception {
    try (SmallFilesystem fs = SmallFilesystem.mount(dir, 16)) {
      String url = "jdbc:sqlite:" + fs.dir().resolve("registry.db");
      Path file = fs.dir().resolve("registry.db.checkpoint");
      try (Registry r = open(url, Duration.ofSeconds(10))) {
        register(r, f, "A-1");
        String published = r.checkpoint();
        fs.immutable(file, true);
        try {
          // The sale commits, but its checkpoint cannot be kept outside the database: the
          // caller is not told "registered", and the checkpoint is not served.
          assertThat(refusalOf(() -> register(r, f, "A-2"))).isEqualTo(Refusal.UNAVAILABLE);
          assertThat(r.checkpoint()).isEqualTo(published);
          assertThat(java.nio.file.Files.readString(file)).isEqualTo(published);
        } finally {
          fs.immutable(file, false);
        }
        Registration retried = eventually(r, f, "A-2", Duration.ofSeconds(30));
        assertThat(retried.serial()).isEqualTo(CINEMA_ENTRIES + 2);
        assertThat(retried.alreadyRegistered()).isTrue();
        assertThat(java.nio.file.Files.readString(file)).isEqualTo(r.checkpoint())
            .isNotEqualTo(published);
        assertIntact(r, Map.of(CINEMA_ENTRIES + 1, "A-1", CINEMA_ENTRIES + 2, "A-2"));
      }
    }
  }

  @Test
  void aFrozenFileSystemTimesCallersOutAndTheWriterCatchesUp() throws Exception {
    try (SmallFilesystem fs = SmallFilesystem.mount(dir, 16)) {
      String url = "jdbc:sqlite:" + fs.dir().resolve("registry.db");
      Map<Long, String> acked = new TreeMap<>();
      try (Registry r = open(url, Duration.ofMillis(1500))) {
        acked.put(register(r, f, "A-1").serial(), "A-1");
        fs.freeze(true);
        try {
          assertThat(refusalOf(() -> register(r, f, "FROZEN"))).isEqualTo(Refusal.TIMEOUT);
        } finally {
          fs.freeze(false);
        }
        // The vendor retries: the frozen write completed after the thaw, or it is made now.
        Registration retried = eventually(r, f, "FROZEN", Duration.ofSeconds(30));
        acked.put(retried.serial(), "FROZEN");
        assertThat(retried.serial()).isEqualTo(CINEMA_ENTRIES + 2);
        assertIntact(r, acked);
      }
    }
  }

  @Test
  void anotherProgramHoldingTheDatabaseIsABusyRefusalNotAStuckWriter() throws Exception {
    String url = Databases.sqlite(dir);
    Map<Long, String> acked = new TreeMap<>();
    try (Registry r = open(url, Duration.ofMillis(800))) {
      acked.put(register(r, f, "A-1").serial(), "A-1");
      // An operator's sqlite3 shell, say, holding a write transaction: SQLITE_BUSY.
      try (java.sql.Connection other = java.sql.DriverManager.getConnection(url);
          java.sql.Statement s = other.createStatement()) {
        s.execute("BEGIN EXCLUSIVE");
        try {
          assertThat(refusalOf(() -> register(r, f, "BUSY")))
              .isIn(Refusal.UNAVAILABLE, Refusal.TIMEOUT);
        } finally {
          s.execute("ROLLBACK");
        }
      }
      acked.put(eventually(r, f, "BUSY", Duration.ofSeconds(30)).serial(), "BUSY");
      assertIntact(r, acked);
    }
  }

  @Test
  void aClockThatThrowsOnTheWriterThreadFailsItsBatchNotTheWriter() throws Exception {
    String url = Databases.sqlite(dir);
    AtomicInteger failures = new AtomicInteger();
    Clock flaky = new Clock() {
      @Override
      public Instant instant() {
        if (Thread.currentThread().getName().equals("ekino-registry-writer")) {
          int n = failures.getAndDecrement();
          if (n == 2) {
            throw new IllegalStateException("clock failure");
          }
          if (n == 1) {
            throw new AssertionError("an Error on the writer thread");
          }
        }
        return f.clock.instant();
      }

      @Override
      public ZoneId getZone() {
        return f.clock.getZone();
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }
    };
    Map<Long, String> acked = new TreeMap<>();
    try (Registry r = Registry.open(f.config(url).clock(flaky).build())) {
      r.registerCinema(Fixture.ALMATY_CINEMA);
      acked.put(register(r, f, "A-1").serial(), "A-1");
      failures.set(2);
      assertThat(refusalOf(() -> register(r, f, "A-2"))).isEqualTo(Refusal.UNAVAILABLE);
      assertThat(refusalOf(() -> register(r, f, "A-3"))).isEqualTo(Refusal.UNAVAILABLE);
      acked.put(register(r, f, "A-2").serial(), "A-2");
      acked.put(register(r, f, "A-3").serial(), "A-3");
      assertThat(acked).containsKeys(CINEMA_ENTRIES + 1, CINEMA_ENTRIES + 2, CINEMA_ENTRIES + 3);
      assertIntact(r, acked);
    }
  }

  @Test
  void closeAnswersEveryCallInFlight() throws Exception {
    String url = Databases.sqlite(dir);
    List<CompletableFuture<Registration>> futures = new ArrayList<>();
    Registry r = open(url, Duration.ofSeconds(10));
    for (int i = 0; i < 2_000; i++) {
      Sale s = Fixture.sale("C-" + i, Fixture.almatyTonight(), 100_000, Fixture.START);
      futures.add(r.registerAsync(Submissions.signSale(s, f.keyFor(s))));
      if (i == 1_000) {
        new Thread(r::close).start();
      }
    }
    int registered = 0;
    int closed = 0;
    for (CompletableFuture<Registration> future : futures) {
      try {
        future.get(30, TimeUnit.SECONDS);
        registered++;
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOfSatisfying(RegistrationException.class,
            x -> assertThat(x.refusal()).isEqualTo(Refusal.CLOSED));
        closed++;
      }
    }
    assertThat(registered + closed).isEqualTo(2_000);
    assertThat(closed).isPositive();
    try (Registry reopened = Registry.open(f.config(url).build())) {
      assertThat(reopened.size()).isEqualTo(CINEMA_ENTRIES + registered);
      assertThat(reopened.audit()).isEqualTo(CINEMA_ENTRIES + registered);
    }
  }

  interface Call {
    void run() throws Exception;
  }

  static Refusal refusalOf(Call call) throws Exception {
    try {
      call.run();
    } catch (RegistrationException e) {
      return e.refusal();
    }
    throw new AssertionError("expected a refusal");
  }
}
