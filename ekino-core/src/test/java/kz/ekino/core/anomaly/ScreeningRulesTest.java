package kz.ekino.core.anomaly;

import static kz.ekino.core.anomaly.PlantedLog.ALMATY;
import static kz.ekino.core.anomaly.PlantedLog.VENDOR;
import static kz.ekino.core.anomaly.PlantedLog.local;
import static kz.ekino.core.anomaly.PlantedLog.numbers;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import kz.ekino.core.anomaly.PlantedLog.Sold;
import kz.ekino.core.anomaly.PlantedLog.Till;
import kz.ekino.core.model.SalesChannel;
import kz.ekino.core.model.Screening;
import kz.ekino.core.model.ScreeningId;
import kz.ekino.core.model.Seat;
import kz.ekino.core.model.TerminalId;
import org.junit.jupiter.api.Test;

/**
 * OVER_CAPACITY, UNDECLARED_SCREENING, LATE_UPLOAD, REFUND_AFTER_START, SILENT_TERMINAL and
 * BULK_PURCHASE, each planted alone in the quiet {@link Morning}, with the threshold's edges.
 */
class ScreeningRulesTest {
  private final Morning m = new Morning();
  private final PlantedLog log = m.log;
  private final Till box = m.box;

  private Sold sellAt(String local, Screening s, int row, int seat) {
    return log.at(local(local)).sell(box, log.ticket(s, row, seat));
  }

  // OVER_CAPACITY

  @Test
  void moreValidTicketsThanSeatsIsOverCapacityUntilARefund() {
    sellAt("2026-11-28T09:30", m.small, 1, 1);
    Sold b = sellAt("2026-11-28T09:31", m.small, 1, 2);
    sellAt("2026-11-28T09:32", m.small, 1, 3);
    assertThat(log.report(local("2026-11-28T09:33")).anomalies()).isEmpty(); // full, not over
    Sold d = sellAt("2026-11-28T09:33", m.small, 1, 4);
    assertThat(log.report(local("2026-11-28T09:40")).anomalies()).singleElement()
        .satisfies(a -> {
          assertThat(a.code()).isEqualTo(AnomalyCode.OVER_CAPACITY);
          assertThat(a.cinema()).isEqualTo(ALMATY);
          assertThat(a.vendor()).isNull();
          assertThat(a.terminal()).isNull();
          assertThat(a.screening()).isEqualTo(ScreeningId.of("S-1300"));
          assertThat(a.firstSeen()).isEqualTo(local("2026-11-28T09:33"));
          assertThat(a.open()).isTrue();
          assertThat(a.serials()).containsExactly(d.serial);
          assertThat(a.numbers()).isEqualTo(numbers("seats", 3, "validTickets", 4,
              "peakValidTickets", 4));
        });

    long refund = log.at(local("2026-11-28T09:45")).refund(box, b);
    assertThat(log.report(local("2026-11-28T09:50")).anomalies()).singleElement()
        .satisfies(a -> {
          assertThat(a.resolvedAt()).isEqualTo(local("2026-11-28T09:45"));
          assertThat(a.serials()).containsExactly(d.serial, refund);
          assertThat(a.numbers()).isEqualTo(numbers("seats", 3, "validTickets", 3,
              "peakValidTickets", 4));
        });
  }

  @Test
  void aHallMadeSmallerByANewCinemaEntryIsOverCapacityFromThatEntry() {
    sellAt("2026-11-28T09:30", m.small, 1, 1);
    sellAt("2026-11-28T09:31", m.small, 1, 2);
    long cinema = log.at(local("2026-11-28T09:40")).cinema(ALMATY, 100, 1);
    assertThat(log.report(local("2026-11-28T09:45")).anomalies()).singleElement()
        .satisfies(a -> {
          assertThat(a.code()).isEqualTo(AnomalyCode.OVER_CAPACITY);
          assertThat(a.firstSeen()).isEqualTo(local("2026-11-28T09:40"));
          assertThat(a.serials()).containsExactly(cinema);
          assertThat(a.numbers()).isEqualTo(numbers("seats", 1, "validTickets", 2,
              "peakValidTickets", 2));
        });
  }

  @Test
  void oneSeatHeldByTwoValidTicketsIsOverCapacityUntilOneIsRefunded() {
    Sold twice = sellAt("2026-11-28T09:30", m.noon, 1, 1); // the seat of the 09:10 ticket
    assertThat(log.report(local("2026-11-28T09:40")).anomalies()).singleElement()
        .satisfies(a -> {
          assertThat(a.code()).isEqualTo(AnomalyCode.OVER_CAPACITY);
          assertThat(a.screening()).isEqualTo(ScreeningId.of("S-1200"));
          assertThat(a.firstSeen()).isEqualTo(local("2026-11-28T09:30"));
          assertThat(a.serials()).containsExactly(m.first.serial, twice.serial);
          assertThat(a.numbers()).isEqualTo(numbers("row", 1, "seat", 1, "validTickets", 2));
          assertThat(a.detail()).contains("seat 1/1", "held by 2 valid tickets");
        });
    long refund = log.at(local("2026-11-28T09:45")).refund(box, twice);
    assertThat(log.report(local("2026-11-28T09:50")).anomalies()).singleElement()
        .satisfies(a -> {
          assertThat(a.resolvedAt()).isEqualTo(local("2026-11-28T09:45"));
          assertThat(a.serials()).containsExactly(m.first.serial, twice.serial, refund);
          assertThat(a.numbers()).isEqualTo(numbers("row", 1, "seat", 1, "validTickets", 1));
        });
    sellAt("2026-11-28T09:55", m.noon, 1, 2); // seat 1/2 sold twice: another anomaly
    assertThat(log.report(local("2026-11-28T10:00")).anomalies()).hasSize(2);
  }

  // UNDECLARED_SCREENING

  private final Screening two = PlantedLog.screening(ALMATY, "S-1400", 1,
      local("2026-11-28T14:00"));

  private Sold queuedSale(Screening s) {
    log.at(local("2026-11-28T09:30"));
    return log.sell(box, log.ticket(s, Seat.assigned(4, 1), local("2026-11-28T09:10"),
        SalesChannel.BOX_OFFICE));
  }

  @Test
  void aQueuedSaleOfAnUndeclaredScreeningIsFlaggedUntilTheDeclarationArrives() {
    Sold sale = queuedSale(two);
    assertThat(log.report(local("2026-11-28T09:40")).anomalies()).singleElement()
        .satisfies(a -> {
          assertThat(a.code()).isEqualTo(AnomalyCode.UNDECLARED_SCREENING);
          assertThat(a.vendor()).isEqualTo(VENDOR);
          assertThat(a.terminal()).isNull();
          assertThat(a.screening()).isEqualTo(ScreeningId.of("S-1400"));
          assertThat(a.firstSeen()).isEqualTo(local("2026-11-28T09:30"));
          assertThat(a.open()).isTrue();
          assertThat(a.serials()).containsExactly(sale.serial);
          assertThat(a.numbers()).isEqualTo(numbers("sales", 1));
          assertThat(a.detail()).contains("never declared");
        });
    long declaration = log.at(local("2026-11-28T09:50")).declare(two);
    assertThat(log.report(local("2026-11-28T10:00")).anomalies()).singleElement()
        .satisfies(a -> {
          assertThat(a.resolvedAt()).isEqualTo(local("2026-11-28T09:50"));
          assertThat(a.serials()).containsExactly(sale.serial, declaration);
        });
  }

  @Test
  void aSaleOfAScreeningDeclaredWithAnotherStartStaysUndeclared() {
    log.at(local("2026-11-28T09:25")).declare(PlantedLog.screening(ALMATY, "S-1400", 1,
        local("2026-11-28T14:30")));
    queuedSale(two);
    assertThat(log.report(local("2026-11-28T10:00")).anomalies()).singleElement()
        .satisfies(a -> {
          assertThat(a.code()).isEqualTo(AnomalyCode.UNDECLARED_SCREENING);
          assertThat(a.open()).isTrue();
          assertThat(a.detail()).contains("declared with another hall, film, start");
        });
  }

  @Test
  void aSaleAfterTheCancellationIsUndeclaredAndOneBeforeItIsNot() {
    log.at(local("2026-11-28T09:25")).cancel(m.noon);
    log.at(local("2026-11-28T09:30"));
    log.sell(box, log.ticket(m.noon, Seat.assigned(4, 1), local("2026-11-28T09:24"),
        SalesChannel.BOX_OFFICE)); // sold before the cancellation: queued, fine
    assertThat(log.report(local("2026-11-28T09:31")).anomalies()).isEmpty();
    Sold after = log.sell(box, log.ticket(m.noon, Seat.assigned(4, 2),
        local("2026-11-28T09:26"), SalesChannel.BOX_OFFICE));
    assertThat(log.report(local("2026-11-28T09:40")).anomalies()).singleElement()
        .satisfies(a -> {
          assertThat(a.code()).isEqualTo(AnomalyCode.UNDECLARED_SCREENING);
          assertThat(a.serials()).containsExactly(after.serial);
          assertThat(a.detail()).contains("cancelled at 2026-11-28T04:25:00Z");
        });
  }

  @Test
  void aDeclarationLoggedAgainDoesNotExcuseASaleAfterTheCancellation() {
    log.at(local("2026-11-28T09:25")).cancel(m.noon);
    log.at(local("2026-11-28T09:30")).sell(box, log.ticket(m.noon, 4, 1));
    log.at(local("2026-11-28T09:35")).declare(m.noon); // a registry logs it once; a log may not
    assertThat(log.report(local("2026-11-28T09:40")).anomalies()).singleElement()
        .satisfies(a -> {
          assertThat(a.code()).isEqualTo(AnomalyCode.UNDECLARED_SCREENING);
          assertThat(a.open()).isTrue();
        });
  }

  @Test
  void versionOneSalesNeedNoDeclaration() {
    log.at(local("2026-11-28T09:30")).sellV1(log.ticket(two, 4, 1));
    assertThat(log.report(local("2026-11-28T12:00")).anomalies()).isEmpty();
  }

  // LATE_UPLOAD

  @Test
  void salesRegisteredMoreThanAnHourAfterSaleAreOneLateUploadPerCinemaDay() {
    log.at(local("2026-11-28T11:00"));
    log.sell(box, log.ticket(m.noon, Seat.assigned(3, 3), local("2026-11-28T10:00"),
        SalesChannel.BOX_OFFICE)); // exactly an hour: not late
    assertThat(log.report(local("2026-11-28T11:00")).anomalies()).isEmpty();
    Sold s1 = log.sell(box, log.ticket(m.noon, Seat.assigned(3, 1),
        local("2026-11-28T09:59:59"), SalesChannel.BOX_OFFICE));
    Sold s2 = log.at(local("2026-11-28T11:01")).sell(box, log.ticket(m.noon,
        Seat.assigned(3, 2), local("2026-11-28T09:30"), SalesChannel.BOX_OFFICE));

    assertThat(log.report(local("2026-11-28T11:05")).anomalies()).singleElement()
        .satisfies(a -> {
          assertThat(a.code()).isEqualTo(AnomalyCode.LATE_UPLOAD);
          assertThat(a.cinema()).isEqualTo(ALMATY);
          assertThat(a.vendor()).isNull();
          assertThat(a.terminal()).isNull();
          assertThat(a.screening()).isNull();
          assertThat(a.firstSeen()).isEqualTo(local("2026-11-28T11:00"));
          assertThat(a.open()).isTrue();
          assertThat(a.serials()).containsExactly(s1.serial, s2.serial);
          assertThat(a.numbers()).isEqualTo(numbers("sales", 2, "maxDelaySeconds", 5460));
          assertThat(a.detail()).contains("2 sales of 2026-11-28", "the latest 1 h 31 min");
        });
  }

  @Test
  void aLateUploadThresholdIsConfigurable() {
    log.at(local("2026-11-28T10:00"));
    log.sell(box, log.ticket(m.noon, Seat.assigned(3, 1), local("2026-11-28T09:50"),
        SalesChannel.BOX_OFFICE));
    Instant now = local("2026-11-28T10:05");
    assertThat(log.report(now).anomalies()).isEmpty();
    assertThat(log.report(AnomalyRules.defaults().withLateUpload(Duration.ofMinutes(5)), now)
        .anomalies(AnomalyCode.LATE_UPLOAD)).hasSize(1);
  }

  // REFUND_AFTER_START

  @Test
  void aRefundRegisteredAfterTheStartIsFlaggedOneAtTheStartIsNot() {
    log.at(local("2026-11-28T12:00")).refund(box, m.first);
    assertThat(log.report(local("2026-11-28T12:00:01")).anomalies()).isEmpty();
    long refund = log.at(local("2026-11-28T12:00:01")).refund(box, m.second);
    assertThat(log.report(local("2026-11-28T12:30")).anomalies()).singleElement()
        .satisfies(a -> {
          assertThat(a.code()).isEqualTo(AnomalyCode.REFUND_AFTER_START);
          assertThat(a.vendor()).isEqualTo(VENDOR);
          assertThat(a.terminal()).isEqualTo(TerminalId.of("BOX-1"));
          assertThat(a.screening()).isEqualTo(ScreeningId.of("S-1200"));
          assertThat(a.firstSeen()).isEqualTo(local("2026-11-28T12:00:01"));
          assertThat(a.open()).isTrue();
          assertThat(a.serials()).containsExactly(refund, m.second.serial);
          assertThat(a.numbers()).isEqualTo(numbers("secondsAfterStart", 1));
          assertThat(a.detail()).contains("refund of sale " + m.second.serial
              + " registered 1 s after screening S-1200");
        });
  }

  @Test
  void aSecondRefundOfOneSaleCountsForNothing() {
    long refund = log.at(local("2026-11-28T12:10")).refundV1(m.first);
    log.at(local("2026-11-28T12:11")).refundV1(m.first); // a registry refunds a sale once
    assertThat(log.report(local("2026-11-28T12:15")).anomalies()).singleElement()
        .satisfies(a -> assertThat(a.serials()).containsExactly(refund, m.first.serial));
  }

  @Test
  void theOperatorsRefundAfterTheStartIsFlaggedToo() {
    long refund = log.at(local("2026-11-28T12:40")).operatorRefund(m.first);
    assertThat(log.report(local("2026-11-28T12:45")).anomalies()).singleElement()
        .satisfies(a -> {
          assertThat(a.code()).isEqualTo(AnomalyCode.REFUND_AFTER_START);
          assertThat(a.terminal()).isNull();
          assertThat(a.serials()).containsExactly(refund, m.first.serial);
          assertThat(a.numbers()).isEqualTo(numbers("secondsAfterStart", 2400));
        });
  }

  // SILENT_TERMINAL

  @Test
  void aTerminalQuietWhenAScreeningStartsIsSilentUntilItSendsAgain() {
    Screening late = PlantedLog.screening(ALMATY, "S-1220", 1, local("2026-11-28T12:20:01"));
    log.at(local("2026-11-28T09:30")).declare(late);
    assertThat(log.report(local("2026-11-28T12:20:01")).anomalies()).isEmpty();
    assertThat(log.report(local("2026-11-28T12:30")).anomalies()).singleElement()
        .satisfies(a -> {
          assertThat(a.code()).isEqualTo(AnomalyCode.SILENT_TERMINAL);
          assertThat(a.cinema()).isEqualTo(ALMATY);
          assertThat(a.vendor()).isEqualTo(VENDOR);
          assertThat(a.terminal()).isEqualTo(TerminalId.of("BOX-1"));
          assertThat(a.screening()).isEqualTo(ScreeningId.of("S-1220"));
          assertThat(a.firstSeen()).isEqualTo(local("2026-11-28T12:20:01"));
          assertThat(a.open()).isTrue();
          assertThat(a.serials()).containsExactly(m.second.serial);
          assertThat(a.numbers()).isEqualTo(numbers("quietSeconds", 11_400, "screenings", 1));
        });
    Sold again = sellAt("2026-11-28T12:40", m.small, 1, 1);
    assertThat(log.report(local("2026-11-28T12:45")).anomalies()).singleElement()
        .satisfies(a -> {
          assertThat(a.resolvedAt()).isEqualTo(local("2026-11-28T12:40"));
          assertThat(a.serials()).containsExactly(m.second.serial, again.serial);
          assertThat(a.numbers()).isEqualTo(numbers("quietSeconds", 12_000, "screenings", 1));
          assertThat(a.detail()).contains("sent nothing from 2026-11-28T04:20:00Z to "
              + "2026-11-28T07:40:00Z (3 h 20 min)");
        });
  }

  @Test
  void aScreeningStartingExactlyTheSilenceAfterTheLastSubmissionIsNotSilence() {
    log.at(local("2026-11-28T09:30")).declare(PlantedLog.screening(ALMATY, "S-1220", 1,
        local("2026-11-28T12:20")));
    assertThat(log.report(local("2026-11-28T12:59")).anomalies()).isEmpty();
  }

  // BULK_PURCHASE

  private List<Sold> burst(int tickets, long stepSeconds, long lastStep) {
    List<Sold> out = new ArrayList<>();
    Instant start = local("2026-11-28T10:00");
    for (int k = 0; k < tickets; k++) {
      long offset = k == tickets - 1 ? lastStep : k * stepSeconds;
      out.add(log.at(start.plusSeconds(offset)).sell(box, log.ticket(m.noon, 5, k + 1)));
    }
    return out;
  }

  @Test
  void twentyTicketsOfOneScreeningThroughOneTerminalInTenMinutesAreABulkPurchase() {
    List<Sold> sold = burst(20, 30, 570);
    AnomalyReport r = log.report(local("2026-11-28T10:15"));
    assertThat(r.anomalies()).singleElement().satisfies(a -> {
      assertThat(a.code()).isEqualTo(AnomalyCode.BULK_PURCHASE);
      assertThat(a.vendor()).isEqualTo(VENDOR);
      assertThat(a.terminal()).isEqualTo(TerminalId.of("BOX-1"));
      assertThat(a.screening()).isEqualTo(ScreeningId.of("S-1200"));
      assertThat(a.firstSeen()).isEqualTo(local("2026-11-28T10:09:30"));
      assertThat(a.open()).isTrue();
      assertThat(a.serials()).containsExactlyElementsOf(sold.stream().map(s -> s.serial)
          .toList());
      assertThat(a.numbers()).isEqualTo(numbers("tickets", 20, "validTickets", 20,
          "spanSeconds", 570));
      assertThat(a.detail()).contains("20 tickets", "within 9 min 30 s", "terminal BOX-1");
    });

    long refund = log.at(local("2026-11-28T10:20")).refund(box, sold.get(3));
    assertThat(log.report(local("2026-11-28T10:25")).anomalies()).singleElement()
        .satisfies(a -> {
          assertThat(a.resolvedAt()).isEqualTo(local("2026-11-28T10:20"));
          assertThat(a.serials()).hasSize(21).endsWith(refund);
          assertThat(a.numbers()).containsEntry("validTickets", 19L);
        });
  }

  @Test
  void nineteenTicketsAreNoBulkPurchase() {
    burst(19, 30, 540);
    assertThat(log.report(local("2026-11-28T10:15")).anomalies()).isEmpty();
  }

  @Test
  void twentyTicketsSpanningExactlyTheWindowAreOneAndASecondMoreAreNot() {
    burst(20, 30, 600);
    assertThat(log.report(local("2026-11-28T10:15")).anomalies(AnomalyCode.BULK_PURCHASE))
        .hasSize(1);
    Morning other = new Morning();
    Instant start = local("2026-11-28T10:00");
    for (int k = 0; k < 20; k++) {
      other.log.at(start.plusSeconds(k == 19 ? 601 : k * 30)).sell(other.box,
          other.log.ticket(other.noon, 5, k + 1));
    }
    assertThat(other.log.report(local("2026-11-28T10:15")).anomalies()).isEmpty();
  }

  @Test
  void versionOneSalesAreGroupedByVendorAndChannel() {
    Instant start = local("2026-11-28T10:00");
    for (int k = 0; k < 20; k++) {
      log.at(start.plusSeconds(k * 20L));
      log.sellV1(log.ticket(m.noon, Seat.assigned(6, k + 1), log.clock().minusSeconds(1),
          SalesChannel.KIOSK));
    }
    log.at(start.plusSeconds(30)).sellV1(log.ticket(m.noon, Seat.assigned(7, 1),
        start, SalesChannel.ONLINE)); // another channel: not part of the burst
    assertThat(log.report(local("2026-11-28T10:15")).anomalies()).singleElement()
        .satisfies(a -> {
          assertThat(a.code()).isEqualTo(AnomalyCode.BULK_PURCHASE);
          assertThat(a.vendor()).isEqualTo(VENDOR);
          assertThat(a.terminal()).isNull();
          assertThat(a.numbers()).containsEntry("tickets", 20L);
          assertThat(a.detail()).contains("KIOSK channel (version 1)");
        });
  }
}
