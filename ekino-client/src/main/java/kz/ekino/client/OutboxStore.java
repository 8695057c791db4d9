package kz.ekino.client;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.TicketId;
import kz.ekino.core.registration.Refusal;
import kz.ekino.core.registration.Registration;
import kz.ekino.core.registration.RegistrationException;
import kz.ekino.core.token.TicketToken;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;

/**
 * The outbox's SQLite file: one row per sale, keyed by (vendor, ticket id), holding the signed
 * submission exactly as signed. Every write is its own transaction, committed with
 * {@code synchronous=FULL} (fsync of the write-ahead log) before the method returns. The file
 * is held with an exclusive lock on {@code FILE.lock} for as long as it is open. One
 * connection, used under this object's monitor.
 */
final class OutboxStore implements AutoCloseable {
  /** {@code PRAGMA application_id}: "ekob". */
  static final int APPLICATION_ID = 0x656b6f62;
  static final int SCHEMA_VERSION = 1;

  private static final String COLUMNS = "vendor, ticket, digest, submission, sold_at, queued_at, "
      + "state, attempts, next_attempt, last_error, serial, registered_at, token, already, "
      + "refusal, detail, rowid";
  private static final System.Logger LOG = System.getLogger("kz.ekino.client");

  private final Path file;
  /** Rows seen that do not decode, by rowid: skipped by lists and the drainer, counted. */
  private final Set<Long> damaged = new HashSet<>();
  private final Connection db;
  private final FileChannel lockChannel;
  private final FileLock lock;

  /** A row as stored; {@code submission} is never handed out of the package. */
  @SuppressWarnings("ArrayRecordComponent")
  record Row(Bin vendor, TicketId ticket, String digest, byte[] submission, Instant soldAt,
      Instant queuedAt, OutboxEntry.State state, int attempts, Instant nextAttempt,
      @Nullable String lastError, @Nullable Registration registration,
      @Nullable RegistrationException refusal) {

    OutboxEntry entry() {
      return new OutboxEntry(vendor, ticket, state, soldAt, queuedAt, attempts,
          Optional.ofNullable(lastError), Optional.ofNullable(registration),
          Optional.ofNullable(refusal));
    }
  }

  private OutboxStore(Path file, Connection db, FileChannel lockChannel, FileLock lock) {
    this.file = file;
    this.db = db;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  static OutboxStore open(Path path) throws OutboxException {
    Path file;
    try {
      // The lock is named after the file itself, not the name given: a symbolic link (or
      // "a/../b") to an outbox in use must find it locked.
      createPrivate(path.toAbsolutePath());
      file = path.toRealPath();
    } catch (IOException e) {
      throw new OutboxException(OutboxException.Reason.STORAGE, "cannot open "
          + path.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
    FileChannel channel;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new OutboxException(OutboxException.Reason.STORAGE, "cannot open " + lockFile
          + ": " + e.getMessage(), e);
    }
    FileLock lock = null;
    try {
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new OutboxException(OutboxException.Reason.LOCKED, "the outbox " + file
            + " is in use by another process (or another Outbox in this one)");
      }
      createPrivate(file);
      Connection db = connect(file);
      try {
        prepare(db, file);
      } catch (OutboxException | RuntimeException e) {
        db.close();
        throw e;
      }
      return new OutboxStore(file, db, channel, lock);
    } catch (IOException | SQLException | OutboxException | RuntimeException e) {
      try {
        if (lock != null) {
          lock.release();
        }
        channel.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof OutboxException) {
        throw (OutboxException) e;
      }
      if (e instanceof SQLException) {
        throw sqlFailure(file, "open", (SQLException) e);
      }
      if (e instanceof IOException) {
        throw new OutboxException(OutboxException.Reason.STORAGE, "cannot open " + file + ": "
            + e.getMessage(), e);
      }
      throw (RuntimeException) e;
    }
  }

  /** A new file is readable by its owner only: it holds the vendor's signed sales. */
  private static void createPrivate(Path file) throws IOException {
    if (Files.exists(file)) {
      return;
    }
    try {
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
    } catch (FileAlreadyExistsException e) {
      // created meanwhile; opened below like any existing file
    }
  }

  private static Connection connect(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(5_000);
    return config.createConnection("jdbc:sqlite:" + file);
  }

  /** Creates the schema in an empty file; refuses a file that is not a version 1 outbox. */
  private static void prepare(Connection db, Path file) throws SQLException, OutboxException {
    int applicationId = intPragma(db, "application_id");
    int version = intPragma(db, "user_version");
    boolean empty;
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM sqlite_master")) {
      empty = r.next() && r.getLong(1) == 0;
    }
    if (applicationId == 0 && version == 0 && empty) {
      db.setAutoCommit(false);
      try (Statement s = db.createStatement()) {
        s.executeUpdate("CREATE TABLE outbox ("
            + "vendor TEXT NOT NULL, ticket TEXT NOT NULL, digest TEXT NOT NULL, "
            + "submission BLOB NOT NULL, sold_at INTEGER NOT NULL, queued_at INTEGER NOT NULL, "
            + "state TEXT NOT NULL CHECK (state IN ('PENDING', 'REGISTERED', 'REFUSED')), "
            + "attempts INTEGER NOT NULL, next_attempt INTEGER NOT NULL, last_error TEXT, "
            + "serial INTEGER, registered_at INTEGER, token BLOB, already INTEGER, "
            + "refusal TEXT, detail TEXT, PRIMARY KEY (vendor, ticket))");
        s.executeUpdate("CREATE INDEX outbox_due ON outbox (state, next_attempt)");
        s.executeUpdate("PRAGMA application_id = " + APPLICATION_ID);
        s.executeUpdate("PRAGMA user_version = " + SCHEMA_VERSION);
        db.commit();
      } catch (SQLException e) {
        db.rollback();
        throw e;
      } finally {
        db.setAutoCommit(true);
      }
      return;
    }
    if (applicationId != APPLICATION_ID) {
      throw new OutboxException(OutboxException.Reason.CORRUPT, file + " is not an ekino "
          + "outbox (another SQLite database); it is left untouched");
    }
    if (version != SCHEMA_VERSION) {
      throw new OutboxException(OutboxException.Reason.CORRUPT, file + " is an outbox of "
          + "version " + version + "; this client reads version " + SCHEMA_VERSION);
    }
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("PRAGMA quick_check")) {
      String result = r.next() ? r.getString(1) : "no answer";
      if (!"ok".equals(result)) {
        throw new OutboxException(OutboxException.Reason.CORRUPT, file + " fails SQLite's "
            + "integrity check (" + result + "); it is left untouched for recovery");
      }
    }
  }

  private static int intPragma(Connection db, String name) throws SQLException {
    try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("PRAGMA " + name)) {
      return r.next() ? r.getInt(1) : 0;
    }
  }

  static OutboxException sqlFailure(Path file, String what, SQLException e) {
    int code = e.getErrorCode();
    // SQLITE_CORRUPT (11) and SQLITE_NOTADB (26): the file is damaged or not SQLite at all.
    if (code == 11 || code == 26) {
      return new OutboxException(OutboxException.Reason.CORRUPT, "the outbox " + file
          + " is damaged or not a database (" + e.getMessage() + "); it is left untouched", e);
    }
    if (code == 5 || code == 6) { // SQLITE_BUSY, SQLITE_LOCKED
      return new OutboxException(OutboxException.Reason.LOCKED, "the outbox " + file
          + " is locked by another process", e);
    }
    return new OutboxException(OutboxException.Reason.STORAGE, "outbox " + file + ": " + what
        + " failed: " + e.getMessage(), e);
  }

  Path file() {
    return file;
  }

  synchronized @Nullable Row find(Bin vendor, TicketId ticket) throws OutboxException {
    try (PreparedStatement s = db.prepareStatement("SELECT " + COLUMNS
        + " FROM outbox WHERE vendor = ? AND ticket = ?")) {
      s.setString(1, vendor.value());
      s.setString(2, ticket.value());
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? row(r) : null;
      }
    } catch (SQLException e) {
      throw sqlFailure(file, "a read", e);
    }
  }

  /** Writes a new PENDING sale; returns once it is on disk. */
  synchronized void insert(Bin vendor, TicketId ticket, String digest, byte[] submission,
      Instant soldAt, Instant now) throws OutboxException {
    try (PreparedStatement s = db.prepareStatement("INSERT INTO outbox (vendor, ticket, "
        + "digest, submission, sold_at, queued_at, state, attempts, next_attempt) "
        + "VALUES (?, ?, ?, ?, ?, ?, 'PENDING', 0, ?)")) {
      s.setString(1, vendor.value());
      s.setString(2, ticket.value());
      s.setString(3, digest);
      s.setBytes(4, submission);
      s.setLong(5, soldAt.toEpochMilli());
      s.setLong(6, now.toEpochMilli());
      s.setLong(7, now.toEpochMilli());
      s.executeUpdate();
    } catch (SQLException e) {
      throw sqlFailure(file, "writing ticket " + ticket, e);
    }
  }

  /** PENDING → REGISTERED; false if the row was not PENDING (someone recorded it first). */
  synchronized boolean registered(Bin vendor, TicketId ticket, Registration r)
      throws OutboxException {
    try (PreparedStatement s = db.prepareStatement("UPDATE outbox SET state = 'REGISTERED', "
        + "serial = ?, registered_at = ?, token = ?, already = ?, last_error = NULL "
        + "WHERE vendor = ? AND ticket = ? AND state = 'PENDING'")) {
      s.setLong(1, r.serial());
      s.setLong(2, r.registeredAt().toEpochMilli());
      s.setBytes(3, r.token().bytes());
      s.setInt(4, r.alreadyRegistered() ? 1 : 0);
      s.setString(5, vendor.value());
      s.setString(6, ticket.value());
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw sqlFailure(file, "recording the registration of " + ticket, e);
    }
  }

  /** PENDING → REFUSED, keeping the registry's reason and detail. */
  synchronized boolean refused(Bin vendor, TicketId ticket, RegistrationException refusal)
      throws OutboxException {
    try (PreparedStatement s = db.prepareStatement("UPDATE outbox SET state = 'REFUSED', "
        + "refusal = ?, detail = ?, last_error = NULL "
        + "WHERE vendor = ? AND ticket = ? AND state = 'PENDING'")) {
      s.setString(1, refusal.refusal().name());
      s.setString(2, refusal.detail());
      s.setString(3, vendor.value());
      s.setString(4, ticket.value());
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw sqlFailure(file, "recording the refusal of " + ticket, e);
    }
  }

  /** A failed attempt: counted, the error kept, the next attempt not before {@code next}. */
  synchronized void failed(Bin vendor, TicketId ticket, String error, Instant next)
      throws OutboxException {
    try (PreparedStatement s = db.prepareStatement("UPDATE outbox SET attempts = attempts + 1, "
        + "last_error = ?, next_attempt = ? WHERE vendor = ? AND ticket = ? "
        + "AND state = 'PENDING'")) {
      s.setString(1, error.length() > 500 ? error.substring(0, 500) : error);
      s.setLong(2, next.toEpochMilli());
      s.setString(3, vendor.value());
      s.setString(4, ticket.value());
      s.executeUpdate();
    } catch (SQLException e) {
      throw sqlFailure(file, "recording a failed attempt for " + ticket, e);
    }
  }

  /** PENDING sales due by {@code now}, oldest sale first. */
  synchronized List<Row> due(Instant now, int max) throws OutboxException {
    // Damaged rows are skipped: asking for as many more keeps them from filling the batch.
    List<Row> rows = list("WHERE state = 'PENDING' AND next_attempt <= ? ORDER BY sold_at, "
        + "queued_at LIMIT ?", now.toEpochMilli(), max + damaged.size());
    return rows.size() > max ? new ArrayList<>(rows.subList(0, max)) : rows;
  }

  synchronized List<Row> inState(OutboxEntry.State state, int max) throws OutboxException {
    try (PreparedStatement s = db.prepareStatement("SELECT " + COLUMNS
        + " FROM outbox WHERE state = ? ORDER BY sold_at, queued_at LIMIT ?")) {
      s.setString(1, state.name());
      s.setInt(2, max);
      return rows(s);
    } catch (SQLException e) {
      throw sqlFailure(file, "a read", e);
    }
  }

  private List<Row> list(String where, long at, int max) throws OutboxException {
    try (PreparedStatement s = db.prepareStatement("SELECT " + COLUMNS + " FROM outbox "
        + where)) {
      s.setLong(1, at);
      s.setInt(2, max);
      return rows(s);
    } catch (SQLException e) {
      throw sqlFailure(file, "a read", e);
    }
  }

  private List<Row> rows(PreparedStatement s) throws SQLException, OutboxException {
    List<Row> rows = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        try {
          rows.add(row(r));
        } catch (OutboxException e) {
          // One damaged row must not stop the others: skipped, counted in stats(), logged once.
          if (damaged.add(r.getLong(17))) {
            LOG.log(System.Logger.Level.WARNING, "ekino outbox: skipping a damaged row: {0}",
                e.getMessage());
          }
        }
      }
    }
    return rows;
  }

  /** Counts by state, and the sale instant of the oldest PENDING sale. */
  record Counts(long pending, long registered, long refused, long damaged,
      @Nullable Instant oldestPending) {}

  synchronized Counts counts() throws OutboxException {
    long pending = 0;
    long registered = 0;
    long refused = 0;
    Instant oldest = null;
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT state, count(*), min(sold_at) FROM outbox "
            + "GROUP BY state")) {
      while (r.next()) {
        switch (state(r.getString(1))) {
          case PENDING:
            pending = r.getLong(2);
            oldest = Instant.ofEpochMilli(r.getLong(3));
            break;
          case REGISTERED:
            registered = r.getLong(2);
            break;
          default:
            refused = r.getLong(2);
            break;
        }
      }
      return new Counts(pending, registered, refused, damaged.size(), oldest);
    } catch (SQLException e) {
      throw sqlFailure(file, "counting", e);
    }
  }

  private Row row(ResultSet r) throws SQLException, OutboxException {
    try {
      Bin vendor = Bin.of(r.getString(1));
      TicketId ticket = TicketId.of(r.getString(2));
      OutboxEntry.State state = state(r.getString(7));
      Registration registration = null;
      RegistrationException refusal = null;
      if (state == OutboxEntry.State.REGISTERED) {
        registration = new Registration(r.getLong(11), Instant.ofEpochMilli(r.getLong(12)),
            TicketToken.of(nonNull(r.getBytes(13), "token")), r.getInt(14) == 1);
      } else if (state == OutboxEntry.State.REFUSED) {
        refusal = new RegistrationException(Refusal.valueOf(nonNull(r.getString(15), "refusal")),
            nonNull(r.getString(16), "detail"));
      }
      return new Row(vendor, ticket, nonNull(r.getString(3), "digest"),
          nonNull(r.getBytes(4), "submission"), Instant.ofEpochMilli(r.getLong(5)),
          Instant.ofEpochMilli(r.getLong(6)), state, r.getInt(8),
          Instant.ofEpochMilli(r.getLong(9)), r.getString(10), registration, refusal);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new OutboxException(OutboxException.Reason.CORRUPT, "the outbox " + file
          + " holds a row that does not read: " + e.getMessage(), e);
    }
  }

  private static OutboxEntry.State state(@Nullable String s) {
    return OutboxEntry.State.valueOf(nonNull(s, "state"));
  }

  private static <T> T nonNull(@Nullable T v, String what) {
    if (v == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    return v;
  }

  @Override
  public synchronized void close() throws OutboxException {
    try {
      db.close();
    } catch (SQLException e) {
      throw sqlFailure(file, "close", e);
    } finally {
      try {
        lock.release();
        lockChannel.close();
      } catch (IOException e) {
        // the lock goes with the channel, and with the process
      }
    }
  }
}
