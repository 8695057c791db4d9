package kz.ekino.registry.store;

import java.sql.SQLException;

/**
 * A database read failed where an unchecked exception must carry it (a Merkle node read for a
 * proof, a monitoring report). The registry turns it into its public {@code StorageException}; the store itself
 * knows nothing of the registry's API.
 */
public final class StoreFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StoreFailure(String message, SQLException cause) {
    super(message + ": " + cause.getMessage(), cause);
  }
}
