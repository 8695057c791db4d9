package kz.ekino.core.internal;

/** JSON from outside that does not match the expected document; the message names the field. */
public final class JsonInputException extends Exception {
  private static final long serialVersionUID = 1L;

  public JsonInputException(String message) {
    super(message, null, false, false);
  }

  /** Never null: every one is made with a message. */
  @Override
  public String getMessage() {
    return String.valueOf(super.getMessage());
  }
}
