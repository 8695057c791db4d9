package kz.ekino.core.model;

/** Where the visitor sits: a numbered row and seat, or general admission. */
public sealed interface Seat permits Seat.Assigned, Seat.GeneralAdmission {
  int MAX_NUMBER = 9_999;

  static Seat assigned(int row, int number) {
    return new Assigned(row, number);
  }

  static Seat generalAdmission() {
    return GeneralAdmission.INSTANCE;
  }

  /** Row and seat numbers, both 1 to 9999. */
  record Assigned(int row, int number) implements Seat {
    public Assigned {
      if (row < 1 || row > MAX_NUMBER) {
        throw new IllegalArgumentException("row must be 1 to " + MAX_NUMBER + ", got " + row);
      }
      if (number < 1 || number > MAX_NUMBER) {
        throw new IllegalArgumentException("seat must be 1 to " + MAX_NUMBER + ", got " + number);
      }
    }
  }

  /** No seat number: the visitor takes any free place. */
  enum GeneralAdmission implements Seat {
    INSTANCE
  }
}
