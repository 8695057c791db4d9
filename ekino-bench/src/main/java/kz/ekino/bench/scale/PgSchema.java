package kz.ekino.bench.scale;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The PostgreSQL schema a scale run lives in: {@code exists SERVER_URL SCHEMA} exits 0 when it
 * holds a registry head, {@code recreate SERVER_URL SCHEMA} drops and creates it empty.
 */
public final class PgSchema {
  private PgSchema() {}

  public static void main(String[] args) throws Exception {
    String schema = args[2];
    if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("not a plain schema name: " + schema);
    }
    try (Connection c = DriverManager.getConnection(args[1])) {
      if (args[0].equals("exists")) {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM information_schema.tables"
            + " WHERE table_schema = ? AND table_name = 'log_head'")) {
          s.setString(1, schema);
          try (ResultSet rs = s.executeQuery()) {
            System.exit(rs.next() ? 0 : 1);
          }
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        s.execute("CREATE SCHEMA " + schema);
      }
    }
  }
}
