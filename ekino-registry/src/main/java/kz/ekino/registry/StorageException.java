package kz.ekino.registry;

import kz.ekino.core.registration.Refusal;

/**
 * The registry's database failed while reading (connection lost, I/O error). Writes never throw
 * it: they answer {@link Refusal#UNAVAILABLE} and keep nothing of the failed batch.
 */
public final class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message, Throwable cause) {
    super(message + ": " + cause.getMessage(), cause);
  }
}
