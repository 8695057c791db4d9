package kz.ekino.bench.scale;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.ekino.core.log.TreeHash;
import kz.ekino.core.verify.VerificationPolicy;
import kz.ekino.registry.log.MerkleTree;
import kz.ekino.registry.monitoring.Dimension;
import kz.ekino.registry.monitoring.Monitoring;
import kz.ekino.registry.monitoring.TimeRange;
import kz.ekino.registry.store.Database;
import kz.ekino.registry.store.JdbcMonitoring;
import kz.ekino.registry.store.JdbcNodeStore;
import kz.ekino.registry.store.LogAudit;
import kz.ekino.registry.store.QueryPlans;
import kz.ekino.registry.store.Records;
import kz.ekino.registry.store.Revocations;

/**
 * The scale run behind {@code scripts/scale.sh} and the "Scale" section of docs/registry.md:
 * builds a registry database of N records ({@link ScaleBuild}), times every monitoring query
 * for the last day, week and month of it, the revocation list, status lookups, proofs and the
 * start-up count, prints their plans, and audits the whole log in a JVM of bounded heap.
 *
 * <p>Run through the script ({@code scripts/scale.sh --help}); directly:
 * {@code java -cp ekino-bench/target/benchmarks.jar kz.ekino.bench.scale.ScaleRun
 * build|measure|audit JDBC_URL [RECORDS] [OUT_FILE]}.
 */
public final class ScaleRun {
  private static final PrintStream OUT = System.out;

  private ScaleRun() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: ScaleRun build JDBC_URL RECORDS | measure JDBC_URL [OUT_FILE]"
          + " | audit JDBC_URL");
      System.exit(2);
    }
    String url = args[1];
    switch (args[0]) {
      case "build" -> {
        long records = Long.parseLong(args[2]);
        ScaleBuild.Built b = ScaleBuild.build(url, records, 2025, System.err);
        OUT.printf(Locale.ROOT, "built %,d records (%,d sales, %,d refunds, %,d admissions),"
            + " registered %s to %s, root %s, in %d s%n", b.records(), b.sales(), b.refunds(),
            b.admissions(), b.firstAt(), b.lastAt(), b.root().toBase64(), b.seconds());
      }
      case "measure" -> measure(url, args.length > 2 ? Path.of(args[2]) : null);
      case "audit" -> audit(url);
      default -> {
        System.err.println("unknown command " + args[0]);
        System.exit(2);
      }
    }
  }

  // ---------------------------------------------------------------------------------------

  private record Timed(String query, String range, double ms, long rows, String plan) {}

  private static final int REPEAT = 3;

  private static void measure(String url, Path outFile) throws Exception {
    StringBuilder report = new StringBuilder();
    try (Database db = Database.openWriter(url, java.time.Duration.ofSeconds(30)); Connection c = DriverManager.getConnection(url)) {
      Database.Dialect dialect = db.dialect();
      long size;
      Instant now;
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT tree_size FROM log_head WHERE id = 1")) {
        rs.next();
        size = rs.getLong(1);
      }
      try (PreparedStatement s = c.prepareStatement(
          "SELECT registered_at FROM records WHERE serial = ?")) {
        s.setLong(1, size);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          now = Instant.ofEpochSecond(rs.getLong(1));
        }
      }
      Instant dayEnd = LocalDate.ofInstant(now, ScaleWorld.ALMATY).atStartOfDay(ScaleWorld.ALMATY)
          .toInstant();
      Map<String, TimeRange> ranges = new LinkedHashMap<>();
      ranges.put("day", new TimeRange(dayEnd.minus(Duration.ofDays(1)), dayEnd));
      ranges.put("week", new TimeRange(dayEnd.minus(Duration.ofDays(7)), dayEnd));
      ranges.put("month", new TimeRange(dayEnd.minus(Duration.ofDays(30)), dayEnd));
      Map<String, QueryPlans.Plan> plans = new LinkedHashMap<>();
      for (QueryPlans.Plan p : QueryPlans.explain(c, dialect, ranges.get("month"), now, size)) {
        plans.put(p.name(), p);
      }
      addOtherPlans(c, dialect, plans, size);

      line(report, "%s, %,d records, log head at %s (%s in Almaty); ranges end %s:",
          dialect, size, now, now.atZone(ScaleWorld.ALMATY).toLocalDateTime(), dayEnd);
      for (Map.Entry<String, TimeRange> r : ranges.entrySet()) {
        line(report, "  %s: %s .. %s", r.getKey(), r.getValue().from(), r.getValue().to());
      }
      Monitoring m = new JdbcMonitoring(db, Clock.fixed(now, ZoneOffset.UTC));
      List<Timed> rows = new ArrayList<>();
      List<Set<Dimension>> groupings = new ArrayList<>();
      groupings.add(EnumSet.noneOf(Dimension.class));
      for (Dimension d : Dimension.values()) {
        groupings.add(EnumSet.of(d));
      }
      groupings.add(EnumSet.allOf(Dimension.class));
      for (Set<Dimension> dims : groupings) {
        String name = "box office by " + (dims.isEmpty() ? "nothing" : dims.toString());
        for (Map.Entry<String, TimeRange> r : ranges.entrySet()) {
          rows.add(time(name, r.getKey(), () -> m.boxOffice(dims, r.getValue()).size(),
              plan(plans, name)));
        }
      }
      for (Map.Entry<String, TimeRange> r : ranges.entrySet()) {
        rows.add(time("shares", r.getKey(), () -> {
          m.shares(r.getValue());
          return 1;
        }, plan(plans, "shares")));
      }
      for (Map.Entry<String, TimeRange> r : ranges.entrySet()) {
        rows.add(time("upload lag (p50, p95, max per cinema)", r.getKey(),
            () -> m.uploadLag(r.getValue()).size(),
            plan(plans, "upload lag by cinema") + "; " + plan(plans, "upload lag overall")));
      }
      rows.add(time("silent cinemas (30 min, 3 h)", "now",
          () -> m.silentCinemas(Duration.ofMinutes(30), Duration.ofHours(3)).size(),
          plan(plans, "running screenings") + "; " + plan(plans, "last registration per cinema")));
      Instant cutOff = now.minus(VerificationPolicy.DEFAULT_SCREENING_GRACE);
      rows.add(time("revocation list, full (since 0)", "now",
          () -> Revocations.refundedSales(c, 0, size, cutOff).size(),
          plan(plans, "refunded since serial N (many serials: the screenings lead)")));
      rows.add(time("revocation list since serial size-2000", "now",
          () -> Revocations.refundedSales(c, Math.max(0, size - 2000), size, cutOff).size(),
          plan(plans, "refunded since serial N (a few serials: the refunds lead)")));
      rows.add(time("start-up count (Records.countAndMaxSerial)", "all",
          () -> new Records(c).countAndMaxSerial()[0], plan(plans, "start-up count")));
      Random random = new Random(1);
      Records records = new Records(c);
      rows.add(perCall("status (sale, refund, admission by serial), per call", 2000, () -> {
        long serial = 1 + (long) (random.nextDouble() * size);
        records.findSale(serial);
        records.findRefundOf(serial);
        records.findAdmission(serial);
      }, plan(plans, "status: sale") + "; " + plan(plans, "status: refund") + "; "
          + plan(plans, "status: admission")));
      JdbcNodeStore nodes = new JdbcNodeStore(c);
      MerkleTree tree = new MerkleTree(nodes, size);
      rows.add(perCall("inclusion proof at the head, per call", 1000,
          () -> tree.inclusionProof((long) (random.nextDouble() * size), size),
          plan(plans, "proof nodes (32 per query)")));
      rows.add(perCall("consistency proof to the head, per call", 300,
          () -> tree.consistencyProof(1 + (long) (random.nextDouble() * (size - 1)), size),
          plan(plans, "proof nodes (32 per query)")));

      line(report, "");
      line(report, "| query | range | ms (median of %d) | rows | plan |", REPEAT);
      line(report, "| --- | --- | ---: | ---: | --- |");
      for (Timed t : rows) {
        line(report, "| %s | %s | %s | %s | %s |", t.query(), t.range(), ms(t.ms()),
            t.rows() < 0 ? "-" : String.format(Locale.ROOT, "%,d", t.rows()), t.plan());
      }
      line(report, "");
      line(report, "Plans (month):");
      for (QueryPlans.Plan p : plans.values()) {
        line(report, "");
        line(report, "-- %s%s", p.name(), p.wholeTableReads().isEmpty() ? ""
            : "   <-- READS A WHOLE TABLE: " + p.wholeTableReads());
        line(report, "%s", p.sql());
        for (String l : p.lines()) {
          line(report, "    %s", l);
        }
      }
    }
    OUT.print(report);
    if (outFile != null) {
      Files.writeString(outFile, report, StandardCharsets.UTF_8);
    }
  }

  /** Plans of the reads that are not built by QueryPlans: Records and JdbcNodeStore's SQL. */
  private static void addOtherPlans(Connection c, Database.Dialect dialect,
      Map<String, QueryPlans.Plan> plans, long size) throws SQLException {
    long serial = Math.max(1, size / 2);
    // Copies of the statements in Records and JdbcNodeStore, to show their plans.
    Object[][] others = {
        {"status: sale", "SELECT serial, registered_at, vendor_bin, ticket_id, content_digest,"
            + " cinema_bin, price_tiyn, specimen, screening_start FROM records"
            + " WHERE kind = 0 AND serial = ?", serial},
        {"status: refund", "SELECT serial, refund_of, registered_at, refunded_at FROM records"
            + " WHERE kind = 1 AND refund_of = ?", serial},
        {"status: admission", "SELECT serial, admitted_at, gate_cinema, gate_id FROM admissions"
            + " WHERE serial = ?", serial},
        {"start-up count", "SELECT COUNT(*), COALESCE(MAX(serial), 0) FROM records"},
    };
    for (Object[] o : others) {
      plans.put((String) o[0], QueryPlans.explain(c, dialect, (String) o[0], (String) o[1],
          Arrays.copyOfRange(o, 2, o.length)));
    }
    StringBuilder sql = new StringBuilder("SELECT level, idx, hash FROM log_nodes WHERE ");
    List<Object> params = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      sql.append(i == 0 ? "" : " OR ").append("(level = ? AND idx = ?)");
      params.add((long) (i % 20));
      params.add((long) i);
    }
    plans.put("proof nodes (32 per query)", QueryPlans.explain(c, dialect,
        "proof nodes (32 per query)", sql.toString(), params.toArray()));
  }

  @FunctionalInterface
  private interface Call {
    long run() throws Exception;
  }

  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }

  private static Timed time(String query, String range, Call call, String plan)
      throws Exception {
    double[] ms = new double[REPEAT];
    long rows = 0;
    for (int i = 0; i < REPEAT; i++) {
      long t0 = System.nanoTime();
      try {
        rows = call.run();
      } catch (IllegalArgumentException e) {
        // A report over its limits: the refusal and how long it took to come are the result.
        rows = -1;
        plan = "refused: " + e.getMessage().replaceAll(" from \\S+ to \\S+", "");
      }
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    System.err.printf(Locale.ROOT, "  %-45s %-6s %10.1f ms%n", query, range, ms[REPEAT / 2]);
    return new Timed(query, range, ms[REPEAT / 2], rows, plan);
  }

  private static Timed perCall(String query, int calls, Step step, String plan)
      throws Exception {
    for (int i = 0; i < calls / 10; i++) {
      step.run(); // warm-up
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      step.run();
    }
    double ms = (System.nanoTime() - t0) / 1e6 / calls;
    System.err.printf(Locale.ROOT, "  %-45s %-6s %10.3f ms%n", query, "random", ms);
    return new Timed(query, calls + " random", ms, calls, plan);
  }

  private static String plan(Map<String, QueryPlans.Plan> plans, String name) {
    QueryPlans.Plan p = plans.get(name);
    return p == null ? "?" : summary(p);
  }

  private static final Pattern SQLITE_LINE = Pattern.compile(
      "^(SEARCH|SCAN) (\\S+)(?: USING (?:COVERING )?(?:INDEX (\\S+)|(INTEGER PRIMARY KEY|PRIMARY"
          + " KEY)))?(?: \\((.*)\\))?.*$");
  private static final Pattern POSTGRES_LINE = Pattern.compile(
      "(Seq Scan|Index Only Scan|Index Scan|Bitmap Index Scan)( Backward)?"
          + "(?: using (\\S+))? on (\\S+)(?: (\\w+))?");

  /**
   * A plan in a few words: per table read, its alias, the index and whether a range, a key or
   * everything of it was read ("ALL" marks a whole-table read); "sort" for a temporary B-tree.
   */
  static String summary(QueryPlans.Plan plan) {
    List<String> parts = new ArrayList<>();
    List<String> lines = plan.lines();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      Matcher s = SQLITE_LINE.matcher(l);
      if (s.matches()) {
        String index = s.group(3) != null ? s.group(3) : s.group(4) != null ? "pk" : "table";
        String how = s.group(1).equals("SCAN") ? "ALL"
            : s.group(5) == null ? "key" : s.group(5).matches(".*[<>].*") ? "range" : "key";
        if (s.group(1).equals("SCAN") && !isBig(s.group(2))) {
          how = "all (" + s.group(2) + ")";
          parts.add(s.group(2) + " " + how);
          continue;
        }
        parts.add(s.group(2) + ": " + index + " " + how);
        continue;
      }
      if (l.startsWith("USE TEMP B-TREE")) {
        parts.add("sort");
        continue;
      }
      Matcher p = POSTGRES_LINE.matcher(l);
      if (p.find()) {
        String alias = p.group(5) != null ? p.group(5) : p.group(4);
        if (p.group(1).equals("Seq Scan")) {
          parts.add(alias + (isBig(p.group(4)) ? ": ALL" : " all"));
          continue;
        }
        boolean cond = false;
        for (int j = i + 1; j < lines.size() && !lines.get(j).contains("->"); j++) {
          cond |= lines.get(j).contains("Index Cond");
        }
        String how = p.group(1).equals("Index Only Scan") ? "index-only" : "index";
        parts.add((p.group(1).equals("Bitmap Index Scan") ? "bitmap" : alias) + ": "
            + p.group(3) + " " + how + (cond ? "" : " ALL"));
      }
      if (l.contains("Sort  (") || l.startsWith("Sort ")) {
        parts.add("sort");
      }
    }
    return String.join(", ", parts);
  }

  private static boolean isBig(String alias) {
    return Set.of("records", "admissions", "log_nodes", "s", "rf", "r", "a").contains(alias);
  }

  // ---------------------------------------------------------------------------------------

  private static void audit(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url)) {
      long size;
      TreeHash root;
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT tree_size, root_hash FROM log_head WHERE id = 1")) {
        rs.next();
        size = rs.getLong(1);
        root = TreeHash.of(rs.getBytes(2));
      }
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        pool.resetPeakUsage();
      }
      long t0 = System.nanoTime();
      Optional<LogAudit.Finding> finding = LogAudit.audit(c, size, root);
      double seconds = (System.nanoTime() - t0) / 1e9;
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      OUT.printf(Locale.ROOT, "audit of %,d records: %s in %.1f s (%,.0f records/s); max heap"
          + " %d MB, peak heap used %d MB (garbage included)%n", size,
          finding.map(f -> "FAILED: " + f.message()).orElse("clean"), seconds, size / seconds,
          Runtime.getRuntime().maxMemory() >> 20, peak >> 20);
    }
  }

  private static String ms(double ms) {
    return ms >= 100 ? String.format(Locale.ROOT, "%,.0f", ms)
        : ms >= 1 ? String.format(Locale.ROOT, "%.1f", ms)
        : String.format(Locale.ROOT, "%.3f", ms);
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
