package kz.ekino.registry;

/**
 * The registry cannot run: its database is unreachable, or its log does not match its last
 * signed checkpoint (tampering or corruption), so it refuses to start rather than sign on top.
 */
public final class RegistryException extends Exception {
  private static final long serialVersionUID = 1L;

  public RegistryException(String message) {
    super(message);
  }

  public RegistryException(String message, Throwable cause) {
    super(message + ": " + cause.getMessage(), cause);
  }
}
