package kz.ekino.registry.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import kz.ekino.registry.monitoring.Dimension;
import kz.ekino.registry.monitoring.TimeRange;
import kz.ekino.registry.testing.Databases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A database of schema version 1 with records in it is brought to version 2 at its next open:
 * the indexes of version 2 exist, the one they replace is gone, and the reports answer.
 */
class SchemaUpgradeTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aVersionOneDatabaseGetsTheScaleIndexesAtItsNextOpen(String store) throws Exception {
    boolean sqlite = store.equals("sqlite");
    String url = sqlite ? Databases.sqlite(dir) : Databases.postgres();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, script TEXT NOT NULL,"
          + " applied_at BIGINT NOT NULL)");
      for (String sql : script(store + "/V1__schema.sql")) {
        s.execute(sql);
      }
      s.execute("INSERT INTO schema_version VALUES (1, 'V1__schema.sql', 0)");
      c.setAutoCommit(false);
      SyntheticLog.write(c, 9, 200);
    }
    assertThat(indexes(url, sqlite)).contains("records_screening_start")
        .doesNotContain("records_sale_screening");

    try (Database db = Database.openWriter(url, java.time.Duration.ofSeconds(30))) {
      assertThat(indexes(url, sqlite)).contains("records_sale_screening",
          "records_sale_registered", "records_refund_serial", "records_cinema_registered")
          .doesNotContain("records_screening_start");
      JdbcMonitoring m = new JdbcMonitoring(db, Clock.systemUTC());
      assertThat(m.boxOffice(Set.of(Dimension.CINEMA), TimeRange.all()))
          .isEqualTo(new V1Monitoring(db, Clock.systemUTC())
              .boxOffice(Set.of(Dimension.CINEMA), TimeRange.all()))
          .isNotEmpty();
    }
  }

  private static Set<String> indexes(String url, boolean sqlite) throws Exception {
    Set<String> out = new HashSet<>();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'index'"
            : "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** The statements of a migration script, split as Database splits them. */
  private static String[] script(String name) throws Exception {
    try (InputStream in = Database.class.getResourceAsStream("migration/" + name)) {
      StringBuilder sql = new StringBuilder();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
        if (!line.strip().startsWith("--")) {
          sql.append(line).append('\n');
        }
      }
      return sql.toString().split(";\\s*\n");
    }
  }
}
