package kz.ekino.registry;

import kz.ekino.registry.testing.Databases;

/** The anomaly rules planted in a registry on a real PostgreSQL server (issue 13; EKINO_TEST_POSTGRES_URL). */
class PostgresAnomalyTest extends AnomalyContract {
  @Override
  String newDatabase() {
    return Databases.postgres();
  }
}
