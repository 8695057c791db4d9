package kz.ekino.registry.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Databases for the registry suite: a fresh SQLite file, or a fresh schema on the PostgreSQL
 * server named by EKINO_TEST_POSTGRES_URL. Without that variable the PostgreSQL tests are
 * skipped with a message, except on CI (CI set), where they must run and fail instead.
 */
public final class Databases {
  public static final String POSTGRES_ENV = "EKINO_TEST_POSTGRES_URL";

  private Databases() {}

  /** A new, empty database of {@code store} ("sqlite" or "postgresql"), as a JDBC URL. */
  public static String of(String store, Path dir) {
    return store.equals("postgresql") ? postgres() : sqlite(dir);
  }

  /** A new, empty database of {@code store}, opened for the writer. */
  public static kz.ekino.registry.store.Database openWriter(String store, Path dir)
      throws SQLException {
    return kz.ekino.registry.store.Database.openWriter(of(store, dir),
        java.time.Duration.ofSeconds(30));
  }

  public static String sqlite(Path dir) {
    return "jdbc:sqlite:" + dir.resolve("registry-" + UUID.randomUUID() + ".db");
  }

  public static String postgresServer() {
    String url = System.getenv(POSTGRES_ENV);
    if (url == null || url.isBlank()) {
      if (System.getenv("CI") != null) {
        throw new IllegalStateException(POSTGRES_ENV + " is not set on CI: .ci/run must start "
            + "PostgreSQL and export it");
      }
      Assumptions.abort("PostgreSQL tests skipped: set " + POSTGRES_ENV + " to a JDBC URL "
          + "such as jdbc:postgresql://localhost:5432/ekino_test?user=ekino&password=ekino "
          + "(.ci/run does this)");
    }
    return url;
  }

  /** A new, empty schema on the PostgreSQL server, as a JDBC URL. */
  public static String postgres() {
    String server = postgresServer();
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection(server);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test schema on " + POSTGRES_ENV + ": "
          + e.getMessage(), e);
    }
    return server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }
}
