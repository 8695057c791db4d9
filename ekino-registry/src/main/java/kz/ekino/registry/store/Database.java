package kz.ekino.registry.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The registry's JDBC database: SQLite (one file, the embedded default) or PostgreSQL. Opens
 * one connection for the single writer and a small pool for readers, and brings the schema up
 * to date with the versioned scripts under {@code migration/<dialect>/}.
 */
public final class Database implements AutoCloseable {
  /** The SQL dialects the registry speaks. */
  public enum Dialect {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String directory;

    Dialect(String directory) {
      this.directory = directory;
    }

    static Dialect of(String url) {
      if (url.startsWith("jdbc:sqlite:")) {
        return SQLITE;
      }
      if (url.startsWith("jdbc:postgresql:")) {
        return POSTGRESQL;
      }
      throw new IllegalArgumentException(
          "unsupported database URL (expected jdbc:sqlite:... or jdbc:postgresql:...)");
    }
  }

  /** Schema scripts, applied in order; a new version is a new script at the end. */
  private static final List<String> MIGRATIONS = List.of("V1__schema.sql",
      "V2__scale_indexes.sql");
  private static final int READERS = 4;

  @FunctionalInterface
  public interface Work<T> {
    T run(Reader reader) throws SQLException;
  }

  /**
   * A pooled read connection with the statements prepared on it, kept for the connection's
   * life: preparing costs more than most reads (about 0.1 ms for a proof's statements).
   */
  public record Reader(Connection connection, Records records, JdbcNodeStore nodes) {}

  private final Dialect dialect;
  private final Connection writer;
  private final BlockingQueue<Reader> readers = new ArrayBlockingQueue<>(READERS);
  private final List<Connection> all = new ArrayList<>();

  private Database(Dialect dialect, Connection writer) {
    this.dialect = dialect;
    this.writer = writer;
  }

  public static Database open(String url) throws SQLException {
    Dialect dialect = Dialect.of(url);
    Connection writer = connect(url, dialect);
    Database db = new Database(dialect, writer);
    db.all.add(writer);
    try {
      db.migrate();
      writer.setAutoCommit(false);
      for (int i = 0; i < READERS; i++) {
        Connection reader = connect(url, dialect);
        db.all.add(reader);
        db.readers.add(new Reader(reader, new Records(reader), new JdbcNodeStore(reader)));
      }
    } catch (SQLException | RuntimeException e) {
      db.close();
      throw e;
    }
    return db;
  }

  private static Connection connect(String url, Dialect dialect) throws SQLException {
    Connection c = DriverManager.getConnection(url);
    if (dialect == Dialect.SQLITE) {
      try (Statement s = c.createStatement()) {
        // WAL lets readers run beside the writer; FULL makes every commit survive power loss.
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA foreign_keys=ON");
        s.execute("PRAGMA busy_timeout=10000");
      }
    }
    return c;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** The writer's connection: autocommit off; only the registry's writer thread uses it. */
  public Connection writer() {
    return writer;
  }

  /** Runs read-only work on a pooled connection, which no other thread uses meanwhile. */
  public <T> T read(Work<T> work) throws SQLException {
    Reader r;
    try {
      r = readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a database connection", e);
    }
    try {
      return work.run(r);
    } finally {
      readers.add(r);
    }
  }

  private void migrate() throws SQLException {
    writer.setAutoCommit(true);
    try (Statement s = writer.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
          + "script TEXT NOT NULL, applied_at BIGINT NOT NULL)");
    }
    int current;
    try (Statement s = writer.createStatement();
        ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
      rs.next();
      current = rs.getInt(1);
    }
    if (current > MIGRATIONS.size()) {
      throw new SQLException("the database has schema version " + current
          + ", newer than this registry (" + MIGRATIONS.size() + "); upgrade ekino");
    }
    for (int v = current + 1; v <= MIGRATIONS.size(); v++) {
      String script = MIGRATIONS.get(v - 1);
      writer.setAutoCommit(false);
      try (Statement s = writer.createStatement()) {
        for (String sql : statements(script)) {
          s.execute(sql);
        }
        try (PreparedStatement p = writer.prepareStatement(
            "INSERT INTO schema_version (version, script, applied_at) VALUES (?, ?, ?)")) {
          p.setInt(1, v);
          p.setString(2, script);
          p.setLong(3, Instant.now().getEpochSecond());
          p.executeUpdate();
        }
        writer.commit();
      } catch (SQLException e) {
        writer.rollback();
        throw new SQLException("schema migration " + script + " failed: " + e.getMessage(), e);
      } finally {
        writer.setAutoCommit(true);
      }
    }
  }

  private List<String> statements(String script) throws SQLException {
    String path = "migration/" + dialect.directory + "/" + script;
    try (InputStream in = Database.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new SQLException("missing migration script " + path);
      }
      List<String> out = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.strip().startsWith("--")) {
          continue;
        }
        current.append(line).append('\n');
        if (line.strip().endsWith(";")) {
          out.add(current.toString().strip().replaceAll(";$", ""));
          current.setLength(0);
        }
      }
      return out;
    } catch (IOException e) {
      throw new SQLException("cannot read migration script " + path, e);
    }
  }

  @Override
  public void close() {
    for (Connection c : all) {
      try {
        c.close();
      } catch (SQLException e) {
        // Closing is best effort; the database is consistent after every commit.
      }
    }
  }

  @Override
  public String toString() {
    return "Database[" + dialect + "]";
  }

  /**
   * Runs a monitoring report or an audit: work that may read for seconds. It will get a pool
   * of its own, bounded, so that slow reports never hold the connections that status checks,
   * proofs and admissions need; until then it shares {@link #read}.
   */
  public <T> T readMonitoring(Work<T> work) throws SQLException {
    return read(work);
  }
}
