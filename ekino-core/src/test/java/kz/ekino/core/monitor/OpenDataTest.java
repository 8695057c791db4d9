package kz.ekino.core.monitor;

import static kz.ekino.core.monitor.SyntheticLog.ALMATY;
import static kz.ekino.core.monitor.SyntheticLog.ASTANA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import kz.ekino.core.internal.Sha256;
import kz.ekino.core.model.CountryCode;
import kz.ekino.core.model.Film;
import kz.ekino.core.model.Genre;
import kz.ekino.core.model.LanguageCode;
import kz.ekino.core.model.RentalCertificate;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.Titles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Open data from a synthetic log of real signed entries, against files written by hand. */
class OpenDataTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** 19:30 in Almaty on 2026-11-28. */
  private static final Instant EVENING = Instant.parse("2026-11-28T14:30:00Z");
  /** 01:00 in Almaty on 2026-11-29: still the 28th in UTC. */
  private static final Instant NIGHT = Instant.parse("2026-11-28T20:00:00Z");
  private static final RentalCertificate KZ = RentalCertificate.of("KZ-2026-0417");
  private static final RentalCertificate COPRODUCTION = RentalCertificate.of("FR,RU \"2026\"");
  private static final RentalCertificate UNREGISTERED = RentalCertificate.of("US-2026-0001");
  /** The register's titles; a sale's own description is never what open data shows. */
  private static final Film KZ_FILM = new Film(KZ, new Titles("Қараша түні",
      "Ноябрьская ночь", "November Night"), Set.of(Genre.of("drama")),
      Set.of(CountryCode.of("KZ")), true);
  private static final Film COPRODUCTION_FILM = new Film(COPRODUCTION, new Titles(null,
      "Ночь, \"день\"", "Night, \"day\""), Set.of(Genre.of("comedy")),
      Set.of(CountryCode.of("RU"), CountryCode.of("FR")), false);

  @TempDir
  Path dir;

  /**
   * Two cinemas in Almaty (75) and Shymkent (79); a national film in Kazakh and Russian, a
   * French-Russian co-production, a film the register lacks; a corrected price, a refund of
   * the corrected price, a version-2 sale, an admission and a specimen.
   */
  static SyntheticLog log() {
    SyntheticLog log = new SyntheticLog();
    log.cinema(ALMATY, "751110000");
    log.cinema(ASTANA, "791010000");
    log.film(KZ_FILM);
    log.film(COPRODUCTION_FILM);
    Film described = new Film(KZ, new Titles("Vendor's", "own", "title"), Set.of(),
        Set.of(CountryCode.of("US")), false);
    Sale a = log.saleOf(ALMATY, described, LanguageCode.KAZAKH, EVENING, 250_000, false);
    long na = log.sale(a);
    Sale b = log.saleOf(ALMATY, KZ_FILM, LanguageCode.RUSSIAN, EVENING, 200_000, false);
    long nb = log.saleV2(b);
    Sale c = log.saleOf(ASTANA, COPRODUCTION_FILM, LanguageCode.RUSSIAN, EVENING, 300_000,
        false);
    long nc = log.sale(c);
    Sale d = log.saleOf(ASTANA, COPRODUCTION_FILM, LanguageCode.RUSSIAN, NIGHT, 150_000,
        false);
    log.sale(d);
    Sale e = log.saleOf(ASTANA, KZ_FILM, LanguageCode.KAZAKH, NIGHT, 0, true);
    log.sale(e);
    Sale f = log.saleOf(ALMATY, SyntheticLog.filmOf(UNREGISTERED, false),
        LanguageCode.ENGLISH, NIGHT, 400_000, false);
    log.saleV2(f);
    log.saleCorrection(SyntheticLog.correctionOf(na, a, 220_000));
    log.correction(SyntheticLog.correctionOf(nc, c, 280_000));
    log.refund(SyntheticLog.refundOf(nc, c, 80_000));
    log.admission(nb, b);
    return log;
  }

  private OpenData openData(SyntheticLog log, String name) throws Exception {
    int size = log.entries.size();
    return LogMonitor.of(SyntheticLog.ORIGIN, SyntheticLog.REGISTRY.verificationKey())
        .openData(ExportDirectory.of(log.export(dir.resolve(name), size, log.honest(size))));
  }

  private static String text(OpenData o, String name) {
    return new String(o.bytes(name), StandardCharsets.UTF_8);
  }

  @Test
  void theCsvFilesAreThoseWorkedOutByHand() throws Exception {
    OpenData o = openData(log(), "export");
    String figures = "sold,refunded,netTickets,boxOfficeTiyn,admissions\n";
    assertThat(text(o, "daily-by-film.csv")).isEqualTo(
        "day,film,titleKk,titleRu,titleEn," + figures
            + "2026-11-28,\"FR,RU \"\"2026\"\"\",,\"Ночь, \"\"день\"\"\",\"Night, \"\"day\"\"\","
            + "1,1,0,200000,0\n"
            + "2026-11-28,KZ-2026-0417,Қараша түні,Ноябрьская ночь,November Night,"
            + "2,0,2,420000,1\n"
            + "2026-11-29,\"FR,RU \"\"2026\"\"\",,\"Ночь, \"\"день\"\"\",\"Night, \"\"day\"\"\","
            + "1,0,1,150000,0\n"
            + "2026-11-29,US-2026-0001,,,,1,0,1,400000,0\n");
    assertThat(text(o, "daily-by-region.csv")).isEqualTo(
        "day,region,regionName," + figures
            + "2026-11-28,75,Almaty city,2,0,2,420000,1\n"
            + "2026-11-28,79,Shymkent,1,1,0,200000,0\n"
            + "2026-11-29,75,Almaty city,1,0,1,400000,0\n"
            + "2026-11-29,79,Shymkent,1,0,1,150000,0\n");
    assertThat(text(o, "daily-by-language.csv")).isEqualTo(
        "day,language," + figures
            + "2026-11-28,kk,1,0,1,220000,0\n"
            + "2026-11-28,ru,2,1,1,400000,1\n"
            + "2026-11-29,en,1,0,1,400000,0\n"
            + "2026-11-29,ru,1,0,1,150000,0\n");
    // The co-production counts in France and in Russia; the unregistered film in neither.
    assertThat(text(o, "daily-by-country.csv")).isEqualTo(
        "day,country," + figures
            + "2026-11-28,FR,1,1,0,200000,0\n"
            + "2026-11-28,KZ,2,0,2,420000,1\n"
            + "2026-11-28,RU,1,1,0,200000,0\n"
            + "2026-11-29,FR,1,0,1,150000,0\n"
            + "2026-11-29,RU,1,0,1,150000,0\n");
    assertThat(text(o, "daily-by-origin.csv")).isEqualTo(
        "day,origin," + figures
            + "2026-11-28,foreign,1,1,0,200000,0\n"
            + "2026-11-28,national,2,0,2,420000,1\n"
            + "2026-11-29,foreign,1,0,1,150000,0\n");
    assertThat(o.total()).isEqualTo(new Figures(5, 1, 1_170_000, 1));
  }

  @Test
  void theJsonFilesHoldTheCsvRowsAndTheStamp() throws Exception {
    SyntheticLog log = log();
    OpenData o = openData(log, "export");
    kz.ekino.core.log.Checkpoint cp = log.checkpoint(log.entries.size());
    assertThat(o.checkpoint()).isEqualTo(cp);
    String json = text(o, "daily-by-film.json");
    assertThat(json).startsWith("{\"version\":1,\"dataset\":\"daily-by-film\",\n"
        + "\"checkpoint\":{\"origin\":\"" + SyntheticLog.ORIGIN + "\",\"treeSize\":"
        + cp.treeSize() + ",\"root\":\"" + cp.rootHash().toBase64() + "\"},\n"
        + "\"screenings\":{\"from\":\"1970-01-01T00:00:00Z\",\"to\":\"2200-01-01T00:00:00Z\"},\n"
        + "\"rows\":[\n{\"day\":\"2026-11-28\",\"film\":\"FR,RU \\\"2026\\\"\",\"titleRu\":"
        + "\"Ночь, \\\"день\\\"\",\"titleEn\":\"Night, \\\"day\\\"\",\"sold\":1,\"refunded\":1,"
        + "\"netTickets\":0,\"boxOfficeTiyn\":200000,\"admissions\":0},\n").endsWith("\n]}\n");
    for (OpenData.Dataset d : OpenData.Dataset.values()) {
      JsonNode doc = JSON.readTree(o.bytes(d.fileName() + ".json"));
      List<String> csv = text(o, d.fileName() + ".csv").lines().skip(1).toList();
      assertThat(doc.get("rows")).as(d.fileName()).hasSize(csv.size());
      for (int i = 0; i < csv.size(); i++) {
        JsonNode row = doc.get("rows").get(i);
        assertThat(csv.get(i)).as(d.fileName()).startsWith(row.get("day").asText() + ",")
            .endsWith("," + row.get("boxOfficeTiyn").asLong() + ","
                + row.get("admissions").asLong());
      }
      assertThat(doc.get("checkpoint").get("root").asText())
          .isEqualTo(cp.rootHash().toBase64());
    }
  }

  @Test
  void theManifestHashesEveryFileAndNamesTheCheckpoint() throws Exception {
    SyntheticLog log = log();
    OpenData o = openData(log, "export");
    assertThat(o.names()).containsExactly("checkpoint.txt", "daily-by-film.csv",
        "daily-by-film.json", "daily-by-region.csv", "daily-by-region.json",
        "daily-by-language.csv", "daily-by-language.json", "daily-by-country.csv",
        "daily-by-country.json", "daily-by-origin.csv", "daily-by-origin.json",
        "MANIFEST.json");
    assertThat(text(o, OpenData.CHECKPOINT)).isEqualTo(
        log.checkpoint(log.entries.size()).sign(SyntheticLog.REGISTRY));
    JsonNode m = JSON.readTree(o.bytes(OpenData.MANIFEST));
    assertThat(m.get("checkpoint").get("treeSize").asLong()).isEqualTo(log.entries.size());
    assertThat(m.get("total").get("boxOfficeTiyn").asLong()).isEqualTo(1_170_000);
    assertThat(m.get("files")).hasSize(11);
    for (JsonNode f : m.get("files")) {
      byte[] b = o.bytes(f.get("name").asText());
      assertThat(f.get("bytes").asInt()).isEqualTo(b.length);
      assertThat(f.get("sha256").asText()).isEqualTo(HexFormat.of().formatHex(
          Sha256.digest(b)));
    }
    assertThat(text(o, OpenData.MANIFEST)).contains(
        "{\"name\":\"daily-by-origin.csv\",\"rows\":3,\"bytes\":");
  }

  @Test
  void twoRunsOnOneLogGiveTheSameBytesAndWriteThem() throws Exception {
    OpenData first = openData(log(), "one");
    OpenData second = openData(log(), "two");
    Path out = Files.createDirectory(dir.resolve("out"));
    second.writeTo(out);
    for (String name : first.names()) {
      assertThat(second.bytes(name)).as(name).isEqualTo(first.bytes(name));
      assertThat(Files.readAllBytes(out.resolve(name))).as(name).isEqualTo(first.bytes(name));
    }
    try (var files = Files.list(out)) {
      assertThat(files.count()).isEqualTo(first.names().size());
    }
    assertThatThrownBy(() -> first.writeTo(out))
        .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
  }

  @Test
  void aPeriodKeepsItsScreeningDays() throws Exception {
    SyntheticLog log = log();
    int size = log.entries.size();
    OpenData o = LogMonitor.of(SyntheticLog.ORIGIN, SyntheticLog.REGISTRY.verificationKey())
        .openData(ExportDirectory.of(log.export(dir.resolve("x"), size, log.honest(size))),
            LocalDate.parse("2026-11-29"), LocalDate.parse("2026-11-30"));
    assertThat(text(o, "daily-by-origin.csv").lines().skip(1))
        .containsExactly("2026-11-29,foreign,1,0,1,150000,0");
    assertThat(text(o, "daily-by-origin.json")).contains(
        "\"screenings\":{\"from\":\"2026-11-28T19:00:00Z\",\"to\":\"2026-11-29T19:00:00Z\"}");
    assertThat(o.total()).isEqualTo(new Figures(2, 0, 550_000, 0));
  }

  @Test
  void aLogThatDoesNotCheckGivesNoOpenData() throws Exception {
    SyntheticLog log = log();
    int size = log.entries.size();
    Path export = log.export(dir.resolve("x"), size, log.honest(size));
    Path entries = export.resolve(ExportDirectory.ENTRIES);
    byte[] b = Files.readAllBytes(entries);
    b[b.length - 3] ^= 1;
    Files.write(entries, b);
    assertThatThrownBy(() -> LogMonitor.of(SyntheticLog.ORIGIN,
        SyntheticLog.REGISTRY.verificationKey()).openData(ExportDirectory.of(export)))
        .isInstanceOf(LogRejectedException.class);
  }

  @Test
  void csvFieldsAreQuotedWhenTheyMustBe() {
    assertThat(OpenData.csvField("plain title")).isEqualTo("plain title");
    assertThat(OpenData.csvField("")).isEqualTo("");
    assertThat(OpenData.csvField("a,b")).isEqualTo("\"a,b\"");
    assertThat(OpenData.csvField("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(OpenData.csvField("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(OpenData.csvField("cr\r")).isEqualTo("\"cr\r\"");
    assertThat(OpenData.csvField("=1+1")).isEqualTo("=1+1");
  }
}
