package kz.ekino.registry.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The registry's JDBC database: SQLite (one file, the embedded default) or PostgreSQL.
 *
 * <p>Opened for writing, it first takes the log's writer lock ({@link WriterLock}: a file lock
 * beside a SQLite file, a session advisory lock on PostgreSQL), brings the schema up to date
 * with the versioned scripts under {@code migration/<dialect>/}, and keeps one connection for
 * the single writer, which {@link #reconnectWriter} replaces after a failure. Opened read-only,
 * it never creates, migrates or changes anything: a missing or empty database is an error.
 *
 * <p>Reads go through two bounded HikariCP pools, so that slow monitoring reports never hold
 * the connections that status checks, proofs and admissions need. Every wait is bounded by
 * the timeout given at open: connecting, pool checkout, and (on PostgreSQL) each socket read.
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
      "V2__scale_indexes.sql", "V3__writer.sql", "V4__log_projection.sql",
      "V5__counters_schedule.sql");
  private static final int READERS = 4;
  private static final int REPORTERS = 2;

  @FunctionalInterface
  public interface Work<T> {
    T run(Reader reader) throws SQLException;
  }

  /**
   * A pooled read connection with the statements prepared on it, kept for the physical
   * connection's life: preparing costs more than most reads (about 0.1 ms for a proof's).
   */
  public record Reader(Connection connection, Records records, JdbcNodeStore nodes) {}

  private final Dialect dialect;
  private final String url;
  private final Duration timeout;
  private final boolean forWriter;
  private final @Nullable WriterLock lock;
  private @Nullable Connection writer;
  /** After close or release, the writer never connects again. */
  private boolean closed;
  /** PostgreSQL: the backend process of the writer's session, which holds the lock. */
  private int writerBackend;
  private final HikariDataSource readers;
  private final HikariDataSource reports;
  /** Prepared statements per physical connection; an evicted connection's entry goes too. */
  private final Map<Connection, Reader> prepared =
      Collections.synchronizedMap(new WeakHashMap<>());

  private Database(Dialect dialect, String url, Duration timeout, @Nullable WriterLock lock,
      @Nullable Connection writer) {
    this.dialect = dialect;
    this.url = url;
    this.timeout = timeout;
    this.lock = lock;
    this.writer = writer;
    this.forWriter = writer != null;
    this.readers = pool(url, dialect, READERS, "readers", timeout, writer == null);
    try {
      this.reports = pool(url, dialect, REPORTERS, "reports", timeout, writer == null);
    } catch (RuntimeException e) {
      readers.close();
      throw e;
    }
  }

  /**
   * Opens the database for the log's single writer: takes the writer lock (or fails with
   * {@link WriterLockException} naming the holder), creates or upgrades the schema.
   */
  public static Database openWriter(String url, Duration timeout) throws SQLException {
    Dialect dialect = Dialect.of(url);
    WriterLock lock = null;
    Connection writer = null;
    try {
      if (dialect == Dialect.SQLITE) {
        lock = WriterLock.sqlite(sqliteFile(url));
      }
      writer = connect(url, dialect, timeout, false);
      int backend = 0;
      if (dialect == Dialect.POSTGRESQL) {
        backend = WriterLock.postgres(writer, 0);
      }
      migrate(writer, dialect);
      writer.setAutoCommit(false);
      Database db = new Database(dialect, url, timeout, lock, writer);
      db.writerBackend = backend;
      return db;
    } catch (SQLException | RuntimeException e) {
      closeQuietly(writer);
      if (lock != null) {
        lock.close();
      }
      throw e;
    }
  }

  /**
   * Opens an existing registry database for reading only. Creates nothing: a missing file, an
   * empty database or one whose schema this version does not know is an error.
   */
  public static Database openReadOnly(String url, Duration timeout) throws SQLException {
    Dialect dialect = Dialect.of(url);
    if (dialect == Dialect.SQLITE) {
      Path file = sqliteFile(url);
      if (file != null && !Files.isRegularFile(file)) {
        throw new MissingDatabaseException("there is no registry database at " + file);
      }
    }
    try (Connection c = connect(url, dialect, timeout, true)) {
      int version = schemaVersion(c);
      if (version == 0) {
        throw new MissingDatabaseException("the database holds no registry (no schema)");
      }
      if (version != MIGRATIONS.size()) {
        throw new SQLException("the database has schema version " + version + ", this "
            + "registry reads version " + MIGRATIONS.size() + (version < MIGRATIONS.size()
            ? "; open it once for writing to upgrade it" : "; upgrade ekino"));
      }
    }
    return new Database(dialect, url, timeout, null, null);
  }

  /** Who this process is, as the log's writer: for operators' messages and log_writer. */
  public static String holder() {
    return WriterLock.holder();
  }

  public Dialect dialect() {
    return dialect;
  }

  /** Whether this database was opened for the writer (it holds the writer lock). */
  public boolean writable() {
    return forWriter;
  }

  /** The writer's connection: autocommit off; only the registry's writer thread uses it. */
  public Connection writer() {
    Connection c = writer;
    if (c == null) {
      throw new IllegalStateException("the database was opened read-only");
    }
    return c;
  }

  /**
   * Throws the writer's connection away (with every statement prepared on it) and opens a new
   * one; on PostgreSQL it takes the advisory lock again, which fails with
   * {@link WriterLockException} if another writer took the log meanwhile.
   */
  public synchronized Connection reconnectWriter() throws SQLException {
    if (!writable()) {
      throw new IllegalStateException("the database was opened read-only");
    }
    if (closed) {
      throw new SQLException("the registry database is closed");
    }
    closeQuietly(writer);
    writer = null;
    Connection c = connect(url, dialect, timeout, false);
    try {
      if (dialect == Dialect.POSTGRESQL) {
        writerBackend = WriterLock.postgres(c, writerBackend);
      }
      c.setAutoCommit(false);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
    writer = c;
    return c;
  }

  /** Runs read-only work for status, proofs and admissions on a pooled connection. */
  public <T> T read(Work<T> work) throws SQLException {
    return run(readers, work);
  }

  /** Runs monitoring work on its own pool, so that reports never starve {@link #read}. */
  public <T> T readMonitoring(Work<T> work) throws SQLException {
    return run(reports, work);
  }

  private <T> T run(HikariDataSource pool, Work<T> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      Connection physical = c.unwrap(Connection.class);
      Reader r = prepared.computeIfAbsent(physical,
          p -> new Reader(p, new Records(p), new JdbcNodeStore(p)));
      try {
        return work.run(r);
      } catch (SQLException | RuntimeException e) {
        // The statements of a connection that failed are not trusted again.
        prepared.remove(physical);
        throw e;
      }
    }
  }

  private static HikariDataSource pool(String url, Dialect dialect, int size, String name,
      Duration timeout, boolean readOnlyDatabase) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    // SQLite pool connections are opened read-write (sqlite-jdbc cannot change the flag that
    // HikariCP resets) but only ever run reads; the file exists by then.
    Properties p = properties(dialect, timeout, dialect == Dialect.POSTGRESQL);
    if (readOnlyDatabase) {
      p.remove("journal_mode"); // a reader does not change the database's journal mode
    }
    if (dialect == Dialect.SQLITE && name.equals("reports")) {
      // Reports read long index ranges: a 64 MiB page cache each (two connections) made a
      // month's box office about 30 % faster at 5 million records (scripts/scale.sh).
      p.setProperty("cache_size", "-65536");
    }
    config.setDataSourceProperties(p);
    config.setPoolName("ekino-" + name);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(1);
    config.setReadOnly(dialect == Dialect.POSTGRESQL);
    config.setConnectionTimeout(Math.max(250, timeout.toMillis()));
    config.setValidationTimeout(Math.max(250, Math.min(timeout.toMillis(), 5_000)));
    // Fail at open, not at the first request, when the database cannot be reached.
    config.setInitializationFailTimeout(Math.max(1, timeout.toMillis()));
    return new HikariDataSource(config);
  }

  private static Properties properties(Dialect dialect, Duration timeout, boolean readOnly) {
    Properties p = new Properties();
    long seconds = Math.max(1, timeout.toSeconds());
    if (dialect == Dialect.SQLITE) {
      // WAL lets readers run beside the writer; FULL makes every commit survive power loss.
      if (!readOnly) {
        p.setProperty("journal_mode", "WAL");
      }
      p.setProperty("synchronous", "FULL");
      p.setProperty("foreign_keys", "true");
      p.setProperty("busy_timeout", Long.toString(Math.min(timeout.toMillis(), 60_000)));
      if (readOnly) {
        p.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
      }
    } else {
      p.setProperty("connectTimeout", Long.toString(seconds));
      p.setProperty("loginTimeout", Long.toString(seconds));
      // A backend that stops answering (stopped, partitioned) fails the read after this long.
      p.setProperty("socketTimeout", Long.toString(seconds));
      p.setProperty("tcpKeepAlive", "true");
      // JIT compiling each statement cost ~100 ms per short report (a day's box office took
      // 118 ms instead of 31 at 5 million records); the registry's statements are short.
      // The writer's statements are planned afresh each time: a plan cached while a log's
      // tables were small (a scan of a few rows) would otherwise stay as they grow.
      p.setProperty("options", readOnly ? "-c jit=off"
          : "-c jit=off -c plan_cache_mode=force_custom_plan");
      // A batch's sales and log nodes go as multi-row INSERTs: one statement per few hundred
      // rows for the server to run, not one per row.
      p.setProperty("reWriteBatchedInserts", "true");
      p.setProperty("ApplicationName", readOnly ? "ekino-registry-reader" : "ekino-registry");
    }
    return p;
  }

  private static Connection connect(String url, Dialect dialect, Duration timeout,
      boolean readOnly) throws SQLException {
    Connection c = DriverManager.getConnection(url, properties(dialect, timeout, readOnly));
    if (readOnly && dialect == Dialect.POSTGRESQL) {
      c.setReadOnly(true);
    }
    return c;
  }

  /** The file of a {@code jdbc:sqlite:} URL; null for an in-memory or PostgreSQL one. */
  public static @Nullable Path sqliteFile(String url) {
    if (!url.startsWith("jdbc:sqlite:")) {
      return null;
    }
    String rest = url.substring("jdbc:sqlite:".length());
    int query = rest.indexOf('?');
    if (query >= 0) {
      rest = rest.substring(0, query);
    }
    if (rest.startsWith("file:")) {
      rest = rest.substring("file:".length());
    }
    if (rest.isEmpty() || rest.equals(":memory:") || rest.contains("mode=memory")) {
      return null;
    }
    return Path.of(rest).toAbsolutePath();
  }

  private static int schemaVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      if (c.getAutoCommit()) {
        return 0; // no schema_version table: nothing was ever created here
      }
      throw e;
    }
  }

  private static void migrate(Connection writer, Dialect dialect) throws SQLException {
    writer.setAutoCommit(true);
    try (Statement s = writer.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
          + "script TEXT NOT NULL, applied_at BIGINT NOT NULL)");
    }
    int current = schemaVersion(writer);
    if (current > MIGRATIONS.size()) {
      throw new SQLException("the database has schema version " + current
          + ", newer than this registry (" + MIGRATIONS.size() + "); upgrade ekino");
    }
    for (int v = current + 1; v <= MIGRATIONS.size(); v++) {
      String script = MIGRATIONS.get(v - 1);
      writer.setAutoCommit(false);
      try (Statement s = writer.createStatement()) {
        for (String sql : statements(dialect, script)) {
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

  private static List<String> statements(Dialect dialect, String script) throws SQLException {
    String path = "migration/" + dialect.directory + "/" + script;
    try (InputStream in = Database.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new SQLException("missing migration script " + path);
      }
      List<String> out = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
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

  static void closeQuietly(@Nullable Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // A broken connection may fail to close; it is dropped either way.
      }
    }
  }

  /**
   * Gives up the writer's connection, and with it (PostgreSQL) the advisory lock, for good: a
   * writer that stopped (fenced, or the database went back) must not keep the log held.
   */
  public synchronized void releaseWriter() {
    closed = true;
    if (writer != null && dialect == Dialect.POSTGRESQL) {
      // Unlock now: a closed session lets go of its locks only once its backend has ended.
      try (Statement s = writer.createStatement()) {
        writer.rollback();
        s.execute("SELECT pg_advisory_unlock_all()");
      } catch (SQLException e) {
        // A broken session: the server ends it, and its lock with it.
      }
    }
    closeQuietly(writer);
    writer = null;
  }

  /** Closes the pools and the writer's connection, then lets go of the writer lock. */
  @Override
  public synchronized void close() {
    closed = true;
    readers.close();
    reports.close();
    closeQuietly(writer);
    writer = null;
    if (lock != null) {
      lock.close();
    }
  }

  @Override
  public String toString() {
    return "Database[" + dialect + (writable() ? ", writer" : ", read-only") + "]";
  }
}
