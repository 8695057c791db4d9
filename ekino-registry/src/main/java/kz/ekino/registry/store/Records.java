package kz.ekino.registry.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import kz.ekino.core.log.EntryBody;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.log.TreeHash;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Cinema;
import kz.ekino.core.model.CountryCode;
import kz.ekino.core.model.Film;
import kz.ekino.core.model.Genre;
import kz.ekino.core.model.Hall;
import kz.ekino.core.model.HallId;
import kz.ekino.core.model.KatoCode;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.SaleCorrection;
import kz.ekino.core.model.Screening;
import kz.ekino.core.model.ScreeningId;
import kz.ekino.core.model.Terminal;
import kz.ekino.core.model.TerminalId;
import kz.ekino.core.model.RentalCertificate;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.Seat;
import kz.ekino.core.model.Titles;
import kz.ekino.core.registration.Gate;
import org.jspecify.annotations.Nullable;

/**
 * The SQL of the registry's records, shared by both dialects, on one connection. Statements
 * are prepared once and reused: the writer runs the same few statements for every record.
 */
public final class Records implements AutoCloseable {
  /** Box-office days are Kazakhstan days (UTC+5 since 2024-03-01, tzdata 2024a). */
  public static final ZoneId KAZAKHSTAN = kz.ekino.core.model.Screening.ZONE;

  private final Connection c;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  /** SQLite answers a list of (vendor, ticket) pairs with a pass over the whole index. */
  private final boolean sqlite;
  /** Sales added to the insert statement's JDBC batch and not yet sent. */
  private int queuedSales;

  /** The connection these statements run on. */
  public Connection connection() {
    return c;
  }

  public Records(Connection connection) {
    this.c = connection;
    this.sqlite = connection.getClass().getName().startsWith("org.sqlite.");
  }

  private PreparedStatement stmt(String sql) throws SQLException {
    if (queuedSales > 0 && !sql.equals(INSERT_SALE)) {
      flushSales(); // every other statement sees the sales queued before it
    }
    PreparedStatement s = statements.get(sql);
    if (s == null) {
      s = c.prepareStatement(sql);
      statements.put(sql, s);
    }
    return s;
  }

  /** Forgets what this instance believes is stored, after a rolled-back transaction. */
  public void discard() {
    queuedSales = 0;
  }

  @Override
  public void close() {
    for (PreparedStatement s : statements.values()) {
      try {
        s.close();
      } catch (SQLException e) {
        // Closing a statement is best effort.
      }
    }
    statements.clear();
  }

  /** A registered sale as the registry needs it for refunds, admissions and idempotency. */
  public record SaleRow(long serial, Instant registeredAt, Bin vendor, String ticketId,
      String contentDigest, Bin cinema, long priceTiyn, boolean specimen,
      Instant screeningStart, Instant soldAt) {}

  public record RefundRow(long serial, long saleSerial, Instant registeredAt,
      Instant refundedAt, String contentDigest) {}

  public record AdmissionRow(long serial, Instant admittedAt, Bin gateCinema, String gateId) {}

  /** How a sale's film compares with the state's register when the sale was registered. */
  public static final int FILM_AGREES = 0;
  public static final int FILM_NOT_REGISTERED = 1;
  public static final int FILM_DIFFERS = 2;

  public record Head(long treeSize, TreeHash root, String checkpoint) {}

  /** The records table's {@code kind} column holds the log entry kind's wire code. */
  public static final int SALE = LogEntry.Kind.SALE.code();
  public static final int REFUND = LogEntry.Kind.REFUND.code();
  /**
   * A CORRECTION entry is kept as a refund row (kind 1) with its reason: it counts as the
   * sale's refund everywhere a refund does, and its entry is rebuilt from the row.
   */
  public static final int CORRECTION = LogEntry.Kind.CORRECTION.code();
  /**
   * A sale's price correction; with a correction reason, the operator's CORRECTION entry
   * around it, as for refunds.
   */
  public static final int SALE_CORRECTION = LogEntry.Kind.SALE_CORRECTION.code();

  private static final String SALE_COLUMNS = "serial, registered_at, vendor_bin, ticket_id, "
      + "content_digest, cinema_bin, price_tiyn, specimen, screening_start, sold_at";

  public Optional<SaleRow> findSale(Bin vendor, String ticketId)
      throws SQLException {
    {
      PreparedStatement s = stmt("SELECT " + SALE_COLUMNS
        + " FROM records WHERE kind = " + SALE + " AND vendor_bin = ? AND ticket_id = ?");
      s.setString(1, vendor.value());
      s.setString(2, ticketId);
      return saleRow(s);
    }
  }

  public Optional<SaleRow> findSale(long serial) throws SQLException {
    {
      PreparedStatement s = stmt(
        "SELECT " + SALE_COLUMNS + " FROM records WHERE kind = " + SALE + " AND serial = ?");
      s.setLong(1, serial);
      return saleRow(s);
    }
  }

  private static Optional<SaleRow> saleRow(PreparedStatement s) throws SQLException {
    try (ResultSet rs = s.executeQuery()) {
      return rs.next() ? Optional.of(saleRow(rs)) : Optional.empty();
    }
  }

  private static SaleRow saleRow(ResultSet rs) throws SQLException {
    return new SaleRow(rs.getLong(1), Instant.ofEpochSecond(rs.getLong(2)),
        Bin.of(rs.getString(3)), rs.getString(4), rs.getString(5), Bin.of(rs.getString(6)),
        rs.getLong(7), rs.getInt(8) != 0, Instant.ofEpochSecond(rs.getLong(9)),
        Instant.ofEpochSecond(rs.getLong(10)));
  }

  public Optional<RefundRow> findRefundOf(long saleSerial)
      throws SQLException {
    {
      PreparedStatement s = stmt("SELECT serial, refund_of, registered_at, "
        + "refunded_at, content_digest FROM records WHERE kind = " + REFUND
        + " AND refund_of = ?");
      s.setLong(1, saleSerial);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next()
            ? Optional.of(new RefundRow(rs.getLong(1), rs.getLong(2),
                Instant.ofEpochSecond(rs.getLong(3)), Instant.ofEpochSecond(rs.getLong(4)),
                rs.getString(5)))
            : Optional.empty();
      }
    }
  }

  public Optional<AdmissionRow> findAdmission(long serial)
      throws SQLException {
    {
      PreparedStatement s = stmt("SELECT serial, admitted_at, gate_cinema, "
        + "gate_id FROM admissions WHERE serial = ?");
      s.setLong(1, serial);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next()
            ? Optional.of(new AdmissionRow(rs.getLong(1), Instant.ofEpochSecond(rs.getLong(2)),
                Bin.of(rs.getString(3)), rs.getString(4)))
            : Optional.empty();
      }
    }
  }

  private static final String INSERT_SALE = "INSERT INTO records (serial, kind, "
      + "registered_at, vendor_bin, ticket_id, content_digest, submission, signer_kid, "
      + "cinema_bin, screening_id, hall, film, screening_start, screening_day, language, "
      + "format, seat_row, seat_number, price_tiyn, sold_at, channel, specimen, late, "
      + "film_check) VALUES (?, " + SALE + ", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      + "?, ?, ?, ?, ?)";
  private static final String INSERT_SALE_IF_ABSENT = INSERT_SALE
      + " ON CONFLICT (vendor_bin, ticket_id) WHERE kind = " + SALE + " DO NOTHING";

  /**
   * Adds a new sale; false when the ticket is registered already (nothing is added). On
   * PostgreSQL the sale is queued in a JDBC batch, so that a batch of sales costs one round
   * trip, and the caller has checked with {@link #findSales} that the ticket is new (the
   * unique index still refuses a duplicate, failing the whole batch). On SQLite, where a
   * statement costs no round trip, it is inserted at once and the insert tells.
   */
  public boolean addSale(long serial, Instant registeredAt, Sale sale, String contentDigest,
      byte[] submission, String signerKid, int filmCheck) throws SQLException {
    PreparedStatement s = stmt(sqlite ? INSERT_SALE_IF_ABSENT : INSERT_SALE);
    int i = 1;
    s.setLong(i++, serial);
    s.setLong(i++, registeredAt.getEpochSecond());
    s.setString(i++, sale.vendor().value());
    s.setString(i++, sale.ticketId().value());
    s.setString(i++, contentDigest);
    s.setBytes(i++, submission);
    s.setString(i++, signerKid);
    s.setString(i++, sale.cinema().value());
    s.setString(i++, sale.screening().id().value());
    s.setString(i++, sale.screening().hall().value());
    s.setString(i++, sale.screening().film().certificate().value());
    s.setLong(i++, sale.screening().start().getEpochSecond());
    s.setString(i++, LocalDate.ofInstant(sale.screening().start(), KAZAKHSTAN).toString());
    s.setString(i++, sale.screening().language().code());
    s.setString(i++, sale.screening().format().label());
    if (sale.seat() instanceof Seat.Assigned a) {
      s.setInt(i++, a.row());
      s.setInt(i++, a.number());
    } else {
      s.setNull(i++, Types.INTEGER);
      s.setNull(i++, Types.INTEGER);
    }
    s.setLong(i++, sale.priceTiyn());
    s.setLong(i++, sale.soldAt().getEpochSecond());
    s.setString(i++, SqlCodes.channel(sale.channel()));
    s.setInt(i++, sale.specimen() ? 1 : 0);
    s.setInt(i++, late(registeredAt, sale) ? 1 : 0);
    s.setInt(i, filmCheck);
    if (sqlite) {
      return s.executeUpdate() == 1;
    }
    s.addBatch();
    queuedSales++;
    return true;
  }

  /** A sale registered after its screening started is late (counted in monitoring). */
  public static boolean late(Instant registeredAt, Sale sale) {
    return registeredAt.isAfter(sale.screening().start());
  }

  /** The sale's film against the register: {@link #FILM_AGREES} and so on. */
  public static int filmCheck(Sale sale, @Nullable Film registered) {
    return registered == null ? FILM_NOT_REGISTERED
        : registered.equals(sale.screening().film()) ? FILM_AGREES : FILM_DIFFERS;
  }

  /** Sends the queued sales; each must have inserted exactly one row. */
  public void flushSales() throws SQLException {
    if (queuedSales == 0) {
      return;
    }
    int queued = queuedSales;
    queuedSales = 0;
    int[] counts = stmt(INSERT_SALE).executeBatch();
    if (counts.length != queued) {
      throw new SQLException("inserted " + counts.length + " of " + queued + " sales");
    }
    for (int count : counts) {
      if (count != 1 && count != Statement.SUCCESS_NO_INFO) {
        throw new SQLException("a queued sale inserted " + count + " rows");
      }
    }
  }

  /** A vendor's ticket id: what makes a sale the same sale. */
  public record TicketKey(Bin vendor, String ticketId) {}

  /** The registered sales among {@code keys}, in one query on PostgreSQL; none on SQLite. */
  public Map<TicketKey, SaleRow> findSales(List<TicketKey> keys) throws SQLException {
    Map<TicketKey, SaleRow> out = new HashMap<>();
    if (sqlite) {
      // SQLite learns it from the insert itself (addSale), a statement in process; it would
      // read a row-value IN list by scanning the whole (vendor, ticket) index.
      return out;
    }
    if (keys.isEmpty()) {
      return out;
    }
    // The pairs as two parallel arrays, joined to the index on (vendor, ticket): one plan for
    // any batch size, one index probe per pair (a row-value IN list costs planning time that
    // grows with the list; two ANY lists make the index read every sale of the vendor).
    String[] vendors = new String[keys.size()];
    String[] tickets = new String[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      vendors[i] = keys.get(i).vendor().value();
      tickets[i] = keys.get(i).ticketId();
    }
    PreparedStatement s = stmt("SELECT " + SALE_COLUMNS.replaceAll("(\\w+)", "r.$1")
        + " FROM unnest(?::text[], ?::text[]) AS k (vendor_bin, ticket_id)"
        + " JOIN records r ON r.vendor_bin = k.vendor_bin AND r.ticket_id = k.ticket_id"
        + " AND r.kind = " + SALE);
    s.setArray(1, c.createArrayOf("text", vendors));
    s.setArray(2, c.createArrayOf("text", tickets));
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        SaleRow row = saleRow(rs);
        out.put(new TicketKey(row.vendor(), row.ticketId()), row);
      }
    }
    return out;
  }

  /**
   * Adds a refund; with a {@code correctionReason} it is the projection of a CORRECTION entry
   * (the operator's), otherwise of a REFUND entry.
   */
  public void insertRefund(long serial, Instant registeredAt,
      Refund refund, String contentDigest, byte[] submission, String signerKid,
      @Nullable String correctionReason) throws SQLException {
    {
      PreparedStatement s = stmt("INSERT INTO records (serial, kind, "
        + "registered_at, vendor_bin, ticket_id, content_digest, submission, signer_kid, "
        + "refund_of, refunded_at, refund_tiyn, refund_reason, correction_reason) "
        + "VALUES (?, " + REFUND + ", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      s.setLong(1, serial);
      s.setLong(2, registeredAt.getEpochSecond());
      s.setString(3, refund.vendor().value());
      s.setString(4, refund.ticketId().value());
      s.setString(5, contentDigest);
      s.setBytes(6, submission);
      s.setString(7, signerKid);
      s.setLong(8, refund.saleSerial());
      s.setLong(9, refund.refundedAt().getEpochSecond());
      s.setLong(10, refund.amountTiyn());
      s.setString(11, refund.reason());
      s.setString(12, correctionReason);
      s.executeUpdate();
    }
  }

  /** The body of an entry of kind 2 to 4 (the registry's own), kept for the log. */
  public void insertEntry(long serial, LogEntry.Kind kind, Instant registeredAt, byte[] body)
      throws SQLException {
    PreparedStatement s = stmt("INSERT INTO log_entries (serial, kind, registered_at, body) "
        + "VALUES (?, ?, ?, ?)");
    s.setLong(1, serial);
    s.setInt(2, kind.code());
    s.setLong(3, registeredAt.getEpochSecond());
    s.setBytes(4, body);
    s.executeUpdate();
  }

  /** The body of the newest entry of {@code kind} among the registry's own, if any. */
  public Optional<byte[]> newestEntryBody(LogEntry.Kind kind) throws SQLException {
    PreparedStatement s = stmt("SELECT body FROM log_entries WHERE kind = ? ORDER BY serial "
        + "DESC LIMIT 1");
    s.setInt(1, kind.code());
    try (ResultSet rs = s.executeQuery()) {
      return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
    }
  }

  /** Whether the log holds any entry the registry wrote itself (kinds 2 to 6). */
  public boolean hasRegistryEntries() throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1 FROM log_entries LIMIT 1")) {
      return rs.next();
    }
  }

  /** The projection of ADMISSION entry {@code entrySerial}: sale {@code serial} admitted. */
  public void insertAdmission(long serial, Instant at, Bin gateCinema,
      String gateId, long entrySerial) throws SQLException {
    {
      PreparedStatement s = stmt("INSERT INTO admissions (serial, "
        + "admitted_at, gate_cinema, gate_id, entry_serial) VALUES (?, ?, ?, ?, ?)");
      s.setLong(1, serial);
      s.setLong(2, at.getEpochSecond());
      s.setString(3, gateCinema.value());
      s.setString(4, gateId);
      s.setLong(5, entrySerial);
      s.executeUpdate();
    }
  }

  /** The projection of FILM entry {@code entrySerial}: the film as the register has it. */
  public void saveFilm(Film f, long entrySerial) throws SQLException {
    String cert = f.certificate().value();
    {
      PreparedStatement s = stmt("INSERT INTO films (certificate, title_kk, title_ru, "
          + "title_en, national, entry_serial) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT "
          + "(certificate) DO UPDATE SET title_kk = excluded.title_kk, title_ru = "
          + "excluded.title_ru, title_en = excluded.title_en, national = excluded.national, "
          + "entry_serial = excluded.entry_serial");
      s.setString(1, cert);
      s.setString(2, f.titles().kk());
      s.setString(3, f.titles().ru());
      s.setString(4, f.titles().en());
      s.setInt(5, f.national() ? 1 : 0);
      s.setLong(6, entrySerial);
      s.executeUpdate();
    }
    for (String table : List.of("film_genres", "film_countries")) {
      PreparedStatement d = stmt("DELETE FROM " + table + " WHERE certificate = ?");
      d.setString(1, cert);
      d.executeUpdate();
    }
    PreparedStatement g = stmt("INSERT INTO film_genres (certificate, genre) VALUES (?, ?)");
    for (Genre genre : f.genres()) {
      g.setString(1, cert);
      g.setString(2, genre.code());
      g.executeUpdate();
    }
    PreparedStatement k = stmt("INSERT INTO film_countries (certificate, country) VALUES (?, ?)");
    for (CountryCode country : f.countries()) {
      k.setString(1, cert);
      k.setString(2, country.code());
      k.executeUpdate();
    }
  }

  /** The film register as its tables hold it. */
  public Map<RentalCertificate, Film> loadFilms() throws SQLException {
    Map<String, Set<Genre>> genres = new HashMap<>();
    Map<String, Set<CountryCode>> countries = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT certificate, genre FROM film_genres")) {
      while (rs.next()) {
        genres.computeIfAbsent(rs.getString(1), x -> new HashSet<>())
            .add(Genre.of(rs.getString(2)));
      }
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT certificate, country FROM film_countries")) {
      while (rs.next()) {
        countries.computeIfAbsent(rs.getString(1), x -> new HashSet<>())
            .add(CountryCode.of(rs.getString(2)));
      }
    }
    Map<RentalCertificate, Film> out = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT certificate, title_kk, title_ru, title_en, "
            + "national FROM films ORDER BY certificate")) {
      while (rs.next()) {
        String cert = rs.getString(1);
        out.put(RentalCertificate.of(cert), new Film(RentalCertificate.of(cert),
            new Titles(rs.getString(2), rs.getString(3), rs.getString(4)),
            genres.getOrDefault(cert, Set.of()), countries.getOrDefault(cert, Set.of()),
            rs.getInt(5) != 0));
      }
    }
    return out;
  }

  /** The projection of CINEMA entry {@code entrySerial}: the cinema and its halls. */
  public void saveCinema(Cinema cinema, long entrySerial) throws SQLException {
    {
      PreparedStatement s = stmt("INSERT INTO cinemas (bin, name, kato, region, entry_serial) "
        + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (bin) DO UPDATE SET name = excluded.name, "
        + "kato = excluded.kato, region = excluded.region, entry_serial = excluded.entry_serial");
      s.setString(1, cinema.bin().value());
      s.setString(2, cinema.name());
      s.setString(3, cinema.kato().value());
      s.setString(4, cinema.region().code());
      s.setLong(5, entrySerial);
      s.executeUpdate();
    }
    {
      PreparedStatement d = stmt("DELETE FROM halls WHERE cinema_bin = ?");
      d.setString(1, cinema.bin().value());
      d.executeUpdate();
    }
    {
      PreparedStatement h = stmt("INSERT INTO halls (cinema_bin, hall_id, "
          + "name, capacity) VALUES (?, ?, ?, ?)");
      for (Hall hall : cinema.halls()) {
        h.setString(1, cinema.bin().value());
        h.setString(2, hall.id().value());
        h.setString(3, hall.name());
        h.setInt(4, hall.capacity());
        h.executeUpdate();
      }
    }
  }

  public Map<Bin, Cinema> loadCinemas() throws SQLException {
    Map<Bin, List<Hall>> halls = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT cinema_bin, hall_id, name, capacity FROM halls "
            + "ORDER BY cinema_bin, hall_id")) {
      while (rs.next()) {
        halls.computeIfAbsent(Bin.of(rs.getString(1)), b -> new ArrayList<>())
            .add(new Hall(HallId.of(rs.getString(2)), rs.getString(3), rs.getInt(4)));
      }
    }
    Map<Bin, Cinema> out = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT bin, name, kato FROM cinemas ORDER BY bin")) {
      while (rs.next()) {
        Bin bin = Bin.of(rs.getString(1));
        out.put(bin, new Cinema(bin, rs.getString(2), KatoCode.of(rs.getString(3)),
            halls.getOrDefault(bin, List.of())));
      }
    }
    return out;
  }

  /** Adds or replaces a terminal of the register of installations. */
  public void saveTerminal(Terminal t, long entrySerial) throws SQLException {
    PreparedStatement s = stmt("INSERT INTO terminals (vendor_bin, terminal_id, cinema_bin, "
        + "software, software_version, entry_serial) VALUES (?, ?, ?, ?, ?, ?) "
        + "ON CONFLICT (vendor_bin, terminal_id) DO UPDATE SET cinema_bin = excluded.cinema_bin,"
        + " software = excluded.software, software_version = excluded.software_version, "
        + "entry_serial = excluded.entry_serial");
    s.setString(1, t.vendor().value());
    s.setString(2, t.id().value());
    s.setString(3, t.cinema().value());
    s.setString(4, t.software());
    s.setString(5, t.softwareVersion());
    s.setLong(6, entrySerial);
    s.executeUpdate();
  }

  /** A terminal's key in the register: its vendor and its id. */
  public record TerminalKey(Bin vendor, TerminalId id) {}

  public Map<TerminalKey, Terminal> loadTerminals() throws SQLException {
    Map<TerminalKey, Terminal> out = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT vendor_bin, terminal_id, cinema_bin, software, "
            + "software_version FROM terminals ORDER BY vendor_bin, terminal_id")) {
      while (rs.next()) {
        Terminal t = new Terminal(Bin.of(rs.getString(1)), TerminalId.of(rs.getString(2)),
            Bin.of(rs.getString(3)), rs.getString(4), rs.getString(5));
        out.put(new TerminalKey(t.vendor(), t.id()), t);
      }
    }
    return out;
  }

  /**
   * A declared screening as its row holds it: what a sale must agree with, and whether and
   * when it was cancelled.
   */
  public record ScreeningRow(String contentDigest, String hall, String film, Instant start,
      String language, String format, long declaredSerial, long cancelledSerial,
      @Nullable Instant cancelledAt) {
    /** Whether {@code screening} is the one declared: hall, film, start, language, format. */
    public boolean matches(Screening screening) {
      return hall.equals(screening.hall().value())
          && film.equals(screening.film().certificate().value())
          && start.equals(screening.start())
          && language.equals(screening.language().code())
          && format.equals(screening.format().label());
    }
  }

  public Optional<ScreeningRow> findScreening(Bin cinema, ScreeningId id) throws SQLException {
    PreparedStatement s = stmt("SELECT content_digest, hall, film, screening_start, language, "
        + "format, declared_serial, cancelled_serial, cancelled_at FROM screenings WHERE "
        + "cinema_bin = ? AND "
        + "screening_id = ?");
    s.setString(1, cinema.value());
    s.setString(2, id.value());
    try (ResultSet rs = s.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      long cancelled = rs.getLong(9);
      boolean notCancelled = rs.wasNull();
      return Optional.of(new ScreeningRow(rs.getString(1), rs.getString(2), rs.getString(3),
          Instant.ofEpochSecond(rs.getLong(4)), rs.getString(5), rs.getString(6),
          rs.getLong(7), rs.getLong(8), notCancelled ? null : Instant.ofEpochSecond(cancelled)));
    }
  }

  /** Records a declared screening, of SCHEDULE entry {@code serial}. */
  public void declareScreening(Screening sc, String contentDigest, long serial)
      throws SQLException {
    PreparedStatement s = stmt("INSERT INTO screenings (cinema_bin, screening_id, "
        + "content_digest, hall, film, screening_start, language, format, declared_serial) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.setString(1, sc.cinema().value());
    s.setString(2, sc.id().value());
    s.setString(3, contentDigest);
    s.setString(4, sc.hall().value());
    s.setString(5, sc.film().certificate().value());
    s.setLong(6, sc.start().getEpochSecond());
    s.setString(7, sc.language().code());
    s.setString(8, sc.format().label());
    s.setLong(9, serial);
    s.executeUpdate();
  }

  /** Whether {@code cinema} declared a screening, not cancelled, starting on {@code day}. */
  public boolean screensOn(Bin cinema, LocalDate day) throws SQLException {
    PreparedStatement s = stmt("SELECT 1 FROM screenings WHERE cinema_bin = ? AND "
        + "screening_start >= ? AND screening_start < ? AND cancelled_serial IS NULL");
    s.setString(1, cinema.value());
    s.setLong(2, day.atStartOfDay(KAZAKHSTAN).toEpochSecond());
    s.setLong(3, day.plusDays(1).atStartOfDay(KAZAKHSTAN).toEpochSecond());
    try (ResultSet rs = s.executeQuery()) {
      return rs.next();
    }
  }

  /** Whether {@code cinema} has a counted sale, not refunded, for a screening on {@code day}. */
  public boolean sellsOn(Bin cinema, LocalDate day) throws SQLException {
    PreparedStatement s = stmt("SELECT 1 FROM records s WHERE s.kind = " + SALE
        + " AND s.screening_start >= ? AND s.screening_start < ? AND s.cinema_bin = ? AND "
        + "s.specimen = 0 AND NOT EXISTS (SELECT 1 FROM records r WHERE r.kind = " + REFUND
        + " AND r.refund_of = s.serial)");
    s.setLong(1, day.atStartOfDay(KAZAKHSTAN).toEpochSecond());
    s.setLong(2, day.plusDays(1).atStartOfDay(KAZAKHSTAN).toEpochSecond());
    s.setString(3, cinema.value());
    s.setMaxRows(1);
    try (ResultSet rs = s.executeQuery()) {
      return rs.next();
    }
  }

  /** The SCHEDULE entry that declared {@code day} without screenings at {@code cinema}. */
  public Optional<Long> closedDay(Bin cinema, LocalDate day) throws SQLException {
    PreparedStatement s = stmt("SELECT entry_serial FROM closed_days WHERE cinema_bin = ? AND "
        + "day = ?");
    s.setString(1, cinema.value());
    s.setString(2, day.toString());
    try (ResultSet rs = s.executeQuery()) {
      return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
    }
  }

  public void closeDay(Bin cinema, LocalDate day, long serial) throws SQLException {
    PreparedStatement s = stmt("INSERT INTO closed_days (cinema_bin, day, entry_serial) "
        + "VALUES (?, ?, ?)");
    s.setString(1, cinema.value());
    s.setString(2, day.toString());
    s.setLong(3, serial);
    s.executeUpdate();
  }

  /** Marks a declared screening cancelled by SCHEDULE entry {@code serial}. */
  public void cancelScreening(Bin cinema, ScreeningId id, long serial, Instant at)
      throws SQLException {
    PreparedStatement s = stmt("UPDATE screenings SET cancelled_serial = ?, cancelled_at = ? "
        + "WHERE cinema_bin = ? AND screening_id = ?");
    s.setLong(1, serial);
    s.setLong(2, at.getEpochSecond());
    s.setString(3, cinema.value());
    s.setString(4, id.value());
    s.executeUpdate();
  }

  /**
   * Adds a sale's price correction (records kind 9; with {@code operatorReason}, the
   * operator's CORRECTION entry) and sets the sale's corrected price.
   */
  public void insertCorrection(long serial, Instant registeredAt, SaleCorrection correction,
      String contentDigest, byte[] submission, String signerKid,
      @Nullable String operatorReason) throws SQLException {
    PreparedStatement s = stmt("INSERT INTO records (serial, kind, registered_at, vendor_bin, "
        + "ticket_id, content_digest, submission, signer_kid, price_tiyn, corrects, "
        + "refund_reason, correction_reason) VALUES (?, " + SALE_CORRECTION
        + ", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.setLong(1, serial);
    s.setLong(2, registeredAt.getEpochSecond());
    s.setString(3, correction.vendor().value());
    s.setString(4, correction.ticketId().value());
    s.setString(5, contentDigest);
    s.setBytes(6, submission);
    s.setString(7, signerKid);
    s.setLong(8, correction.priceTiyn());
    s.setLong(9, correction.saleSerial());
    s.setString(10, correction.reason());
    s.setString(11, operatorReason);
    s.executeUpdate();
    PreparedStatement u = stmt("UPDATE records SET corrected_tiyn = ? WHERE serial = ? AND "
        + "kind = " + SALE);
    u.setLong(1, correction.priceTiyn());
    u.setLong(2, correction.saleSerial());
    u.executeUpdate();
  }

  /** A correction of {@code saleSerial} with this content: the same one sent again. */
  public Optional<Long> findCorrection(long saleSerial, String contentDigest)
      throws SQLException {
    PreparedStatement s = stmt("SELECT serial FROM records WHERE kind = " + SALE_CORRECTION
        + " AND corrects = ? AND content_digest = ?");
    s.setLong(1, saleSerial);
    s.setString(2, contentDigest);
    try (ResultSet rs = s.executeQuery()) {
      return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
    }
  }

  /** The price a sale counts at now: its newest correction's, or the price it was sold at. */
  public long currentPrice(long saleSerial) throws SQLException {
    PreparedStatement s = stmt("SELECT COALESCE(corrected_tiyn, price_tiyn) FROM records "
        + "WHERE kind = " + SALE + " AND serial = ?");
    s.setLong(1, saleSerial);
    try (ResultSet rs = s.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("no sale " + saleSerial);
      }
      return rs.getLong(1);
    }
  }

  public Optional<Head> readHead() throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT tree_size, root_hash, checkpoint FROM log_head WHERE id = 1")) {
      return rs.next()
          ? Optional.of(new Head(rs.getLong(1), TreeHash.of(rs.getBytes(2)), rs.getString(3)))
          : Optional.empty();
    }
  }

  public void writeHead(Head head) throws SQLException {
    {
      PreparedStatement s = stmt("INSERT INTO log_head (id, tree_size, "
        + "root_hash, checkpoint) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
        + "tree_size = excluded.tree_size, root_hash = excluded.root_hash, "
        + "checkpoint = excluded.checkpoint");
      s.setLong(1, head.treeSize());
      s.setBytes(2, head.root().toBytes());
      s.setString(3, head.checkpoint());
      s.executeUpdate();
    }
  }

  /** The log's writer fence: whose epoch it is, and how many write transactions it saw. */
  public record WriterState(long epoch, long commitSeq) {}

  /** Takes the log for a new writer: raises the epoch (fencing out any older writer). */
  public WriterState takeLog(String holder, Instant since) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE log_writer SET epoch = epoch + 1, "
        + "holder = ?, since = ? WHERE id = 1")) {
      s.setString(1, holder);
      s.setLong(2, since.getEpochSecond());
      if (s.executeUpdate() != 1) {
        throw new SQLException("the log_writer row is missing");
      }
    }
    return writerState();
  }

  public WriterState writerState() throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT epoch, commit_seq FROM log_writer WHERE id = 1")) {
      if (!rs.next()) {
        throw new SQLException("the log_writer row is missing");
      }
      return new WriterState(rs.getLong(1), rs.getLong(2));
    }
  }

  /**
   * Inside a write transaction: counts it as {@code seq}, only if the epoch is still
   * {@code epoch}. False means another writer took the log: the transaction must not commit.
   */
  public boolean advance(long epoch, long seq) throws SQLException {
    PreparedStatement s = stmt("UPDATE log_writer SET commit_seq = ? WHERE id = 1 AND epoch = ?");
    s.setLong(1, seq);
    s.setLong(2, epoch);
    return s.executeUpdate() == 1;
  }

  /** The largest serial, from the primary key alone. */
  public long maxSerial() throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(serial), 0) FROM records")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Number of entries (records and the registry's own entries) and the largest serial: equal
   * when serials are gapless, and no serial is in both tables.
   */
  public long[] countAndMaxSerial() throws SQLException {
    long count = 0;
    long max = 0;
    for (String table : List.of("records", "log_entries")) {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*), COALESCE(MAX(serial), 0) FROM "
              + table)) {
        rs.next();
        count += rs.getLong(1);
        max = Math.max(max, rs.getLong(2));
      }
    }
    return new long[] {count, max};
  }

  /**
   * Rows from before schema version 4 that no entry projects to yet (cinemas, admissions),
   * while the log has not adopted them; empty once adopted.
   */
  public boolean adopted() throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT adopted FROM log_writer WHERE id = 1")) {
      return rs.next() && rs.getInt(1) != 0;
    }
  }

  public void markAdopted() throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE log_writer SET adopted = 1 WHERE id = 1");
    }
  }

  /** An admission from before version 4 and the sale it admitted. */
  public record UnloggedAdmission(long saleSerial, Bin vendor, String ticketId, Gate gate) {}

  /** Admissions from before version 4, which no entry projects to yet. */
  public List<UnloggedAdmission> unloggedAdmissions() throws SQLException {
    List<UnloggedAdmission> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT a.serial, r.vendor_bin, r.ticket_id, "
            + "a.gate_cinema, a.gate_id FROM admissions a JOIN records r ON "
            + "r.serial = a.serial WHERE a.entry_serial IS NULL ORDER BY a.serial")) {
      while (rs.next()) {
        out.add(new UnloggedAdmission(rs.getLong(1), Bin.of(rs.getString(2)), rs.getString(3),
            new Gate(Bin.of(rs.getString(4)), rs.getString(5))));
      }
    }
    return out;
  }

  /** Cinemas from before version 4, which no entry projects to yet. */
  public List<Bin> unloggedCinemas() throws SQLException {
    List<Bin> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT bin FROM cinemas WHERE entry_serial IS NULL "
            + "ORDER BY bin")) {
      while (rs.next()) {
        out.add(Bin.of(rs.getString(1)));
      }
    }
    return out;
  }

  /**
   * Ties an admission from before version 4 to the entry that adopted it; its time becomes
   * the entry's (the log's clock), as for every admission since.
   */
  public void adoptAdmission(long saleSerial, long entrySerial, Instant at)
      throws SQLException {
    PreparedStatement s = stmt("UPDATE admissions SET entry_serial = ?, admitted_at = ? "
        + "WHERE serial = ?");
    s.setLong(1, entrySerial);
    s.setLong(2, at.getEpochSecond());
    s.setLong(3, saleSerial);
    s.executeUpdate();
  }

  /** The log entry of {@code serial}, rebuilt from whichever table holds it. */
  public Optional<LogEntry> entry(long serial) throws SQLException {
    {
      PreparedStatement s = stmt("SELECT registered_at, kind, submission, correction_reason "
          + "FROM records WHERE serial = ?");
      s.setLong(1, serial);
      try (ResultSet rs = s.executeQuery()) {
        if (rs.next()) {
          return Optional.of(entry(serial, rs.getLong(1), rs.getInt(2), rs.getBytes(3),
              rs.getString(4)));
        }
      }
    }
    PreparedStatement s = stmt("SELECT registered_at, kind, body FROM log_entries "
        + "WHERE serial = ?");
    s.setLong(1, serial);
    try (ResultSet rs = s.executeQuery()) {
      return rs.next()
          ? Optional.of(entry(serial, rs.getLong(1), rs.getInt(2), rs.getBytes(3), null))
          : Optional.empty();
    }
  }

  /**
   * The entry a stored row stands for: a records row is a SALE, REFUND or SALE_CORRECTION
   * entry, or with a correction reason a CORRECTION entry around the refund or sale
   * correction; a log_entries row is itself.
   *
   * @throws IllegalArgumentException when the row cannot be an entry
   */
  public static LogEntry entry(long serial, long registeredAt, int kind, byte[] body,
      @Nullable String correctionReason) {
    Instant at = Instant.ofEpochSecond(registeredAt);
    if (correctionReason != null) {
      if (kind != REFUND && kind != SALE_CORRECTION) {
        throw new IllegalArgumentException("a correction reason on a record of kind " + kind);
      }
      return new LogEntry(serial, at, LogEntry.Kind.CORRECTION,
          new EntryBody.Correction(correctionReason, body).encode());
    }
    return new LogEntry(serial, at, LogEntry.Kind.ofCode(kind), body);
  }

  /**
   * Serials of refunded sales whose screening started after {@code startedAfter}: the full
   * revocation list ({@link Revocations#refundedSales} gives the part since a serial).
   */
  public List<Long> refundedSalesStartingAfter(Instant startedAfter) throws SQLException {
    return Revocations.refundedSales(c, 0, Long.MAX_VALUE, startedAfter);
  }

  /**
   * Recomputes the tree of the first {@code size} records from the records themselves, in
   * bounded memory ({@link LogAudit}), and compares it with every stored node and with
   * {@code root}; returns the first problem.
   */
  public Optional<String> audit(long size, TreeHash root) throws SQLException {
    return LogAudit.audit(c, size, root).map(LogAudit.Finding::message);
  }
}
