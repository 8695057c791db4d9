package kz.ekino.core.anomaly;

import static kz.ekino.core.anomaly.PlantedLog.ALMATY;
import static kz.ekino.core.anomaly.PlantedLog.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import kz.ekino.core.anomaly.AnomalyReport.CinemaDay;
import kz.ekino.core.anomaly.PlantedLog.Sold;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.model.Seat;
import kz.ekino.core.model.SalesChannel;
import org.junit.jupiter.api.Test;

/** The report around the rules: JSON lines, cinema days, corrections, bad entries, order. */
class AnomalyReportTest {
  private final Morning m = new Morning();
  private final PlantedLog log = m.log;

  @Test
  void anAnomalyIsOneLineOfJsonWithItsCodeAsType() throws Exception {
    log.at(local("2026-11-28T09:25"));
    m.box.sign(log.ticket(m.noon, 1, 3));
    log.at(local("2026-11-28T09:26")).sell(m.box, log.ticket(m.noon, 1, 4));
    Anomaly gap = log.report(local("2026-11-28T10:00")).anomalies().get(0);
    assertThat(gap.toJson()).isEqualTo("{\"type\":\"COUNTER_GAP\",\"cinema\":\"050140001238\","
        + "\"vendor\":\"940140000385\",\"terminal\":\"BOX-1\",\"screening\":null,"
        + "\"firstSeen\":\"2026-11-28T04:41:00Z\",\"resolvedAt\":null,\"serials\":[7,8],"
        + "\"sequences\":[3],\"numbers\":{\"from\":3,\"to\":3,\"missing\":1,\"filled\":0},"
        + "\"detail\":\"terminal BOX-1 of vendor 940140000385: number 3 missing when number 4 "
        + "arrived at 2026-11-28T04:26:00Z; 1 still missing\"}");
    JsonNode parsed = new ObjectMapper().readTree(gap.toJson());
    assertThat(parsed.get("type").asText()).isEqualTo(gap.code().name());
  }

  @Test
  void everyLineOfAReportParsesAndTheLinesFollowTheReportsOrder() throws Exception {
    log.at(local("2026-11-28T09:30")).sell(m.box, log.ticket(m.noon, 1, 1)); // seat twice
    log.at(local("2026-11-28T12:40")).operatorRefund(m.second); // after the start
    AnomalyReport r = log.report(local("2026-11-28T12:45"));
    assertThat(r.anomalies()).extracting(Anomaly::code).containsExactly(
        AnomalyCode.OVER_CAPACITY, AnomalyCode.REFUND_AFTER_START);
    String[] lines = r.toJsonLines().split("\n");
    assertThat(lines).hasSize(2);
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < lines.length; i++) {
      assertThat(json.readTree(lines[i]).get("type").asText())
          .isEqualTo(r.anomalies().get(i).code().name());
    }
    assertThat(r.byCinema()).containsEntry(ALMATY, new AnomalyReport.Tally(2, 2));
    assertThat(r.byVendor()).containsEntry(PlantedLog.VENDOR, new AnomalyReport.Tally(1, 1));
    assertThat(r.byTerminal()).isEmpty();
  }

  @Test
  void cinemaDaysShowDeclaredScreeningsWithoutSalesAndExplainedSilence() {
    log.at(local("2026-11-28T09:30")).cancel(m.small);
    log.at(local("2026-11-28T09:40")).sellV1(log.ticket(PlantedLog.screening(ALMATY, "S-1600",
        1, local("2026-11-28T16:00")), 1, 1));
    log.at(local("2026-11-28T09:45")).noScreenings(ALMATY, LocalDate.parse("2026-11-30"));
    AnomalyReport r = log.report(local("2026-11-28T10:00"));
    assertThat(r.cinemaDays()).containsExactly(
        new CinemaDay(ALMATY, LocalDate.parse("2026-11-28"), 1, 0, 3, false),
        new CinemaDay(ALMATY, LocalDate.parse("2026-11-29"), 1, 1, 0, false),
        new CinemaDay(ALMATY, LocalDate.parse("2026-11-30"), 0, 0, 0, true));
    assertThat(r.cinemaDay(ALMATY, LocalDate.parse("2026-11-29")))
        .isEqualTo(r.cinemaDays().get(1));
    assertThat(r.anomalies()).isEmpty();
  }

  @Test
  void priceCorrectionsByTheVendorOrTheOperatorChangeNothing() {
    log.at(local("2026-11-28T09:30")).correctPrice(m.first, 200_000);
    log.at(local("2026-11-28T09:31")).operatorPrice(m.second, 100_000);
    AnomalyReport r = log.report(local("2026-11-28T12:59"));
    assertThat(r.anomalies()).isEmpty();
    assertThat(r.skipped()).isZero();
  }

  @Test
  void entriesThatCannotBeReadOrNameNoSaleAreSkippedAndCounted() {
    log.at(local("2026-11-28T09:30"));
    log.add(LogEntry.Kind.SALE, new byte[] {1, 2, 3});
    log.add(LogEntry.Kind.CINEMA, new byte[] {(byte) 0xa0});
    Sold ghost = new Sold(log.ticket(m.noon, 9, 9));
    ghost.serial = 1; // the CINEMA entry: no sale
    log.refundV1(ghost);
    log.admit(ghost);
    Sold later = new Sold(log.ticket(m.noon, 9, 8));
    later.serial = 99; // not (yet) in the log
    log.refundV1(later);
    AnomalyReport r = log.report(local("2026-11-28T12:59"));
    assertThat(r.skipped()).isEqualTo(5);
    assertThat(r.entries()).isEqualTo(12);
    assertThat(r.anomalies()).isEmpty();
  }

  @Test
  void aRefundOfNoSaleIsSkippedButItsNumberIsNoGap() {
    Sold ghost = new Sold(log.ticket(m.noon, 9, 9));
    ghost.serial = 1; // the CINEMA entry: no sale
    log.at(local("2026-11-28T09:30")).refund(m.box, ghost); // number 3
    log.at(local("2026-11-28T09:31")).sell(m.box, log.ticket(m.noon, 9, 8)); // number 4
    AnomalyReport r = log.report(local("2026-11-28T12:00"));
    assertThat(r.skipped()).isEqualTo(1);
    assertThat(r.anomalies()).isEmpty();
  }

  @Test
  void entriesAreTakenInSerialOrder() {
    AnomalyEngine engine = new AnomalyEngine(AnomalyRules.defaults());
    engine.accept(log.entries().get(1));
    assertThatThrownBy(() -> engine.accept(log.entries().get(0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serial order");
  }

  @Test
  void aReportIsASnapshotAndTheFoldGoesOn() {
    AnomalyEngine engine = new AnomalyEngine(AnomalyRules.defaults());
    log.entries().forEach(engine::accept);
    AnomalyReport before = engine.report(local("2026-11-28T09:30"));
    engine.accept(new LogEntry(log.entries.size() + 1L, local("2026-11-28T09:31"),
        LogEntry.Kind.SALE, m.box.sign(log.ticket(m.noon, 1, 1))));
    AnomalyReport after = engine.report(local("2026-11-28T09:32"));
    assertThat(before.anomalies()).isEmpty();
    assertThat(after.anomalies()).extracting(Anomaly::code)
        .containsExactly(AnomalyCode.OVER_CAPACITY);
    assertThat(before.anomalies()).isEmpty();
  }

  @Test
  void aReportBeforeTheNewestEntryIsAtTheNewestEntry() {
    AnomalyReport r = log.report(Instant.EPOCH);
    assertThat(r.at()).isEqualTo(local("2026-11-28T09:20"));
  }

  @Test
  void theDefaultsAreThoseDocumented() {
    AnomalyRules d = AnomalyRules.defaults();
    assertThat(d.gapGrace()).isEqualTo(Duration.ofMinutes(15));
    assertThat(d.lateUpload()).isEqualTo(Duration.ofHours(1));
    assertThat(d.silence()).isEqualTo(Duration.ofHours(3));
    assertThat(d.bulkTickets()).isEqualTo(20);
    assertThat(d.bulkWindow()).isEqualTo(Duration.ofMinutes(10));
    assertThat(d.ghostAfter()).isEqualTo(Duration.ofHours(3));
    assertThat(d.ghostMinTickets()).isEqualTo(20);
    assertThat(d.ghostAdmissionPercent()).isEqualTo(10);
    assertThat(d.ghostSellOutPercent()).isEqualTo(90);
    assertThat(d.ghostUsualFrom()).isEqualTo(LocalTime.of(10, 0));
    assertThat(d.ghostUsualUntil()).isEqualTo(LocalTime.of(23, 30));
    assertThat(d.ghostHistoryMin()).isEqualTo(5);
    assertThat(d.ghostHistoryPercent()).isEqualTo(30);
  }

  @Test
  void thresholdsOutOfRangeAreRefusedNamingTheThreshold() {
    AnomalyRules d = AnomalyRules.defaults();
    assertThatThrownBy(() -> d.withGapGrace(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gapGrace");
    assertThatThrownBy(() -> d.withSilence(Duration.ofMillis(1500)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("silence");
    assertThatThrownBy(() -> d.withBulk(1, Duration.ofMinutes(10)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bulkTickets");
    assertThatThrownBy(() -> d.withGhostAdmissions(Duration.ofHours(3), 20, 101))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ghostAdmissionPercent");
    assertThatThrownBy(() -> d.withGhostSellOut(90, LocalTime.of(23, 0), LocalTime.of(10, 0),
        5, 30)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("usual hours");
  }

  @Test
  void aSpecimenSaleCountsForNoRule() {
    log.at(local("2026-11-28T09:30"));
    log.sellV1(new kz.ekino.core.model.Sale(kz.ekino.core.model.TicketId.of("DEMO-1"),
        PlantedLog.VENDOR, m.noon, Seat.assigned(1, 1), 0, local("2026-11-28T07:00"),
        SalesChannel.KIOSK, true)); // seat 1/1 again, three hours late: a specimen
    assertThat(log.report(local("2026-11-28T12:59")).anomalies()).isEmpty();
  }
}
