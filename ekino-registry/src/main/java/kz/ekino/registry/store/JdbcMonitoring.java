package kz.ekino.registry.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.CountryCode;
import kz.ekino.core.model.Genre;
import kz.ekino.core.model.LanguageCode;
import kz.ekino.core.model.Region;
import kz.ekino.core.model.RentalCertificate;
import kz.ekino.core.model.SalesChannel;
import kz.ekino.core.model.ScreeningId;
import kz.ekino.registry.monitoring.BoxOfficeRow;
import kz.ekino.registry.monitoring.Dimension;
import kz.ekino.registry.monitoring.GroupKey;
import kz.ekino.registry.monitoring.Monitoring;
import kz.ekino.registry.monitoring.Share;
import kz.ekino.registry.monitoring.Shares;
import kz.ekino.registry.monitoring.SilentCinema;
import kz.ekino.registry.monitoring.TimeRange;
import kz.ekino.registry.monitoring.UploadFlags;
import kz.ekino.registry.monitoring.UploadLag;

/**
 * Monitoring in portable SQL (the same statements on SQLite and PostgreSQL), on the database's
 * monitoring connections. Every statement reads a range of an index of schema version 2
 * ({@code records_sale_screening}, {@code records_sale_registered},
 * {@code records_cinema_registered}) and looks rows up by key; none scans the records table.
 * {@link QueryPlans} explains each statement and QueryPlanTest fails when one stops using its
 * index.
 *
 * <p>Box office and shares first add up sales per film, cinema, day and so on, reading only
 * the covering index, and then join the small directory tables to those sums: the directory is
 * read once per group, not once per ticket. Upload-lag percentiles are exact: the database
 * returns, per cinema, each distinct lag with its count in ascending order, and the ranks are
 * picked as the rows stream by, so memory holds one row, not every lag.
 */
public final class JdbcMonitoring implements Monitoring {
  /**
   * Counted sales in a range of screening starts, each with its refund (NULL if none) and
   * whether it was admitted, looked up by key per sale. Lookups in the select list rather than
   * joins: a join lets PostgreSQL pick a merge or hash join that reads every admission and
   * refund ever made, where a range of sales needs only its own. Grouping by the lookups'
   * results evaluates each once per sale (every reference to a lookup in an aggregate would
   * be a lookup of its own).
   */
  private static final String SALES = "(SELECT rf.refund_tiyn FROM records rf WHERE rf.kind = " + Records.REFUND
      + " AND rf.refund_of = s.serial) AS x_refund,"
      + " (SELECT COUNT(*) FROM admissions a WHERE a.serial = s.serial) AS x_admitted,"
      + " COUNT(*) AS n, SUM(COALESCE(s.corrected_tiyn, s.price_tiyn)) AS gross FROM records s"
      + " WHERE s.kind = " + Records.SALE + " AND s.specimen = 0 AND s.screening_start >= ?"
      + " AND s.screening_start < ?";
  /** Sold, refunded, net box office and admissions (of tickets not refunded) of groups i. */
  private static final String TOTALS = "SUM(i.n),"
      + " SUM(CASE WHEN i.x_refund IS NULL THEN 0 ELSE i.n END),"
      + " SUM(i.gross - COALESCE(i.x_refund, 0) * i.n),"
      + " SUM(CASE WHEN i.x_refund IS NULL THEN i.x_admitted * i.n ELSE 0 END)";
  private static final String LAG = "registered_at - sold_at";
  private static final String COUNTED_SALES_REGISTERED = " FROM records WHERE kind = " + Records.SALE
      + " AND specimen = 0 AND registered_at >= ? AND registered_at < ?";

  private final Database db;
  private final Clock clock;
  private final int maxRows;

  public JdbcMonitoring(Database db, Clock clock) {
    this(db, clock, MAX_ROWS);
  }

  /** With a lower row limit, for tests. */
  JdbcMonitoring(Database db, Clock clock, int maxRows) {
    this.db = db;
    this.clock = clock;
    this.maxRows = maxRows;
  }

  // ---------------------------------------------------------------------------------------
  // Box office and shares

  @Override
  public List<BoxOfficeRow> boxOffice(Set<Dimension> groupBy, TimeRange range) {
    Set<Dimension> dims = groupBy.isEmpty() ? EnumSet.noneOf(Dimension.class)
        : EnumSet.copyOf(groupBy);
    BoundSql sql = boxOfficeSql(dims, range);
    int n = outerColumns(dims).size();
    return query(c -> {
      if (!screeningsWithinSpan(c, range)) {
        return List.of();
      }
      List<BoxOfficeRow> rows = new ArrayList<>();
      try (PreparedStatement s = sql.prepare(c); ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long sold = rs.getLong(n + 1);
          if (sold == 0) {
            continue; // the one row of an empty total
          }
          if (rows.size() == maxRows) {
            throw new IllegalArgumentException("box office by " + dims + " from "
                + range.from() + " to " + range.to() + " has more than " + maxRows
                + " rows: ask for a shorter range or fewer dimensions");
          }
          rows.add(new BoxOfficeRow(key(rs, dims), sold, rs.getLong(n + 2),
              rs.getLong(n + 3), rs.getLong(n + 4)));
        }
      }
      return rows;
    });
  }

  /**
   * Sums per group of the sales' own columns (inner, from the covering index), then the
   * directory joined to the sums and summed again by the dimensions asked (outer). Sums add
   * up, so the result is that of joining the directory to every sale.
   */
  static BoundSql boxOfficeSql(Set<Dimension> dims, TimeRange range) {
    Set<String> inner = new LinkedHashSet<>();
    for (Dimension d : dims) {
      inner.addAll(innerColumns(d));
    }
    List<String> outer = outerColumns(dims);
    StringBuilder sql = new StringBuilder("SELECT ");
    for (String c : outer) {
      sql.append(c).append(", ");
    }
    sql.append(TOTALS).append(" FROM (SELECT ");
    for (String c : inner) {
      sql.append(c).append(", ");
    }
    sql.append(SALES).append(" GROUP BY ");
    for (String c : inner) {
      sql.append(c, 0, c.indexOf(" AS ")).append(", ");
    }
    sql.append("x_refund, x_admitted");
    sql.append(") i");
    if (dims.contains(Dimension.REGION)) {
      sql.append(" JOIN cinemas c ON c.bin = i.b_cinema");
    }
    if (dims.contains(Dimension.NATIONAL)) {
      sql.append(" JOIN films f ON f.certificate = i.b_film");
    }
    if (dims.contains(Dimension.GENRE)) {
      sql.append(" JOIN film_genres g ON g.certificate = i.b_film");
    }
    if (dims.contains(Dimension.COUNTRY)) {
      sql.append(" JOIN film_countries fc ON fc.certificate = i.b_film");
    }
    if (!outer.isEmpty()) {
      String list = String.join(", ", outer);
      sql.append(" GROUP BY ").append(list).append(" ORDER BY ").append(list);
    }
    // One row more than allowed tells that there are too many, without reading them all.
    sql.append(" LIMIT ").append(MAX_ROWS + 1);
    return BoundSql.of("box office by " + (dims.isEmpty() ? "nothing" : dims), sql.toString(),
        range.from().getEpochSecond(), range.to().getEpochSecond());
  }

  /** The sale's columns a dimension needs, each as "expression AS alias". */
  private static List<String> innerColumns(Dimension d) {
    switch (d) {
      case DAY:
        return List.of("s.screening_day AS b_day");
      case SCREENING:
        return List.of("s.cinema_bin AS b_cinema", "s.screening_id AS b_screening");
      case CINEMA:
      case REGION:
        return List.of("s.cinema_bin AS b_cinema");
      case FILM:
      case GENRE:
      case COUNTRY:
      case NATIONAL:
        return List.of("s.film AS b_film");
      case LANGUAGE:
        return List.of("s.language AS b_language");
      case CHANNEL:
        return List.of("s.channel AS b_channel");
      default:
        throw new AssertionError(d);
    }
  }

  /** The grouped columns, in the order {@link #key} reads them. */
  private static List<String> outerColumns(Set<Dimension> dims) {
    List<String> out = new ArrayList<>();
    for (Dimension d : dims) {
      switch (d) {
        case DAY:
          out.add("i.b_day");
          break;
        case SCREENING:
          out.add("i.b_cinema");
          out.add("i.b_screening");
          break;
        case CINEMA:
          out.add("i.b_cinema");
          break;
        case REGION:
          out.add("c.region");
          break;
        case FILM:
          out.add("i.b_film");
          break;
        case GENRE:
          out.add("g.genre");
          break;
        case LANGUAGE:
          out.add("i.b_language");
          break;
        case COUNTRY:
          out.add("fc.country");
          break;
        case CHANNEL:
          out.add("i.b_channel");
          break;
        case NATIONAL:
          out.add("f.national");
          break;
        default:
          throw new AssertionError(d);
      }
    }
    return out;
  }

  private static GroupKey key(ResultSet rs, Set<Dimension> dims) throws SQLException {
    Map<Dimension, Object> v = new HashMap<>();
    int i = 1;
    for (Dimension d : dims) {
      switch (d) {
        case DAY:
          v.put(d, LocalDate.parse(rs.getString(i++)));
          break;
        case SCREENING:
          // Both the cinema and the screening id: ids are the cinema's.
          v.put(Dimension.CINEMA, Bin.of(rs.getString(i++)));
          v.put(d, ScreeningId.of(rs.getString(i++)));
          break;
        case CINEMA:
          v.put(d, Bin.of(rs.getString(i++)));
          break;
        case REGION:
          v.put(d, Region.ofCode(rs.getString(i++)));
          break;
        case FILM:
          v.put(d, RentalCertificate.of(rs.getString(i++)));
          break;
        case GENRE:
          v.put(d, Genre.of(rs.getString(i++)));
          break;
        case LANGUAGE:
          v.put(d, LanguageCode.of(rs.getString(i++)));
          break;
        case COUNTRY:
          v.put(d, CountryCode.of(rs.getString(i++)));
          break;
        case CHANNEL:
          v.put(d, SqlCodes.channel(rs.getString(i++)));
          break;
        case NATIONAL:
          v.put(d, rs.getInt(i++) != 0);
          break;
        default:
          throw new AssertionError(d);
      }
    }
    return new GroupKey(opt(v, Dimension.DAY), opt(v, Dimension.SCREENING),
        opt(v, Dimension.CINEMA), opt(v, Dimension.REGION), opt(v, Dimension.FILM),
        opt(v, Dimension.GENRE), opt(v, Dimension.LANGUAGE), opt(v, Dimension.COUNTRY),
        opt(v, Dimension.CHANNEL), opt(v, Dimension.NATIONAL));
  }

  @SuppressWarnings("unchecked")
  private static <T> Optional<T> opt(Map<Dimension, Object> values, Dimension d) {
    return Optional.ofNullable((T) values.get(d));
  }

  @Override
  public Shares shares(TimeRange range) {
    BoundSql sql = sharesSql(range);
    return query(c -> {
      if (!screeningsWithinSpan(c, range)) {
        return new Shares(new Share(0, 0), new Share(0, 0), new Share(0, 0), new Share(0, 0));
      }
      try (PreparedStatement s = sql.prepare(c); ResultSet rs = s.executeQuery()) {
        rs.next();
        long tickets = rs.getLong(1);
        long tiyn = rs.getLong(2);
        return new Shares(new Share(rs.getLong(3), tickets), new Share(rs.getLong(4), tiyn),
            new Share(rs.getLong(5), tickets), new Share(rs.getLong(6), tiyn));
      }
    });
  }

  static BoundSql sharesSql(TimeRange range) {
    String sql = "SELECT SUM(CASE WHEN i.x_refund IS NULL THEN i.n ELSE 0 END),"
        + " SUM(i.gross - COALESCE(i.x_refund, 0) * i.n),"
        + " SUM(CASE WHEN i.b_language = 'kk' AND i.x_refund IS NULL THEN i.n ELSE 0 END),"
        + " SUM(CASE WHEN i.b_language = 'kk' THEN i.gross - COALESCE(i.x_refund, 0) * i.n"
        + " ELSE 0 END),"
        + " SUM(CASE WHEN f.national = 1 AND i.x_refund IS NULL THEN i.n ELSE 0 END),"
        + " SUM(CASE WHEN f.national = 1 THEN i.gross - COALESCE(i.x_refund, 0) * i.n"
        + " ELSE 0 END)"
        + " FROM (SELECT s.film AS b_film, s.language AS b_language, " + SALES
        + " GROUP BY s.film, s.language, x_refund, x_admitted) i"
        + " JOIN films f ON f.certificate = i.b_film";
    return BoundSql.of("shares", sql, range.from().getEpochSecond(),
        range.to().getEpochSecond());
  }

  /**
   * Whether the range holds sales at all, and throws if their screenings span more than
   * {@link #MAX_SPAN}: two probes at the ends of the index, before any real work.
   */
  private static boolean screeningsWithinSpan(Connection c, TimeRange range)
      throws SQLException {
    return withinSpan(c, range, screeningSpanSql(range, true), screeningSpanSql(range, false),
        "screenings");
  }

  static BoundSql screeningSpanSql(TimeRange range, boolean first) {
    return BoundSql.of((first ? "first" : "last") + " screening in range",
        "SELECT screening_start FROM records WHERE kind = " + Records.SALE + " AND screening_start >= ?"
            + " AND screening_start < ? ORDER BY screening_start" + (first ? "" : " DESC")
            + " LIMIT 1",
        range.from().getEpochSecond(), range.to().getEpochSecond());
  }

  static BoundSql registrationSpanSql(TimeRange range, boolean first) {
    return BoundSql.of((first ? "first" : "last") + " registration in range",
        "SELECT registered_at" + COUNTED_SALES_REGISTERED + " ORDER BY registered_at"
            + (first ? "" : " DESC") + " LIMIT 1",
        range.from().getEpochSecond(), range.to().getEpochSecond());
  }

  private static boolean withinSpan(Connection c, TimeRange range, BoundSql firstSql,
      BoundSql lastSql, String what) throws SQLException {
    Optional<Long> first = single(c, firstSql);
    if (first.isEmpty()) {
      return false;
    }
    long last = single(c, lastSql).orElse(first.get());
    if (last - first.get() > MAX_SPAN.toSeconds()) {
      throw new IllegalArgumentException("the " + what + " from " + range.from() + " to "
          + range.to() + " span " + Instant.ofEpochSecond(first.get()) + " to "
          + Instant.ofEpochSecond(last) + ", more than " + MAX_SPAN.toDays()
          + " days: ask for at most a year at a time");
    }
    return true;
  }

  private static Optional<Long> single(Connection c, BoundSql sql) throws SQLException {
    try (PreparedStatement s = sql.prepare(c); ResultSet rs = s.executeQuery()) {
      return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
    }
  }

  // ---------------------------------------------------------------------------------------
  // Upload lag

  @Override
  public List<UploadLag> uploadLag(TimeRange range) {
    return query(c -> {
      if (!withinSpan(c, range, registrationSpanSql(range, true),
          registrationSpanSql(range, false), "registrations")) {
        return List.of(new UploadLag(Optional.empty(), 0, Duration.ZERO, Duration.ZERO,
            Duration.ZERO));
      }
      // Both statements count the same records, even while the writer appends: records are
      // never changed or removed, and every serial up to the largest one read is committed.
      long through = single(c, maxSerialSql()).orElse(0L);
      List<UploadLag> rows = new ArrayList<>();
      long total = 0;
      try (PreparedStatement s = lagByCinemaSql(range, through).prepare(c);
          ResultSet rs = s.executeQuery()) {
        Ranks current = null;
        Bin cinema = null;
        while (rs.next()) {
          String bin = rs.getString(1);
          if (current == null || cinema == null || !cinema.value().equals(bin)) {
            if (current != null) {
              rows.add(current.result(Optional.ofNullable(cinema)));
            }
            cinema = Bin.of(bin);
            current = new Ranks(rs.getLong(4));
            total += current.n;
          }
          current.add(rs.getLong(2), rs.getLong(3));
        }
        if (current != null) {
          rows.add(current.result(Optional.ofNullable(cinema)));
        }
      }
      Ranks overall = new Ranks(total);
      try (PreparedStatement s = lagOverallSql(range, through).prepare(c);
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          overall.add(rs.getLong(1), rs.getLong(2));
        }
      }
      if (overall.seen != total) {
        throw new SQLException("upload lag: " + total + " sales per cinema but " + overall.seen
            + " overall");
      }
      rows.add(overall.result(Optional.empty()));
      return rows;
    });
  }

  static BoundSql maxSerialSql() {
    return BoundSql.of("largest serial", "SELECT MAX(serial) FROM records");
  }

  /** Each cinema's distinct lags in ascending order, with their counts and the cinema's total. */
  static BoundSql lagByCinemaSql(TimeRange range, long throughSerial) {
    return BoundSql.of("upload lag by cinema", "SELECT cinema_bin, " + LAG + ", COUNT(*), "
        + "SUM(COUNT(*)) OVER (PARTITION BY cinema_bin)" + COUNTED_SALES_REGISTERED
        + " AND serial <= ? GROUP BY cinema_bin, " + LAG + " ORDER BY cinema_bin, " + LAG,
        range.from().getEpochSecond(), range.to().getEpochSecond(), throughSerial);
  }

  // ---------------------------------------------------------------------------------------
  // Late uploads and film descriptions

  @Override
  public List<UploadFlags> uploadFlags(TimeRange range) {
    return query(c -> {
      List<UploadFlags> rows = new ArrayList<>();
      long[] total = new long[4];
      if (withinSpan(c, range, registrationSpanSql(range, true),
          registrationSpanSql(range, false), "registrations")) {
        try (PreparedStatement s = flagsSql(range).prepare(c); ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            long[] v = {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)};
            rows.add(new UploadFlags(Optional.of(Bin.of(rs.getString(1))), v[0], v[1], v[2],
                v[3]));
            for (int i = 0; i < 4; i++) {
              total[i] += v[i];
            }
          }
        }
      }
      rows.add(new UploadFlags(Optional.empty(), total[0], total[1], total[2], total[3]));
      return rows;
    });
  }

  static BoundSql flagsSql(TimeRange range) {
    return BoundSql.of("late uploads and film checks by cinema", "SELECT cinema_bin, COUNT(*),"
        + " SUM(late), SUM(CASE WHEN film_check = " + Records.FILM_NOT_REGISTERED
        + " THEN 1 ELSE 0 END), SUM(CASE WHEN film_check = " + Records.FILM_DIFFERS
        + " THEN 1 ELSE 0 END)" + COUNTED_SALES_REGISTERED + " GROUP BY cinema_bin"
        + " ORDER BY cinema_bin", range.from().getEpochSecond(), range.to().getEpochSecond());
  }

  static BoundSql lagOverallSql(TimeRange range, long throughSerial) {
    return BoundSql.of("upload lag overall", "SELECT " + LAG + ", COUNT(*)"
        + COUNTED_SALES_REGISTERED + " AND serial <= ? GROUP BY " + LAG + " ORDER BY " + LAG,
        range.from().getEpochSecond(), range.to().getEpochSecond(), throughSerial);
  }

  /**
   * Nearest-rank percentiles of n values fed in ascending order as (value, count): the p-th
   * percentile is the value of rank ⌈p·n/100⌉ (at least 1), the smallest value with at least
   * p% of the values at or below it.
   */
  private static final class Ranks {
    private final long n;
    private final long rank50;
    private final long rank95;
    private long seen;
    private long p50;
    private long p95;
    private long max;

    Ranks(long n) {
      this.n = n;
      this.rank50 = rank(50, n);
      this.rank95 = rank(95, n);
    }

    private static long rank(int p, long n) {
      return Math.max(1, Math.addExact(Math.multiplyExact(p, n), 99) / 100);
    }

    void add(long value, long count) {
      if (seen < rank50 && seen + count >= rank50) {
        p50 = value;
      }
      if (seen < rank95 && seen + count >= rank95) {
        p95 = value;
      }
      seen += count;
      max = value;
    }

    UploadLag result(Optional<Bin> cinema) {
      return new UploadLag(cinema, n, Duration.ofSeconds(p50), Duration.ofSeconds(p95),
          Duration.ofSeconds(max));
    }
  }

  // ---------------------------------------------------------------------------------------
  // Silent cinemas

  @Override
  public List<SilentCinema> silentCinemas(Duration silence, Duration screeningLength) {
    if (silence.isNegative()) {
      throw new IllegalArgumentException("silence must not be negative, got " + silence);
    }
    if (screeningLength.isNegative() || screeningLength.isZero()
        || screeningLength.compareTo(MAX_SCREENING_LENGTH) > 0) {
      throw new IllegalArgumentException("a screening runs for more than zero and at most "
          + MAX_SCREENING_LENGTH + ", got " + screeningLength);
    }
    Instant now = clock.instant();
    Instant quietSince = now.minus(silence);
    return query(c -> {
      Map<Bin, Long> running = new HashMap<>();
      try (PreparedStatement s = runningScreeningsSql(now, screeningLength).prepare(c);
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          running.put(Bin.of(rs.getString(1)), rs.getLong(2));
        }
      }
      List<SilentCinema> out = new ArrayList<>();
      if (running.isEmpty()) {
        return out;
      }
      try (PreparedStatement s = lastRegistrationSql().prepare(c);
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Bin bin = Bin.of(rs.getString(1));
          long last = rs.getLong(3);
          Optional<Instant> lastAt = rs.wasNull() ? Optional.empty()
              : Optional.of(Instant.ofEpochSecond(last));
          long screenings = running.getOrDefault(bin, 0L);
          boolean quiet = lastAt.map(t -> t.isBefore(quietSince)).orElse(true);
          if (screenings > 0 && quiet) {
            out.add(new SilentCinema(bin, rs.getString(2), lastAt, screenings));
          }
        }
      }
      return out;
    });
  }

  static BoundSql runningScreeningsSql(Instant now, Duration screeningLength) {
    return BoundSql.of("running screenings", "SELECT cinema_bin, COUNT(DISTINCT screening_id)"
        + " FROM records WHERE kind = " + Records.SALE + " AND screening_start <= ? AND screening_start > ?"
        + " GROUP BY cinema_bin", now.getEpochSecond(),
        now.minus(screeningLength).getEpochSecond());
  }

  /** Each cinema's latest sale: one probe at the end of its range of the index. */
  static BoundSql lastRegistrationSql() {
    return BoundSql.of("last registration per cinema", "SELECT c.bin, c.name,"
        + " (SELECT r.registered_at FROM records r WHERE r.cinema_bin = c.bin AND r.kind = " + Records.SALE
        + " ORDER BY r.registered_at DESC LIMIT 1) FROM cinemas c ORDER BY c.bin");
  }

  @FunctionalInterface
  private interface Query<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T query(Query<T> work) {
    try {
      return db.readMonitoring(r -> work.run(r.connection()));
    } catch (SQLException e) {
      throw new StoreFailure("monitoring query", e);
    }
  }
}
