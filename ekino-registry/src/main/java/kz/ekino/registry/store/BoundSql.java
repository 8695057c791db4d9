package kz.ekino.registry.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * A statement with its parameters, built in one place so that the plan {@link QueryPlans}
 * explains is the plan of the statement that runs. Parameters are {@code Long} or
 * {@code String}.
 */
record BoundSql(String name, String sql, List<Object> params) {
  BoundSql {
    for (Object p : params) {
      if (!(p instanceof Long) && !(p instanceof String)) {
        throw new IllegalArgumentException("parameter of " + name + " is neither a Long nor a "
            + "String: " + p.getClass().getName());
      }
    }
  }

  static BoundSql of(String name, String sql, Object... params) {
    return new BoundSql(name, sql, List.of(params));
  }

  /** Prepares the statement with its parameters bound; {@code prefix} is "" or "EXPLAIN ...". */
  PreparedStatement prepare(Connection c, String prefix) throws SQLException {
    PreparedStatement s = c.prepareStatement(prefix + sql);
    try {
      for (int i = 0; i < params.size(); i++) {
        Object p = params.get(i);
        if (p instanceof Long l) {
          s.setLong(i + 1, l);
        } else {
          s.setString(i + 1, (String) p);
        }
      }
      return s;
    } catch (SQLException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  PreparedStatement prepare(Connection c) throws SQLException {
    return prepare(c, "");
  }
}
