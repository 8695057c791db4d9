package kz.ekino.core.anomaly;

import static kz.ekino.core.anomaly.PlantedLog.ALMATY;
import static kz.ekino.core.anomaly.PlantedLog.local;
import static kz.ekino.core.anomaly.PlantedLog.numbers;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import kz.ekino.core.anomaly.PlantedLog.Sold;
import kz.ekino.core.model.SalesChannel;
import kz.ekino.core.model.Screening;
import kz.ekino.core.model.ScreeningId;
import kz.ekino.core.model.Seat;
import org.junit.jupiter.api.Test;

/** GHOST_SCREENING: (a) sales without admissions where gates report, (b) unusual sell-outs. */
class GhostScreeningTest {

  /** The morning with {@code more} tickets for noon one minute apart, and the box at 12:50. */
  private static List<Sold> noonSales(Morning m, int more) {
    List<Sold> sold = new ArrayList<>();
    for (int k = 0; k < more; k++) {
      sold.add(m.log.at(local("2026-11-28T09:30").plusSeconds(60L * k)).sell(m.box,
          m.log.ticket(m.noon, 2, k + 1)));
    }
    // the box sells again before the 13:00 screening, so it is not silent
    m.log.at(local("2026-11-28T12:50")).sell(m.box, m.log.ticket(m.small, 1, 1));
    return sold;
  }

  @Test
  void aScreeningWithTicketsAndAlmostNoAdmissionsWhereGatesReportIsAGhost() {
    Morning m = new Morning();
    List<Sold> sold = noonSales(m, 18); // 20 valid tickets for noon
    m.log.at(local("2026-11-28T11:50")).admit(m.first); // the gates report: 1 of 20, 5%

    assertThat(m.log.report(local("2026-11-28T15:00")).anomalies()).isEmpty();
    AnomalyReport r = m.log.report(local("2026-11-28T15:00:01"));
    List<Long> notAdmitted = new ArrayList<>(List.of(m.second.serial));
    sold.forEach(s -> notAdmitted.add(s.serial));
    assertThat(r.anomalies()).singleElement().satisfies(a -> {
      assertThat(a.code()).isEqualTo(AnomalyCode.GHOST_SCREENING);
      assertThat(a.cinema()).isEqualTo(ALMATY);
      assertThat(a.vendor()).isNull();
      assertThat(a.terminal()).isNull();
      assertThat(a.screening()).isEqualTo(ScreeningId.of("S-1200"));
      assertThat(a.firstSeen()).isEqualTo(local("2026-11-28T15:00"));
      assertThat(a.open()).isTrue();
      assertThat(a.serials()).containsExactlyElementsOf(notAdmitted);
      assertThat(a.numbers()).isEqualTo(numbers("validTickets", 20, "admitted", 1));
      assertThat(a.detail()).contains("20 valid tickets and 1 admitted 3 h later, below 10%");
    });

    long late = m.log.at(local("2026-11-28T15:30")).admit(m.second); // 2 of 20: 10%
    assertThat(m.log.report(local("2026-11-28T16:00")).anomalies()).singleElement()
        .satisfies(a -> {
          assertThat(a.resolvedAt()).isEqualTo(local("2026-11-28T15:30"));
          assertThat(a.serials()).hasSize(19).endsWith(late).doesNotContain(m.second.serial);
          assertThat(a.numbers()).isEqualTo(numbers("validTickets", 20, "admitted", 2));
        });
  }

  @Test
  void admissionsOfExactlyTheShareAreNoGhost() {
    Morning m = new Morning();
    noonSales(m, 18); // 20 valid tickets
    m.log.at(local("2026-11-28T11:50")).admit(m.first);
    m.log.at(local("2026-11-28T11:51")).admit(m.second); // 2 of 20: 10%
    assertThat(m.log.report(local("2026-11-28T16:00")).anomalies()).isEmpty();
  }

  @Test
  void fewerTicketsThanTheMinimumAreNotJudged() {
    Morning m = new Morning();
    noonSales(m, 17); // 19 valid tickets
    m.log.at(local("2026-11-28T11:50")).admit(m.first);
    assertThat(m.log.report(local("2026-11-28T16:00")).anomalies()).isEmpty();
  }

  @Test
  void whereNoGateEverReportsNoScreeningIsAGhost() {
    Morning m = new Morning();
    noonSales(m, 30);
    assertThat(m.log.report(local("2026-11-28T16:00")).anomalies()).isEmpty();
  }

  /**
   * A cinema with one 10-seat hall whose 09:00 screenings of the 21st to the 25th sold
   * {@code historyTickets} each (version 1 kiosk sales, the evening before).
   */
  private static PlantedLog history(int days, int historyTickets) {
    PlantedLog log = new PlantedLog(local("2026-11-20T12:00"));
    log.cinema(ALMATY, 10);
    for (int d = 0; d < days; d++) {
      int day = 21 + d;
      Screening early = PlantedLog.screening(ALMATY, "M-" + day, 1,
          local("2026-11-" + day + "T09:00"));
      for (int k = 0; k < historyTickets; k++) {
        log.at(local("2026-11-" + (day - 1) + "T18:00").plusSeconds(600L * k));
        log.sellV1(log.ticket(early, Seat.assigned(1, k + 1), log.clock().minusSeconds(2),
            SalesChannel.KIOSK));
      }
    }
    return log;
  }

  private static final Screening EARLY = PlantedLog.screening(ALMATY, "M-28", 1,
      local("2026-11-28T09:00"));

  private static List<Sold> sellOut(PlantedLog log, int tickets) {
    List<Sold> sold = new ArrayList<>();
    for (int k = 0; k < tickets; k++) {
      log.at(local("2026-11-28T07:00").plusSeconds(600L * k));
      sold.add(log.sellV1(log.ticket(EARLY, Seat.assigned(2, k + 1),
          log.clock().minusSeconds(2), SalesChannel.KIOSK)));
    }
    return sold;
  }

  @Test
  void aSellOutAtAnHourTheCinemaNeverFillsIsAGhost() {
    PlantedLog log = history(5, 1);
    List<Sold> sold = sellOut(log, 9);
    assertThat(log.report(local("2026-11-28T08:30")).anomalies()).singleElement()
        .satisfies(a -> {
          assertThat(a.code()).isEqualTo(AnomalyCode.GHOST_SCREENING);
          assertThat(a.vendor()).isNull();
          assertThat(a.screening()).isEqualTo(ScreeningId.of("M-28"));
          assertThat(a.firstSeen()).isEqualTo(local("2026-11-28T08:20"));
          assertThat(a.open()).isTrue();
          assertThat(a.serials()).containsExactlyElementsOf(sold.stream().map(s -> s.serial)
              .toList());
          assertThat(a.numbers()).isEqualTo(numbers("validTickets", 9, "seats", 10,
              "historyScreenings", 5, "historyPercent", 10));
          assertThat(a.detail()).contains("at 09:00 (Almaty) sold 9 of 10 seats",
              "5 earlier screenings before 10:00 or after 23:30 filled 10%");
        });
  }

  @Test
  void eightOfTenSeatsIsNoSellOut() {
    PlantedLog log = history(5, 1);
    sellOut(log, 8);
    assertThat(log.report(local("2026-11-28T08:30")).anomalies()).isEmpty();
  }

  @Test
  void fourEarlierScreeningsAreNoHistory() {
    PlantedLog log = history(4, 1);
    sellOut(log, 9);
    assertThat(log.report(local("2026-11-28T08:30")).anomalies()).isEmpty();
  }

  @Test
  void aHistoryFilledToThirtyPercentIsFarEmptierAndFortyIsNot() {
    PlantedLog thirty = history(5, 3);
    sellOut(thirty, 9);
    assertThat(thirty.report(local("2026-11-28T08:30")).anomalies()).singleElement()
        .satisfies(a -> assertThat(a.numbers()).containsEntry("historyPercent", 30L));
    PlantedLog forty = history(5, 4);
    sellOut(forty, 9);
    assertThat(forty.report(local("2026-11-28T08:30")).anomalies()).isEmpty();
  }

  @Test
  void aSellOutAtAUsualHourIsNoGhost() {
    PlantedLog log = history(5, 1);
    Screening evening = PlantedLog.screening(ALMATY, "E-28", 1, local("2026-11-28T19:00"));
    for (int k = 0; k < 10; k++) {
      log.at(local("2026-11-28T07:00").plusSeconds(600L * k));
      log.sellV1(log.ticket(evening, Seat.assigned(2, k + 1), log.clock().minusSeconds(2),
          SalesChannel.KIOSK));
    }
    Instant now = local("2026-11-28T09:00");
    assertThat(log.report(now).anomalies()).isEmpty();
  }
}
