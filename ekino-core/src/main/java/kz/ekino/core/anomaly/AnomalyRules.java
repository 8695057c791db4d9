package kz.ekino.core.anomaly;

import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The thresholds of the anomaly rules (docs/anomalies.md). {@link #defaults()} are the values
 * the registry runs with; each {@code with…} method gives a copy with one threshold changed.
 * Durations are whole seconds, like the log's registration times.
 *
 * @param gapGrace how long a missing terminal number may stay missing before it is a
 *     COUNTER_GAP: pipelined and queued submissions arrive out of order (default 15 minutes)
 * @param lateUpload a sale registered more than this after it was sold is a LATE_UPLOAD
 *     (default 1 hour)
 * @param silence a terminal quiet for more than this when a screening of its cinema starts is a
 *     SILENT_TERMINAL (default 3 hours)
 * @param bulkTickets this many valid tickets of one screening through one terminal (or, for
 *     version 1 sales, one vendor and channel) within {@code bulkWindow} are a BULK_PURCHASE
 *     (default 20)
 * @param bulkWindow the span of sale times of a bulk purchase (default 10 minutes)
 * @param ghostAfter a screening is judged for admissions this long after its start (default 3
 *     hours)
 * @param ghostMinTickets a screening with fewer valid tickets is not judged for admissions
 *     (default 20)
 * @param ghostAdmissionPercent admissions below this share of valid tickets, at a cinema whose
 *     gates report, are a GHOST_SCREENING (default 10)
 * @param ghostSellOutPercent valid tickets of at least this share of the hall's seats are a
 *     sell-out (default 90)
 * @param ghostUsualFrom screenings starting before this local time (Asia/Almaty) are at an
 *     unusual hour (default 10:00)
 * @param ghostUsualUntil screenings starting after this local time are at an unusual hour
 *     (default 23:30)
 * @param ghostHistoryMin a cinema needs this many earlier screenings at unusual hours before
 *     its sell-outs at such hours are compared with them (default 5)
 * @param ghostHistoryPercent a sell-out at an unusual hour is a GHOST_SCREENING when the
 *     cinema's earlier screenings at such hours filled at most this share of their seats
 *     (default 30)
 */
public record AnomalyRules(Duration gapGrace, Duration lateUpload, Duration silence,
    int bulkTickets, Duration bulkWindow, Duration ghostAfter, int ghostMinTickets,
    int ghostAdmissionPercent, int ghostSellOutPercent, LocalTime ghostUsualFrom,
    LocalTime ghostUsualUntil, int ghostHistoryMin, int ghostHistoryPercent) {

  public AnomalyRules {
    seconds("gapGrace", gapGrace);
    seconds("lateUpload", lateUpload);
    seconds("silence", silence);
    seconds("bulkWindow", bulkWindow);
    seconds("ghostAfter", ghostAfter);
    range("bulkTickets", bulkTickets, 2, 100_000);
    range("ghostMinTickets", ghostMinTickets, 1, 100_000);
    range("ghostAdmissionPercent", ghostAdmissionPercent, 1, 100);
    range("ghostSellOutPercent", ghostSellOutPercent, 1, 100);
    range("ghostHistoryMin", ghostHistoryMin, 1, 100_000);
    range("ghostHistoryPercent", ghostHistoryPercent, 0, 100);
    Objects.requireNonNull(ghostUsualFrom, "ghostUsualFrom");
    Objects.requireNonNull(ghostUsualUntil, "ghostUsualUntil");
    if (!ghostUsualFrom.isBefore(ghostUsualUntil)) {
      throw new IllegalArgumentException("usual hours must run from an earlier to a later time,"
          + " got " + ghostUsualFrom + " to " + ghostUsualUntil);
    }
  }

  /** The thresholds the registry runs with, as docs/anomalies.md lists them. */
  public static AnomalyRules defaults() {
    return new AnomalyRules(Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(3),
        20, Duration.ofMinutes(10), Duration.ofHours(3), 20, 10, 90, LocalTime.of(10, 0),
        LocalTime.of(23, 30), 5, 30);
  }

  public AnomalyRules withGapGrace(Duration d) {
    return new AnomalyRules(d, lateUpload, silence, bulkTickets, bulkWindow, ghostAfter,
        ghostMinTickets, ghostAdmissionPercent, ghostSellOutPercent, ghostUsualFrom,
        ghostUsualUntil, ghostHistoryMin, ghostHistoryPercent);
  }

  public AnomalyRules withLateUpload(Duration d) {
    return new AnomalyRules(gapGrace, d, silence, bulkTickets, bulkWindow, ghostAfter,
        ghostMinTickets, ghostAdmissionPercent, ghostSellOutPercent, ghostUsualFrom,
        ghostUsualUntil, ghostHistoryMin, ghostHistoryPercent);
  }

  public AnomalyRules withSilence(Duration d) {
    return new AnomalyRules(gapGrace, lateUpload, d, bulkTickets, bulkWindow, ghostAfter,
        ghostMinTickets, ghostAdmissionPercent, ghostSellOutPercent, ghostUsualFrom,
        ghostUsualUntil, ghostHistoryMin, ghostHistoryPercent);
  }

  public AnomalyRules withBulk(int tickets, Duration window) {
    return new AnomalyRules(gapGrace, lateUpload, silence, tickets, window, ghostAfter,
        ghostMinTickets, ghostAdmissionPercent, ghostSellOutPercent, ghostUsualFrom,
        ghostUsualUntil, ghostHistoryMin, ghostHistoryPercent);
  }

  /** The admissions part of GHOST_SCREENING: judged after, min tickets, admission share. */
  public AnomalyRules withGhostAdmissions(Duration after, int minTickets, int percent) {
    return new AnomalyRules(gapGrace, lateUpload, silence, bulkTickets, bulkWindow, after,
        minTickets, percent, ghostSellOutPercent, ghostUsualFrom, ghostUsualUntil,
        ghostHistoryMin, ghostHistoryPercent);
  }

  /** The sell-out part of GHOST_SCREENING: sell-out share, usual hours and history. */
  public AnomalyRules withGhostSellOut(int sellOutPercent, LocalTime usualFrom,
      LocalTime usualUntil, int historyMin, int historyPercent) {
    return new AnomalyRules(gapGrace, lateUpload, silence, bulkTickets, bulkWindow, ghostAfter,
        ghostMinTickets, ghostAdmissionPercent, sellOutPercent, usualFrom, usualUntil,
        historyMin, historyPercent);
  }

  private static void seconds(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || !d.truncatedTo(ChronoUnit.SECONDS).equals(d)
        || d.compareTo(Duration.ofDays(366)) > 0) {
      throw new IllegalArgumentException(name + " must be whole seconds from 0 to 366 days, got "
          + d);
    }
  }

  private static void range(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be " + min + " to " + max + ", got "
          + value);
    }
  }
}
