package kz.ekino.core.key;

import org.jspecify.annotations.Nullable;

/** Key material from outside (a PEM file, a trust list entry) that is not a usable key. */
public final class KeyFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public KeyFormatException(String message) {
    super(message);
  }

  KeyFormatException(@Nullable String message, Throwable cause) {
    super(message, cause);
  }
}
