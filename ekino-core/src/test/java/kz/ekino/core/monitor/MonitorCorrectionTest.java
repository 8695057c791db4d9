package kz.ekino.core.monitor;

import static kz.ekino.core.monitor.SyntheticLog.ALMATY;
import static kz.ekino.core.monitor.SyntheticLog.FILM_1;
import static kz.ekino.core.monitor.SyntheticLog.FILM_2;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import kz.ekino.core.log.EntryBody;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.SaleCorrection;
import kz.ekino.core.model.Schedule;
import kz.ekino.core.model.TicketId;
import kz.ekino.core.submission.Submissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Price corrections, version-2 sales and refunds, schedules and terminals in the tally: real
 * signed entries, figures worked out by hand to the tiyn.
 */
class MonitorCorrectionTest {
  /** 19:30 in Almaty on 2026-11-28. */
  private static final Instant EVENING = Instant.parse("2026-11-28T14:30:00Z");

  @TempDir
  Path dir;

  private static Figures total(SyntheticLog log) {
    BoxOfficeTally t = log.tally();
    assertThat(t.findings()).isEmpty();
    return BoxOfficeTally.total(t.rows());
  }

  @Test
  void theCorrectionWithTheHighestSerialSetsThePrice() {
    SyntheticLog log = new SyntheticLog();
    Sale s1 = log.saleOf(ALMATY, FILM_1, EVENING, 250_000, false);
    long n1 = log.sale(s1);
    log.saleCorrection(SyntheticLog.correctionOf(n1, s1, 200_000));
    assertThat(total(log)).isEqualTo(new Figures(1, 0, 200_000, 0));
    log.correction(SyntheticLog.correctionOf(n1, s1, 180_000)); // the operator's, later
    assertThat(total(log)).isEqualTo(new Figures(1, 0, 180_000, 0));
    log.saleCorrection(SyntheticLog.correctionOf(n1, s1, 260_000)); // the vendor's again
    assertThat(total(log)).isEqualTo(new Figures(1, 0, 260_000, 0));
  }

  @Test
  void boxOfficeIsTheCorrectedPriceLessTheRefund() {
    SyntheticLog log = new SyntheticLog();
    Sale s1 = log.saleOf(ALMATY, FILM_1, EVENING, 250_000, false);
    long n1 = log.sale(s1);
    Sale s2 = log.saleOf(ALMATY, FILM_1, EVENING, 300_000, false);
    long n2 = log.sale(s2);
    log.admission(n2, s2);
    log.correction(SyntheticLog.correctionOf(n1, s1, 150_000));
    log.refund(SyntheticLog.refundOf(n1, s1, 100_000)); // a partial refund of the new price
    log.saleCorrection(SyntheticLog.correctionOf(n2, s2, 320_000));
    assertThat(total(log)).isEqualTo(new Figures(2, 1, 50_000 + 320_000, 1));
  }

  @Test
  void anOperatorsCorrectionCarriesARefundOrASaleCorrection() {
    SyntheticLog log = new SyntheticLog();
    Sale s1 = log.saleOf(ALMATY, FILM_1, EVENING, 250_000, false);
    long n1 = log.sale(s1);
    Sale s2 = log.saleOf(ALMATY, FILM_1, EVENING, 250_000, false);
    long n2 = log.sale(s2);
    log.correction(SyntheticLog.refundOf(n1, s1, 250_000));
    log.correction(SyntheticLog.correctionOf(n2, s2, 1_000));
    assertThat(total(log)).isEqualTo(new Figures(2, 1, 1_000, 0));
  }

  @Test
  void correctionsAgainstTheRulesAreFoundAndChangeNothing() {
    SyntheticLog log = new SyntheticLog();
    Sale s1 = log.saleOf(ALMATY, FILM_1, EVENING, 250_000, false);
    long n1 = log.sale(s1);
    long cinema = log.cinema(ALMATY, "751110000");
    Sale s2 = log.saleOf(ALMATY, FILM_1, EVENING, 300_000, false);
    long n2 = log.sale(s2);
    Bin otherVendor = Bin.of("990140004654");
    // 4: no such sale; 5: not a sale; 6: another vendor's ticket; 7: another ticket id
    log.saleCorrection(SyntheticLog.correctionOf(99, s1, 1));
    log.correction(SyntheticLog.correctionOf(cinema, s1, 1));
    log.saleCorrection(new SaleCorrection(n1, s1.ticketId(), otherVendor,
        SyntheticLog.REGISTERED, 1, "not mine"));
    log.saleCorrection(new SaleCorrection(n1, TicketId.of("T-999"), s1.vendor(),
        SyntheticLog.REGISTERED, 1, "wrong ticket"));
    // 8, 9: refunded, then corrected: the registry refuses that correction
    log.refund(SyntheticLog.refundOf(n2, s2, 300_000));
    log.saleCorrection(SyntheticLog.correctionOf(n2, s2, 1));
    // 10, 11: corrected down, then refunded above the new price: counted, and found
    log.saleCorrection(SyntheticLog.correctionOf(n1, s1, 100_000));
    log.refund(SyntheticLog.refundOf(n1, s1, 120_000));
    BoxOfficeTally t = log.tally();
    assertThat(t.findings()).extracting(Finding::kind).containsOnly(Finding.Kind.LOG_ANOMALY);
    assertThat(t.findings()).extracting(Finding::message).satisfiesExactly(
        m -> assertThat(m).contains("entry 4 is a sale correction of entry 99",
            "no earlier sale"),
        m -> assertThat(m).contains("entry 5 is a correction of entry 2", "no earlier sale"),
        m -> assertThat(m).contains("entry 6", "990140004654/" + s1.ticketId().value(),
            "sale 1 is another ticket"),
        m -> assertThat(m).contains("entry 7", "/T-999", "sale 1 is another ticket"),
        m -> assertThat(m).contains("entry 9", "sale 3, which was refunded"),
        m -> assertThat(m).contains("entry 11 refunds 120000 tiyn of sale 1, whose price is "
            + "100000"));
    assertThat(BoxOfficeTally.total(t.rows())).isEqualTo(new Figures(2, 2, -20_000, 0));
  }

  @Test
  void versionTwoSalesAndRefundsCountLikeVersionOne() {
    SyntheticLog v1 = new SyntheticLog();
    SyntheticLog v2 = new SyntheticLog();
    for (SyntheticLog log : new SyntheticLog[] {v1, v2}) {
      boolean counted = log == v2;
      log.cinema(ALMATY, "751110000");
      Sale s1 = log.saleOf(ALMATY, FILM_1, EVENING, 250_000, false);
      long n1 = counted ? log.saleV2(s1) : log.sale(s1);
      Sale s2 = log.saleOf(ALMATY, FILM_2, EVENING.plusSeconds(86_400), 300_000, false);
      long n2 = counted ? log.saleV2(s2) : log.sale(s2);
      Sale specimen = log.saleOf(ALMATY, FILM_1, EVENING, 0, true);
      long n3 = counted ? log.saleV2(specimen) : log.sale(specimen);
      Refund r = SyntheticLog.refundOf(n2, s2, 120_000);
      if (counted) {
        log.refundV2(r);
      } else {
        log.refund(r);
      }
      log.admission(n1, s1);
      log.admission(n3, specimen);
      log.saleCorrection(SyntheticLog.correctionOf(n1, s1, 240_000));
    }
    assertThat(v2.tally().findings()).isEmpty();
    assertThat(v2.tally().rows()).isEqualTo(v1.tally().rows()).hasSize(2);
    assertThat(total(v2)).isEqualTo(new Figures(2, 1, 240_000 + 180_000, 1));
  }

  @Test
  void schedulesAndTerminalsAreReadAndCountNothing() {
    SyntheticLog log = new SyntheticLog();
    log.terminal(ALMATY);
    Sale s1 = log.saleOf(ALMATY, FILM_1, EVENING, 250_000, false);
    log.schedule(new Schedule.Declare(s1.vendor(), s1.screening(), SyntheticLog.REGISTERED));
    log.schedule(new Schedule.NoScreenings(s1.vendor(), ALMATY, LocalDate.parse("2026-11-29"),
        SyntheticLog.REGISTERED));
    log.saleV2(s1);
    assertThat(total(log)).isEqualTo(new Figures(1, 0, 250_000, 0));
    byte[] aRefund = Submissions.signRefund(SyntheticLog.refundOf(4, s1, 1),
        SyntheticLog.VENDOR_KEY);
    byte[] aSchedule = Submissions.signSchedule(new Schedule.NoScreenings(s1.vendor(), ALMATY,
        LocalDate.parse("2026-11-30"), SyntheticLog.REGISTERED), SyntheticLog.VENDOR_KEY);
    log.raw(LogEntry.Kind.SCHEDULE, aRefund);
    log.raw(LogEntry.Kind.TERMINAL, new byte[] {(byte) 0xa0});
    log.raw(LogEntry.Kind.SALE_CORRECTION, aRefund);
    log.raw(LogEntry.Kind.CORRECTION, new EntryBody.Correction("a schedule is no correction",
        aSchedule).encode());
    BoxOfficeTally t = log.tally();
    assertThat(t.findings()).extracting(Finding::kind).containsOnly(
        Finding.Kind.MALFORMED_ENTRY).hasSize(4);
    assertThat(t.findings()).extracting(Finding::message).satisfiesExactly(
        m -> assertThat(m).startsWith("entry 5 (SCHEDULE)"),
        m -> assertThat(m).startsWith("entry 6 (TERMINAL)"),
        m -> assertThat(m).startsWith("entry 7 (SALE_CORRECTION)"),
        m -> assertThat(m).startsWith("entry 8 (CORRECTION)").contains("refund"));
    assertThat(BoxOfficeTally.total(t.rows())).isEqualTo(new Figures(1, 0, 250_000, 0));
  }

  @Test
  void theMonitorAndAStatementUseTheCorrectedPrice() throws Exception {
    SyntheticLog log = new SyntheticLog();
    log.cinema(ALMATY, "751110000");
    Sale s1 = log.saleOf(ALMATY, FILM_1, EVENING, 250_000, false);
    long n1 = log.saleV2(s1);
    log.correction(SyntheticLog.correctionOf(n1, s1, 210_000));
    int size = log.entries.size();
    // A registry whose monitoring counts the price as first registered is caught.
    java.util.SortedMap<FigureKey, Figures> stale = new java.util.TreeMap<>(log.honest(size));
    stale.replaceAll((k, f) -> new Figures(1, 0, 250_000, 0));
    MonitorReport report = LogMonitor.of(SyntheticLog.ORIGIN,
        SyntheticLog.REGISTRY.verificationKey())
        .check(ExportDirectory.of(log.export(dir.resolve("stale"), size, stale)),
            MonitorState.inMemory(SyntheticLog.ORIGIN));
    assertThat(report.logChecked()).isTrue();
    assertThat(report.first().orElseThrow().message()).contains("boxOfficeTiyn",
        "monitoring.json says 250000, the log 210000");
    FilmStatement statement = LogMonitor.of(SyntheticLog.ORIGIN,
        SyntheticLog.REGISTRY.verificationKey()).statement(
            ExportDirectory.of(log.export(dir.resolve("honest"), size, log.honest(size))),
            FILM_1, LocalDate.parse("2026-11-28"), LocalDate.parse("2026-11-29"));
    assertThat(statement.total()).isEqualTo(new Figures(1, 0, 210_000, 0));
  }
}
