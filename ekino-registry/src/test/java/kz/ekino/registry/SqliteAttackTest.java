package kz.ekino.registry;

import java.nio.file.Path;
import kz.ekino.registry.testing.Databases;
import org.junit.jupiter.api.io.TempDir;

/** The attacks of issue 10 on an embedded SQLite file. */
class SqliteAttackTest extends AttackContract {
  @TempDir
  Path dir;

  @Override
  String newDatabase() {
    return Databases.sqlite(dir);
  }
}
