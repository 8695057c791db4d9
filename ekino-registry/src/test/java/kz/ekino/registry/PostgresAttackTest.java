package kz.ekino.registry;

import kz.ekino.registry.testing.Databases;

/** The attacks of issue 10 on a real PostgreSQL server (EKINO_TEST_POSTGRES_URL). */
class PostgresAttackTest extends AttackContract {
  @Override
  String newDatabase() {
    return Databases.postgres();
  }
}
