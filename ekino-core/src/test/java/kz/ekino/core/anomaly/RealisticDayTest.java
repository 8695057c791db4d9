package kz.ekino.core.anomaly;

import static kz.ekino.core.anomaly.PlantedLog.ALMATY;
import static kz.ekino.core.anomaly.PlantedLog.ASTANA;
import static kz.ekino.core.anomaly.PlantedLog.VENDOR;
import static kz.ekino.core.anomaly.PlantedLog.local;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import kz.ekino.core.anomaly.AnomalyReport.CinemaDay;
import kz.ekino.core.anomaly.RealisticDay.Plant;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.ScreeningId;
import kz.ekino.core.model.TerminalId;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * A realistic day ({@link RealisticDay}) is clean; each planted case gives exactly its anomaly,
 * alone or all together.
 */
class RealisticDayTest {
  private static Instant day(String time) {
    return local(RealisticDay.DAY + "T" + time);
  }

  /** What each plant must give: code, cinema, terminal, screening, first seen, open. */
  private record Expected(AnomalyCode code, Bin cinema, @Nullable String terminal,
      @Nullable String screening, Instant firstSeen, boolean open) {
    void check(Anomaly a) {
      assertThat(a.code()).isEqualTo(code);
      assertThat(a.cinema()).isEqualTo(cinema);
      assertThat(a.terminal()).isEqualTo(terminal == null ? null : TerminalId.of(terminal));
      assertThat(a.screening()).isEqualTo(screening == null ? null : ScreeningId.of(screening));
      assertThat(a.firstSeen()).isEqualTo(firstSeen);
      assertThat(a.open()).isEqualTo(open);
    }
  }

  private static final Map<Plant, Expected> EXPECTED = Map.ofEntries(
      Map.entry(Plant.GAP, new Expected(AnomalyCode.COUNTER_GAP, ALMATY, "WEB-1", null,
          day("14:30"), true)),
      Map.entry(Plant.FORK, new Expected(AnomalyCode.COUNTER_FORK, ASTANA, "BOX-A", null,
          day("13:01"), true)),
      Map.entry(Plant.ROLLBACK, new Expected(AnomalyCode.COUNTER_ROLLBACK, ALMATY, "BOX-1",
          null, day("15:10"), true)),
      Map.entry(Plant.SEAT_TWICE, new Expected(AnomalyCode.OVER_CAPACITY, ALMATY, null,
          "A1-1900", day("17:05"), true)),
      Map.entry(Plant.UNDECLARED, new Expected(AnomalyCode.UNDECLARED_SCREENING, ALMATY, null,
          "X-1700", day("16:30"), true)),
      Map.entry(Plant.LATE, new Expected(AnomalyCode.LATE_UPLOAD, ALMATY, null, null,
          day("12:30"), true)),
      Map.entry(Plant.REFUND_AFTER_START, new Expected(AnomalyCode.REFUND_AFTER_START, ALMATY,
          null, "A1-1300", day("13:30"), true)),
      Map.entry(Plant.SILENT, new Expected(AnomalyCode.SILENT_TERMINAL, ASTANA, "BOX-A",
          "B-1830", day("18:30"), true)),
      Map.entry(Plant.BULK, new Expected(AnomalyCode.BULK_PURCHASE, ALMATY, "WEB-1",
          "A1-2145", day("17:37:55"), true)),
      Map.entry(Plant.NO_ADMISSIONS, new Expected(AnomalyCode.GHOST_SCREENING, ALMATY, null,
          "A2-1800", day("21:00"), true)),
      Map.entry(Plant.EARLY_SELL_OUT, new Expected(AnomalyCode.GHOST_SCREENING, ALMATY, null,
          "A3-0900", day("08:20"), true)));

  @Test
  void aRealisticDayHasNoAnomaly() {
    RealisticDay d = new RealisticDay();
    AnomalyReport r = d.report();
    assertThat(r.anomalies()).isEmpty();
    assertThat(r.skipped()).isZero();
    assertThat(r.entries()).isGreaterThan(250);
    assertThat(r.vendorDays()).singleElement().satisfies(v -> {
      assertThat(v.vendor()).isEqualTo(VENDOR);
      assertThat(v.day()).isEqualTo(RealisticDay.DAY);
      assertThat(v.terminals()).isEqualTo(3);
      assertThat(v.received()).isEqualTo(v.expected()).isGreaterThan(100);
    });
    List<CinemaDay> days = r.cinemaDays();
    assertThat(days).extracting(CinemaDay::cinema, CinemaDay::day,
        CinemaDay::declaredScreenings, CinemaDay::declaredWithoutSales,
        CinemaDay::noScreeningsDeclared).contains(
            org.assertj.core.groups.Tuple.tuple(ALMATY, RealisticDay.DAY, 8, 0, false),
            org.assertj.core.groups.Tuple.tuple(ASTANA, RealisticDay.DAY, 4, 0, false),
            org.assertj.core.groups.Tuple.tuple(ASTANA, RealisticDay.DAY.plusDays(1), 0, 0,
                true));
  }

  @ParameterizedTest
  @EnumSource(Plant.class)
  void eachPlantedCaseAloneGivesExactlyItsAnomaly(Plant plant) {
    AnomalyReport r = new RealisticDay(plant).report();
    Expected e = Objects.requireNonNull(EXPECTED.get(plant));
    assertThat(r.anomalies()).singleElement().satisfies(e::check);
    assertThat(r.skipped()).isZero();
  }

  @Test
  void everyPlantTogetherGivesEveryCodeAndNothingElse() {
    AnomalyReport r = new RealisticDay(Plant.values()).report();
    assertThat(r.anomalies()).hasSize(Plant.values().length);
    for (Plant p : Plant.values()) {
      Expected e = Objects.requireNonNull(EXPECTED.get(p));
      assertThat(r.anomalies()).as(p.name()).anySatisfy(e::check);
    }
    Map<AnomalyCode, Integer> codes = new TreeMap<>();
    r.anomalies().forEach(a -> codes.merge(a.code(), 1, Integer::sum));
    assertThat(codes.keySet()).containsExactly(AnomalyCode.values());
    assertThat(r.byCinema()).containsEntry(ALMATY, new AnomalyReport.Tally(9, 9))
        .containsEntry(ASTANA, new AnomalyReport.Tally(2, 2));
    assertThat(r.byTerminal()).containsOnlyKeys(
        new AnomalyReport.TerminalKey(VENDOR, TerminalId.of("BOX-1")),
        new AnomalyReport.TerminalKey(VENDOR, TerminalId.of("BOX-A")),
        new AnomalyReport.TerminalKey(VENDOR, TerminalId.of("WEB-1")));
    assertThat(Objects.requireNonNull(r.vendorDay(VENDOR, RealisticDay.DAY)).completeness())
        .isLessThan(1.0);
  }
}
