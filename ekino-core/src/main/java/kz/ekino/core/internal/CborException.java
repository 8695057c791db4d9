package kz.ekino.core.internal;

/** Bytes that are not well-formed, deterministic CBOR of the shape a reader expected. */
public final class CborException extends Exception {
  private static final long serialVersionUID = 1L;

  public CborException(String message) {
    super(message, null, false, false);
  }

  /** Never null: every one is made with a message. */
  @Override
  public String getMessage() {
    return String.valueOf(super.getMessage());
  }
}
