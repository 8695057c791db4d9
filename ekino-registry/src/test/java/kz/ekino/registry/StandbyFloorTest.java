package kz.ekino.registry;

import static kz.ekino.registry.testing.Faults.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import kz.ekino.registry.testing.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standby's floor survives its restart: the checkpoints it served are kept in its own
 * checkpoint file, so a database that went back is refused after the standby restarts too.
 */
class StandbyFloorTest {
  @TempDir Path dir;
  private final Fixture f = new Fixture();

  private RegistryConfig config(Path db, String host) {
    return f.config("jdbc:sqlite:" + db).checkpointFile(dir.resolve(host + ".checkpoint"))
        .build();
  }

  private static void copy(Path from, Path to) throws Exception {
    for (String s : new String[] {"", "-wal", "-shm"}) {
      Path a = Path.of(from + s);
      Path b = Path.of(to + s);
      if (Files.exists(a)) {
        Files.copy(a, b, StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.deleteIfExists(b);
      }
    }
  }

  @Test
  void aRestartedStandbyRefusesADatabaseBehindWhatItServed() throws Exception {
    Path db = dir.resolve("registry.db");
    Path backup = dir.resolve("backup.db");
    try (Registry a = Registry.open(config(db, "a"))) {
      a.registerCinema(Fixture.ALMATY_CINEMA);
      register(a, f, "T-1");
    }
    copy(db, backup);
    long served;
    try (Registry a = Registry.open(config(db, "a"))) {
      register(a, f, "T-2");
      register(a, f, "T-3");
      register(a, f, "T-4");
      try (Registry b = Registry.openStandby(config(db, "b"))) {
        assertThat(b.role()).isEqualTo(Registry.Role.STANDBY);
        assertThat(b.checkpoint()).isEqualTo(a.checkpoint());
        served = b.size();
      } // host b restarts
    } // host a dies
    assertThat(Files.readString(dir.resolve("b.checkpoint"))).contains("\n" + served + "\n");
    copy(backup, db); // a backup restored: the database went back

    assertThatThrownBy(() -> Registry.openStandby(config(db, "b")))
        .isInstanceOf(RegistryException.class)
        .satisfies(e -> assertThat(((RegistryException) e).reason())
            .isEqualTo(RegistryException.Reason.BEHIND));
  }

  @Test
  void aStandbyKeepsTheLargestCheckpointItServes() throws Exception {
    Path db = dir.resolve("registry.db");
    try (Registry a = Registry.open(config(db, "a"))) {
      a.registerCinema(Fixture.ALMATY_CINEMA);
      register(a, f, "T-1");
      try (Registry b = Registry.openStandby(config(db, "b"))) {
        register(a, f, "T-2");
        assertThat(b.size()).isEqualTo(a.size());
        assertThat(Files.readString(dir.resolve("b.checkpoint"))).isEqualTo(a.checkpoint());
      }
    }
  }
}
