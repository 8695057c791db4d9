package kz.ekino.registry.monitoring;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Monitoring queries over the registry's records. Results are the same on SQLite and
 * PostgreSQL. Box office is net of refunds and never counts specimen tickets.
 *
 * <p>Every report reads only the records inside its range, through an index, and its work is
 * bounded whatever it is asked: the records a range holds may span at most {@link #MAX_SPAN}
 * (a range of a hundred years is fine while the data in it covers a year), a grouped report
 * has at most {@link #MAX_ROWS} rows, and a screening runs for at most
 * {@link #MAX_SCREENING_LENGTH}. Beyond these limits a report throws
 * {@link IllegalArgumentException} naming the limit, before reading the records; ask for
 * shorter ranges and add them up.
 */
public interface Monitoring {
  /**
   * The longest span of data one report covers: from the first to the last screening start
   * (box office, shares) or registration (upload lag) inside the range. A year, leap or not,
   * fits.
   */
  Duration MAX_SPAN = Duration.ofDays(366);

  /** The most rows a box office report returns (a month by screening is far below it). */
  int MAX_ROWS = 200_000;

  /** The longest a screening may be taken to run when looking for silent cinemas. */
  Duration MAX_SCREENING_LENGTH = Duration.ofHours(24);

  /**
   * Box office and admissions of screenings starting in {@code range}, grouped by the given
   * dimensions (none: one total row), ordered by the group values.
   *
   * @throws IllegalArgumentException if the screenings in the range span more than
   *     {@link #MAX_SPAN} or the report would have more than {@link #MAX_ROWS} rows
   */
  List<BoxOfficeRow> boxOffice(Set<Dimension> groupBy, TimeRange range);

  /**
   * Kazakh-language and national-film shares of screenings starting in {@code range}.
   *
   * @throws IllegalArgumentException if the screenings in the range span more than
   *     {@link #MAX_SPAN}
   */
  Shares shares(TimeRange range);

  /**
   * Upload lag of sales registered in {@code range}: one row per cinema (ordered by BIN), then
   * the overall row. Percentiles are exact (nearest rank) and computed by the database: the
   * lags never come into memory.
   *
   * @throws IllegalArgumentException if the registrations in the range span more than
   *     {@link #MAX_SPAN}
   */
  List<UploadLag> uploadLag(TimeRange range);

  /**
   * Late uploads and film descriptions that disagree with the register, of sales registered
   * in {@code range}: one row per cinema (ordered by BIN), then the overall row.
   *
   * @throws IllegalArgumentException if the registrations in the range span more than
   *     {@link #MAX_SPAN}
   */
  List<UploadFlags> uploadFlags(TimeRange range);

  /**
   * Cinemas that have a screening running now (started less than {@code screeningLength} ago)
   * and registered no sale for more than {@code silence}.
   *
   * @throws IllegalArgumentException if {@code silence} is negative or
   *     {@code screeningLength} is not positive or longer than {@link #MAX_SCREENING_LENGTH}
   */
  List<SilentCinema> silentCinemas(Duration silence, Duration screeningLength);
}
