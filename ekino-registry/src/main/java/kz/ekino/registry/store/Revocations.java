package kz.ekino.registry.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The revocation list's query: the sales refunded by the records with serials in
 * {@code (afterSerial, throughSerial]} whose screenings started after a cut-off (the
 * registry's clock minus the screening grace), so that a scanner holding the list up to serial
 * N fetches only what was refunded since. Records never change, so the answer for a given
 * (after, through] never changes either, apart from screenings passing the cut-off.
 *
 * <p>Two plans, both from indexes: a short stretch of serials is read from the refunds' own
 * index ({@code records_refund_serial}) and each refund's sale looked up by serial; a long one
 * (a full list, or a scanner far behind) from the sales whose screenings have not yet passed
 * the cut-off ({@code records_sale_screening}), each looked up in the refunds
 * ({@code records_refund_of}). The first costs the refunds in the stretch, the second the
 * sales of screenings still ahead: neither grows with the years of data behind them.
 */
public final class Revocations {
  /** Up to this many serials since the caller's, the refunds lead; beyond, the screenings. */
  static final long REFUNDS_LEAD_UP_TO = 1L << 20;

  private Revocations() {}

  /**
   * Serials of sales, ascending, refunded by a record in {@code (afterSerial, throughSerial]}
   * and whose screening started after {@code startedAfter}. Asking beyond the log's end is not
   * an error: there is nothing there.
   *
   * @throws IllegalArgumentException if {@code afterSerial} is negative
   */
  public static List<Long> refundedSales(Connection c, long afterSerial, long throughSerial,
      Instant startedAfter) throws SQLException {
    return refundedSales(c, afterSerial, throughSerial, startedAfter, REFUNDS_LEAD_UP_TO);
  }

  /** With another switch-over between the two plans, so that tests run both. */
  static List<Long> refundedSales(Connection c, long afterSerial, long throughSerial,
      Instant startedAfter, long refundsLeadUpTo) throws SQLException {
    if (afterSerial < 0) {
      throw new IllegalArgumentException("serials start at 1: no refunds since " + afterSerial);
    }
    List<Long> out = new ArrayList<>();
    if (throughSerial <= afterSerial) {
      return out;
    }
    try (PreparedStatement s = sql(afterSerial, throughSerial, startedAfter, refundsLeadUpTo)
        .prepare(c);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getLong(1));
      }
    }
    // Sorted here, not by the database: an ORDER BY serial tempts SQLite to walk the whole
    // table in serial order to save a sort of a few rows.
    out.sort(null);
    return out;
  }

  /**
   * Each lookup of the other record is a scalar subquery, not a join: a join lets PostgreSQL
   * merge or hash the whole other side (every refund ever made, or every sale), where a
   * subquery in the WHERE clause is always a lookup by key per row.
   */
  static BoundSql sql(long afterSerial, long throughSerial, Instant startedAfter) {
    return sql(afterSerial, throughSerial, startedAfter, REFUNDS_LEAD_UP_TO);
  }

  private static BoundSql sql(long afterSerial, long throughSerial, Instant startedAfter,
      long refundsLeadUpTo) {
    long cutOff = startedAfter.getEpochSecond();
    if (throughSerial - afterSerial <= refundsLeadUpTo) {
      return BoundSql.of("refunded since serial N (a few serials: the refunds lead)",
          "SELECT rf.refund_of FROM records rf WHERE rf.kind = " + Records.REFUND + " AND rf.serial > ?"
              + " AND rf.serial <= ? AND (SELECT s.screening_start FROM records s"
              + " WHERE s.serial = rf.refund_of AND s.kind = " + Records.SALE + ") > ?",
          afterSerial, throughSerial, cutOff);
    }
    // The second lookup runs only for the refunded sales, which pass the first.
    String refundOfSale = "(SELECT rf.serial FROM records rf WHERE rf.kind = " + Records.REFUND
        + " AND rf.refund_of = s.serial)";
    return BoundSql.of("refunded since serial N (many serials: the screenings lead)",
        "SELECT s.serial FROM records s WHERE s.kind = " + Records.SALE + " AND s.screening_start > ? AND "
            + refundOfSale + " > ? AND " + refundOfSale + " <= ?",
        cutOff, afterSerial, throughSerial);
  }
}
