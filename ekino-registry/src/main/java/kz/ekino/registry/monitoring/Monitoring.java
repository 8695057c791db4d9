package kz.ekino.registry.monitoring;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Monitoring queries over the registry's records. Results are the same on SQLite and
 * PostgreSQL. Box office is net of refunds and never counts specimen tickets.
 */
public interface Monitoring {
  /**
   * Box office and admissions of screenings starting in {@code range}, grouped by the given
   * dimensions (none: one total row), ordered by the group values.
   */
  List<BoxOfficeRow> boxOffice(Set<Dimension> groupBy, TimeRange range);

  /** Kazakh-language and national-film shares of screenings starting in {@code range}. */
  Shares shares(TimeRange range);

  /**
   * Upload lag of sales registered in {@code range}: one row per cinema (ordered by BIN), then
   * the overall row.
   */
  List<UploadLag> uploadLag(TimeRange range);

  /**
   * Cinemas that have a screening running now (started less than {@code screeningLength} ago)
   * and registered no sale for more than {@code silence}.
   */
  List<SilentCinema> silentCinemas(Duration silence, Duration screeningLength);
}
