package kz.ekino.server;

import java.time.Clock;
import java.time.Duration;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import kz.ekino.core.anomaly.AnomalyReport;
import kz.ekino.core.anomaly.AnomalyRules;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.CountryCode;
import kz.ekino.core.model.Genre;
import kz.ekino.core.model.LanguageCode;
import kz.ekino.core.model.Region;
import kz.ekino.core.model.RentalCertificate;
import kz.ekino.core.model.SalesChannel;
import kz.ekino.core.model.ScreeningId;
import kz.ekino.registry.Registry;
import kz.ekino.registry.monitoring.BoxOfficeRow;
import kz.ekino.registry.monitoring.Dimension;
import kz.ekino.registry.monitoring.GroupKey;
import kz.ekino.registry.monitoring.TimeRange;
import org.jspecify.annotations.Nullable;

/**
 * The monitoring questions both the operator API and the dashboard ask, in one place, so that
 * the dashboard's figures are the API's to the tiyn: the period, the grouping and the filters
 * of a box office report, read from query parameters and checked strictly (a bad one is a
 * {@link Problems.BadRequest}).
 */
final class MonitoringQueries {
  static final ZoneId ALMATY = ZoneId.of("Asia/Almaty");
  /** The dashboard's and the API's period when none is given: the last 14 days in Almaty. */
  static final int DEFAULT_DAYS = 14;
  private static final int MAX_PARAM_CHARS = 64;

  private final Registry registry;
  private final Clock clock;

  MonitoringQueries(Registry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  Registry registry() {
    return registry;
  }

  Clock clock() {
    return clock;
  }

  /** A period [from, to): given as Almaty dates or UTC instants. */
  record Period(Instant from, Instant to, String fromText, String toText) {
    TimeRange range() {
      return new TimeRange(from, to);
    }
  }

  /**
   * The period of {@code from} and {@code to} (each a date {@code YYYY-MM-DD}, midnight in
   * Almaty, or an instant {@code 2026-11-25T00:00:00Z}); the last 14 Almaty days (today
   * included) for what is missing.
   */
  Period period(@Nullable String fromText, @Nullable String toText) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ALMATY);
    Instant to = toText == null ? today.plusDays(1).atStartOfDay(ALMATY).toInstant()
        : instant("to", toText);
    Instant from = fromText == null
        ? LocalDate.ofInstant(to, ALMATY).minusDays(DEFAULT_DAYS).atStartOfDay(ALMATY)
            .toInstant()
        : instant("from", fromText);
    if (to.isBefore(from)) {
      throw new Problems.BadRequest("the period ends (" + to + ") before it starts (" + from
          + ")");
    }
    return new Period(from, to, fromText == null ? dayOrInstant(from) : fromText,
        toText == null ? dayOrInstant(to) : toText);
  }

  private static String dayOrInstant(Instant i) {
    LocalDate d = LocalDate.ofInstant(i, ALMATY);
    return d.atStartOfDay(ALMATY).toInstant().equals(i) ? d.toString() : i.toString();
  }

  /** The earliest instant a period may name: 2000-01-01T00:00:00Z. */
  static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
  /** The latest instant a period may name: 2100-01-01T00:00:00Z. */
  static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

  static Instant instant(String name, String text) {
    checkLength(name, text);
    Instant parsed = null;
    try {
      if (text.length() == 10) {
        parsed = LocalDate.parse(text).atStartOfDay(ALMATY).toInstant();
      } else if (text.endsWith("Z")) {
        parsed = Instant.parse(text);
      }
    } catch (DateTimeException e) {
      // named below
    }
    if (parsed != null) {
      if (parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST)) {
        throw new Problems.BadRequest(name + " must lie between " + EARLIEST + " and " + LATEST
            + ", not '" + text + "'");
      }
      return parsed;
    }
    throw new Problems.BadRequest(name + " must be a date (2026-11-25, midnight in Almaty) or "
        + "an instant in UTC (2026-11-25T00:00:00Z), not '" + text + "'");
  }

  private static void checkLength(String name, String text) {
    if (text.length() > MAX_PARAM_CHARS) {
      throw new Problems.BadRequest(name + " is longer than " + MAX_PARAM_CHARS + " characters");
    }
  }

  /** A dimension's query-parameter name: its enum name in lower case ("region"). */
  static String param(Dimension d) {
    return d.name().toLowerCase(Locale.ROOT);
  }

  /** {@code groupBy=REGION,DAY} (any case); empty for none. */
  static Set<Dimension> groupBy(@Nullable String text) {
    Set<Dimension> dims = EnumSet.noneOf(Dimension.class);
    if (text == null) {
      return dims;
    }
    if (text.length() > 2 * MAX_PARAM_CHARS) {
      throw new Problems.BadRequest("groupBy is longer than " + 2 * MAX_PARAM_CHARS
          + " characters");
    }
    for (String part : text.split(",", -1)) {
      Optional<Dimension> d = dimension(part);
      if (d.isEmpty() || !dims.add(d.get())) {
        throw new Problems.BadRequest("groupBy is a comma-separated list of distinct dimensions "
            + "of " + List.of(Dimension.values()) + ", not '" + text + "'");
      }
    }
    return dims;
  }

  private static Optional<Dimension> dimension(String text) {
    for (Dimension d : Dimension.values()) {
      if (d.name().equalsIgnoreCase(text)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /**
   * A filter value, checked by its model type and returned in its canonical form (the form
   * {@link #value} gives), for instance a BIN's check digit or a region's code.
   */
  static String filterValue(Dimension d, String text) {
    checkLength(param(d), text);
    try {
      switch (d) {
        case DAY:
          return LocalDate.parse(text).toString();
        case SCREENING:
          return ScreeningId.of(text).value();
        case CINEMA:
          return Bin.of(text).value();
        case REGION:
          return Region.ofCode(text).code();
        case FILM:
          return RentalCertificate.of(text).value();
        case GENRE:
          return Genre.of(text).code();
        case LANGUAGE:
          return LanguageCode.of(text).code();
        case COUNTRY:
          return CountryCode.of(text).code();
        case CHANNEL:
          return SalesChannel.valueOf(text).name();
        case NATIONAL:
          if (text.equals("true") || text.equals("false")) {
            return text;
          }
          throw new IllegalArgumentException("true or false");
        default:
          throw new IllegalStateException("dimension " + d);
      }
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new Problems.BadRequest(param(d) + " is not valid: '" + text + "' ("
          + e.getMessage() + ")");
    }
  }

  /** The value of {@code d} in {@code key}, in its canonical text form. */
  static Optional<String> value(GroupKey key, Dimension d) {
    switch (d) {
      case DAY:
        return key.day().map(LocalDate::toString);
      case SCREENING:
        return key.screening().map(ScreeningId::value);
      case CINEMA:
        return key.cinema().map(Bin::value);
      case REGION:
        return key.region().map(Region::code);
      case FILM:
        return key.film().map(RentalCertificate::value);
      case GENRE:
        return key.genre().map(Genre::code);
      case LANGUAGE:
        return key.language().map(LanguageCode::code);
      case COUNTRY:
        return key.country().map(CountryCode::code);
      case CHANNEL:
        return key.channel().map(SalesChannel::name);
      case NATIONAL:
        return key.national().map(String::valueOf);
      default:
        throw new IllegalStateException("dimension " + d);
    }
  }

  /** A box office question: its grouping and its filters (dimension to canonical value). */
  record BoxOffice(Set<Dimension> groupBy, Map<Dimension, String> filters) {
    BoxOffice {
      groupBy = Collections.unmodifiableSet(groupBy.isEmpty() ? EnumSet.noneOf(Dimension.class)
          : EnumSet.copyOf(groupBy));
      filters = Collections.unmodifiableMap(filters.isEmpty()
          ? new EnumMap<>(Dimension.class) : new EnumMap<>(filters));
    }

    static BoxOffice by(Dimension... dims) {
      Set<Dimension> set = EnumSet.noneOf(Dimension.class);
      Collections.addAll(set, dims);
      return new BoxOffice(set, Map.of());
    }
  }

  /** A row of a box office answer: the values of its grouping (in Dimension order). */
  record Row(Map<Dimension, String> key, long ticketsSold, long ticketsRefunded,
      long boxOfficeTiyn, long admissions) {
    long netTickets() {
      return ticketsSold - ticketsRefunded;
    }

    Row plus(BoxOfficeRow r) {
      return new Row(key, ticketsSold + r.ticketsSold(), ticketsRefunded + r.ticketsRefunded(),
          boxOfficeTiyn + r.boxOfficeTiyn(), admissions + r.admissions());
    }
  }

  /**
   * Box office of screenings starting in the period. A filter groups by its dimension as well,
   * keeps the rows of its value and adds them up by the asked grouping: a ticket counts once
   * for a fixed genre or country, so the sums are exact. No grouping: one total row (zeros
   * for an empty period).
   */
  List<Row> boxOffice(BoxOffice q, Period period) {
    Set<Dimension> asked = EnumSet.noneOf(Dimension.class);
    asked.addAll(q.groupBy());
    asked.addAll(q.filters().keySet());
    List<BoxOfficeRow> rows;
    try {
      rows = registry.monitoring().boxOffice(asked, period.range());
    } catch (IllegalArgumentException e) {
      throw new Problems.BadRequest(String.valueOf(e.getMessage()));
    }
    Map<List<String>, Row> sums = new TreeMap<>(MonitoringQueries::compareKeys);
    for (BoxOfficeRow r : rows) {
      if (!matches(r.key(), q.filters())) {
        continue;
      }
      Map<Dimension, String> key = new EnumMap<>(Dimension.class);
      List<String> sortKey = new ArrayList<>();
      for (Dimension d : q.groupBy()) {
        String v = value(r.key(), d).orElse("");
        key.put(d, v);
        sortKey.add(v);
      }
      sums.computeIfAbsent(sortKey, k -> new Row(Collections.unmodifiableMap(key), 0, 0, 0, 0));
      sums.put(sortKey, sums.get(sortKey).plus(r));
    }
    List<Row> out = new ArrayList<>(sums.values());
    if (out.isEmpty() && q.groupBy().isEmpty()) {
      out.add(new Row(Map.of(), 0, 0, 0, 0));
    }
    return out;
  }

  private static boolean matches(GroupKey key, Map<Dimension, String> filters) {
    for (Map.Entry<Dimension, String> f : filters.entrySet()) {
      if (!value(key, f.getKey()).orElse("").equals(f.getValue())) {
        return false;
      }
    }
    return true;
  }

  private static int compareKeys(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  /** The rows with the most box office first (ties by key), at most {@code max}. */
  static List<Row> top(List<Row> rows, int max) {
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparingLong(Row::boxOfficeTiyn).reversed());
    return sorted.subList(0, Math.min(max, sorted.size()));
  }

  /** A duration parameter in whole minutes, min to max; the default when absent. */
  static Duration minutes(@Nullable String text, String name, long dflt, long min, long max) {
    return Duration.ofMinutes(text == null ? dflt : Api.number(text, name, min, max));
  }

  // ---------------------------------------------------------------------------------------
  // Anomalies: re-derived from the whole log (O(entries)), so kept for a short while.

  /**
   * How long an anomaly report is reused, whatever the log has gained meanwhile: under live
   * sales the log grows every moment, and each dashboard load would replay it all.
   */
  static final Duration ANOMALY_REUSE = Duration.ofSeconds(30);

  private @Nullable AnomalyReport anomalies;
  private Instant anomaliesAt = Instant.EPOCH;

  /**
   * The anomaly rules' report with their defaults, judged at the registry's clock; the same
   * report for {@link #ANOMALY_REUSE} (see {@link #anomaliesAsOf}).
   */
  synchronized AnomalyReport anomalies() {
    Instant now = clock.instant();
    AnomalyReport held = anomalies;
    if (held != null && now.isBefore(anomaliesAt.plus(ANOMALY_REUSE))
        && !now.isBefore(anomaliesAt)) {
      return held;
    }
    AnomalyReport report = registry.anomalies(AnomalyRules.defaults());
    anomalies = report;
    anomaliesAt = now;
    return report;
  }

  /** When the report {@link #anomalies} last returned was judged. */
  synchronized Instant anomaliesAsOf() {
    return anomaliesAt;
  }
}
