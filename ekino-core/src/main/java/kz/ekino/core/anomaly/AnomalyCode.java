package kz.ekino.core.anomaly;

/**
 * What an anomaly rule found (docs/anomalies.md). The names are stable: they are the
 * {@code type} of {@link Anomaly#toJson()} and what dashboards and scripts filter on.
 */
public enum AnomalyCode {
  /** A terminal's submission numbers have a hole that stayed open beyond the grace. */
  COUNTER_GAP,
  /** Two different submissions under one terminal number, or a previous digest that breaks. */
  COUNTER_FORK,
  /** A terminal's counter went back to numbers it had already used. */
  COUNTER_ROLLBACK,
  /** More valid tickets than seats in the hall, or one seat held by two valid tickets. */
  OVER_CAPACITY,
  /** Version 2 sales for a screening the log holds no matching declaration of. */
  UNDECLARED_SCREENING,
  /** A cinema's sales of one day registered long after they were sold. */
  LATE_UPLOAD,
  /** A refund registered after its screening started. */
  REFUND_AFTER_START,
  /** A terminal sent nothing while its cinema's screenings started. */
  SILENT_TERMINAL,
  /** Many tickets of one screening in a short burst through one terminal or channel. */
  BULK_PURCHASE,
  /** Sales without admissions where gates report, or a sell-out at an hour that never sells. */
  GHOST_SCREENING
}
