package kz.ekino.core.anomaly;

import static kz.ekino.core.anomaly.PlantedLog.ALMATY;
import static kz.ekino.core.anomaly.PlantedLog.VENDOR;
import static kz.ekino.core.anomaly.PlantedLog.local;
import static kz.ekino.core.anomaly.PlantedLog.numbers;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import kz.ekino.core.anomaly.AnomalyReport.VendorDay;
import kz.ekino.core.anomaly.PlantedLog.Sold;
import kz.ekino.core.anomaly.PlantedLog.Till;
import kz.ekino.core.model.TerminalId;
import org.junit.jupiter.api.Test;

/**
 * COUNTER_GAP, COUNTER_FORK and COUNTER_ROLLBACK planted one at a time in a quiet morning
 * ({@link Morning}), and the vendors' completeness per day.
 */
class CounterRulesTest {
  private final Morning m = new Morning();
  private final PlantedLog log = m.log;
  private final Till box = m.box;

  @Test
  void theMorningAloneHasNoAnomaly() {
    AnomalyReport r = log.report(local("2026-11-28T12:59"));
    assertThat(r.anomalies()).isEmpty();
    assertThat(r.skipped()).isZero();
    assertThat(r.entries()).isEqualTo(log.entries.size());
  }

  @Test
  void aNumberMissingLongerThanTheGraceIsAGapWithItsNeighbours() {
    log.at(local("2026-11-28T09:25"));
    box.sign(log.ticket(m.noon, 1, 3)); // number 3: signed, kept in the outbox, never sent
    Sold four = log.at(local("2026-11-28T09:26")).sell(box, log.ticket(m.noon, 1, 4));

    assertThat(log.report(local("2026-11-28T09:41")).anomalies()).isEmpty();
    AnomalyReport r = log.report(local("2026-11-28T09:41:01"));
    assertThat(r.anomalies()).singleElement().satisfies(a -> {
      assertThat(a.code()).isEqualTo(AnomalyCode.COUNTER_GAP);
      assertThat(a.cinema()).isEqualTo(ALMATY);
      assertThat(a.vendor()).isEqualTo(VENDOR);
      assertThat(a.terminal()).isEqualTo(TerminalId.of("BOX-1"));
      assertThat(a.screening()).isNull();
      assertThat(a.firstSeen()).isEqualTo(local("2026-11-28T09:41"));
      assertThat(a.resolvedAt()).isNull();
      assertThat(a.serials()).containsExactly(m.second.serial, four.serial);
      assertThat(a.sequences()).containsExactly(3L);
      assertThat(a.numbers()).isEqualTo(numbers("from", 3, "to", 3, "missing", 1, "filled", 0));
      assertThat(a.detail()).contains("number 3 missing when number 4 arrived", "1 still missing");
    });
    assertThat(r.byTerminal()).containsEntry(
        new AnomalyReport.TerminalKey(VENDOR, TerminalId.of("BOX-1")),
        new AnomalyReport.Tally(1, 1));
  }

  @Test
  void aGapClosesWhenTheLateSubmissionArrivesFromTheOutbox() {
    log.at(local("2026-11-28T09:25"));
    byte[] outbox = box.sign(log.ticket(m.noon, 1, 3));
    byte[] outbox4 = box.sign(log.ticket(m.noon, 1, 4));
    Sold five = log.at(local("2026-11-28T09:26")).sell(box, log.ticket(m.noon, 1, 5));
    long late3 = log.at(local("2026-11-28T09:50")).sale(outbox);
    AnomalyReport half = log.report(local("2026-11-28T09:55"));
    assertThat(half.anomalies()).singleElement().satisfies(a -> {
      assertThat(a.open()).isTrue();
      assertThat(a.sequences()).containsExactly(4L);
      assertThat(a.numbers()).isEqualTo(numbers("from", 3, "to", 4, "missing", 1, "filled", 1));
    });
    long late4 = log.at(local("2026-11-28T10:05")).sale(outbox4);

    AnomalyReport r = log.report(local("2026-11-28T10:10"));
    assertThat(r.anomalies()).singleElement().satisfies(a -> {
      assertThat(a.code()).isEqualTo(AnomalyCode.COUNTER_GAP);
      assertThat(a.firstSeen()).isEqualTo(local("2026-11-28T09:41"));
      assertThat(a.resolvedAt()).isEqualTo(local("2026-11-28T10:05"));
      assertThat(a.serials()).containsExactly(m.second.serial, five.serial, late4);
      assertThat(a.sequences()).isEmpty();
      assertThat(a.numbers()).isEqualTo(numbers("from", 3, "to", 4, "missing", 0, "filled", 2));
    });
    assertThat(late3).isLessThan(late4);
    assertThat(r.byCinema()).containsEntry(ALMATY, new AnomalyReport.Tally(0, 1));
  }

  @Test
  void aNumberArrivingWithinTheGraceIsOutOfOrderNotMissing() {
    log.at(local("2026-11-28T09:25"));
    byte[] outbox = box.sign(log.ticket(m.noon, 1, 3));
    log.at(local("2026-11-28T09:26")).sell(box, log.ticket(m.noon, 1, 4));
    log.at(local("2026-11-28T09:41")).sale(outbox); // exactly the grace after it was missed
    assertThat(log.report(local("2026-11-28T12:00")).anomalies()).isEmpty();
  }

  @Test
  void aNumberArrivingOneSecondAfterTheGraceLeavesAResolvedGap() {
    log.at(local("2026-11-28T09:25"));
    byte[] outbox = box.sign(log.ticket(m.noon, 1, 3));
    log.at(local("2026-11-28T09:26")).sell(box, log.ticket(m.noon, 1, 4));
    long late = log.at(local("2026-11-28T09:41:01")).sale(outbox);
    assertThat(log.report(local("2026-11-28T12:00")).anomalies()).singleElement()
        .satisfies(a -> {
          assertThat(a.code()).isEqualTo(AnomalyCode.COUNTER_GAP);
          assertThat(a.firstSeen()).isEqualTo(local("2026-11-28T09:41"));
          assertThat(a.resolvedAt()).isEqualTo(local("2026-11-28T09:41:01"));
          assertThat(a.serials()).endsWith(late);
        });
  }

  @Test
  void aTerminalWhoseFirstNumberIsNotOneHasAGapFromOne() {
    Till late = new Till("KIOSK-7", ALMATY);
    log.at(local("2026-11-28T09:30")).terminal(late);
    late.sign(log.ticket(m.noon, 2, 1));
    late.sign(log.ticket(m.noon, 2, 2));
    Sold third = log.sell(late, log.ticket(m.noon, 2, 3));
    assertThat(log.report(local("2026-11-28T10:00")).anomalies()).singleElement()
        .satisfies(a -> {
          assertThat(a.code()).isEqualTo(AnomalyCode.COUNTER_GAP);
          assertThat(a.terminal()).isEqualTo(TerminalId.of("KIOSK-7"));
          assertThat(a.serials()).containsExactly(third.serial);
          assertThat(a.sequences()).containsExactly(1L, 2L);
        });
  }

  @Test
  void twoDifferentSubmissionsUnderOneNumberAreAFork() {
    Till clone = box.copy(); // a second installation under the same terminal id
    Sold three = log.at(local("2026-11-28T09:30")).sell(box, log.ticket(m.noon, 1, 3));
    Sold other = log.at(local("2026-11-28T09:31")).sell(clone, log.ticket(m.noon, 1, 4));
    log.at(local("2026-11-28T09:32")).sell(box, log.ticket(m.noon, 1, 5));

    assertThat(log.report(local("2026-11-28T12:00")).anomalies()).singleElement()
        .satisfies(a -> {
          assertThat(a.code()).isEqualTo(AnomalyCode.COUNTER_FORK);
          assertThat(a.terminal()).isEqualTo(TerminalId.of("BOX-1"));
          assertThat(a.firstSeen()).isEqualTo(local("2026-11-28T09:31"));
          assertThat(a.resolvedAt()).isNull();
          assertThat(a.serials()).containsExactly(three.serial, other.serial);
          assertThat(a.sequences()).containsExactly(3L);
          assertThat(a.numbers()).isEqualTo(numbers("conflicts", 1));
          assertThat(a.detail()).contains("two different submissions under number 3");
        });
  }

  @Test
  void aPreviousDigestThatDoesNotMatchIsAFork() {
    Till clone = box.copy();
    Sold three = log.at(local("2026-11-28T09:30")).sell(box, log.ticket(m.noon, 1, 3));
    clone.sign(log.ticket(m.noon, 1, 4)); // a number 3 nobody sent
    Sold four = log.at(local("2026-11-28T09:31")).sell(clone, log.ticket(m.noon, 1, 5));

    assertThat(log.report(local("2026-11-28T12:00")).anomalies()).singleElement()
        .satisfies(a -> {
          assertThat(a.code()).isEqualTo(AnomalyCode.COUNTER_FORK);
          assertThat(a.firstSeen()).isEqualTo(local("2026-11-28T09:31"));
          assertThat(a.serials()).containsExactly(three.serial, four.serial);
          assertThat(a.sequences()).containsExactly(4L);
          assertThat(a.detail()).contains("number 4 chained to another number 3");
        });
  }

  @Test
  void aBrokenChainIsAForkWhicheverNumberArrivesFirst() {
    Till clone = box.copy();
    log.at(local("2026-11-28T09:29"));
    byte[] three = box.sign(log.ticket(m.noon, 1, 3));
    clone.sign(log.ticket(m.noon, 1, 4));
    Sold four = log.at(local("2026-11-28T09:30")).sell(clone, log.ticket(m.noon, 1, 5));
    long threeSerial = log.at(local("2026-11-28T09:31")).sale(three); // within the grace

    assertThat(log.report(local("2026-11-28T12:00")).anomalies()).singleElement()
        .satisfies(a -> {
          assertThat(a.code()).isEqualTo(AnomalyCode.COUNTER_FORK);
          assertThat(a.firstSeen()).isEqualTo(local("2026-11-28T09:31"));
          assertThat(a.serials()).containsExactly(threeSerial, four.serial);
          assertThat(a.sequences()).containsExactly(4L);
        });
  }

  @Test
  void aRestoredBackupResendingUsedNumbersIsOneRollbackNotAFork() {
    Till backup = box.copy(); // taken after number 2
    log.at(local("2026-11-28T09:30"));
    Sold three = log.sell(box, log.ticket(m.noon, 1, 3));
    Sold four = log.after(Duration.ofMinutes(1)).sell(box, log.ticket(m.noon, 1, 4));
    Sold five = log.after(Duration.ofMinutes(1)).sell(box, log.ticket(m.noon, 1, 5));
    log.at(local("2026-11-28T10:00"));
    Sold again3 = log.sell(backup, log.ticket(m.noon, 1, 6));
    Sold again4 = log.after(Duration.ofMinutes(1)).sell(backup, log.ticket(m.noon, 1, 7));
    Sold again5 = log.after(Duration.ofMinutes(1)).sell(backup, log.ticket(m.noon, 1, 8));
    log.after(Duration.ofMinutes(1)).sell(backup, log.ticket(m.noon, 1, 9)); // number 6: new

    AnomalyReport r = log.report(local("2026-11-28T12:00"));
    assertThat(r.anomalies()).singleElement().satisfies(a -> {
      assertThat(a.code()).isEqualTo(AnomalyCode.COUNTER_ROLLBACK);
      assertThat(a.firstSeen()).isEqualTo(local("2026-11-28T10:00"));
      assertThat(a.resolvedAt()).isNull();
      assertThat(a.serials()).containsExactly(three.serial, again3.serial, four.serial,
          again4.serial, five.serial, again5.serial);
      assertThat(a.sequences()).containsExactly(3L, 4L, 5L);
      assertThat(a.numbers()).isEqualTo(numbers("highest", 5, "wentBackTo", 3, "conflicts", 3));
      assertThat(a.detail()).contains("went back from number 5 to 3",
          "3 conflicting submissions in all");
    });
  }

  @Test
  void theSameSubmissionLoggedTwiceIsSkippedNotAConflict() {
    log.at(local("2026-11-28T09:30"));
    byte[] three = box.sign(log.ticket(m.noon, 1, 3));
    log.sale(three);
    log.after(Duration.ofSeconds(5)).sale(three);
    AnomalyReport r = log.report(local("2026-11-28T12:00"));
    assertThat(r.anomalies()).isEmpty();
    assertThat(r.skipped()).isEqualTo(1);
  }

  @Test
  void aVendorsCompletenessCountsEachNumberOnItsDay() {
    log.at(local("2026-11-28T10:00"));
    byte[] three = box.sign(log.ticket(m.noon, 1, 3));
    box.sign(log.ticket(m.noon, 1, 4)); // never sent
    log.sell(box, log.ticket(m.noon, 1, 5));
    log.at(local("2026-11-29T10:00"));
    box.sign(log.ticket(m.tomorrow, 1, 1)); // never sent
    log.sell(box, log.ticket(m.tomorrow, 1, 2));
    log.at(local("2026-11-30T10:00")).sale(three); // number 3, two days late

    List<VendorDay> days = log.report(local("2026-11-30T10:05")).vendorDays();
    assertThat(days).containsExactly(
        new VendorDay(VENDOR, LocalDate.parse("2026-11-28"), 1, 3, 4),
        new VendorDay(VENDOR, LocalDate.parse("2026-11-29"), 1, 1, 2),
        new VendorDay(VENDOR, LocalDate.parse("2026-11-30"), 1, 1, 1));
    assertThat(days.get(0).completeness()).isEqualTo(0.75);
  }
}
