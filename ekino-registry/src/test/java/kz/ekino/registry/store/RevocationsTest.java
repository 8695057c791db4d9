package kz.ekino.registry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kz.ekino.registry.testing.Databases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The revocation list since a serial: both plans (refunds first, screenings first) give what
 * the definition gives, for any stretch of serials and cut-off; the full list is what the
 * schema-1 query gave; a serial beyond the log is an empty list and a negative one an error.
 */
class RevocationsTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void bothPlansGiveTheRefundsSinceASerial(String store) throws Exception {
    try (Database db = Databases.openWriter(store, dir)) {
      SyntheticLog log = SyntheticLog.write(db.writer(), 42, 800);
      Connection c = db.writer();
      Map<Long, Long> starts = new HashMap<>();
      for (int i = 0; i < log.saleSerials.size(); i++) {
        starts.put(log.saleSerials.get(i), log.screeningStarts.get(i));
      }
      assertThat(log.refunds).hasSizeGreaterThan(30);
      long size = log.size();
      int checked = 0;
      for (long hours : new long[] {-1000, 0, 20, 40, 60, 1000}) {
        Instant cutOff = SyntheticLog.DAY0.plus(Duration.ofHours(hours));
        for (long after : new long[] {0, 1, size / 3, size / 2, size - 10, size, size + 5}) {
          for (long through : new long[] {after, after + 1, after + 50, size, Long.MAX_VALUE}) {
            List<Long> expected = new ArrayList<>();
            for (long[] r : log.refunds) {
              if (r[0] > after && r[0] <= through && java.util.Objects.requireNonNull(starts.get(r[1])) > cutOff.getEpochSecond()) {
                expected.add(r[1]);
              }
            }
            expected.sort(null);
            String what = "after " + after + " through " + through + " cut-off " + cutOff;
            assertThat(Revocations.refundedSales(c, after, through, cutOff, Long.MAX_VALUE))
                .as("refunds lead, " + what).isEqualTo(expected);
            assertThat(Revocations.refundedSales(c, after, through, cutOff, 0))
                .as("screenings lead, " + what).isEqualTo(expected);
            assertThat(Revocations.refundedSales(c, after, through, cutOff))
                .as(what).isEqualTo(expected);
            checked += expected.size();
          }
        }
        assertThat(new Records(c).refundedSalesStartingAfter(cutOff))
            .isEqualTo(schemaOneList(c, cutOff));
      }
      assertThat(checked).isGreaterThan(100);
      assertThat(Revocations.refundedSales(c, Long.MAX_VALUE - 1, Long.MAX_VALUE,
          Instant.EPOCH)).isEmpty();
      assertThatThrownBy(() -> Revocations.refundedSales(c, -1, size, Instant.EPOCH))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }
  }

  private static List<Long> schemaOneList(Connection c, Instant cutOff) throws Exception {
    try (PreparedStatement s = c.prepareStatement("SELECT sale.serial FROM records sale "
        + "JOIN records refund ON refund.kind = 1 AND refund.refund_of = sale.serial "
        + "WHERE sale.kind = 0 AND sale.screening_start > ? ORDER BY sale.serial")) {
      s.setLong(1, cutOff.getEpochSecond());
      List<Long> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
      return out;
    }
  }
}
