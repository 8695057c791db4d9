package kz.ekino.core.model;

/** The vendor's own identifier of one ticket, unique per vendor: up to 40 ASCII characters. */
public record TicketId(String value) {
  public static final int MAX_LENGTH = 40;

  public TicketId {
    Text.identifier("ticket id", value, MAX_LENGTH);
  }

  public static TicketId of(String value) {
    return new TicketId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
