package kz.ekino.core.model;

/** A screening room: its id on tickets, its display name and its number of seats. */
public record Hall(HallId id, String name, int capacity) {
  public static final int MAX_CAPACITY = 10_000;

  public Hall {
    java.util.Objects.requireNonNull(id, "id");
    Text.humanText("hall name", name, 64);
    if (capacity < 1 || capacity > MAX_CAPACITY) {
      throw new IllegalArgumentException(
          "hall capacity must be 1 to " + MAX_CAPACITY + ", got " + capacity);
    }
  }
}
