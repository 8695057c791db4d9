package kz.ekino.registry;

import kz.ekino.core.registration.Refusal;
import kz.ekino.core.registration.TicketStatus;
import static kz.ekino.registry.testing.Faults.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import kz.ekino.core.trust.TrustList;
import kz.ekino.core.trust.TrustedKey;
import kz.ekino.registry.RegistryException.Reason;
import kz.ekino.registry.testing.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer per log, read-only opens beside it, and no rollback: a database behind the last
 * published checkpoint (a restored backup, a deleted file) or on another history is refused,
 * so the registry never signs two checkpoints of one size. On real SQLite files and a real
 * second process.
 */
class SingleWriterTest {
  /** The entries before the first sale: the trust list, two cinemas, two films. */
  private static final long BASE = 5;

  @TempDir
  Path dir;

  private final Fixture f = new Fixture();

  private String url() {
    return "jdbc:sqlite:" + dir.resolve("registry.db");
  }

  private static RegistryException.Reason reasonOf(SqliteFaultTest.Call call) {
    try {
      call.run();
    } catch (RegistryException e) {
      return e.reason();
    } catch (Exception e) {
      throw new AssertionError("expected a RegistryException, got " + e, e);
    }
    throw new AssertionError("expected a RegistryException");
  }

  @Test
  void aSecondWriterInAnotherProcessIsRefusedWithTheHoldersName() throws Exception {
    try (Registry r = f.openWithCinemas(url())) {
      register(r, f, "A-1");
    }
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"),
        HoldingChild.class.getName(), url()).redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
          StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("OPEN " + (BASE + 1));
      assertThatThrownBy(() -> f.open(url())).isInstanceOfSatisfying(RegistryException.class,
          e -> {
            assertThat(e.reason()).isEqualTo(Reason.LOCKED);
            assertThat(e.getMessage()).contains("is held by process " + child.pid());
          });
      // Readers work beside the writer.
      try (Registry reader = Registry.openReadOnly(f.config(url()).build())) {
        assertThat(reader.size()).isEqualTo(BASE + 1);
        assertThat(reader.status(BASE + 1).status()).isEqualTo(TicketStatus.Status.REGISTERED);
      }
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    // The kernel released the dead writer's lock.
    try (Registry r = f.open(url())) {
      assertThat(register(r, f, "A-2").serial()).isEqualTo(BASE + 2);
    }
  }

  @Test
  void aSecondWriterInTheSameProcessIsRefusedAndTheLockStaysHeld() throws Exception {
    try (Registry r = f.openWithCinemas(url())) {
      assertThat(reasonOf(() -> f.open(url()))).isEqualTo(Reason.LOCKED);
      assertThat(reasonOf(() -> f.open("jdbc:sqlite:" + dir.resolve(".").resolve(
          "registry.db")))).isEqualTo(Reason.LOCKED);
      // Refusing must not have let go of the file lock (closing any handle on a lock file
      // in the holding process would): another process still cannot take the log.
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin",
          "java").toString(), "-cp", System.getProperty("java.class.path"),
          HoldingChild.class.getName(), url()).redirectErrorStream(true).start();
      String said = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).as(said).isNotZero();
      assertThat(said).doesNotContain("OPEN").contains("is held by process "
          + ProcessHandle.current().pid());
      register(r, f, "A-1");
    }
  }

  @Test
  void aReadOnlyOpenOfAMissingDatabaseFailsAndCreatesNothing() throws Exception {
    assertThat(reasonOf(() -> Registry.openReadOnly(f.config(url()).build())))
        .isEqualTo(Reason.MISSING);
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aReadOnlyRegistryNeverWritesNorSigns() throws Exception {
    try (Registry r = f.openWithCinemas(url())) {
      register(r, f, "A-1");
    }
    byte[] before = Files.readAllBytes(dir.resolve("registry.db"));
    try (Registry reader = Registry.openReadOnly(f.config(url()).build())) {
      assertThatThrownBy(() -> register(reader, f, "A-2"))
          .isInstanceOfSatisfying(kz.ekino.core.registration.RegistrationException.class, e -> {
            // Retryable: a client sends it to the writer, or again once a standby took over.
            assertThat(e.refusal()).isEqualTo(Refusal.CLOSED);
            assertThat(e.detail()).startsWith("READ_ONLY: ");
          });
      // A reader may lag the writer: it signs no revocation list that could miss refunds.
      assertThatThrownBy(reader::revocationList).isInstanceOf(IllegalStateException.class);
      assertThat(reader.audit()).isEqualTo(BASE + 1);
    }
    assertThat(Files.readAllBytes(dir.resolve("registry.db"))).isEqualTo(before);
  }

  @Test
  void aRestoredBackupBehindThePublishedCheckpointIsRefused() throws Exception {
    try (Registry r = f.openWithCinemas(url())) {
      register(r, f, "A-1");
      register(r, f, "A-2");
    }
    Path backup = dir.resolve("backup.db");
    Files.copy(dir.resolve("registry.db"), backup);
    String published;
    try (Registry r = f.open(url())) {
      register(r, f, "A-3");
      register(r, f, "A-4");
      register(r, f, "A-5");
      published = r.checkpoint();
    }
    Files.copy(backup, dir.resolve("registry.db"), StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(() -> f.open(url())).isInstanceOfSatisfying(RegistryException.class,
        e -> {
          assertThat(e.reason()).isEqualTo(Reason.BEHIND);
          assertThat(e.getMessage()).contains("holds " + (BASE + 2) + " log entries",
              "published a checkpoint of " + (BASE + 5), "3 entries are missing");
        });
    assertThat(reasonOf(() -> Registry.openReadOnly(f.config(url()).build())))
        .isEqualTo(Reason.BEHIND);
    // Nothing was signed for the old size: the checkpoint file still holds size 5.
    assertThat(Files.readString(dir.resolve("registry.db.checkpoint"))).isEqualTo(published);
  }

  @Test
  void aDeletedDatabaseIsNotSilentlyMadeAnew() throws Exception {
    try (Registry r = f.openWithCinemas(url())) {
      register(r, f, "A-1");
    }
    Files.delete(dir.resolve("registry.db"));
    Files.deleteIfExists(dir.resolve("registry.db-wal"));
    Files.deleteIfExists(dir.resolve("registry.db-shm"));

    assertThat(reasonOf(() -> f.open(url()))).isEqualTo(Reason.BEHIND);
    assertThat(dir.resolve("registry.db")).doesNotExist();
  }

  @Test
  void aDatabaseOnAnotherHistoryIsRefused() throws Exception {
    try (Registry r = f.openWithCinemas(url())) {
      register(r, f, "A-1");
    }
    Path fork = dir.resolve("fork");
    Files.createDirectories(fork);
    Files.copy(dir.resolve("registry.db"), fork.resolve("registry.db"));
    try (Registry r = f.open(url())) {
      register(r, f, "A-2");
    }
    // The copy goes on with another sale 2, under a checkpoint file of its own.
    try (Registry r = f.open("jdbc:sqlite:" + fork.resolve("registry.db"))) {
      register(r, f, "OTHER-2");
      register(r, f, "OTHER-3");
    }
    Files.copy(fork.resolve("registry.db"), dir.resolve("registry.db"),
        StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(() -> f.open(url())).isInstanceOfSatisfying(RegistryException.class,
        e -> {
          assertThat(e.reason()).isEqualTo(Reason.DIVERGED);
          assertThat(e.getMessage()).contains("size " + (BASE + 2), "different history");
        });
  }

  @Test
  void aNewTrustListTakesEffectWithoutARestart() throws Exception {
    try (Registry r = f.openWithCinemas(url())) {
      register(r, f, "A-1");
      Instant from = Instant.parse("2026-01-01T00:00:00Z");
      TrustList withoutVendorA = TrustList.of(2, Instant.parse("2026-11-25T00:00:00Z"),
          Instant.parse("2027-01-01T00:00:00Z"), List.of(
              TrustedKey.registry(f.registryKey.verificationKey(), from, Optional.empty()),
              TrustedKey.vendor(f.vendorB.verificationKey(), Fixture.VENDOR_B,
                  Set.of(Fixture.ASTANA), from, Optional.empty())));
      r.replaceTrustList(withoutVendorA);
      assertThat(SqliteFaultTest.refusalOf(() -> register(r, f, "A-2")))
          .isEqualTo(Refusal.UNKNOWN_KEY);
      // An older list does not come back, even one that claims a later issue time: the
      // sequence decides (trust-list-v1, "Rollback").
      assertThat(reasonOf(() -> r.replaceTrustList(f.trust)))
          .isEqualTo(Reason.CONFIGURATION);
      TrustList laterButLower = TrustList.of(1, Instant.parse("2026-11-30T00:00:00Z"),
          Instant.parse("2027-01-01T00:00:00Z"), f.trust.keys());
      assertThatThrownBy(() -> r.replaceTrustList(laterButLower))
          .isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.CONFIGURATION);
            assertThat(e.getMessage()).contains("ROLLBACK", "sequence 1", "2");
          });
      assertThat(SqliteFaultTest.refusalOf(() -> register(r, f, "A-2")))
          .isEqualTo(Refusal.UNKNOWN_KEY);
    }
  }
}
