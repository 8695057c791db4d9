package kz.ekino.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands that only read never create a registry, and a registry whose database went missing
 * is refused rather than made anew (it published a checkpoint that a new log would contradict).
 */
class RegistryFilesTest {
  @TempDir
  Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run ekino(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new Main(Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC),
        new PrintWriter(out, true), new PrintWriter(err, true)).run(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void readingCommandsOnAMissingDatabaseFailAndCreateNothing() throws Exception {
    Path data = dir.resolve("data");
    assertThat(ekino("demo", "--data", data.toString()).exit()).isZero();
    Path db = data.resolve("registry.db");
    Files.delete(db);
    Files.deleteIfExists(data.resolve("registry.db-wal"));
    Files.deleteIfExists(data.resolve("registry.db-shm"));

    Run checkpoint = ekino("checkpoint", "--data", data.toString());
    assertThat(checkpoint.exit()).isNotZero();
    assertThat(checkpoint.err()).contains("no registry database at " + db);
    Run prove = ekino("prove", "--data", data.toString(), "--serial", "1");
    assertThat(prove.exit()).isNotZero();
    assertThat(db).doesNotExist();

    // The writer does not make a new, empty log either: it published a checkpoint.
    Run demo = ekino("demo", "--data", data.toString());
    assertThat(demo.exit()).isNotZero();
    assertThat(demo.err()).contains("is missing, but this registry published a checkpoint");
    assertThat(db).doesNotExist();
  }
}
