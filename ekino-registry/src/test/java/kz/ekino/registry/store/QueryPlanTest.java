package kz.ekino.registry.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import kz.ekino.registry.monitoring.TimeRange;
import kz.ekino.registry.testing.Databases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fails when a long-range read stops using its index: every monitoring statement, the
 * revocation list's and the audit's, for a day and for a month, must read ranges or keys of
 * records, admissions and log_nodes, never all of them. On PostgreSQL the planner may prefer
 * a sequential scan of a tiny table, so sequential scans are priced out for the check
 * ({@code enable_seqscan = off}): what is asserted is that an index can serve each statement.
 * docs/registry.md ("Scale") shows the same plans on five million records.
 */
class QueryPlanTest {
  private static final Instant NOW = SyntheticLog.DAY0.plus(Duration.ofDays(2));
  private static final List<TimeRange> RANGES = List.of(
      new TimeRange(NOW.minus(Duration.ofDays(1)), NOW),
      new TimeRange(NOW.minus(Duration.ofDays(30)), NOW));

  @TempDir
  Path dir;

  @Test
  void sqliteReadsEveryRangeFromAnIndex() throws Exception {
    String url = Databases.sqlite(dir);
    try (Database db = Database.openWriter(url, java.time.Duration.ofSeconds(30))) {
      SyntheticLog.write(db.writer(), 7, 300);
      try (Connection c = DriverManager.getConnection(url)) {
        check(c, Database.Dialect.SQLITE, 300);
      }
    }
  }

  @Test
  void postgresqlCanReadEveryRangeFromAnIndex() throws Exception {
    String url = Databases.postgres();
    try (Database db = Database.openWriter(url, java.time.Duration.ofSeconds(30))) {
      SyntheticLog.write(db.writer(), 7, 300);
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        s.execute("ANALYZE");
        s.execute("SET enable_seqscan = off");
        check(c, Database.Dialect.POSTGRESQL, 300);
      }
    }
  }

  private static void check(Connection c, Database.Dialect dialect, long size)
      throws Exception {
    for (TimeRange range : RANGES) {
      List<QueryPlans.Plan> plans = QueryPlans.explain(c, dialect, range, NOW, size);
      assertThat(plans).hasSizeGreaterThan(20);
      for (QueryPlans.Plan plan : plans) {
        assertThat(plan.wholeTableReads()).as("%s%n%s%n%s", plan.name(), plan.sql(),
            String.join("\n", plan.lines())).isEmpty();
        assertThat(plan.lines()).as(plan.name()).isNotEmpty();
      }
    }
  }

  @Test
  void aScanOfRecordsIsRecognisedInEitherDialect() {
    QueryPlans.Plan sqlite = new QueryPlans.Plan("x", "x", List.of("SCAN s",
        "SEARCH rf USING INDEX records_refund_of (refund_of=?) LEFT-JOIN", "SCAN c"));
    QueryPlans.Plan coveringScan = new QueryPlans.Plan("x", "x",
        List.of("SCAN records USING COVERING INDEX records_sale_screening"));
    QueryPlans.Plan postgres = new QueryPlans.Plan("x", "x", List.of(
        "Aggregate  (cost=1.00..2.00 rows=1 width=8)",
        "  ->  Seq Scan on records s  (cost=0.00..1.00 rows=1 width=8)",
        "        Filter: (kind = 0)"));
    QueryPlans.Plan wholeIndex = new QueryPlans.Plan("x", "x", List.of(
        "Aggregate  (cost=1.00..2.00 rows=1 width=8)",
        "  ->  Index Only Scan using records_sale_screening on records s  (cost=0.00..1.00)",
        "        Filter: (specimen = 0)"));
    QueryPlans.Plan ranged = new QueryPlans.Plan("x", "x", List.of(
        "Aggregate  (cost=1.00..2.00 rows=1 width=8)",
        "  ->  Index Only Scan using records_sale_screening on records s  (cost=0.00..1.00)",
        "        Index Cond: ((screening_start >= '1'::bigint))",
        "  ->  Seq Scan on cinemas c  (cost=0.00..1.00 rows=1 width=8)"));

    assertThat(sqlite.wholeTableReads()).containsExactly("SCAN s");
    assertThat(coveringScan.wholeTableReads()).hasSize(1);
    assertThat(postgres.wholeTableReads()).hasSize(1);
    assertThat(wholeIndex.wholeTableReads()).hasSize(1);
    assertThat(ranged.wholeTableReads()).isEmpty();
  }
}
