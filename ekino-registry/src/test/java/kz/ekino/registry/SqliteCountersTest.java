package kz.ekino.registry;

import java.nio.file.Path;
import kz.ekino.registry.testing.Databases;
import org.junit.jupiter.api.io.TempDir;

/** Terminals, declarations and corrections (issue 13) on an embedded SQLite file. */
class SqliteCountersTest extends CountersContract {
  @TempDir
  Path dir;

  @Override
  String newDatabase() {
    return Databases.sqlite(dir);
  }
}
