package kz.ekino.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import kz.ekino.core.monitor.ExportDirectory;
import kz.ekino.core.monitor.OpenData;
import kz.ekino.registry.Registry;
import kz.ekino.registry.monitoring.BoxOfficeRow;
import kz.ekino.registry.monitoring.Dimension;
import kz.ekino.registry.monitoring.GroupKey;
import kz.ekino.registry.monitoring.TimeRange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ekino opendata} on one demo data directory: from the directory and from its export,
 * byte for byte the same files, and the same figures as the registry's own SQL monitoring.
 */
class OpenDataCommandTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LEAK = Pattern.compile(
      "java\\.|javax\\.|picocli\\.|Exception|\\tat |kz\\.ekino\\.");

  @TempDir
  static Path dir;

  private static Path data;
  private static Path key;
  private static Path export;
  private static Path fromData;

  private record Run(int exit, String out, String err) {}

  private static Run ekino(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new Main(CLOCK, new PrintWriter(out, true), new PrintWriter(err, true)).run(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @BeforeAll
  static void demo() {
    data = dir.resolve("data");
    assertThat(ekino("demo", "--data", data.toString(), "--sales", "80").exit()).isZero();
    key = data.resolve("keys").resolve("registry.pub.pem");
    export = dir.resolve("export");
    Run e = ekino("export", "--data", data.toString(), "--out", export.toString());
    assertThat(e.exit()).as(e.err()).isZero();
    fromData = dir.resolve("from-data");
    Run r = ekino("opendata", "--data", data.toString(), "--out", fromData.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("open data of qr.ekino.kz/registry at size ", "12 files");
  }

  private static List<String> names(Path d) throws Exception {
    try (Stream<Path> files = Files.list(d)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theDataDirectoryAndItsExportGiveTheSameBytes() throws Exception {
    Path fromExport = dir.resolve("from-export");
    Run r = ekino("opendata", "--export", export.toString(), "--registry-key", key.toString(),
        "--out", fromExport.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(names(fromExport)).hasSize(12).isEqualTo(names(fromData));
    for (String name : names(fromData)) {
      assertThat(Files.readAllBytes(fromExport.resolve(name))).as(name)
          .isEqualTo(Files.readAllBytes(fromData.resolve(name)));
    }
    assertThat(Files.readString(fromData.resolve(OpenData.CHECKPOINT)))
        .isEqualTo(Files.readString(export.resolve(ExportDirectory.CHECKPOINT)));
    // Into an empty directory that exists, too.
    Path empty = Files.createDirectory(dir.resolve("empty"));
    assertThat(ekino("opendata", "--export", export.toString(), "--registry-key",
        key.toString(), "--out", empty.toString()).exit()).isZero();
    assertThat(Files.readAllBytes(empty.resolve(OpenData.MANIFEST)))
        .isEqualTo(Files.readAllBytes(fromData.resolve(OpenData.MANIFEST)));
  }

  /** Day and key of a row → sold, refunded, box office, admissions. */
  private static Map<String, List<Long>> rows(String dataset, String keyField)
      throws Exception {
    Map<String, List<Long>> rows = new TreeMap<>();
    JsonNode doc = JSON.readTree(fromData.resolve(dataset + ".json").toFile());
    for (JsonNode r : doc.get("rows")) {
      rows.put(r.get("day").asText() + " " + r.get(keyField).asText(),
          List.of(r.get("sold").asLong(), r.get("refunded").asLong(),
              r.get("boxOfficeTiyn").asLong(), r.get("admissions").asLong()));
    }
    return rows;
  }

  private static Map<String, List<Long>> monitoring(Registry registry, Dimension d) {
    Map<String, List<Long>> rows = new TreeMap<>();
    for (BoxOfficeRow r : registry.monitoring().boxOffice(EnumSet.of(Dimension.DAY, d),
        TimeRange.all())) {
      GroupKey k = r.key();
      String key = Stream.of(k.film().map(f -> f.value()), k.region().map(g -> g.code()),
          k.language().map(l -> l.code()), k.country().map(c -> c.code()),
          k.national().map(n -> n ? "national" : "foreign"))
          .flatMap(Optional::stream).findFirst().orElseThrow();
      rows.put(k.day().orElseThrow() + " " + key, List.of(r.ticketsSold(),
          r.ticketsRefunded(), r.boxOfficeTiyn(), r.admissions()));
    }
    return rows;
  }

  @Test
  void everyFileAgreesWithTheRegistrysMonitoringToTheTiyn() throws Exception {
    try (Registry registry = DataDir.open(data, false, CLOCK).openRegistryReadOnly(CLOCK)) {
      Map<String, List<Long>> film = rows("daily-by-film", "film");
      assertThat(film).hasSizeGreaterThan(1).isEqualTo(monitoring(registry, Dimension.FILM));
      assertThat(rows("daily-by-region", "region"))
          .isEqualTo(monitoring(registry, Dimension.REGION));
      assertThat(rows("daily-by-language", "language"))
          .isEqualTo(monitoring(registry, Dimension.LANGUAGE));
      assertThat(rows("daily-by-country", "country"))
          .isEqualTo(monitoring(registry, Dimension.COUNTRY));
      assertThat(rows("daily-by-origin", "origin"))
          .isEqualTo(monitoring(registry, Dimension.NATIONAL));
      BoxOfficeRow total = registry.monitoring().boxOffice(EnumSet.noneOf(Dimension.class),
          TimeRange.all()).get(0);
      JsonNode t = JSON.readTree(fromData.resolve(OpenData.MANIFEST).toFile()).get("total");
      assertThat(List.of(t.get("sold").asLong(), t.get("refunded").asLong(),
          t.get("boxOfficeTiyn").asLong(), t.get("admissions").asLong())).isEqualTo(
          List.of(total.ticketsSold(), total.ticketsRefunded(), total.boxOfficeTiyn(),
              total.admissions()));
      assertThat(total.ticketsRefunded()).as("the demo refunds").isPositive();
    }
  }

  @Test
  void aPeriodKeepsItsDays() throws Exception {
    String firstDay = Files.readAllLines(fromData.resolve("daily-by-origin.csv")).get(1)
        .substring(0, 10);
    LocalDate day = LocalDate.parse(firstDay);
    Path out = dir.resolve("period");
    Run r = ekino("opendata", "--export", export.toString(), "--registry-key", key.toString(),
        "--out", out.toString(), "--from", day.toString(), "--to", day.plusDays(1).toString());
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = Files.readAllLines(out.resolve("daily-by-film.csv"));
    assertThat(lines.subList(1, lines.size())).isNotEmpty().allMatch(l -> l.startsWith(firstDay));
  }

  @Test
  void aLogThatDoesNotCheckExitsOne() throws Exception {
    Path broken = dir.resolve("broken");
    Files.createDirectory(broken);
    for (String f : names(export)) {
      Files.copy(export.resolve(f), broken.resolve(f));
    }
    Path bin = broken.resolve(ExportDirectory.ENTRIES);
    byte[] b = Files.readAllBytes(bin);
    b[b.length / 2] ^= 0x01;
    Files.write(bin, b);
    Path out = dir.resolve("not-written");
    Run r = ekino("opendata", "--export", broken.toString(), "--registry-key", key.toString(),
        "--out", out.toString());
    assertThat(r.exit()).isEqualTo(Main.NOT_VALID);
    assertThat(r.err()).startsWith("ekino: opendata: the log does not check: ")
        .containsPattern("ROOT_MISMATCH|MALFORMED_ENTRY");
    assertThat(out).doesNotExist();
  }

  /** A copy of the demo's data directory, changed by one SQL statement. */
  private static Path tampered(String name, String sql) throws Exception {
    Path copy = dir.resolve(name);
    try (Stream<Path> all = Files.walk(data)) {
      for (Path p : all.toList()) {
        Files.copy(p, copy.resolve(data.relativize(p).toString()));
      }
    }
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:"
        + copy.resolve("registry.db")); java.sql.Statement st = c.createStatement()) {
      assertThat(st.executeUpdate(sql)).as(sql).isOne();
    }
    return copy;
  }

  @Test
  void aChangedProjectionChangesNothingAndAChangedEntryExitsOne() throws Exception {
    String firstSale = "serial = (SELECT MIN(serial) FROM records WHERE kind = 0)";
    // The figures are the log's: a price changed in the records table is not in them.
    Path projection = tampered("projection", "UPDATE records SET price_tiyn = price_tiyn + 1"
        + " WHERE " + firstSale);
    Path same = dir.resolve("same");
    Run r = ekino("opendata", "--data", projection.toString(), "--out", same.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    for (String name : names(fromData)) {
      assertThat(Files.readAllBytes(same.resolve(name))).as(name)
          .isEqualTo(Files.readAllBytes(fromData.resolve(name)));
    }
    // A sale's signed bytes changed: the log no longer hashes to the checkpoint.
    Path entry = tampered("entry", "UPDATE records SET submission = submission || X'00' WHERE "
        + firstSale);
    Path out = dir.resolve("not-written-either");
    r = ekino("opendata", "--data", entry.toString(), "--out", out.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(Main.NOT_VALID);
    assertThat(r.err()).startsWith("ekino: opendata: the log does not check: ");
    assertThat(r.err().lines()).hasSize(1);
    assertThat(out).doesNotExist();
  }

  @Test
  void badArgumentsExitTwoWithWordsAndNoStackTrace() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    Path full = Files.createDirectories(dir.resolve("full"));
    Files.writeString(full.resolve("keep.txt"), "mine");
    String d = data.toString();
    String e = export.toString();
    String k = key.toString();
    String o = dir.resolve("never").toString();
    String[][] cases = {
        {"holds no ekino registry", "opendata", "--data", dir.resolve("none").toString(),
            "--out", o},
        {"one of them", "opendata", "--data", d, "--export", e, "--registry-key", k, "--out",
            o},
        {"needs --registry-key", "opendata", "--export", e, "--out", o},
        {"--registry-key goes with --export", "opendata", "--data", d, "--registry-key", k,
            "--out", o},
        {"--origin goes with --export", "opendata", "--data", d, "--origin", "x", "--out", o},
        {"--from and --to together", "opendata", "--data", d, "--out", o, "--from",
            "2026-11-25"},
        {"--from: expected a date", "opendata", "--data", d, "--out", o, "--from",
            "2026-13-01", "--to", "2026-12-01"},
        {"--to must be after --from", "opendata", "--data", d, "--out", o, "--from",
            "2026-12-01", "--to", "2026-12-01"},
        {"is not empty", "opendata", "--data", d, "--out", full.toString()},
        {"not a directory", "opendata", "--data", d, "--out", file.toString()},
        {"no directory", "opendata", "--data", d, "--out",
            dir.resolve("no").resolve("such").toString()},
        {"holds no ekino registry", "opendata", "--data", dir.resolve("nodata").toString(),
            "--out", o},
        {"is not a directory", "opendata", "--export", file.toString(), "--registry-key", k,
            "--out", o},
        {"holds no checkpoint", "opendata", "--export", full.toString(), "--registry-key", k,
            "--out", o},
        {"not PEM", "opendata", "--export", e, "--registry-key", file.toString(), "--out",
            o},
        {"--out", "opendata", "--data", d}};
    for (String[] c : cases) {
      Run r = ekino(java.util.Arrays.copyOfRange(c, 1, c.length));
      String all = r.out() + r.err();
      assertThat(r.exit()).as(c[0] + ": " + all).isEqualTo(Main.USAGE);
      assertThat(r.err()).as(c[0]).contains(c[0]).startsWith("ekino: ");
      assertThat(LEAK.matcher(all).find()).as(c[0] + " leaks: " + all).isFalse();
    }
    assertThat(Files.readString(full.resolve("keep.txt"))).isEqualTo("mine");
    assertThat(names(full)).containsExactly("keep.txt");
    assertThat(dir.resolve("never")).doesNotExist();
  }
}
