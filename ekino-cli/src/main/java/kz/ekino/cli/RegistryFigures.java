package kz.ekino.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.SortedMap;
import java.util.TreeMap;
import kz.ekino.core.monitor.BoxOfficeTally;
import kz.ekino.core.monitor.FigureKey;
import kz.ekino.core.monitor.Figures;
import kz.ekino.core.monitor.RegistryReport;
import kz.ekino.registry.Registry;
import kz.ekino.registry.monitoring.BoxOfficeRow;
import kz.ekino.registry.monitoring.Dimension;
import kz.ekino.registry.monitoring.TimeRange;

/**
 * The registry's own box office by film, cinema, region and day, as monitoring.json holds it:
 * asked for in ranges of 365 screening days (a report covers at most Monitoring.MAX_SPAN),
 * each starting at midnight in Almaty so that no day is split between two reports.
 */
final class RegistryFigures {
  private RegistryFigures() {}

  /** The report over [first, last] screening starts, stamped with {@code treeSize}. */
  static RegistryReport report(Registry registry, long treeSize, Instant first, Instant last) {
    if (last.isBefore(first)) {
      return new RegistryReport(treeSize, Instant.EPOCH, Instant.EPOCH, new TreeMap<>());
    }
    ZonedDateTime start = LocalDate.ofInstant(first, BoxOfficeTally.KAZAKHSTAN)
        .atStartOfDay(BoxOfficeTally.KAZAKHSTAN);
    SortedMap<FigureKey, Figures> rows = new TreeMap<>();
    ZonedDateTime from = start;
    while (!from.toInstant().isAfter(last)) {
      ZonedDateTime to = from.plusDays(365);
      for (BoxOfficeRow row : registry.monitoring().boxOffice(EnumSet.of(Dimension.FILM,
          Dimension.CINEMA, Dimension.REGION, Dimension.DAY),
          new TimeRange(from.toInstant(), to.toInstant()))) {
        rows.put(new FigureKey(row.key().film().orElseThrow(), row.key().cinema().orElseThrow(),
            row.key().region(), row.key().day().orElseThrow()), new Figures(row.ticketsSold(),
            row.ticketsRefunded(), row.boxOfficeTiyn(), row.admissions()));
      }
      from = to;
    }
    return new RegistryReport(treeSize, start.toInstant(), from.toInstant(), rows);
  }

  /** Whole tiyn as tenge, exactly. */
  static String tenge(long tiyn) {
    return kz.ekino.core.monitor.FilmStatement.tenge(tiyn);
  }
}
