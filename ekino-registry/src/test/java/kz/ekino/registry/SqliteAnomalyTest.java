package kz.ekino.registry;

import java.nio.file.Path;
import kz.ekino.registry.testing.Databases;
import org.junit.jupiter.api.io.TempDir;

/** The anomaly rules planted in a registry on an embedded SQLite file (issue 13). */
class SqliteAnomalyTest extends AnomalyContract {
  @TempDir
  Path dir;

  @Override
  String newDatabase() {
    return Databases.sqlite(dir);
  }
}
