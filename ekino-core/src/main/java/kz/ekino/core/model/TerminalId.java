package kz.ekino.core.model;

/**
 * A selling point's identifier within its vendor — a box-office workstation, a kiosk, a web or
 * mobile shop instance: up to 32 ASCII characters, as entered in the registry's directory.
 */
public record TerminalId(String value) {
  public static final int MAX_LENGTH = 32;

  public TerminalId {
    Text.identifier("terminal id", value, MAX_LENGTH);
  }

  public static TerminalId of(String value) {
    return new TerminalId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
