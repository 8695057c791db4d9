package kz.ekino.registry.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kz.ekino.core.log.EntryBody;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.log.MerkleHashing;
import kz.ekino.core.log.TreeHash;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Cinema;
import kz.ekino.core.model.Film;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.RentalCertificate;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.SaleCorrection;
import kz.ekino.core.model.Schedule;
import kz.ekino.core.model.Terminal;
import kz.ekino.core.model.Seat;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.verify.RejectedException;
import org.jspecify.annotations.Nullable;

/**
 * The full audit of the log against the records, in memory that does not grow with the log.
 *
 * <p>Every stored row is a projection of a log entry, and the audit re-derives it: each
 * record's columns from its entry's body (the vendor's signed sale or refund), each admission
 * from its ADMISSION entry, the film register and the cinema directory from their FILM and
 * CINEMA entries, replayed in serial order; a row that no entry explains is found by counting.
 * The directory is held in memory while the log is read: it grows with the number of cinemas
 * and films, never with the number of sales.
 * Records are read in serial order, a chunk at a time; each is hashed to its leaf and compared
 * with the stored leaf; the tree is rebuilt on the fly with the right-edge stack of complete
 * subtrees (one hash per level, the "compact range"), and every interior node the writer
 * stored ({@code log_nodes} at levels above 0) is compared with the rebuilt one as soon as its
 * last leaf is in. The stack folds into the root at the end. So a changed record, a changed or
 * missing leaf, a changed or missing interior node and a root that does not follow from the
 * records are all caught, the first one by serial.
 *
 * <p>Memory: one chunk of records ({@value #RECORD_CHUNK} rows, about 2.5 MB) and, per level of
 * the tree, one chunk of stored nodes ({@value #NODE_CHUNK} hashes); about 10 MB at any size.
 * Each chunk is its own short statement, so PostgreSQL's driver never holds a whole result
 * and SQLite never holds one read snapshot for the whole audit.
 */
public final class LogAudit {
  static final int RECORD_CHUNK = 4096;
  static final int NODE_CHUNK = 4096;
  private static final int LEVELS = 64;

  /** What is wrong, from the record up to the root. */
  public enum Problem {
    /** A serial up to the tree size has no record. */
    MISSING_RECORD,
    /** The record cannot be a log entry (an unknown kind, an impossible instant). */
    MALFORMED_RECORD,
    /** The record does not hash to the stored leaf. */
    RECORD_NOT_LEAF,
    /** A stored node (a leaf at level 0) that the tree size implies is missing. */
    MISSING_NODE,
    /** A stored interior node differs from the hash of the records below it. */
    NODE_NOT_RECOMPUTED,
    /** The records give another root than the one the checkpoint signs. */
    ROOT_MISMATCH,
    /** A stored column differs from what the column's log entry says. */
    COLUMN_MISMATCH,
    /** An entry's projected row (an admission, a film, a cinema, a hall) is missing. */
    MISSING_ROW,
    /** A stored row that no log entry explains (an admission, a film, a cinema, a hall). */
    ROW_WITHOUT_ENTRY
  }

  /**
   * The first problem found. {@code serial} is the record concerned: for a node, the last
   * record below it (the one whose arrival completed it); {@code level} and {@code index} name
   * the node ({@code -1} when no node is concerned).
   */
  public record Finding(Problem problem, long serial, int level, long index, String message) {}

  private final Connection c;
  private final long size;
  private final int recordChunk;
  private final int nodeChunk;
  private final @Nullable Level[] levels = new Level[LEVELS];
  /** The root of the complete subtree waiting for its right sibling, per level. */
  private final @Nullable TreeHash[] rightEdge = new TreeHash[LEVELS];
  /** The film register and the cinema directory as replayed so far, with their entries. */
  private final Map<String, Film> register = new HashMap<>();
  private final Map<String, Long> filmEntries = new HashMap<>();
  private final Map<Bin, Cinema> cinemas = new HashMap<>();
  private final Map<Bin, Long> cinemaEntries = new HashMap<>();
  private long admissions;
  /** The kinds log_entries may hold; the others are records rows. */
  private static final java.util.Set<LogEntry.Kind> REGISTRY_KINDS = java.util.EnumSet.of(
      LogEntry.Kind.ADMISSION, LogEntry.Kind.FILM, LogEntry.Kind.CINEMA,
      LogEntry.Kind.TRUST_LIST, LogEntry.Kind.SCHEDULE, LogEntry.Kind.TERMINAL);
  /** The terminals as replayed so far, with their entries. */
  private final Map<Records.TerminalKey, Terminal> terminals = new HashMap<>();
  private final Map<Records.TerminalKey, Long> terminalEntries = new HashMap<>();
  /** Sales whose price a correction set, with the newest correction's price. */
  private final Map<Long, Long> corrected = new HashMap<>();
  private long declared;
  private long cancelled;
  private long closedDays;
  /** For the check of the newest entries: their sales, screenings declared and cancelled. */
  private final List<Long> newestSales = new ArrayList<>();
  private final java.util.Set<List<String>> newestDeclared = new java.util.HashSet<>();
  private final java.util.Set<List<String>> newestCancelled = new java.util.HashSet<>();

  /** Checking the newest entries only: the register as it was is not known. */
  private boolean partial;
  /** Whether the rows the entries project to are checked, or the tree alone. */
  private boolean projection = true;

  private LogAudit(Connection c, long size, int recordChunk, int nodeChunk) {
    this.c = c;
    this.size = size;
    this.recordChunk = recordChunk;
    this.nodeChunk = nodeChunk;
  }

  /**
   * Audits the first {@code size} records against the stored tree and {@code root}.
   *
   * @throws IllegalArgumentException if {@code size} is negative
   */
  public static Optional<Finding> audit(Connection c, long size, TreeHash root)
      throws SQLException {
    return audit(c, size, root, RECORD_CHUNK, NODE_CHUNK, true);
  }

  /**
   * The tree alone (records to leaves to nodes to root), with other chunk sizes, so that
   * tests cross chunk boundaries on small synthetic logs whose bodies are not real sales.
   */
  static Optional<Finding> audit(Connection c, long size, TreeHash root, int recordChunk,
      int nodeChunk) throws SQLException {
    return audit(c, size, root, recordChunk, nodeChunk, false);
  }

  private static Optional<Finding> audit(Connection c, long size, TreeHash root,
      int recordChunk, int nodeChunk, boolean projection) throws SQLException {
    if (size < 0) {
      throw new IllegalArgumentException("tree size must not be negative: " + size);
    }
    LogAudit audit = new LogAudit(c, size, recordChunk, nodeChunk);
    audit.projection = projection;
    try {
      Optional<Finding> problem = audit.leaves();
      if (problem.isPresent()) {
        return problem;
      }
      problem = projection ? audit.directory() : Optional.empty();
      if (problem.isPresent()) {
        return problem;
      }
      TreeHash computed = audit.root();
      return computed.equals(root) ? Optional.empty()
          : Optional.of(new Finding(Problem.ROOT_MISMATCH, size, -1, -1, "the records give root "
              + computed.toBase64() + ", the checkpoint says " + root.toBase64()));
    } finally {
      audit.close();
    }
  }

  /** Every column of the records table, in the order {@link #recordColumns} names them. */
  static final List<String> RECORD_COLUMNS = List.of("vendor_bin", "ticket_id",
      "content_digest", "signer_kid", "cinema_bin", "screening_id", "hall", "film",
      "screening_start", "screening_day", "language", "format", "seat_row", "seat_number",
      "price_tiyn", "sold_at", "channel", "specimen", "late", "film_check", "refund_of",
      "refunded_at", "refund_tiyn", "refund_reason", "corrects");

  /**
   * The cheap check at open: the newest {@code n} entries hash to their stored leaves and
   * their rows hold what the entries say (all but the film check, which needs the register
   * as it was; the full audit checks it).
   */
  public static Optional<Finding> newest(Connection c, long size, int n) throws SQLException {
    LogAudit audit = new LogAudit(c, size, n, 1);
    audit.partial = true;
    long from = Math.max(1, size - n + 1);
    for (Row row : audit.chunk(from, size + 1)) {
      LogEntry entry;
      try {
        if (row.malformed() != null) {
          throw new IllegalArgumentException(row.malformed());
        }
        entry = Records.entry(row.serial(), row.registeredAt(), row.kind(), row.body(),
            row.correctionReason());
        if (row.record() != isRecordKind(row.kind())
            || (!row.record() && !REGISTRY_KINDS.contains(entry.kind()))) {
          throw new IllegalArgumentException("a " + entry.kind() + " kept in the wrong table");
        }
      } catch (IllegalArgumentException e) {
        return Optional.of(new Finding(Problem.MALFORMED_RECORD, row.serial(), -1, -1,
            "record " + row.serial() + " is not a log entry: " + e.getMessage()));
      }
      TreeHash leaf = new JdbcNodeStore(c).get(0, row.serial() - 1);
      if (leaf == null || !entry.leafHash().equals(leaf)) {
        return Optional.of(new Finding(Problem.RECORD_NOT_LEAF, row.serial(), 0,
            row.serial() - 1, "record " + row.serial() + " does not hash to its log leaf"));
      }
      Optional<Finding> problem = audit.project(entry, row);
      if (problem.isPresent()) {
        return problem;
      }
    }
    return audit.newestProjections();
  }

  /**
   * What the newest entries decide beyond their own rows: a sale's corrected price (its
   * newest correction, or none), a declared screening not cancelled since, and a terminal's
   * row. Whatever could change these later is among the newest too, having a later serial.
   */
  private Optional<Finding> newestProjections() throws SQLException {
    java.util.Set<Long> sales = new java.util.TreeSet<>(newestSales);
    sales.addAll(corrected.keySet());
    for (long sale : sales) {
      Object stored;
      try (PreparedStatement st = BoundSql.of("audit: a sale's corrected price", "SELECT "
          + "corrected_tiyn FROM records WHERE serial = ?", sale).prepare(c);
          ResultSet rs = st.executeQuery()) {
        stored = rs.next() ? normalise(rs.getObject(1)) : null;
      }
      if (!java.util.Objects.equals(stored, corrected.get(sale))) {
        return Optional.of(new Finding(Problem.COLUMN_MISMATCH, sale, -1, -1, "sale " + sale
            + " column corrected_tiyn: stored " + stored + ", its newest correction says "
            + corrected.get(sale)));
      }
    }
    for (List<String> key : newestDeclared) {
      if (newestCancelled.contains(key)) {
        continue;
      }
      long marked = count(BoundSql.of("audit: a screening not cancelled", "SELECT COUNT(*) "
          + "FROM screenings WHERE cinema_bin = ? AND screening_id = ? AND (cancelled_serial "
          + "IS NOT NULL OR cancelled_at IS NOT NULL)", key.get(0), key.get(1)));
      if (marked > 0) {
        return Optional.of(new Finding(Problem.ROW_WITHOUT_ENTRY, 0, -1, -1, "screening "
            + key.get(1) + " of cinema " + key.get(0) + " is marked cancelled, but no entry "
            + "cancelled it"));
      }
    }
    Map<Records.TerminalKey, Terminal> stored = new Records(c).loadTerminals();
    for (Map.Entry<Records.TerminalKey, Long> e : terminalEntries.entrySet()) {
      long rowEntry = count(BoundSql.of("audit: a terminal's entry", "SELECT COALESCE(MAX("
          + "entry_serial), 0) FROM terminals WHERE vendor_bin = ? AND terminal_id = ?",
          e.getKey().vendor().value(), e.getKey().id().value()));
      if (rowEntry != e.getValue()
          || !java.util.Objects.equals(stored.get(e.getKey()), terminals.get(e.getKey()))) {
        return Optional.of(new Finding(Problem.COLUMN_MISMATCH, e.getValue(), -1, -1,
            "terminal " + e.getKey().id() + " of vendor " + e.getKey().vendor() + " differs "
            + "from its log entry " + e.getValue() + ": stored " + stored.get(e.getKey())));
      }
    }
    return Optional.empty();
  }

  private static boolean isRecordKind(int kind) {
    return kind == Records.SALE || kind == Records.REFUND || kind == Records.SALE_CORRECTION;
  }

  static BoundSql recordsSql(long fromSerial, long toSerial) {
    return BoundSql.of("audit: records by serial", "SELECT serial, registered_at, kind,"
        + " submission, correction_reason, " + String.join(", ", RECORD_COLUMNS)
        + " FROM records WHERE serial >= ? AND serial < ? ORDER BY serial",
        fromSerial, toSerial);
  }

  static BoundSql entriesSql(long fromSerial, long toSerial) {
    return BoundSql.of("audit: the registry's entries by serial", "SELECT serial,"
        + " registered_at, kind, body FROM log_entries WHERE serial >= ? AND serial < ?"
        + " ORDER BY serial", fromSerial, toSerial);
  }

  static BoundSql nodesSql(int level, long fromIndex, long toIndex) {
    return BoundSql.of("audit: stored nodes of a level", "SELECT idx, hash FROM log_nodes"
        + " WHERE level = ? AND idx >= ? AND idx < ? ORDER BY idx", (long) level, fromIndex,
        toIndex);
  }

  /** One stored row that stands for a log entry, with what its projection must hold. */
  @SuppressWarnings("ArrayRecordComponent") // read once from a row, never compared
  private record Row(long serial, long registeredAt, int kind, byte[] body,
      @Nullable String correctionReason, @Nullable List<@Nullable Object> columns,
      boolean record, @Nullable String malformed) {}

  private Optional<Finding> leaves() throws SQLException {
    long expected = 1;
    while (expected <= size) {
      long to = Math.min(size + 1, expected + recordChunk);
      List<Row> rows = chunk(expected, to);
      for (Row row : rows) {
        if (row.serial() != expected) {
          return Optional.of(new Finding(Problem.MISSING_RECORD, expected, -1, -1,
              row.serial() < expected ? "serial " + row.serial() + " is stored twice"
                  : "record " + expected + " is missing"));
        }
        LogEntry entry;
        try {
          if (row.malformed() != null) {
            throw new IllegalArgumentException(row.malformed());
          }
          entry = Records.entry(row.serial(), row.registeredAt(), row.kind(), row.body(),
              row.correctionReason());
          if (!row.record() && !REGISTRY_KINDS.contains(entry.kind())) {
            throw new IllegalArgumentException("a " + entry.kind() + " kept among the "
                + "registry's own entries");
          }
          if (row.record() && !isRecordKind(row.kind())) {
            throw new IllegalArgumentException("a record of kind " + row.kind());
          }
        } catch (IllegalArgumentException e) {
          return Optional.of(new Finding(Problem.MALFORMED_RECORD, row.serial(), -1, -1,
              "record " + row.serial() + " is not a log entry: " + e.getMessage()));
        }
        Optional<Finding> problem = leaf(entry);
        if (problem.isEmpty() && projection) {
          problem = project(entry, row);
        }
        if (problem.isPresent()) {
          return problem;
        }
        expected++;
      }
      if (expected < to) {
        boolean later = !chunk(expected, size + 1).isEmpty();
        return Optional.of(new Finding(Problem.MISSING_RECORD, expected, -1, -1, later
            ? "record " + expected + " is missing"
            : "the log has " + size + " leaves but " + (expected - 1) + " records"));
      }
    }
    return Optional.empty();
  }

  /** The rows of serials [from, to) from both tables, in serial order. */
  private List<Row> chunk(long from, long to) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement s = recordsSql(from, to).prepare(c);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        List<@Nullable Object> columns = new ArrayList<>(RECORD_COLUMNS.size());
        for (int i = 0; i < RECORD_COLUMNS.size(); i++) {
          columns.add(normalise(rs.getObject(6 + i)));
        }
        rows.add(new Row(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getBytes(4),
            rs.getString(5), columns, true, notIntegers(rs)));
      }
    }
    try (PreparedStatement s = entriesSql(from, to).prepare(c);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        rows.add(new Row(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getBytes(4), null,
            null, false, notIntegers(rs)));
      }
    }
    rows.sort(java.util.Comparator.comparingLong(Row::serial));
    return rows;
  }

  /**
   * Integers as Long, whatever width the database chose; text as is; NULL as null. Anything
   * else (SQLite keeps 0.5 in an INTEGER column) stays what it is, so that it equals no value
   * an entry gives.
   */
  private static @Nullable Object normalise(@Nullable Object value) {
    if (value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    return value;
  }

  /** The serial, time or kind column holding something other than an integer, named. */
  private static @Nullable String notIntegers(ResultSet rs) throws SQLException {
    String[] names = {"serial", "registered_at", "kind"};
    for (int i = 0; i < names.length; i++) {
      if (!(normalise(rs.getObject(i + 1)) instanceof Long)) {
        return "column " + names[i] + " holds " + rs.getObject(i + 1) + ", not an integer";
      }
    }
    return null;
  }

  /** The columns a record's entry says it must hold, in {@link #RECORD_COLUMNS} order. */
  private List<@Nullable Object> recordColumns(LogEntry entry) {
    @Nullable Object[] v = new Object[RECORD_COLUMNS.size()];
    try {
      if (entry.kind() == LogEntry.Kind.SALE) {
        Submissions.Stored<Sale> stored = Submissions.readSale(entry.submission());
        Sale sale = stored.content();
        v[0] = sale.vendor().value();
        v[1] = sale.ticketId().value();
        v[2] = stored.contentDigest();
        v[3] = stored.signer().toHex();
        v[4] = sale.cinema().value();
        v[5] = sale.screening().id().value();
        v[6] = sale.screening().hall().value();
        v[7] = sale.screening().film().certificate().value();
        v[8] = sale.screening().start().getEpochSecond();
        v[9] = LocalDate.ofInstant(sale.screening().start(), Records.KAZAKHSTAN).toString();
        v[10] = sale.screening().language().code();
        v[11] = sale.screening().format().label();
        if (sale.seat() instanceof Seat.Assigned a) {
          v[12] = (long) a.row();
          v[13] = (long) a.number();
        }
        v[14] = sale.priceTiyn();
        v[15] = sale.soldAt().getEpochSecond();
        v[16] = SqlCodes.channel(sale.channel());
        v[17] = sale.specimen() ? 1L : 0L;
        v[18] = Records.late(entry.registeredAt(), sale) ? 1L : 0L;
        v[19] = (long) Records.filmCheck(sale,
            register.get(sale.screening().film().certificate().value()));
      } else if (correction(entry) != null) {
        Submissions.Stored<SaleCorrection> stored = java.util.Objects.requireNonNull(
            correction(entry));
        SaleCorrection c = stored.content();
        v[0] = c.vendor().value();
        v[1] = c.ticketId().value();
        v[2] = stored.contentDigest();
        v[3] = stored.signer().toHex();
        v[14] = c.priceTiyn();
        v[23] = c.reason();
        v[24] = c.saleSerial();
      } else {
        Submissions.Stored<Refund> stored = Submissions.readRefund(submitted(entry));
        Refund refund = stored.content();
        v[0] = refund.vendor().value();
        v[1] = refund.ticketId().value();
        v[2] = stored.contentDigest();
        v[3] = stored.signer().toHex();
        v[20] = refund.saleSerial();
        v[21] = refund.refundedAt().getEpochSecond();
        v[22] = refund.amountTiyn();
        v[23] = refund.reason();
      }
    } catch (RejectedException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return Arrays.asList(v);
  }

  /** The vendor's submission an entry carries: its body, or inside a CORRECTION. */
  private static byte[] submitted(LogEntry entry) {
    return entry.kind() == LogEntry.Kind.CORRECTION
        ? ((EntryBody.Correction) EntryBody.decode(entry.kind(), entry.submission()))
            .submission()
        : entry.submission();
  }

  /**
   * The sale correction an entry carries (a SALE_CORRECTION, or a CORRECTION around one), or
   * null when it carries a refund.
   */
  private static Submissions.@Nullable Stored<SaleCorrection> correction(LogEntry entry)
      throws RejectedException {
    if (entry.kind() == LogEntry.Kind.SALE_CORRECTION) {
      return Submissions.readCorrection(entry.submission());
    }
    if (entry.kind() != LogEntry.Kind.CORRECTION) {
      return null;
    }
    byte[] inside = submitted(entry);
    try {
      Submissions.readRefund(inside);
      return null;
    } catch (RejectedException notARefund) {
      return Submissions.readCorrection(inside);
    }
  }

  /** Checks the rows an entry projects to; for the directory, replays it. */
  private Optional<Finding> project(LogEntry entry, Row row) throws SQLException {
    long serial = entry.serial();
    if (row.record()) {
      List<@Nullable Object> expected;
      try {
        expected = recordColumns(entry);
      } catch (IllegalArgumentException e) {
        return Optional.of(new Finding(Problem.MALFORMED_RECORD, serial, -1, -1, "record "
            + serial + " holds no readable " + entry.kind() + ": " + e.getMessage()));
      }
      List<@Nullable Object> stored = java.util.Objects.requireNonNull(row.columns());
      // The row's kind is not in the leaf for a CORRECTION: a refund row turned into a
      // correction row (or back) would hash the same, so it is checked here.
      int kind = entry.kind() == LogEntry.Kind.SALE ? Records.SALE
          : expected.get(24) != null ? Records.SALE_CORRECTION : Records.REFUND;
      if (row.kind() != kind) {
        return Optional.of(new Finding(Problem.COLUMN_MISMATCH, serial, -1, -1, "record "
            + serial + " column kind: stored " + row.kind() + ", its log entry says " + kind));
      }
      if (kind == Records.SALE_CORRECTION) {
        corrected.put((Long) expected.get(24), (Long) expected.get(14));
      } else if (kind == Records.SALE && partial) {
        newestSales.add(serial);
      }
      for (int i = 0; i < expected.size(); i++) {
        if (partial && RECORD_COLUMNS.get(i).equals("film_check")) {
          continue;
        }
        if (!java.util.Objects.equals(expected.get(i), stored.get(i))) {
          return Optional.of(new Finding(Problem.COLUMN_MISMATCH, serial, -1, -1, "record "
              + serial + " column " + RECORD_COLUMNS.get(i) + ": stored " + stored.get(i)
              + ", its log entry says " + expected.get(i)));
        }
      }
      return Optional.empty();
    }
    if (entry.kind() == LogEntry.Kind.SCHEDULE) {
      return schedule(entry);
    }
    EntryBody body;
    try {
      body = EntryBody.decode(entry.kind(), entry.submission());
    } catch (IllegalArgumentException e) {
      return Optional.of(new Finding(Problem.MALFORMED_RECORD, serial, -1, -1, "entry "
          + serial + " is not a " + entry.kind() + ": " + e.getMessage()));
    }
    if (body instanceof EntryBody.Admission a) {
      admissions++;
      return admission(serial, entry.registeredAt().getEpochSecond(), a);
    }
    if (body instanceof EntryBody.FilmEntry f) {
      register.put(f.film().certificate().value(), f.film());
      filmEntries.put(f.film().certificate().value(), serial);
    } else if (body instanceof EntryBody.CinemaEntry ce) {
      cinemas.put(ce.cinema().bin(), ce.cinema());
      cinemaEntries.put(ce.cinema().bin(), serial);
    } else if (body instanceof EntryBody.TerminalEntry te) {
      Records.TerminalKey key = new Records.TerminalKey(te.terminal().vendor(),
          te.terminal().id());
      terminals.put(key, te.terminal());
      terminalEntries.put(key, serial);
    }
    return Optional.empty();
  }

  /**
   * A SCHEDULE entry: its screening's row (declared by it, or cancelled by it), or its day
   * without screenings, holds what the vendor signed. Counted, so that rows no entry
   * explains are found at the end.
   */
  private Optional<Finding> schedule(LogEntry entry) throws SQLException {
    long serial = entry.serial();
    Schedule s;
    String digest;
    try {
      Submissions.Stored<Schedule> stored = Submissions.readSchedule(entry.submission());
      s = stored.content();
      digest = stored.contentDigest();
    } catch (RejectedException e) {
      return Optional.of(new Finding(Problem.MALFORMED_RECORD, serial, -1, -1, "entry "
          + serial + " is not a SCHEDULE: " + e.getMessage()));
    }
    List<String> names;
    List<@Nullable Object> expected;
    BoundSql sql;
    if (s instanceof Schedule.NoScreenings n) {
      closedDays++;
      names = List.of("entry_serial");
      expected = List.of(serial);
      sql = BoundSql.of("audit: a day without screenings", "SELECT entry_serial FROM "
          + "closed_days WHERE cinema_bin = ? AND day = ?", n.cinema().value(),
          n.day().toString());
    } else if (s instanceof Schedule.Cancel c) {
      cancelled++;
      newestCancelled.add(List.of(c.cinema().value(), c.screening().value()));
      names = List.of("cancelled_serial", "cancelled_at");
      expected = List.of(serial, entry.registeredAt().getEpochSecond());
      sql = BoundSql.of("audit: a screening cancelled", "SELECT cancelled_serial, cancelled_at"
          + " FROM screenings WHERE cinema_bin = ? AND screening_id = ?", c.cinema().value(),
          c.screening().value());
    } else {
      Schedule.Declare d = (Schedule.Declare) s;
      declared++;
      newestDeclared.add(List.of(d.cinema().value(), d.screening().id().value()));
      names = List.of("declared_serial", "content_digest", "hall", "film", "screening_start",
          "language", "format");
      expected = List.of(serial, digest, d.screening().hall().value(),
          d.screening().film().certificate().value(), d.screening().start().getEpochSecond(),
          d.screening().language().code(), d.screening().format().label());
      sql = BoundSql.of("audit: a screening declared", "SELECT declared_serial, "
          + "content_digest, hall, film, screening_start, language, format FROM screenings "
          + "WHERE cinema_bin = ? AND screening_id = ?", d.cinema().value(),
          d.screening().id().value());
    }
    try (PreparedStatement st = sql.prepare(c); ResultSet rs = st.executeQuery()) {
      if (!rs.next()) {
        return Optional.of(new Finding(Problem.MISSING_ROW, serial, -1, -1, "schedule entry "
            + serial + " has no row"));
      }
      for (int i = 0; i < names.size(); i++) {
        Object stored = normalise(rs.getObject(i + 1));
        if (!java.util.Objects.equals(expected.get(i), stored)) {
          return Optional.of(new Finding(Problem.COLUMN_MISMATCH, serial, -1, -1, "schedule "
              + "entry " + serial + " column " + names.get(i) + ": stored " + stored
              + ", the entry says " + expected.get(i)));
        }
      }
    }
    return Optional.empty();
  }

  private Optional<Finding> admission(long serial, long at, EntryBody.Admission a)
      throws SQLException {
    try (PreparedStatement s = BoundSql.of("audit: the admission of a sale", "SELECT"
        + " admitted_at, gate_cinema, gate_id, entry_serial FROM admissions WHERE serial = ?",
        a.saleSerial()).prepare(c); ResultSet rs = s.executeQuery()) {
      if (!rs.next()) {
        return Optional.of(new Finding(Problem.MISSING_ROW, serial, -1, -1, "admission entry "
            + serial + " admitted sale " + a.saleSerial() + ", but the admissions table has "
            + "no row for it"));
      }
      List<@Nullable Object> stored = Arrays.asList(normalise(rs.getObject(1)),
          rs.getString(2), rs.getString(3), normalise(rs.getObject(4)));
      List<Object> expected = List.of(at, a.gate().cinema().value(), a.gate().id(), serial);
      List<String> names = List.of("admitted_at", "gate_cinema", "gate_id", "entry_serial");
      for (int i = 0; i < names.size(); i++) {
        if (!java.util.Objects.equals(expected.get(i), stored.get(i))) {
          return Optional.of(new Finding(Problem.COLUMN_MISMATCH, serial, -1, -1, "admission "
              + "of sale " + a.saleSerial() + " column " + names.get(i) + ": stored "
              + stored.get(i) + ", log entry " + serial + " says " + expected.get(i)));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * After the last entry: the admissions, films and cinemas tables hold exactly what the
   * entries replayed, no row more.
   */
  private Optional<Finding> directory() throws SQLException {
    for (String table : List.of("records", "log_entries")) {
      long outside = first("SELECT serial FROM " + table + " WHERE serial < 1 OR serial > "
          + size + " OR serial <> ROUND(serial)");
      if (outside != 0 || count("SELECT COUNT(*) FROM " + table + " WHERE serial < 1") > 0) {
        return Optional.of(new Finding(Problem.ROW_WITHOUT_ENTRY, outside, -1, -1, "the "
            + table + " table holds serial " + outside + ", outside the log's 1 to " + size));
      }
    }
    // Flags and counts read as integers elsewhere: only the values an entry can give.
    String[][] raw = {
        {"films", "certificate", "national NOT IN (0, 1)"},
        {"halls", "cinema_bin", "capacity <> ROUND(capacity)"},
        {"admissions", "serial", "admitted_at <> ROUND(admitted_at)"}};
    for (String[] r : raw) {
      try (PreparedStatement s = c.prepareStatement("SELECT " + r[1] + " FROM " + r[0]
          + " WHERE " + r[2])) {
        s.setMaxRows(1);
        try (ResultSet rs = s.executeQuery()) {
          if (rs.next()) {
            return Optional.of(new Finding(Problem.COLUMN_MISMATCH, 0, -1, -1, "the " + r[0]
                + " row " + r[1] + " = " + rs.getString(1) + " holds a value no entry gives ("
                + r[2] + ")"));
          }
        }
      }
    }
    long storedAdmissions = count("SELECT COUNT(*) FROM admissions");
    if (storedAdmissions != admissions) {
      long sale = first("SELECT serial FROM admissions a WHERE entry_serial IS NULL OR NOT "
          + "EXISTS (SELECT 1 FROM log_entries e WHERE e.serial = a.entry_serial AND e.kind = "
          + LogEntry.Kind.ADMISSION.code() + ") ORDER BY serial");
      return Optional.of(new Finding(Problem.ROW_WITHOUT_ENTRY, sale, -1, -1, "the admissions "
          + "table holds " + storedAdmissions + " rows, the log " + admissions + " admissions"
          + (sale > 0 ? "; the admission of sale " + sale + " has no entry" : "")));
    }
    Records records = new Records(c);
    Map<RentalCertificate, Film> films = records.loadFilms();
    for (Map.Entry<String, Film> e : register.entrySet()) {
      Film stored = films.get(RentalCertificate.of(e.getKey()));
      long entry = filmEntries.getOrDefault(e.getKey(), 0L);
      if (stored == null) {
        return Optional.of(new Finding(Problem.MISSING_ROW, entry, -1, -1, "film " + e.getKey()
            + " of entry " + entry + " is missing from the films table"));
      }
      if (!stored.equals(e.getValue())) {
        return Optional.of(new Finding(Problem.COLUMN_MISMATCH, entry, -1, -1, "film "
            + e.getKey() + " differs from its log entry " + entry + ": stored " + stored
            + ", the log says " + e.getValue()));
      }
    }
    Optional<Finding> extra = extraRows("films", "certificate", filmEntries.size(),
        "SELECT certificate, entry_serial FROM films ORDER BY certificate", filmEntries);
    if (extra.isPresent()) {
      return extra;
    }
    long genres = register.values().stream().mapToLong(f -> f.genres().size()).sum();
    long countries = register.values().stream().mapToLong(f -> f.countries().size()).sum();
    if (count("SELECT COUNT(*) FROM film_genres") != genres
        || count("SELECT COUNT(*) FROM film_countries") != countries) {
      return Optional.of(new Finding(Problem.ROW_WITHOUT_ENTRY, 0, -1, -1, "the film_genres "
          + "or film_countries table holds rows of films the register does not have"));
    }
    Map<Bin, Cinema> storedCinemas = records.loadCinemas();
    for (Map.Entry<Bin, Cinema> e : cinemas.entrySet()) {
      Cinema stored = storedCinemas.get(e.getKey());
      long entry = cinemaEntries.getOrDefault(e.getKey(), 0L);
      if (stored == null) {
        return Optional.of(new Finding(Problem.MISSING_ROW, entry, -1, -1, "cinema "
            + e.getKey() + " of entry " + entry + " is missing from the cinemas table"));
      }
      if (!new EntryBody.CinemaEntry(stored).equals(new EntryBody.CinemaEntry(e.getValue()))) {
        return Optional.of(new Finding(Problem.COLUMN_MISMATCH, entry, -1, -1, "cinema "
            + e.getKey() + " differs from its log entry " + entry + ": stored " + stored
            + ", the log says " + e.getValue()));
      }
    }
    Map<String, Long> byBin = new HashMap<>();
    cinemaEntries.forEach((bin, entry) -> byBin.put(bin.value(), entry));
    extra = extraRows("cinemas", "bin", cinemaEntries.size(),
        "SELECT bin, entry_serial FROM cinemas ORDER BY bin", byBin);
    if (extra.isPresent()) {
      return extra;
    }
    long region = first("SELECT 1 FROM cinemas WHERE region <> SUBSTR(kato, 1, 2)");
    if (region > 0) {
      return Optional.of(new Finding(Problem.COLUMN_MISMATCH, 0, -1, -1, "a cinema's region "
          + "column disagrees with its KATO code"));
    }
    Optional<Finding> more = scheduleAndTerminals(records);
    if (more.isPresent()) {
      return more;
    }
    long halls = cinemas.values().stream().mapToLong(ci -> ci.halls().size()).sum();
    if (count("SELECT COUNT(*) FROM halls") != halls) {
      return Optional.of(new Finding(Problem.ROW_WITHOUT_ENTRY, 0, -1, -1, "the halls table "
          + "holds halls that no cinema entry has"));
    }
    return Optional.empty();
  }

  /**
   * After the last entry: screenings, days without screenings and terminals hold exactly what
   * the entries gave, and every corrected price is its newest correction's.
   */
  private Optional<Finding> scheduleAndTerminals(Records records) throws SQLException {
    long[][] counts = {
        {count("SELECT COUNT(*) FROM screenings"), declared},
        {count("SELECT COUNT(*) FROM screenings WHERE cancelled_serial IS NOT NULL"
            + " OR cancelled_at IS NOT NULL"), cancelled},
        {count("SELECT COUNT(*) FROM closed_days"), closedDays}};
    String[] what = {"declared screenings", "cancelled screenings", "days without screenings"};
    for (int i = 0; i < counts.length; i++) {
      if (counts[i][0] != counts[i][1]) {
        return Optional.of(new Finding(Problem.ROW_WITHOUT_ENTRY, 0, -1, -1, "the tables hold "
            + counts[i][0] + " " + what[i] + ", the log " + counts[i][1]));
      }
    }
    Map<Records.TerminalKey, Terminal> stored = records.loadTerminals();
    if (!stored.equals(terminals)) {
      Records.TerminalKey first = terminals.keySet().stream()
          .filter(k -> !java.util.Objects.equals(stored.get(k), terminals.get(k))).findFirst()
          .orElse(stored.keySet().stream().filter(k -> !terminals.containsKey(k)).findFirst()
              .orElse(null));
      return Optional.of(new Finding(Problem.COLUMN_MISMATCH, 0, -1, -1, "the terminals table "
          + "is not what the log's TERMINAL entries give"
          + (first == null ? "" : ": terminal " + first.id() + " of vendor " + first.vendor()
              + " is stored as " + stored.get(first) + ", the log says "
              + terminals.get(first))));
    }
    Map<String, Long> byKey = new HashMap<>();
    terminalEntries.forEach((k, e) -> byKey.put(k.vendor().value() + "/" + k.id().value(), e));
    Optional<Finding> extra = extraRows("terminals", "vendor/terminal", terminalEntries.size(),
        "SELECT vendor_bin || '/' || terminal_id, entry_serial FROM terminals", byKey);
    if (extra.isPresent()) {
      return extra;
    }
    Map<Long, Long> prices = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement("SELECT serial, corrected_tiyn FROM records"
        + " WHERE corrected_tiyn IS NOT NULL"); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        Object price = normalise(rs.getObject(2));
        prices.put(rs.getLong(1), price instanceof Long l ? l : Long.MIN_VALUE);
      }
    }
    if (!prices.equals(corrected)) {
      long serial = prices.keySet().stream()
          .filter(k -> !java.util.Objects.equals(prices.get(k), corrected.get(k)))
          .findFirst().orElseGet(() -> corrected.keySet().stream().filter(
              k -> !prices.containsKey(k)).findFirst().orElse(0L));
      return Optional.of(new Finding(Problem.COLUMN_MISMATCH, serial, -1, -1, "record " + serial
          + " column corrected_tiyn: stored " + prices.get(serial) + ", its newest correction "
          + "says " + corrected.get(serial)));
    }
    return Optional.empty();
  }

  /** A row of {@code table} whose key no entry has, or whose entry is another. */
  private Optional<Finding> extraRows(String table, String key, int entries, String sql,
      Map<String, Long> byKey) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
      int rows = 0;
      while (rs.next()) {
        rows++;
        Long entry = byKey.get(rs.getString(1));
        long stored = rs.getLong(2);
        if (entry == null || rs.wasNull() || entry != stored) {
          return Optional.of(new Finding(Problem.ROW_WITHOUT_ENTRY, stored, -1, -1, "the "
              + table + " row " + key + " = " + rs.getString(1) + " is not what the log's "
              + "entries give" + (entry == null ? " (no entry has it)" : " (its entry is "
              + entry + ")")));
        }
      }
      if (rows != entries) {
        return Optional.of(new Finding(Problem.MISSING_ROW, 0, -1, -1, "the " + table
            + " table holds " + rows + " rows, the log " + entries));
      }
    }
    return Optional.empty();
  }

  private long count(BoundSql sql) throws SQLException {
    try (PreparedStatement s = sql.prepare(c); ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private long count(String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The first column of the first row, or 0 when there is none. */
  private long first(String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setMaxRows(1);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /** Hashes entry {@code serial}, checks its leaf and every node its leaf completes. */
  private Optional<Finding> leaf(LogEntry entry) throws SQLException {
    long serial = entry.serial();
    TreeHash hash = entry.leafHash();
    long index = serial - 1;
    TreeHash stored = node(0, index);
    if (stored == null) {
      return Optional.of(new Finding(Problem.MISSING_NODE, serial, 0, index,
          "log leaf " + index + " is missing"));
    }
    if (!stored.equals(hash)) {
      return Optional.of(new Finding(Problem.RECORD_NOT_LEAF, serial, 0, index,
          "record " + serial + " does not hash to its log leaf"));
    }
    TreeHash node = hash;
    int level = 0;
    // Each time this leaf completes a left sibling's subtree, the parent is complete too.
    while ((index & 1) == 1) {
      node = MerkleHashing.nodeHash(leftSibling(level), node);
      rightEdge[level] = null;
      index >>= 1;
      level++;
      stored = node(level, index);
      long first = (index << level) + 1;
      if (stored == null) {
        return Optional.of(new Finding(Problem.MISSING_NODE, serial, level, index, "log node "
            + level + "/" + index + " (records " + first + " to " + serial + ") is missing"));
      }
      if (!stored.equals(node)) {
        return Optional.of(new Finding(Problem.NODE_NOT_RECOMPUTED, serial, level, index,
            "log node " + level + "/" + index + " does not match records " + first + " to "
                + serial + ", which hash to their leaves"));
      }
    }
    rightEdge[level] = node;
    return Optional.empty();
  }

  private TreeHash leftSibling(int level) {
    TreeHash left = rightEdge[level];
    if (left == null) {
      throw new IllegalStateException("no left subtree at level " + level); // cannot happen
    }
    return left;
  }

  /** The complete subtrees on the right edge, folded right to left: RFC 9162 MTH. */
  private TreeHash root() {
    @Nullable TreeHash root = null;
    for (@Nullable TreeHash h : rightEdge) {
      if (h != null) {
        root = root == null ? h : MerkleHashing.nodeHash(h, root);
      }
    }
    return root == null ? MerkleHashing.EMPTY_ROOT : root;
  }

  private @Nullable TreeHash node(int level, long index) throws SQLException {
    Level l = levels[level];
    if (l == null) {
      l = new Level(level);
      levels[level] = l;
    }
    return l.get(index);
  }

  private void close() {
    Arrays.fill(levels, null);
  }

  /** The stored nodes of one level, read forwards a chunk at a time. */
  private final class Level {
    private final int level;
    private final @Nullable TreeHash[] chunk;
    private long from = 0;
    private long to = 0;

    Level(int level) {
      this.level = level;
      // The complete nodes of this level: no chunk is larger than the level.
      this.chunk = new TreeHash[(int) Math.min(nodeChunk, Math.max(1, size >> level))];
    }

    @Nullable TreeHash get(long index) throws SQLException {
      if (index < from || index >= to) {
        load(index);
      }
      return chunk[(int) (index - from)];
    }

    private void load(long index) throws SQLException {
      Arrays.fill(chunk, null);
      from = index;
      to = Math.min(index + chunk.length, Math.max(index + 1, size >> level));
      try (PreparedStatement s = nodesSql(level, from, to).prepare(c);
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          chunk[(int) (rs.getLong(1) - from)] = TreeHash.of(rs.getBytes(2));
        }
      }
    }
  }
}
