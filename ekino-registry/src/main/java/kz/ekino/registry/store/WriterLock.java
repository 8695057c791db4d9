package kz.ekino.registry.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * At most one process appends to a log. On SQLite: an exclusive lock on {@code <db>.lock},
 * held for the writer's lifetime and released by the kernel when the process dies. On
 * PostgreSQL: a session-level advisory lock on the writer's connection, keyed by the schema,
 * released when that session ends. Either way a second writer is refused at open with a
 * message that names the holder; the writer epoch in {@code log_writer} fences a writer that
 * lost its lock while paused (see {@code Ledger}).
 */
final class WriterLock implements AutoCloseable {
  /** First half of the advisory lock key: "ekin" in ASCII. */
  private static final int ADVISORY_CLASS = 0x656b696e;

  /**
   * Lock files this process holds. A file lock belongs to the process, and closing any handle
   * on the file in the process lets go of it: so a second open in this process must not so
   * much as read the file.
   */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private WriterLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /** Who this process is, as a lock holder: readable in an operator's error message. */
  static String holder() {
    String host = System.getenv("HOSTNAME");
    return "process " + ProcessHandle.current().pid() + (host == null ? "" : " on " + host)
        + " since " + Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }

  /** Takes the file lock beside a SQLite database; null for an in-memory database. */
  static @Nullable WriterLock sqlite(@Nullable Path database) throws SQLException {
    if (database == null) {
      return null;
    }
    Path file = database.resolveSibling(database.getFileName() + ".lock").normalize();
    if (!HELD.add(file)) {
      throw new WriterLockException("the log in " + database.getParent() + " is held by "
          + "another registry in this process (" + holder() + ", lock file " + file + ")");
    }
    try {
      return take(database, file);
    } catch (SQLException | RuntimeException e) {
      HELD.remove(file);
      throw e;
    }
  }

  private static WriterLock take(Path database, Path file) throws SQLException {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new SQLException("cannot open the writer lock " + file + ": " + e.getMessage(), e);
    }
    try {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // cannot happen past HELD, but never read the file then
      }
      if (lock == null) {
        // Another process holds it: reading the file here cannot release anything of ours.
        String who = Files.readString(file, StandardCharsets.UTF_8).strip();
        throw new WriterLockException("the log in " + database.getParent() + " is held by "
            + (who.isEmpty() ? "another process" : who) + " (lock file " + file + ")");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((holder() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
      return new WriterLock(file, channel, lock);
    } catch (IOException e) {
      closeChannel(channel);
      throw new SQLException("cannot take the writer lock " + file + ": " + e.getMessage(), e);
    } catch (SQLException | RuntimeException e) {
      closeChannel(channel);
      throw e;
    }
  }

  /**
   * Takes the session advisory lock of the current schema on {@code c}, or fails naming the
   * writer that {@code log_writer} records (when the schema has one yet). Returns the
   * backend's process id, the session that now holds the lock.
   *
   * <p>{@code previousBackend} is the session this writer held the lock with before a
   * failure. While that session lingers (a backend that is stopped or not yet aware that its
   * client left), its lock is still held: that is asked to end and reported as a transient
   * failure, not as another writer.
   */
  static int postgres(Connection c, int previousBackend) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(true);
    try (PreparedStatement p = c.prepareStatement(
        "SELECT pg_try_advisory_lock(?, hashtext(current_schema())), pg_backend_pid()")) {
      p.setInt(1, ADVISORY_CLASS);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        if (rs.getBoolean(1)) {
          return rs.getInt(2);
        }
      }
      int holder = holderBackend(c);
      if (holder != 0 && holder == previousBackend) {
        try (PreparedStatement t = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
          t.setInt(1, holder);
          t.execute();
        }
        throw new SQLException("the writer's previous PostgreSQL session (backend " + holder
            + ") still holds the log's lock; it was asked to end");
      }
      throw new WriterLockException("the log in schema " + schema(c) + " is held by "
          + recordedHolder(c) + " (PostgreSQL advisory lock, backend " + holder + ")");
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  private static int holderBackend(Connection c) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT pid FROM pg_locks WHERE "
        + "locktype = 'advisory' AND granted AND classid = ?::int4::oid "
        + "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
        + "AND objid = hashtext(current_schema())::int4::oid AND objsubid = 2 LIMIT 1")) {
      p.setInt(1, ADVISORY_CLASS);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }

  private static String schema(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_schema()")) {
      return rs.next() ? rs.getString(1) : "?";
    }
  }

  private static String recordedHolder(Connection c) {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT holder FROM log_writer WHERE id = 1")) {
      return rs.next() && !rs.getString(1).isEmpty() ? rs.getString(1) : "another process";
    } catch (SQLException e) {
      return "another process";
    }
  }

  private static void closeChannel(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing more to release.
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // Closing the channel below releases it as well.
    }
    closeChannel(channel);
    HELD.remove(file);
  }
}
