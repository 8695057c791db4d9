package kz.ekino.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import kz.ekino.registry.monitoring.Dimension;
import kz.ekino.registry.monitoring.Monitoring;
import kz.ekino.registry.monitoring.TimeRange;
import kz.ekino.registry.testing.Databases;
import kz.ekino.registry.testing.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry suite on a real PostgreSQL server (EKINO_TEST_POSTGRES_URL; .ci/run starts
 * one), plus a comparison of every monitoring query with SQLite on the same data.
 */
class PostgresRegistryTest extends RegistryContract {
  @TempDir
  Path dir;

  @Override
  String newDatabase() {
    return Databases.postgres();
  }

  @Test
  void monitoringGivesTheSameResultsOnSqliteAndPostgresql() throws Exception {
    Fixture other = new Fixture();
    try (Registry sqlite = other.openWithCinemas(Databases.sqlite(dir))) {
      MonitoringData.load(registry, f);
      MonitoringData.load(sqlite, other);
      Monitoring pg = registry.monitoring();
      Monitoring lite = sqlite.monitoring();
      TimeRange all = TimeRange.all();

      int compared = 0;
      for (Set<Dimension> dims : groupings()) {
        assertThat(pg.boxOffice(dims, all)).as("%s", dims).isEqualTo(lite.boxOffice(dims, all))
            .isNotEmpty();
        compared++;
      }
      assertThat(pg.shares(all)).isEqualTo(lite.shares(all));
      assertThat(pg.uploadLag(all)).isEqualTo(lite.uploadLag(all));
      f.clock.set(Fixture.almatyTonight().start().plus(Duration.ofMinutes(20)));
      other.clock.set(f.clock.instant());
      assertThat(pg.silentCinemas(Duration.ofMinutes(30), Duration.ofHours(3)))
          .isEqualTo(lite.silentCinemas(Duration.ofMinutes(30), Duration.ofHours(3)))
          .isNotEmpty();
      assertThat(compared).isEqualTo(Dimension.values().length * 2 + 2);
    }
  }

  /** Every single dimension, every pair with DAY and with CINEMA, none, and all of them. */
  private static List<Set<Dimension>> groupings() {
    List<Set<Dimension>> out = new ArrayList<>();
    out.add(EnumSet.noneOf(Dimension.class));
    out.add(EnumSet.allOf(Dimension.class));
    for (Dimension d : Dimension.values()) {
      out.add(EnumSet.of(d));
      out.add(EnumSet.of(d, d == Dimension.DAY ? Dimension.CINEMA : Dimension.DAY));
    }
    return out;
  }
}
