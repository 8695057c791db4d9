package kz.ekino.registry.store;

import java.sql.SQLException;

/** A read-only open found no registry: no database file, or a database without its schema. */
public final class MissingDatabaseException extends SQLException {
  private static final long serialVersionUID = 1L;

  MissingDatabaseException(String message) {
    super(message);
  }
}
