package kz.ekino.core.json.v1;

/** A sale document that is not valid sale JSON v1; the message names the field and the fault. */
public final class SaleFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public SaleFormatException(String message) {
    super(message);
  }
}
