package kz.ekino.core.model;

/** The ticketing system's identifier of a screening: up to 40 ASCII characters. */
public record ScreeningId(String value) {
  public static final int MAX_LENGTH = 40;

  public ScreeningId {
    Text.identifier("screening id", value, MAX_LENGTH);
  }

  public static ScreeningId of(String value) {
    return new ScreeningId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
