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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.CountryCode;
import kz.ekino.core.model.Genre;
import kz.ekino.core.model.LanguageCode;
import kz.ekino.core.model.Region;
import kz.ekino.core.model.RentalCertificate;
import kz.ekino.core.model.SalesChannel;
import kz.ekino.core.model.ScreeningId;
import kz.ekino.registry.StorageException;
import kz.ekino.registry.monitoring.BoxOfficeRow;
import kz.ekino.registry.monitoring.Dimension;
import kz.ekino.registry.monitoring.GroupKey;
import kz.ekino.registry.monitoring.Monitoring;
import kz.ekino.registry.monitoring.SilentCinema;
import kz.ekino.registry.monitoring.Share;
import kz.ekino.registry.monitoring.Shares;
import kz.ekino.registry.monitoring.TimeRange;
import kz.ekino.registry.monitoring.UploadLag;

/**
 * The monitoring queries of schema version 1, kept verbatim as the oracle: every query of
 * {@link JdbcMonitoring} must give exactly these results (MonitoringQueriesTest). They join
 * the directory to every sale and bring every lag into memory, which is why they were
 * replaced; on test-sized data that does not matter.
 */
final class V1Monitoring implements Monitoring {
  /** A sale with the refund and admission that may follow it; specimens never count. */
  private static final String SALES = " FROM records s"
      + " LEFT JOIN records rf ON rf.kind = 1 AND rf.refund_of = s.serial"
      + " LEFT JOIN admissions a ON a.serial = s.serial";

  private final Database db;
  private final Clock clock;

  V1Monitoring(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public List<BoxOfficeRow> boxOffice(Set<Dimension> groupBy, TimeRange range) {
    Set<Dimension> dims = groupBy.isEmpty() ? EnumSet.noneOf(Dimension.class)
        : EnumSet.copyOf(groupBy);
    List<String> columns = new ArrayList<>();
    for (Dimension d : dims) {
      columns.addAll(columns(d));
    }
    StringBuilder sql = new StringBuilder("SELECT ");
    for (String c : columns) {
      sql.append(c).append(", ");
    }
    sql.append("COUNT(*), SUM(CASE WHEN rf.serial IS NULL THEN 0 ELSE 1 END), "
        + "SUM(s.price_tiyn - COALESCE(rf.refund_tiyn, 0)), "
        + "SUM(CASE WHEN a.serial IS NOT NULL AND rf.serial IS NULL THEN 1 ELSE 0 END)")
        .append(SALES);
    if (dims.contains(Dimension.REGION)) {
      sql.append(" JOIN cinemas c ON c.bin = s.cinema_bin");
    }
    if (dims.contains(Dimension.NATIONAL)) {
      sql.append(" JOIN films f ON f.certificate = s.film");
    }
    if (dims.contains(Dimension.GENRE)) {
      sql.append(" JOIN film_genres g ON g.certificate = s.film");
    }
    if (dims.contains(Dimension.COUNTRY)) {
      sql.append(" JOIN film_countries fc ON fc.certificate = s.film");
    }
    sql.append(" WHERE s.kind = 0 AND s.specimen = 0 AND s.screening_start >= ?"
        + " AND s.screening_start < ?");
    if (!columns.isEmpty()) {
      String list = String.join(", ", columns);
      sql.append(" GROUP BY ").append(list).append(" ORDER BY ").append(list);
    }
    return query(c -> {
      try (PreparedStatement s = c.prepareStatement(sql.toString())) {
        s.setLong(1, range.from().getEpochSecond());
        s.setLong(2, range.to().getEpochSecond());
        List<BoxOfficeRow> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            GroupKey key = key(rs, dims);
            int n = columns.size();
            long sold = rs.getLong(n + 1);
            if (sold == 0) {
              continue; // the one row of an empty total
            }
            rows.add(new BoxOfficeRow(key, sold, rs.getLong(n + 2), rs.getLong(n + 3),
                rs.getLong(n + 4)));
          }
        }
        return rows;
      }
    });
  }

  private static List<String> columns(Dimension d) {
    switch (d) {
      case DAY:
        return List.of("s.screening_day");
      case SCREENING:
        return List.of("s.cinema_bin", "s.screening_id");
      case CINEMA:
        return List.of("s.cinema_bin");
      case REGION:
        return List.of("c.region");
      case FILM:
        return List.of("s.film");
      case GENRE:
        return List.of("g.genre");
      case LANGUAGE:
        return List.of("s.language");
      case COUNTRY:
        return List.of("fc.country");
      case CHANNEL:
        return List.of("s.channel");
      case NATIONAL:
        return List.of("f.national");
      default:
        throw new AssertionError(d);
    }
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
          v.put(d, SalesChannel.valueOf(rs.getString(i++)));
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
    String sql = "SELECT COUNT(*) - SUM(CASE WHEN rf.serial IS NULL THEN 0 ELSE 1 END), "
        + "SUM(s.price_tiyn - COALESCE(rf.refund_tiyn, 0)), "
        + "SUM(CASE WHEN s.language = 'kk' AND rf.serial IS NULL THEN 1 ELSE 0 END), "
        + "SUM(CASE WHEN s.language = 'kk' THEN s.price_tiyn - COALESCE(rf.refund_tiyn, 0) "
        + "ELSE 0 END), "
        + "SUM(CASE WHEN f.national = 1 AND rf.serial IS NULL THEN 1 ELSE 0 END), "
        + "SUM(CASE WHEN f.national = 1 THEN s.price_tiyn - COALESCE(rf.refund_tiyn, 0) "
        + "ELSE 0 END)"
        + SALES + " JOIN films f ON f.certificate = s.film"
        + " WHERE s.kind = 0 AND s.specimen = 0 AND s.screening_start >= ?"
        + " AND s.screening_start < ?";
    return query(c -> {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setLong(1, range.from().getEpochSecond());
        s.setLong(2, range.to().getEpochSecond());
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          long tickets = rs.getLong(1);
          long tiyn = rs.getLong(2);
          return new Shares(new Share(rs.getLong(3), tickets), new Share(rs.getLong(4), tiyn),
              new Share(rs.getLong(5), tickets), new Share(rs.getLong(6), tiyn));
        }
      }
    });
  }

  @Override
  public List<UploadLag> uploadLag(TimeRange range) {
    Map<Bin, List<Long>> byCinema = query(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT cinema_bin, registered_at - sold_at"
          + " FROM records WHERE kind = 0 AND specimen = 0 AND registered_at >= ?"
          + " AND registered_at < ?")) {
        s.setLong(1, range.from().getEpochSecond());
        s.setLong(2, range.to().getEpochSecond());
        Map<Bin, List<Long>> out = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            out.computeIfAbsent(Bin.of(rs.getString(1)), b -> new ArrayList<>())
                .add(rs.getLong(2));
          }
        }
        return out;
      }
    });
    List<UploadLag> rows = new ArrayList<>();
    List<Long> all = new ArrayList<>();
    byCinema.forEach((cinema, lags) -> {
      rows.add(lag(Optional.of(cinema), lags));
      all.addAll(lags);
    });
    rows.add(lag(Optional.empty(), all));
    return rows;
  }

  private static UploadLag lag(Optional<Bin> cinema, List<Long> lags) {
    long[] sorted = lags.stream().mapToLong(Long::longValue).sorted().toArray();
    return new UploadLag(cinema, sorted.length, percentile(sorted, 50), percentile(sorted, 95),
        Duration.ofSeconds(sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
  }

  /** Nearest rank: the smallest value with at least p% of the values at or below it. */
  private static Duration percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return Duration.ZERO;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return Duration.ofSeconds(sorted[Math.max(rank, 1) - 1]);
  }

  /** Not a version 1 query: version 4 added the flags it reads. */
  @Override
  public List<kz.ekino.registry.monitoring.UploadFlags> uploadFlags(TimeRange range) {
    throw new UnsupportedOperationException("no version 1 oracle for upload flags");
  }

  @Override
  public List<SilentCinema> silentCinemas(Duration silence, Duration screeningLength) {
    Instant now = clock.instant();
    return query(c -> {
      Map<Bin, Long> running = new HashMap<>();
      try (PreparedStatement s = c.prepareStatement("SELECT cinema_bin, "
          + "COUNT(DISTINCT screening_id) FROM records WHERE kind = 0 AND screening_start <= ?"
          + " AND screening_start > ? GROUP BY cinema_bin")) {
        s.setLong(1, now.getEpochSecond());
        s.setLong(2, now.minus(screeningLength).getEpochSecond());
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            running.put(Bin.of(rs.getString(1)), rs.getLong(2));
          }
        }
      }
      List<SilentCinema> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT c.bin, c.name, MAX(r.registered_at)"
          + " FROM cinemas c LEFT JOIN records r ON r.kind = 0 AND r.cinema_bin = c.bin"
          + " GROUP BY c.bin, c.name ORDER BY c.bin")) {
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            Bin bin = Bin.of(rs.getString(1));
            long last = rs.getLong(3);
            Optional<Instant> lastAt = rs.wasNull() ? Optional.empty()
                : Optional.of(Instant.ofEpochSecond(last));
            long screenings = running.getOrDefault(bin, 0L);
            boolean quiet = lastAt.map(t -> t.isBefore(now.minus(silence))).orElse(true);
            if (screenings > 0 && quiet) {
              out.add(new SilentCinema(bin, rs.getString(2), lastAt, screenings));
            }
          }
        }
      }
      return out;
    });
  }

  @FunctionalInterface
  private interface Query<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T query(Query<T> work) {
    try {
      return db.read(r -> work.run(r.connection()));
    } catch (SQLException e) {
      throw new StorageException("monitoring query", e);
    }
  }
}
