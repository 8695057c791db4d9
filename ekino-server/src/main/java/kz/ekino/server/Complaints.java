package kz.ekino.server;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kz.ekino.core.model.Bin;
import kz.ekino.registry.StorageException;
import org.jspecify.annotations.Nullable;

/**
 * The durable store of visitors' {@link Complaint}s: a {@code complaints} table in an SQLite
 * file ({@code complaints.db} in the data directory) or in the registry's PostgreSQL database
 * (the schema its URL names). Complaints are not log entries: they are visitors' words, not
 * facts the registry vouches for, and the state follows them up outside the log.
 *
 * <p>Plain JDBC with a connection per call: complaints are rare, and a call after a database
 * restart simply connects again. Safe for concurrent use. A failed read or write throws
 * {@link StorageException}.
 */
public final class Complaints {
  /** The most {@link #recent} returns at once. */
  public static final int MAX_RECENT = 1000;

  private final String jdbcUrl;
  private final boolean sqlite;

  private Complaints(String jdbcUrl) {
    this.jdbcUrl = jdbcUrl;
    this.sqlite = jdbcUrl.startsWith("jdbc:sqlite:");
  }

  /** The SQLite file {@code complaints.db} in {@code dataDir}, created when missing. */
  public static Complaints inDirectory(Path dataDir) {
    return open("jdbc:sqlite:" + dataDir.resolve("complaints.db").toAbsolutePath());
  }

  /**
   * The {@code complaints} table of the database at {@code jdbcUrl} ({@code jdbc:sqlite:…} or
   * {@code jdbc:postgresql:…}), created when missing.
   *
   * @throws IllegalArgumentException for another kind of database
   * @throws StorageException when the database cannot be reached
   */
  public static Complaints open(String jdbcUrl) {
    if (!jdbcUrl.startsWith("jdbc:sqlite:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("complaints are kept in SQLite or PostgreSQL, not "
          + jdbcUrl.split("\\?", 2)[0]);
    }
    Complaints c = new Complaints(jdbcUrl);
    c.createTable();
    return c;
  }

  private void createTable() {
    String id = sqlite ? "id INTEGER PRIMARY KEY AUTOINCREMENT" : "id BIGSERIAL PRIMARY KEY";
    try (Connection c = connect(); Statement s = c.createStatement()) {
      if (sqlite) {
        s.execute("PRAGMA journal_mode=WAL");
      }
      s.execute("CREATE TABLE IF NOT EXISTS complaints (" + id + ", "
          + "received_at_ms BIGINT NOT NULL, verdict TEXT NOT NULL, cinema_bin TEXT, "
          + "ticket_id TEXT, qr_text TEXT NOT NULL, ticket_json TEXT NOT NULL, contact TEXT, "
          + "message TEXT NOT NULL, language TEXT NOT NULL)");
      s.execute("CREATE INDEX IF NOT EXISTS complaints_qr_text ON complaints (qr_text)");
      s.execute("CREATE INDEX IF NOT EXISTS complaints_cinema ON complaints (cinema_bin, id)");
    } catch (SQLException e) {
      throw new StorageException("cannot create the complaints table", e);
    }
  }

  private Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(jdbcUrl);
    if (sqlite) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout=5000");
      } catch (SQLException e) {
        c.close();
        throw e;
      }
    }
    return c;
  }

  /** Stores {@code report}, durably, and returns it with its number. */
  public Complaint record(Complaint.Report report, Instant receivedAt) {
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement("INSERT INTO complaints (received_at_ms, "
            + "verdict, cinema_bin, ticket_id, qr_text, ticket_json, contact, message, language)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
      s.setLong(1, receivedAt.toEpochMilli());
      s.setString(2, report.verdict());
      s.setString(3, report.cinema().map(Bin::value).orElse(null));
      s.setString(4, report.ticketId().orElse(null));
      s.setString(5, report.qrText());
      s.setString(6, report.ticketJson());
      s.setString(7, report.contact().orElse(null));
      s.setString(8, report.message());
      s.setString(9, report.language());
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw new SQLException("the insert returned no id");
        }
        return new Complaint(r.getLong(1), Instant.ofEpochMilli(receivedAt.toEpochMilli()),
            report);
      }
    } catch (SQLException e) {
      throw new StorageException("cannot store the complaint", e);
    }
  }

  /** The latest {@code max} complaints (1 to {@link #MAX_RECENT}), newest first. */
  public List<Complaint> recent(int max) {
    if (max < 1 || max > MAX_RECENT) {
      throw new IllegalArgumentException("max must be 1 to " + MAX_RECENT + ", not " + max);
    }
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement("SELECT id, received_at_ms, verdict, "
            + "cinema_bin, ticket_id, qr_text, ticket_json, contact, message, language "
            + "FROM complaints ORDER BY id DESC LIMIT ?")) {
      s.setInt(1, max);
      List<Complaint> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          @Nullable String cinema = r.getString(4);
          out.add(new Complaint(r.getLong(1), Instant.ofEpochMilli(r.getLong(2)),
              new Complaint.Report(r.getString(3),
                  cinema == null ? Optional.empty() : Optional.of(Bin.of(cinema)),
                  Optional.ofNullable(r.getString(5)), r.getString(6), r.getString(7),
                  Optional.ofNullable(r.getString(8)), r.getString(9), r.getString(10))));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StorageException("cannot read the complaints", e);
    }
  }

  /** How many complaints are stored. */
  public long count() {
    return countWhere("", null);
  }

  /** How many complaints name this QR text: a ticket is reported a bounded number of times. */
  long countFor(String qrText) {
    return countWhere(" WHERE qr_text = ?", qrText);
  }

  private long countWhere(String where, @Nullable String value) {
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement("SELECT count(*) FROM complaints" + where)) {
      if (value != null) {
        s.setString(1, value);
      }
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    } catch (SQLException e) {
      throw new StorageException("cannot count the complaints", e);
    }
  }

  @Override
  public String toString() {
    return "Complaints[" + jdbcUrl.split("\\?", 2)[0] + "]";
  }
}
