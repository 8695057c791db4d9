package kz.ekino.registry.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import kz.ekino.registry.monitoring.Dimension;
import kz.ekino.registry.monitoring.TimeRange;

/**
 * The plans the database chooses for the registry's long-range reads: every monitoring
 * statement, the revocation list's and the audit's, built by the same code that runs them.
 * {@code EXPLAIN QUERY PLAN} on SQLite, {@code EXPLAIN} on PostgreSQL. QueryPlanTest uses it to
 * fail the build when a statement stops reading from its index; {@code scripts/scale.sh}
 * prints the plans next to the timings on millions of records.
 */
public final class QueryPlans {
  /** SQLite's line for a pass over a whole table or index, by the aliases the SQL uses. */
  private static final Pattern SQLITE_WHOLE = Pattern.compile(
      "^(SCAN) (records|admissions|log_nodes|s|rf|r|a)( .*)?$");
  private static final Pattern POSTGRES_NODE = Pattern.compile(
      "(Seq Scan|Index Scan|Index Only Scan|Index Scan Backward|Index Only Scan Backward"
          + "|Bitmap Index Scan) (using \\S+ )?on (\\S+)");
  private static final Set<String> BIG = Set.of("records", "admissions", "log_nodes",
      "records_sale_screening", "records_sale_registered", "records_refund_serial",
      "records_refund_of", "records_cinema_registered", "records_sale_ticket",
      "records_pkey", "admissions_pkey", "log_nodes_pkey");

  private QueryPlans() {}

  /** One statement's plan, line by line as the database printed it. */
  public record Plan(String name, String sql, List<String> lines) {
    public Plan {
      lines = List.copyOf(lines);
    }

    /**
     * The lines that read all of records, admissions or log_nodes (or all of one of their
     * indexes) rather than a range or a key: a sequential scan, or an index read without an
     * index condition.
     */
    public List<String> wholeTableReads() {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (SQLITE_WHOLE.matcher(line).matches()) {
          out.add(line);
          continue;
        }
        var m = POSTGRES_NODE.matcher(line);
        if (!m.find() || !BIG.contains(m.group(3))) {
          continue;
        }
        if (m.group(1).equals("Seq Scan")) {
          out.add(line);
          continue;
        }
        boolean conditioned = false;
        for (int j = i + 1; j < lines.size() && !lines.get(j).contains("->"); j++) {
          conditioned |= lines.get(j).contains("Index Cond:");
        }
        if (!conditioned) {
          out.add(line);
        }
      }
      return out;
    }

    /** A one-line summary: the plan's lines joined by " | ". */
    public String summary() {
      return String.join(" | ", lines.stream().map(String::strip).toList());
    }
  }

  /**
   * The statements whose plans matter at scale, with the parameters they get for this range:
   * box office by nothing, by each dimension and by all, shares, upload lag, silent cinemas
   * (at {@code now}), the revocation list since a recent serial and in full (cut-off
   * {@code now} minus three hours, {@code treeSize} the log's size) and the audit's reads.
   */
  static List<BoundSql> statements(TimeRange range, Instant now, long treeSize) {
    List<BoundSql> out = new ArrayList<>();
    out.add(JdbcMonitoring.screeningSpanSql(range, true));
    out.add(JdbcMonitoring.screeningSpanSql(range, false));
    out.add(JdbcMonitoring.boxOfficeSql(EnumSet.noneOf(Dimension.class), range));
    for (Dimension d : Dimension.values()) {
      out.add(JdbcMonitoring.boxOfficeSql(EnumSet.of(d), range));
    }
    out.add(JdbcMonitoring.boxOfficeSql(EnumSet.allOf(Dimension.class), range));
    out.add(JdbcMonitoring.sharesSql(range));
    out.add(JdbcMonitoring.registrationSpanSql(range, true));
    out.add(JdbcMonitoring.registrationSpanSql(range, false));
    out.add(JdbcMonitoring.maxSerialSql());
    out.add(JdbcMonitoring.lagByCinemaSql(range, treeSize));
    out.add(JdbcMonitoring.lagOverallSql(range, treeSize));
    out.add(JdbcMonitoring.runningScreeningsSql(now, Duration.ofHours(3)));
    out.add(JdbcMonitoring.lastRegistrationSql());
    Instant cutOff = now.minus(Duration.ofHours(3));
    // A scanner polling every few minutes asks for the last few hundred serials.
    out.add(Revocations.sql(Math.max(0, treeSize - Math.min(1000, treeSize / 10)), treeSize,
        cutOff));
    out.add(Revocations.sql(0, Math.max(treeSize, Revocations.REFUNDS_LEAD_UP_TO + 1), cutOff));
    out.add(LogAudit.recordsSql(1, 1 + LogAudit.RECORD_CHUNK));
    out.add(LogAudit.nodesSql(0, 0, LogAudit.NODE_CHUNK));
    return out;
  }

  /** Explains each of {@link #statements} on {@code c}. */
  public static List<Plan> explain(Connection c, Database.Dialect dialect, TimeRange range,
      Instant now, long treeSize) throws SQLException {
    List<Plan> plans = new ArrayList<>();
    for (BoundSql sql : statements(range, now, treeSize)) {
      plans.add(explain(c, dialect, sql));
    }
    return plans;
  }

  static Plan explain(Connection c, Database.Dialect dialect, BoundSql sql)
      throws SQLException {
    boolean sqlite = dialect == Database.Dialect.SQLITE;
    List<String> lines = new ArrayList<>();
    try (PreparedStatement s = sql.prepare(c, sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        lines.add(sqlite ? rs.getString(4) : rs.getString(1));
      }
    }
    return new Plan(sql.name(), sql.sql(), lines);
  }

  /** Explains any statement with its parameters, for plans of other reads (status, proofs). */
  public static Plan explain(Connection c, Database.Dialect dialect, String name, String sql,
      Object... params) throws SQLException {
    return explain(c, dialect, BoundSql.of(name, sql, params));
  }
}
