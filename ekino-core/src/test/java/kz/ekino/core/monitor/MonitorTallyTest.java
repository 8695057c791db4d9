package kz.ekino.core.monitor;

import static kz.ekino.core.monitor.SyntheticLog.ALMATY;
import static kz.ekino.core.monitor.SyntheticLog.ASTANA;
import static kz.ekino.core.monitor.SyntheticLog.FILM_1;
import static kz.ekino.core.monitor.SyntheticLog.FILM_2;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.SortedMap;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.model.Region;
import kz.ekino.core.model.Sale;
import org.junit.jupiter.api.Test;

/** Box office recomputed from synthetic logs, against figures worked out by hand. */
class MonitorTallyTest {
  /** 19:30 in Almaty on 2026-11-28. */
  private static final Instant EVENING = Instant.parse("2026-11-28T14:30:00Z");
  /** 01:00 in Almaty on 2026-11-29: still the 28th in UTC, the 29th on the screening day. */
  private static final Instant NIGHT = Instant.parse("2026-11-28T20:00:00Z");
  private static final LocalDate DAY_1 = LocalDate.parse("2026-11-28");
  private static final LocalDate DAY_2 = LocalDate.parse("2026-11-29");

  /** Sales, refunds, a correction, admissions, a specimen, a moved cinema, a film update. */
  static SyntheticLog mixed() {
    SyntheticLog log = new SyntheticLog();
    log.cinema(ALMATY, "751110000");
    log.cinema(ASTANA, "711110000");
    log.film(FILM_1, true);
    Sale s1 = log.saleOf(ALMATY, FILM_1, EVENING, 250_000, false);
    long n1 = log.sale(s1);
    Sale s2 = log.saleOf(ALMATY, FILM_1, EVENING, 300_000, false);
    long n2 = log.sale(s2);
    Sale specimen = log.saleOf(ALMATY, FILM_1, EVENING, 0, true);
    long n3 = log.sale(specimen);
    Sale s3 = log.saleOf(ASTANA, FILM_1, EVENING, 100_000, false);
    long n4 = log.sale(s3);
    log.admission(n2, s2); // admitted, then refunded: the admission no longer counts
    log.refund(SyntheticLog.refundOf(n2, s2, 300_000));
    log.admission(n1, s1);
    Sale s4 = log.saleOf(ASTANA, FILM_2, NIGHT, 200_000, false);
    long n5 = log.sale(s4);
    log.correction(SyntheticLog.refundOf(n5, s4, 50_000)); // a partial refund, by the operator
    log.cinema(ASTANA, "791010000"); // the Astana BIN re-registered in Shymkent
    log.film(FILM_1, false); // the register corrects the film: box office by film unchanged
    log.admission(n4, s3);
    log.refund(SyntheticLog.refundOf(n3, specimen, 0)); // a specimen's refund counts nothing
    log.admission(n3, specimen);
    return log;
  }

  @Test
  void figuresOfAMixedLogAreThoseWorkedOutByHand() {
    BoxOfficeTally t = mixed().tally();
    assertThat(t.findings()).isEmpty();
    SortedMap<FigureKey, Figures> rows = t.rows();
    assertThat(rows).containsExactly(
        org.assertj.core.api.Assertions.entry(
            new FigureKey(FILM_1, ALMATY, Optional.of(Region.ofCode("75")), DAY_1),
            new Figures(2, 1, 250_000, 1)),
        org.assertj.core.api.Assertions.entry(
            new FigureKey(FILM_1, ASTANA, Optional.of(Region.ofCode("79")), DAY_1),
            new Figures(1, 0, 100_000, 1)),
        org.assertj.core.api.Assertions.entry(
            new FigureKey(FILM_2, ASTANA, Optional.of(Region.ofCode("79")), DAY_2),
            new Figures(1, 1, 150_000, 0)));
    assertThat(BoxOfficeTally.byRegion(rows)).containsExactly(
        org.assertj.core.api.Assertions.entry(Region.ofCode("75"), new Figures(2, 1, 250_000, 1)),
        org.assertj.core.api.Assertions.entry(Region.ofCode("79"), new Figures(2, 1, 250_000, 1)));
    assertThat(BoxOfficeTally.total(rows)).isEqualTo(new Figures(4, 2, 500_000, 2));
  }

  @Test
  void theRegionIsTheLatestCinemaEntrysAndASaleOfAnUnknownCinemaHasNone() {
    SyntheticLog log = new SyntheticLog();
    log.sale(ALMATY, FILM_1, EVENING, 100);
    assertThat(log.tally().rows().firstKey().region()).isEmpty();
    log.cinema(ALMATY, "751110000");
    assertThat(log.tally().rows().firstKey().region()).contains(Region.ofCode("75"));
    log.cinema(ALMATY, "351010000");
    assertThat(log.tally().rows().firstKey().region()).contains(Region.ofCode("35"));
    assertThat(BoxOfficeTally.total(log.tally().rows())).isEqualTo(new Figures(1, 0, 100, 0));
  }

  @Test
  void aRangeCountsScreeningsStartingInIt() {
    SyntheticLog log = mixed();
    BoxOfficeTally t = new BoxOfficeTally(EVENING.plusSeconds(1), NIGHT.plusSeconds(1));
    log.entries.forEach(t::add);
    assertThat(t.rows()).hasSize(1);
    assertThat(BoxOfficeTally.total(t.rows())).isEqualTo(new Figures(1, 1, 150_000, 0));
  }

  @Test
  void entriesAgainstTheRulesAreFoundAndNotCounted() {
    SyntheticLog log = new SyntheticLog();
    Sale s1 = log.saleOf(ALMATY, FILM_1, EVENING, 250_000, false);
    long n1 = log.sale(s1);
    long cinema = log.cinema(ALMATY, "751110000");
    Sale other = log.saleOf(ALMATY, FILM_1, EVENING, 100, false);
    log.refund(SyntheticLog.refundOf(n1, other, 1)); // another ticket under serial 1
    log.refund(SyntheticLog.refundOf(cinema, s1, 1)); // serial 2 is no sale
    log.refund(SyntheticLog.refundOf(n1, s1, 50_000));
    log.refund(SyntheticLog.refundOf(n1, s1, 70_000)); // a second refund
    log.admission(99, s1); // a sale that is not (yet) in the log
    log.entries.add(new LogEntry(log.next(), SyntheticLog.REGISTERED, LogEntry.Kind.SALE,
        new byte[] {1, 2, 3}));
    BoxOfficeTally t = log.tally();
    assertThat(t.findings()).extracting(Finding::kind).containsExactly(
        Finding.Kind.LOG_ANOMALY, Finding.Kind.LOG_ANOMALY, Finding.Kind.LOG_ANOMALY,
        Finding.Kind.LOG_ANOMALY, Finding.Kind.MALFORMED_ENTRY);
    assertThat(t.findings().get(0).message()).contains("entry 3", "sale 1 is another ticket");
    assertThat(t.findings().get(2).message()).contains("entry 6 is a second refund of sale 1");
    assertThat(BoxOfficeTally.total(t.rows())).isEqualTo(new Figures(1, 1, 200_000, 0));
  }

  @Test
  void aTicketSoldTwiceInTheLogIsFound() {
    SyntheticLog log = new SyntheticLog();
    Sale s1 = log.saleOf(ALMATY, FILM_1, EVENING, 250_000, false);
    log.sale(s1);
    Sale cheaper = new Sale(s1.ticketId(), s1.vendor(), s1.screening(), s1.seat(), 1,
        s1.soldAt(), s1.channel(), false);
    long second = log.sale(cheaper);
    BoxOfficeTally t = log.tally();
    assertThat(t.findings()).extracting(Finding::kind).containsExactly(
        Finding.Kind.LOG_ANOMALY);
    assertThat(t.findings().get(0).message()).contains("entry " + second,
        "second sale of the ticket of sale 1");
  }

  @Test
  void theRightEdgeGivesTheRfc9162RootAtEverySize() {
    SyntheticLog log = new SyntheticLog();
    RightEdge edge = new RightEdge();
    assertThat(edge.root()).isEqualTo(SyntheticLog.root(log.entries));
    for (int i = 0; i < 40; i++) {
      log.cinema(ALMATY, "751110000");
      edge.add(log.entries.get(i).leafHash());
      assertThat(edge.root()).as("size %d", i + 1).isEqualTo(SyntheticLog.root(log.entries));
    }
  }

  @Test
  void tengeAreWrittenExactly() {
    assertThat(FilmStatement.tenge(250_005)).isEqualTo("2500.05");
    assertThat(FilmStatement.tenge(7)).isEqualTo("0.07");
    assertThat(FilmStatement.tenge(-120)).isEqualTo("-1.20");
  }
}
