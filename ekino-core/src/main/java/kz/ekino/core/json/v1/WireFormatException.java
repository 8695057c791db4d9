package kz.ekino.core.json.v1;

/**
 * A registry API document that is not valid v1 JSON of the expected type
 * (docs/spec/registry-api-v1.md); the message names the field and the fault.
 */
public final class WireFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public WireFormatException(String message) {
    super(message, null, false, false);
  }
}
