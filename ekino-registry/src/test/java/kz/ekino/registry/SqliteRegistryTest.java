package kz.ekino.registry;

import java.nio.file.Path;
import kz.ekino.registry.testing.Databases;
import org.junit.jupiter.api.io.TempDir;

/** The registry suite on an embedded SQLite file. */
class SqliteRegistryTest extends RegistryContract {
  @TempDir
  Path dir;

  @Override
  String newDatabase() {
    return Databases.sqlite(dir);
  }
}
