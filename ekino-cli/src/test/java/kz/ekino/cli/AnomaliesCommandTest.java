package kz.ekino.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import kz.ekino.core.anomaly.AnomalyCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ekino anomalies} on a demo data directory: yesterday's planted cases give every rule
 * code exactly once, the real-time run adds only what it really holds (sales of the simulated
 * outage, uploaded three hours late), and bad arguments are one line.
 */
class AnomaliesCommandTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;

  private static Path data;
  private static Run all;

  private record Run(int exit, String out, String err) {}

  private static Run ekino(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new Main(Clock.fixed(NOW, ZoneOffset.UTC), new PrintWriter(out, true),
        new PrintWriter(err, true)).run(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @BeforeAll
  static void demo() {
    data = dir.resolve("data");
    Run demo = ekino("demo", "--data", data.toString(), "--sales", "60");
    assertThat(demo.exit()).as(demo.err()).isZero();
    assertThat(demo.out()).contains("one case of every anomaly rule");
    all = ekino("anomalies", "--data", data.toString());
  }

  private static List<JsonNode> lines(String out) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.lines().toList()) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  @Test
  void theDemoHoldsEveryRuleExactlyOnceYesterdayAndOnlyLateUploadsToday() throws Exception {
    assertThat(all.exit()).as(all.err()).isEqualTo(Main.NOT_VALID);
    List<JsonNode> lines = lines(all.out());
    Instant today = NOW.minusSeconds(3600);
    TreeMap<String, Integer> yesterday = new TreeMap<>();
    Set<String> later = new java.util.TreeSet<>();
    for (JsonNode a : lines) {
      String type = a.get("type").asText();
      if (Instant.parse(a.get("firstSeen").asText()).isBefore(today)) {
        yesterday.merge(type, 1, Integer::sum);
      } else {
        later.add(type);
      }
      assertThat(a.get("detail").asText()).isNotBlank();
      assertThat(a.get("serials").isArray()).isTrue();
    }
    Set<String> codes = EnumSet.allOf(AnomalyCode.class).stream().map(Enum::name)
        .collect(Collectors.toSet());
    assertThat(yesterday.keySet()).isEqualTo(codes);
    assertThat(yesterday.values()).allMatch(n -> n == 1);
    assertThat(later).containsExactly("LATE_UPLOAD");
    assertThat(all.err()).startsWith("ekino: anomalies over ").contains("GHOST_SCREENING 1");
  }

  @Test
  void filtersKeepTheLinesTheyName() throws Exception {
    Run ghosts = ekino("anomalies", "--data", data.toString(), "--type",
        "GHOST_SCREENING,COUNTER_GAP", "--open");
    List<JsonNode> lines = lines(ghosts.out());
    assertThat(lines).extracting(a -> a.get("type").asText())
        .containsExactly("COUNTER_GAP", "GHOST_SCREENING");
    assertThat(lines).allMatch(a -> a.get("resolvedAt").isNull());
    assertThat(lines.get(0).get("sequences").size()).isEqualTo(1);
  }

  @Test
  void badArgumentsAreOneLineAndExitTwo() {
    for (String[] args : List.of(
        new String[] {"anomalies", "--data", data.toString(), "--type", "NOT_A_RULE"},
        new String[] {"anomalies", "--data", dir.resolve("nothing-here").toString()},
        new String[] {"anomalies", "--data", data.toString(), "--frobnicate"})) {
      Run r = ekino(args);
      assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(Main.USAGE);
      assertThat(r.out()).isEmpty();
      assertThat(r.err().strip()).startsWith("ekino: ").doesNotContain("\n", "Exception");
    }
  }

  @Test
  void theSummaryScoresVendorsAndShowsCinemaDays() throws Exception {
    Run r = ekino("anomalies", "--data", data.toString(), "--summary", "--type", "COUNTER_GAP");
    List<JsonNode> lines = lines(r.out());
    assertThat(lines.get(0).get("type").asText()).isEqualTo("COUNTER_GAP");
    // Vendor B's terminals skipped, cloned and rolled back yesterday: below 100% that day.
    List<JsonNode> vendorDays = lines.stream()
        .filter(l -> l.get("type").asText().equals("VENDOR_DAY")).toList();
    assertThat(vendorDays).isNotEmpty();
    assertThat(vendorDays).anySatisfy(d -> {
      assertThat(d.get("vendor").asText()).isEqualTo(DataDir.VENDOR_B.value());
      assertThat(d.get("completeness").asDouble()).isLessThan(1.0);
      assertThat(d.get("received").asLong()).isLessThan(d.get("expected").asLong());
    });
    assertThat(vendorDays).anySatisfy(d -> {
      assertThat(d.get("vendor").asText()).isEqualTo(DataDir.VENDOR_A.value());
      assertThat(d.get("completeness").asDouble()).isEqualTo(1.0);
    });
    // Aktobe declared a day without screenings; yesterday's cinemas declared screenings.
    List<JsonNode> days = lines.stream()
        .filter(l -> l.get("type").asText().equals("CINEMA_DAY")).toList();
    assertThat(days).anySatisfy(d -> assertThat(d.get("noScreeningsDeclared").asBoolean())
        .isTrue());
    assertThat(days).anySatisfy(d -> assertThat(d.get("declaredScreenings").asInt())
        .isGreaterThanOrEqualTo(3));
    assertThat(lines).anySatisfy(l -> {
      assertThat(l.get("type").asText()).isEqualTo("TALLY");
      assertThat(l.get("by").asText()).isEqualTo("terminal");
    });
  }
}
