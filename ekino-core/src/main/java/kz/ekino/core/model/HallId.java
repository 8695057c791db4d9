package kz.ekino.core.model;

/** A hall's identifier within its cinema, as printed on the ticket: up to 16 ASCII characters. */
public record HallId(String value) {
  public static final int MAX_LENGTH = 16;

  public HallId {
    Text.identifier("hall id", value, MAX_LENGTH);
  }

  public static HallId of(String value) {
    return new HallId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
