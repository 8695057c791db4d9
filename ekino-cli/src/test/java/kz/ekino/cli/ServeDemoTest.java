package kz.ekino.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import kz.ekino.core.anomaly.Anomaly;
import kz.ekino.core.anomaly.AnomalyCode;
import kz.ekino.core.anomaly.AnomalyReport;
import kz.ekino.core.anomaly.AnomalyRules;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.LanguageCode;
import kz.ekino.core.model.Region;
import kz.ekino.registry.Registry;
import kz.ekino.registry.monitoring.BoxOfficeRow;
import kz.ekino.registry.monitoring.Dimension;
import kz.ekino.registry.monitoring.Monitoring;
import kz.ekino.registry.monitoring.SilentCinema;
import kz.ekino.registry.monitoring.TimeRange;
import kz.ekino.registry.monitoring.UploadFlags;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ekino serve --demo}: a fortnight seeded into a new directory, what the registry then
 * shows (counts, regions, languages, the late and the silent cinema), a restart that serves the
 * same data, the refusal of a directory holding another registry, and {@code --jdbc}.
 */
class ServeDemoTest {
  private static final Pattern URL = Pattern.compile("on (http://127\\.0\\.0\\.1:\\d+)");
  private static final String POSTGRES_ENV = "EKINO_TEST_POSTGRES_URL";

  /** A running {@code serve}: its output and how to stop it. */
  private record Running(StringWriter text, CompletableFuture<Void> stop,
      CompletableFuture<Integer> exit, String base) {
    String line(String label) {
      return text.toString().lines().filter(l -> l.startsWith("  " + label))
          .map(l -> l.substring(("  " + label).length()).strip()).findFirst().orElseThrow();
    }

    void stopAndCheck() throws Exception {
      stop.complete(null);
      assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(Main.OK);
      assertThat(text.toString()).contains("ekino serve: stopped");
    }
  }

  private static Running start(Clock clock, String... args) throws Exception {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text, true);
    CompletableFuture<Void> stop = new CompletableFuture<>();
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() ->
        new CommandLine(new ServeCommand(clock, out, stop)).execute(args));
    for (int i = 0; i < 3_600; i++) { // the seeding takes well under a minute; slow CI 3
      Matcher m = URL.matcher(text.toString());
      if (m.find() && text.toString().contains("Stop with")) {
        return new Running(text, stop, exit, m.group(1));
      }
      assertThat(exit).as(text.toString()).isNotDone();
      Thread.sleep(50);
    }
    throw new AssertionError("serve did not start: " + text);
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void seedsAFortnightOnceAndServesItAgainAfterARestart(@TempDir Path tmp) throws Exception {
    Path data = tmp.resolve("demo");
    Clock clock = Clock.systemUTC();
    Running first = start(clock, "--demo", "--data", data.toString(), "--port", "0");
    assertThat(first.line("demo:")).startsWith("seeded in");
    assertThat(first.line("dashboard:")).isEqualTo(first.base() + "/dashboard");
    String qr = first.line("QR text:");
    assertThat(qr).startsWith("HTTPS://QR.EKINO.KZ/T/");
    assertThat(first.line("ticket:")).isEqualTo(first.base() + qr.substring(
        "HTTPS://QR.EKINO.KZ".length()));
    assertThat(Path.of(first.line("ticket QR:"))).isRegularFile();
    assertThat(get(first.base() + "/readyz").statusCode()).isEqualTo(200);
    HttpResponse<String> status = get(first.line("status:"));
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.body()).contains("\"verdict\":\"VALID\"").contains(
        "\"status\":\"REGISTERED\"");
    first.stopAndCheck();
    assertThat(data.resolve(ServeDemo.MARKER)).isRegularFile();

    Instant now = clock.instant();
    long size;
    try (Registry registry = DataDir.open(data, false, clock).openRegistryReadOnly(clock)) {
      size = registry.size();
      checkTheFortnight(registry, now);
    }

    // A restart serves what is there: no second seeding, the same log and sample ticket.
    Running again = start(clock, "--demo", "--data", data.toString(), "--port", "0");
    assertThat(again.line("demo:")).contains("served as it is");
    assertThat(again.line("QR text:")).isEqualTo(qr);
    assertThat(again.text().toString()).contains("(" + size + " entries)");
    again.stopAndCheck();
  }

  private static void checkTheFortnight(Registry registry, Instant now) {
    assertThat(registry.cinemas()).hasSizeGreaterThanOrEqualTo(40);
    Set<Region> regions = registry.cinemas().values().stream().map(c -> c.region())
        .collect(Collectors.toSet());
    assertThat(regions).hasSizeGreaterThanOrEqualTo(15);
    assertThat(registry.films()).hasSizeGreaterThanOrEqualTo(10);
    assertThat(registry.films().values().stream().filter(f -> f.national()).count())
        .isGreaterThanOrEqualTo(3);

    Monitoring m = registry.monitoring();
    TimeRange fortnight = new TimeRange(now.minus(Duration.ofDays(15)), now);
    List<BoxOfficeRow> days = m.boxOffice(EnumSet.of(Dimension.DAY), fortnight);
    long sold = days.stream().mapToLong(BoxOfficeRow::ticketsSold).sum();
    assertThat(sold).as("sales of screenings in the last two weeks").isBetween(2_000L, 20_000L);
    assertThat(days).as("days with screenings").hasSizeGreaterThanOrEqualTo(14);
    assertThat(days.stream().mapToLong(BoxOfficeRow::ticketsRefunded).sum()).isPositive();
    assertThat(days.stream().mapToLong(BoxOfficeRow::admissions).sum()).isPositive();
    Set<LanguageCode> languages = m.boxOffice(EnumSet.of(Dimension.LANGUAGE), fortnight)
        .stream().map(r -> r.key().language().orElseThrow()).collect(Collectors.toSet());
    assertThat(languages).contains(LanguageCode.of("kk"), LanguageCode.of("ru"),
        LanguageCode.of("en"));
    assertThat(m.boxOffice(EnumSet.of(Dimension.REGION), fortnight)).hasSizeGreaterThanOrEqualTo(
        15);

    Bin silent = DemoCountry.SILENT.cinema().bin();
    Bin late = DemoCountry.LATE.cinema().bin();
    List<SilentCinema> quiet = m.silentCinemas(Duration.ofHours(3), Duration.ofHours(3));
    assertThat(quiet).extracting(SilentCinema::cinema).contains(silent);
    UploadFlags lateFlags = m.uploadFlags(fortnight).stream()
        .filter(f -> f.cinema().equals(java.util.Optional.of(late))).findFirst().orElseThrow();
    assertThat(lateFlags.late()).as("sales of the late cinema registered after the start")
        .isPositive();

    AnomalyReport report = registry.anomalies(AnomalyRules.defaults());
    assertThat(report.anomalies(AnomalyCode.SILENT_TERMINAL)).extracting(Anomaly::cinema)
        .as("only the planted cinema goes silent").containsOnly(silent);
    assertThat(report.anomalies(AnomalyCode.SILENT_TERMINAL)).anyMatch(Anomaly::open);
    assertThat(report.anomalies(AnomalyCode.LATE_UPLOAD)).extracting(Anomaly::cinema)
        .as("only the planted cinema uploads late").containsOnly(late);
    assertThat(report.anomalies(AnomalyCode.REFUND_AFTER_START)).isNotEmpty();
    assertThat(report.anomalies(AnomalyCode.COUNTER_GAP)).isEmpty();
    assertThat(report.anomalies(AnomalyCode.UNDECLARED_SCREENING)).isEmpty();
    assertThat(report.anomalies(AnomalyCode.OVER_CAPACITY)).isEmpty();
  }

  @Test
  void refusesADirectoryHoldingAnotherRegistry(@TempDir Path tmp) {
    Path data = tmp.resolve("ekino-data");
    Clock clock = Clock.systemUTC();
    try (Registry registry = DataDir.open(data, true, clock).openRegistry(clock)) {
      assertThat(registry.size()).isPositive();
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new Main(clock, new PrintWriter(out, true), new PrintWriter(err, true))
        .run("serve", "--demo", "--data", data.toString(), "--port", "0");
    assertThat(exit).isEqualTo(Main.USAGE);
    assertThat(err.toString()).contains("did not seed").contains("--data");
    assertThat(data.resolve(ServeDemo.MARKER)).doesNotExist();
  }

  @Test
  void masksThePasswordOfAJdbcUrl() {
    assertThat(JdbcUrls.masked("jdbc:postgresql://db:5432/ekino?user=ekino&password=s3cr%26t"
        + "&ssl=true")).isEqualTo(
            "jdbc:postgresql://db:5432/ekino?user=ekino&password=****&ssl=true");
    assertThat(JdbcUrls.masked("jdbc:postgresql://db/ekino?PASSWORD=x")).isEqualTo(
        "jdbc:postgresql://db/ekino?PASSWORD=****");
    assertThat(JdbcUrls.masked("jdbc:postgresql://db/e?sslpassword=k&user=u&password=p"))
        .isEqualTo("jdbc:postgresql://db/e?sslpassword=****&user=u&password=****");
    assertThat(JdbcUrls.masked("jdbc:postgresql://ekino:hunter2@db:5432/ekino")).isEqualTo(
        "jdbc:postgresql://ekino:****@db:5432/ekino");
    assertThat(JdbcUrls.masked("jdbc:postgresql://db/ekino;user=u;password=p")).isEqualTo(
        "jdbc:postgresql://db/ekino;user=u;password=****");
    assertThat(JdbcUrls.masked("jdbc:sqlite:/var/ekino/registry.db")).isEqualTo(
        "jdbc:sqlite:/var/ekino/registry.db");
  }

  @Test
  void seedsAndServesOnPostgresqlWithThePasswordMasked(@TempDir Path tmp) throws Exception {
    String server = System.getenv(POSTGRES_ENV);
    if (server == null || server.isBlank()) {
      if (System.getenv("CI") != null) {
        throw new IllegalStateException(POSTGRES_ENV + " is not set on CI");
      }
      Assumptions.abort("PostgreSQL test skipped: set " + POSTGRES_ENV + " to a JDBC URL such "
          + "as jdbc:postgresql://localhost:5432/ekino_test?user=ekino&password=ekino "
          + "(.ci/run does this)");
    }
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection(server);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    String url = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    Path data = tmp.resolve("demo");
    Clock clock = Clock.systemUTC();
    Running running = start(clock, "--demo", "--jdbc", url, "--data", data.toString(),
        "--port", "0");
    String printed = running.text().toString();
    assertThat(running.line("database:")).isEqualTo(JdbcUrls.masked(url));
    String password = url.replaceAll(".*[?&;]password=([^&;]*).*", "$1");
    if (!password.equals(url)) {
      assertThat(printed).doesNotContain("password=" + password);
    }
    assertThat(get(running.base() + "/readyz").statusCode()).isEqualTo(200);
    assertThat(get(running.line("status:")).body()).contains("\"verdict\":\"VALID\"");
    running.stopAndCheck();
    assertThat(data.resolve("registry.db")).doesNotExist();
    assertThat(data.resolve("keys").resolve("registry.checkpoint")).isRegularFile();
    try (Registry registry = DataDir.open(data, false, clock).withDatabase(url)
        .openRegistryReadOnly(clock)) {
      assertThat(registry.cinemas()).hasSizeGreaterThanOrEqualTo(40);
      assertThat(LocalDate.now(clock)).isNotNull();
    }
    assertThat(Files.exists(data.resolve(ServeDemo.MARKER))).isTrue();
  }
}
