package kz.ekino.bench.scale;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Where a scale build writes its rows, as fast as each database takes them: the secondary
 * indexes of {@code records} are dropped first and rebuilt at the end from their own
 * definitions (read from the catalogue, so they are always the schema's), rows go in serial
 * order, SQLite in large transactions without fsync, PostgreSQL by {@code COPY}.
 */
abstract class RowSink implements AutoCloseable {
  static final String RECORD_COLUMNS = "serial, kind, registered_at, vendor_bin, ticket_id,"
      + " content_digest, submission, signer_kid, cinema_bin, screening_id, hall, film,"
      + " screening_start, screening_day, language, format, seat_row, seat_number, price_tiyn,"
      + " sold_at, channel, specimen, refund_of, refunded_at, refund_tiyn, refund_reason";
  static final int RECORD_FIELDS = 26;

  protected final Connection main;
  private final List<String> indexes = new ArrayList<>();

  RowSink(Connection main) {
    this.main = main;
  }

  /** The directory (cinemas, halls, films), written with plain statements. */
  PreparedStatement prepare(String sql) throws SQLException {
    return main.prepareStatement(sql);
  }

  /** Drops the secondary indexes of records, remembering their definitions. */
  void dropIndexes() throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement s = main.createStatement(); ResultSet rs = s.executeQuery(indexQuery())) {
      while (rs.next()) {
        names.add(rs.getString(1));
        indexes.add(rs.getString(2));
      }
    }
    for (String name : names) {
      try (Statement d = main.createStatement()) {
        d.execute("DROP INDEX " + name);
      }
    }
    commitMain();
  }

  void rebuildIndexes() throws SQLException {
    for (String definition : indexes) {
      try (Statement s = main.createStatement()) {
        s.execute(definition);
      }
      commitMain();
    }
  }

  List<String> indexes() {
    return indexes;
  }

  @Override
  public abstract void close() throws SQLException;

  abstract String indexQuery();

  abstract void commitMain() throws SQLException;

  /** One records row: {@value #RECORD_FIELDS} values in the order of {@link #RECORD_COLUMNS}. */
  abstract void record(Object[] row) throws SQLException;

  abstract void admission(long serial, long admittedAt, String gateCinema, String gateId)
      throws SQLException;

  abstract void node(int level, long index, byte[] hash) throws SQLException;

  /** Ends the bulk part: everything written is committed. */
  abstract void flush() throws SQLException;

  /** SQLite: one connection, prepared inserts in batches, a commit every half million rows. */
  static final class Sqlite extends RowSink {
    private final PreparedStatement record;
    private final PreparedStatement admission;
    private final PreparedStatement node;
    private long pending;

    Sqlite(String url) throws SQLException {
      super(DriverManager.getConnection(url));
      try (Statement s = main.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        // A scale database is rebuilt, not recovered: no fsync while loading.
        s.execute("PRAGMA synchronous=OFF");
        s.execute("PRAGMA cache_size=-524288");
      }
      main.setAutoCommit(false);
      StringBuilder marks = new StringBuilder("?");
      for (int i = 1; i < RECORD_FIELDS; i++) {
        marks.append(", ?");
      }
      record = main.prepareStatement("INSERT INTO records (" + RECORD_COLUMNS + ") VALUES ("
          + marks + ")");
      admission = main.prepareStatement("INSERT INTO admissions (serial, admitted_at,"
          + " gate_cinema, gate_id) VALUES (?, ?, ?, ?)");
      node = main.prepareStatement("INSERT INTO log_nodes (level, idx, hash) VALUES (?, ?, ?)");
    }

    @Override
    String indexQuery() {
      return "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
          + " AND tbl_name = 'records' AND sql IS NOT NULL";
    }

    @Override
    void commitMain() throws SQLException {
      main.commit();
    }

    @Override
    void record(Object[] row) throws SQLException {
      for (int i = 0; i < row.length; i++) {
        Object v = row[i];
        if (v == null) {
          record.setNull(i + 1, Types.NULL);
        } else if (v instanceof Long l) {
          record.setLong(i + 1, l);
        } else if (v instanceof Integer n) {
          record.setInt(i + 1, n);
        } else if (v instanceof byte[] b) {
          record.setBytes(i + 1, b);
        } else {
          record.setString(i + 1, (String) v);
        }
      }
      record.executeUpdate();
      tick();
    }

    @Override
    void admission(long serial, long admittedAt, String gateCinema, String gateId)
        throws SQLException {
      admission.setLong(1, serial);
      admission.setLong(2, admittedAt);
      admission.setString(3, gateCinema);
      admission.setString(4, gateId);
      admission.executeUpdate();
      tick();
    }

    @Override
    void node(int level, long index, byte[] hash) throws SQLException {
      node.setInt(1, level);
      node.setLong(2, index);
      node.setBytes(3, hash);
      node.executeUpdate();
      tick();
    }

    private void tick() throws SQLException {
      if (++pending == 500_000) {
        main.commit();
        pending = 0;
      }
    }

    @Override
    void flush() throws SQLException {
      main.commit();
    }

    @Override
    public void close() throws SQLException {
      record.close();
      admission.close();
      node.close();
      main.close();
    }
  }

  /**
   * PostgreSQL: a COPY stream per table, each on its own connection, opened at the first row
   * (after the indexes are dropped: an open COPY holds a lock that DROP INDEX waits for).
   */
  static final class Postgres extends RowSink {
    private final Copy records;
    private final Copy admissions;
    private final Copy nodes;

    Postgres(String url) throws SQLException {
      super(DriverManager.getConnection(url));
      records = new Copy(url, "COPY records (" + RECORD_COLUMNS + ") FROM STDIN");
      admissions = new Copy(url, "COPY admissions (serial, admitted_at, gate_cinema, gate_id)"
          + " FROM STDIN");
      nodes = new Copy(url, "COPY log_nodes (level, idx, hash) FROM STDIN");
    }

    @Override
    String indexQuery() {
      return "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
          + " AND tablename = 'records' AND indexname <> 'records_pkey'";
    }

    @Override
    void commitMain() {
      // autocommit
    }

    @Override
    void record(Object[] row) throws SQLException {
      records.row(row);
    }

    @Override
    void admission(long serial, long admittedAt, String gateCinema, String gateId)
        throws SQLException {
      admissions.row(new Object[] {serial, admittedAt, gateCinema, gateId});
    }

    @Override
    void node(int level, long index, byte[] hash) throws SQLException {
      nodes.row(new Object[] {level, index, hash});
    }

    @Override
    void flush() throws SQLException {
      records.end();
      admissions.end();
      nodes.end();
    }

    @Override
    public void close() throws SQLException {
      records.close();
      admissions.close();
      nodes.close();
      main.close();
    }
  }

  /** One COPY ... FROM STDIN in PostgreSQL's text format, sent a megabyte at a time. */
  private static final class Copy {
    private static final HexFormat HEX = HexFormat.of();
    private final String url;
    private final String sql;
    private Connection connection;
    private CopyIn in;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 21);
    private final StringBuilder line = new StringBuilder(2048);

    Copy(String url, String sql) {
      this.url = url;
      this.sql = sql;
    }

    void row(Object[] values) throws SQLException {
      if (in == null) {
        connection = DriverManager.getConnection(url);
        in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
      }
      line.setLength(0);
      for (int i = 0; i < values.length; i++) {
        if (i > 0) {
          line.append('\t');
        }
        Object v = values[i];
        if (v == null) {
          line.append("\\N");
        } else if (v instanceof byte[] b) {
          line.append("\\\\x").append(HEX.formatHex(b));
        } else if (v instanceof String s) {
          for (int k = 0; k < s.length(); k++) {
            char ch = s.charAt(k);
            switch (ch) {
              case '\\' -> line.append("\\\\");
              case '\t' -> line.append("\\t");
              case '\n' -> line.append("\\n");
              case '\r' -> line.append("\\r");
              default -> line.append(ch);
            }
          }
        } else {
          line.append(v);
        }
      }
      line.append('\n');
      byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
      buffer.write(bytes, 0, bytes.length);
      if (buffer.size() > (1 << 20)) {
        send();
      }
    }

    private void send() throws SQLException {
      in.writeToCopy(buffer.toByteArray(), 0, buffer.size());
      buffer.reset();
    }

    void end() throws SQLException {
      if (in != null) {
        send();
        in.endCopy();
      }
    }

    void close() throws SQLException {
      if (connection != null) {
        connection.close();
      }
    }
  }
}
