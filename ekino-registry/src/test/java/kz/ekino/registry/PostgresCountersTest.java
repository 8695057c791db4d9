package kz.ekino.registry;

import kz.ekino.registry.testing.Databases;

/** Terminals, declarations and corrections (issue 13) on a real PostgreSQL server (EKINO_TEST_POSTGRES_URL). */
class PostgresCountersTest extends CountersContract {
  @Override
  String newDatabase() {
    return Databases.postgres();
  }
}
