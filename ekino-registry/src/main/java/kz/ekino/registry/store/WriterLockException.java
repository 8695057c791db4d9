package kz.ekino.registry.store;

import java.sql.SQLException;

/** Another process holds the log's writer lock; the message says who and since when. */
public final class WriterLockException extends SQLException {
  private static final long serialVersionUID = 1L;

  WriterLockException(String message) {
    super(message);
  }
}
