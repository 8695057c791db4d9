package kz.ekino.registry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import kz.ekino.registry.monitoring.Dimension;
import kz.ekino.registry.monitoring.Monitoring;
import kz.ekino.registry.monitoring.TimeRange;
import kz.ekino.registry.testing.Databases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every monitoring query gives exactly what the schema-1 queries gave ({@link V1Monitoring},
 * which joined the directory to every sale and sorted every lag in memory), on a few thousand
 * sales with refunds, partial refunds, admissions, specimens, co-productions and films of
 * several genres, for ranges from an hour to everything; and hostile arguments are refused
 * before any work.
 */
class MonitoringQueriesTest {
  private static final int SALES = 2500;

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void everyQueryGivesWhatTheSchemaOneQueriesGave(String store) throws Exception {
    try (Database db = Databases.openWriter(store, dir)) {
      SyntheticLog.write(db.writer(), 2026, SALES);
      Instant t0 = SyntheticLog.DAY0;
      for (TimeRange range : List.of(TimeRange.all(),
          new TimeRange(t0, t0.plus(Duration.ofDays(3))),
          new TimeRange(t0.plus(Duration.ofHours(30)), t0.plus(Duration.ofHours(31))),
          new TimeRange(t0.plus(Duration.ofDays(5)), t0.plus(Duration.ofDays(6))),
          new TimeRange(t0.minus(Duration.ofDays(400)), t0.minus(Duration.ofDays(399))))) {
        Clock clock = Clock.fixed(t0.plus(Duration.ofDays(1)), ZoneOffset.UTC);
        Monitoring now = new JdbcMonitoring(db, clock);
        Monitoring v1 = new V1Monitoring(db, clock);
        for (Set<Dimension> dims : groupings()) {
          assertThat(now.boxOffice(dims, range)).as("%s %s", dims, range)
              .isEqualTo(v1.boxOffice(dims, range));
        }
        assertThat(now.shares(range)).as("%s", range).isEqualTo(v1.shares(range));
        assertThat(now.uploadLag(range)).as("%s", range).isEqualTo(v1.uploadLag(range));
      }
      // The data are not trivial: every query has something to count.
      Monitoring all = new JdbcMonitoring(db, Clock.systemUTC());
      assertThat(all.boxOffice(EnumSet.of(Dimension.GENRE, Dimension.COUNTRY),
          TimeRange.all())).hasSizeGreaterThan(8);
      assertThat(all.uploadLag(TimeRange.all())).hasSize(SyntheticLog.KATO.length + 1);
      for (int minutes : new int[] {0, 17, 60, 600, 3000}) {
        Clock clock = Clock.fixed(t0.plus(Duration.ofMinutes(minutes * 7L)), ZoneOffset.UTC);
        for (Duration silence : List.of(Duration.ZERO, Duration.ofMinutes(10),
            Duration.ofHours(2))) {
          assertThat(new JdbcMonitoring(db, clock).silentCinemas(silence, Duration.ofHours(3)))
              .isEqualTo(new V1Monitoring(db, clock).silentCinemas(silence,
                  Duration.ofHours(3)));
        }
      }
    }
  }

  /** Nothing, everything, each dimension alone and with DAY (or CINEMA), and a few triples. */
  private static List<Set<Dimension>> groupings() {
    List<Set<Dimension>> out = new ArrayList<>();
    out.add(EnumSet.noneOf(Dimension.class));
    out.add(EnumSet.allOf(Dimension.class));
    for (Dimension d : Dimension.values()) {
      out.add(EnumSet.of(d));
      out.add(EnumSet.of(d, d == Dimension.DAY ? Dimension.CINEMA : Dimension.DAY));
    }
    out.add(EnumSet.of(Dimension.REGION, Dimension.GENRE, Dimension.NATIONAL));
    out.add(EnumSet.of(Dimension.SCREENING, Dimension.REGION, Dimension.COUNTRY));
    out.add(EnumSet.of(Dimension.LANGUAGE, Dimension.CHANNEL, Dimension.FILM));
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void uploadLagPercentilesAreExactForAnyMixOfLags(String store) throws Exception {
    try (Database db = Databases.openWriter(store, dir)) {
      SyntheticLog.write(db.writer(), 11, 10);
      // Many equal lags, long tails and a negative lag (a vendor clock ahead of the registry).
      Random random = new Random(95);
      try (PreparedStatement s = db.writer().prepareStatement("UPDATE records SET sold_at ="
          + " registered_at - ? WHERE serial = ?")) {
        for (long serial = 1; serial <= 10; serial++) {
          s.setLong(1, random.nextInt(4) == 0 ? -3 : random.nextInt(3) * 3600L);
          s.setLong(2, serial);
          s.executeUpdate();
        }
      }
      db.writer().commit();
      Clock clock = Clock.systemUTC();
      assertThat(new JdbcMonitoring(db, clock).uploadLag(TimeRange.all()))
          .isEqualTo(new V1Monitoring(db, clock).uploadLag(TimeRange.all()));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void hostileArgumentsAreRefusedOrCostNothing(String store) throws Exception {
    try (Database db = Databases.openWriter(store, dir)) {
      SyntheticLog.write(db.writer(), 3, 50);
      Clock clock = Clock.fixed(SyntheticLog.DAY0, ZoneOffset.UTC);
      Monitoring m = new JdbcMonitoring(db, clock);
      // A hundred years (or all time) is fine while the data in it covers less than a year.
      TimeRange century = new TimeRange(Instant.parse("1970-01-01T00:00:00Z"),
          Instant.parse("2070-01-01T00:00:00Z"));
      assertThat(m.boxOffice(Set.of(), century)).hasSize(1);
      TimeRange extreme = new TimeRange(Instant.MIN, Instant.MAX);
      assertThat(m.boxOffice(Set.of(Dimension.DAY), extreme)).isNotEmpty();
      assertThat(m.uploadLag(extreme)).hasSizeGreaterThan(1);
      // A range with nothing in it costs two probes and answers empty.
      TimeRange empty = new TimeRange(Instant.parse("2100-01-01T00:00:00Z"),
          Instant.parse("2100-01-01T00:00:00Z"));
      assertThat(m.boxOffice(EnumSet.allOf(Dimension.class), empty)).isEmpty();
      assertThat(m.shares(empty).kazakhTickets().total()).isZero();
      assertThat(m.uploadLag(empty)).hasSize(1);

      // Once the data span more than a year, a report over all of it is refused at once.
      Connection c = db.writer();
      try (PreparedStatement s = c.prepareStatement(
          "UPDATE records SET screening_start = screening_start - ?,"
              + " registered_at = registered_at - ? WHERE serial = 1")) {
        long twoYears = Duration.ofDays(730).toSeconds();
        s.setLong(1, twoYears);
        s.setLong(2, twoYears);
        s.executeUpdate();
        c.commit();
      }
      assertThatThrownBy(() -> m.boxOffice(Set.of(Dimension.SCREENING), century))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("more than 366 days");
      assertThatThrownBy(() -> m.shares(century)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> m.uploadLag(century))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("registrations");
      // A year of it is still fine.
      TimeRange recent = new TimeRange(SyntheticLog.DAY0.minus(Duration.ofDays(300)),
          SyntheticLog.DAY0.plus(Duration.ofDays(30)));
      assertThat(m.boxOffice(Set.of(), recent)).hasSize(1);

      assertThatThrownBy(() -> m.silentCinemas(Duration.ofMinutes(-1), Duration.ofHours(3)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
      assertThatThrownBy(() -> m.silentCinemas(Duration.ofMinutes(30), Duration.ofDays(36500)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT24H");
      assertThatThrownBy(() -> m.silentCinemas(Duration.ofMinutes(30), Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new TimeRange(Instant.MAX, Instant.MIN))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aReportWithTooManyRowsIsRefusedNotTruncated(String store) throws Exception {
    try (Database db = Databases.openWriter(store, dir)) {
      SyntheticLog.write(db.writer(), 5, 200);
      Monitoring m = new JdbcMonitoring(db, Clock.systemUTC(), 10);
      assertThat(m.boxOffice(Set.of(Dimension.REGION), TimeRange.all())).hasSizeLessThan(10);
      assertThatThrownBy(() -> m.boxOffice(Set.of(Dimension.SCREENING), TimeRange.all()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("more than 10 rows");
    }
  }
}
