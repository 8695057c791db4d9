package kz.ekino.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Optional;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.monitor.BoxOfficeTally;
import kz.ekino.core.monitor.ExportDirectory;
import kz.ekino.core.monitor.LogSource;
import kz.ekino.registry.Registry;
import kz.ekino.registry.monitoring.BoxOfficeRow;
import kz.ekino.registry.monitoring.Dimension;
import kz.ekino.registry.monitoring.TimeRange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export → monitor / statement on a demo data directory, and the audit of one. */
class MonitorCommandsTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;

  private Path data;
  private Path key;

  private record Run(int exit, String out, String err) {}

  private static Run ekino(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new Main(CLOCK, new PrintWriter(out, true), new PrintWriter(err, true)).run(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @BeforeEach
  void demo() {
    data = dir.resolve("data");
    assertThat(ekino("demo", "--data", data.toString(), "--sales", "60").exit()).isZero();
    key = data.resolve("keys").resolve("registry.pub.pem");
  }

  private Path export(String name) {
    Path out = dir.resolve(name);
    Run r = ekino("export", "--data", data.toString(), "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    return out;
  }

  private Run monitor(Path export) {
    return ekino("monitor", "--export", export.toString(), "--registry-key", key.toString(),
        "--state", dir.resolve("monitor.state").toString());
  }

  /** Whether the registry logs its directory and admissions (issue 10), as the monitor needs. */
  private static boolean logsDirectory(Path export) throws Exception {
    try (LogSource.Entries entries = ExportDirectory.of(export).entries()) {
      for (Optional<byte[]> b = entries.next(); b.isPresent(); b = entries.next()) {
        if (LogEntry.decode(b.get()).kind() == LogEntry.Kind.CINEMA) {
          return true;
        }
      }
    }
    return false;
  }

  private BoxOfficeRow registryTotal(EnumSet<Dimension> by, int index) {
    try (Registry registry = DataDir.open(data, false, CLOCK).openRegistryReadOnly(CLOCK)) {
      return registry.monitoring().boxOffice(by, TimeRange.all()).get(index);
    }
  }

  @Test
  void aDemoExportMonitorsCleanWithMonitoringsTotals() throws Exception {
    Path export = export("export");
    assertThat(export.resolve(ExportDirectory.CHECKPOINT)).exists();
    assertThat(logsDirectory(export)).as("the registry logs cinemas and admissions").isTrue();
    Run r = monitor(export);
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    BoxOfficeRow total = registryTotal(EnumSet.noneOf(Dimension.class), 0);
    assertThat(r.out()).containsPattern("overall +" + total.ticketsSold() + " +"
        + total.netTickets() + " +"
        + RegistryFigures.tenge(total.boxOfficeTiyn()).replace(".", "\\.") + " +"
        + total.admissions());
    Run audit = ekino("audit", "--data", data.toString());
    assertThat(audit.exit()).as(audit.out() + audit.err()).isZero();
    assertThat(audit.out()).contains("overall", RegistryFigures.tenge(total.boxOfficeTiyn()));
  }

  @Test
  void aFlippedByteInTheExportIsNamed() throws Exception {
    Path export = export("export");
    Path bin = export.resolve(ExportDirectory.ENTRIES);
    byte[] b = Files.readAllBytes(bin);
    b[b.length / 2] ^= 0x01;
    Files.write(bin, b);
    Run r = monitor(export);
    assertThat(r.exit()).isEqualTo(Main.NOT_VALID);
    assertThat(r.err()).startsWith("ekino: monitor: first difference: ")
        .containsPattern("ROOT_MISMATCH|MALFORMED_ENTRY");
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void aRegistryRolledBackToAnOlderExportIsCaught() throws Exception {
    Path older = export("older");
    monitor(older); // remembers the checkpoint (the log checks, whatever the figures)
    assertThat(ekino("demo", "--data", data.toString(), "--sales", "20").exit()).isZero();
    Path newer = export("newer");
    assertThat(monitor(newer).err()).doesNotContain("ROLLED_BACK", "INCONSISTENT");
    Run r = monitor(older);
    assertThat(r.exit()).isEqualTo(Main.NOT_VALID);
    assertThat(r.err()).contains("ROLLED_BACK");
  }

  @Test
  void aFilmStatementAddsUpToMonitoringForThatFilm() throws Exception {
    Path export = export("export");
    BoxOfficeRow film = registryTotal(EnumSet.of(Dimension.FILM), 0);
    String cert = film.key().film().orElseThrow().value();
    LocalDate today = LocalDate.ofInstant(CLOCK.instant(), BoxOfficeTally.KAZAKHSTAN);
    Run r = ekino("statement", "--export", export.toString(), "--registry-key", key.toString(),
        "--film", cert, "--from", today.minusDays(1).toString(), "--to",
        today.plusDays(3).toString(), "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    String total = r.out().substring(r.out().indexOf("\"total\""));
    assertThat(total).contains("\"sold\" : " + film.ticketsSold() + ",",
        "\"refunded\" : " + film.ticketsRefunded() + ",",
        "\"boxOfficeTiyn\" : " + film.boxOfficeTiyn() + ",");
    if (logsDirectory(export)) {
      assertThat(total).contains("\"admissions\" : " + film.admissions());
    }
    assertThat(r.out()).contains("\"film\" : \"" + cert + "\"", "\"treeSize\"");
  }

  @Test
  void usageAndFileErrorsExitTwo() {
    Path export = export("export");
    Run again = ekino("export", "--data", data.toString(), "--out", export.toString());
    assertThat(again.exit()).isEqualTo(Main.USAGE);
    assertThat(again.err()).contains("already exists");
    Run missing = ekino("monitor", "--export", dir.resolve("nothing").toString(),
        "--registry-key", key.toString(), "--state", dir.resolve("s").toString());
    assertThat(missing.exit()).isEqualTo(Main.USAGE);
    Run badDate = ekino("statement", "--export", export.toString(), "--registry-key",
        key.toString(), "--film", "X-1", "--from", "2026-13-01", "--to", "2026-12-01");
    assertThat(badDate.exit()).isEqualTo(Main.USAGE);
    assertThat(badDate.err()).contains("--from");
  }

  private void sql(String statement) throws Exception {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:"
        + data.resolve("registry.db")); java.sql.Statement st = c.createStatement()) {
      assertThat(st.executeUpdate(statement)).as(statement).isPositive();
    }
  }

  /**
   * Issue 10's "done when" on a demo directory: each one change to a stored figure, flag,
   * cinema, film, admission or interior node makes the audit exit 1 and name it; undone, the
   * directory audits clean again.
   */
  @Test
  void everyStoredChangeToTheDemoIsNamedByTheAudit() throws Exception {
    long s;
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:"
        + data.resolve("registry.db")); java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT MIN(serial) FROM records WHERE kind = 0"
            + " AND ticket_id LIKE 'R%'")) {
      rs.next();
      s = rs.getLong(1); // the first of the real-time run's sales, which come one after another
    }
    String[][] attacks = {
        // change, undo, what the audit names
        {"UPDATE records SET price_tiyn = price_tiyn + 1 WHERE serial = " + s,
            "UPDATE records SET price_tiyn = price_tiyn - 1 WHERE serial = " + s,
            "record " + s + " column price_tiyn"},
        {"UPDATE records SET price_tiyn = price_tiyn + 1 WHERE serial = (SELECT MAX(serial)"
            + " FROM records WHERE kind = 0)", "UPDATE records SET price_tiyn = price_tiyn - 1"
            + " WHERE serial = (SELECT MAX(serial) FROM records WHERE kind = 0)",
            "column price_tiyn"},
        {"UPDATE records SET specimen = 1 - specimen WHERE serial = " + (s + 1),
            "UPDATE records SET specimen = 1 - specimen WHERE serial = " + (s + 1),
            "record " + (s + 1) + " column specimen"},
        {"UPDATE records SET cinema_bin = '990140004654' WHERE serial = " + (s + 2) + " AND cinema_bin <> "
            + "'990140004654'", null, "record " + (s + 2) + " column cinema_bin"},
        {"UPDATE records SET film = 'XX-0000-0000' WHERE serial = " + (s + 3), null,
            "record " + (s + 3) + " column film"},
        {"UPDATE films SET national = 1 - national WHERE certificate = (SELECT MIN(certificate)"
            + " FROM films)", "UPDATE films SET national = 1 - national WHERE certificate ="
            + " (SELECT MIN(certificate) FROM films)", "differs from its log entry"},
        {"UPDATE log_nodes SET hash = (SELECT hash FROM log_nodes WHERE level = 0 AND idx = 0)"
            + " WHERE level = 1 AND idx = 3", null, "log node 1/3"},
        {"DELETE FROM admissions WHERE serial = (SELECT MIN(serial) FROM admissions)", null,
            "admission"}};
    assertThat(ekino("audit", "--data", data.toString()).exit()).isZero();
    Path clean = dir.resolve("clean.db");
    Files.copy(data.resolve("registry.db"), clean);
    for (String[] a : attacks) {
      sql(a[0]);
      Run r = ekino("audit", "--data", data.toString());
      assertThat(r.exit()).as(a[0] + ": " + r.out() + r.err()).isEqualTo(Main.NOT_VALID);
      assertThat(r.err()).as(a[0]).contains(a[2]).doesNotContain("Exception");
      if (a[1] != null) {
        sql(a[1]);
      } else {
        Files.copy(clean, data.resolve("registry.db"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      Run again = ekino("audit", "--data", data.toString());
      assertThat(again.exit()).as("undone: " + a[0] + ": " + again.err()).isZero();
    }
  }

  @Test
  void aMonitorRequiringAWitnessRefusesTheCheckpointUntilItIsCosigned() throws Exception {
    Path export = export("export");
    assertThat(ekino("keygen", "--out", dir.resolve("w1").toString()).exit()).isZero();
    String witness = "witness.example/w1=" + dir.resolve("w1.pub.pem");
    Run alone = ekino("monitor", "--export", export.toString(), "--registry-key",
        key.toString(), "--state", dir.resolve("w.state").toString(), "--witness", witness);
    assertThat(alone.exit()).isEqualTo(Main.NOT_VALID);
    assertThat(alone.err()).contains("NOT_WITNESSED");

    Path proof = dir.resolve("proof.json");
    Files.writeString(proof, ekino("prove", "--data", data.toString(), "--consistency-from",
        "0").out());
    Run cosigned = ekino("witness", "cosign", "--key", dir.resolve("w1.key.pem").toString(),
        "--name", "witness.example/w1", "--state", dir.resolve("w1.state").toString(),
        "--log-key", key.toString(), "--proof", proof.toString());
    assertThat(cosigned.exit()).as(cosigned.err()).isZero();
    Files.writeString(export.resolve(ExportDirectory.CHECKPOINT), cosigned.out());
    Run witnessed = ekino("monitor", "--export", export.toString(), "--registry-key",
        key.toString(), "--state", dir.resolve("w.state").toString(), "--witness", witness);
    assertThat(witnessed.exit()).as(witnessed.out() + witnessed.err()).isZero();
  }
}
