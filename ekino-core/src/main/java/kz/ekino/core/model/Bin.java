package kz.ekino.core.model;

/**
 * A Kazakhstan business identification number: 12 digits kept as text, because leading zeros are
 * real. Digits 1–4 are the registration year and month, 5 the entity type, 6 the attribute, 7–11
 * a serial and 12 a check digit, which the constructor verifies.
 */
public record Bin(String value) {
  private static final int[] FIRST_WEIGHTS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  private static final int[] SECOND_WEIGHTS = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};

  public Bin {
    if (value.length() != 12 || !Text.isDigits(value)) {
      throw new IllegalArgumentException("BIN must be 12 digits, got '" + Text.quote(value) + "'");
    }
    int check = checkDigit(value);
    if (check < 0 || check != value.charAt(11) - '0') {
      throw new IllegalArgumentException("BIN '" + value + "' fails its check digit");
    }
  }

  public static Bin of(String value) {
    return new Bin(value);
  }

  /**
   * c = Σ dᵢ·i mod 11; when that is 10, the weights 3..11,1,2 are tried; a second 10 means no
   * valid check digit exists (returns -1).
   */
  static int checkDigit(String digits) {
    int c = weighted(digits, FIRST_WEIGHTS);
    if (c == 10) {
      c = weighted(digits, SECOND_WEIGHTS);
    }
    return c == 10 ? -1 : c;
  }

  private static int weighted(String digits, int[] weights) {
    int sum = 0;
    for (int i = 0; i < 11; i++) {
      sum += (digits.charAt(i) - '0') * weights[i];
    }
    return sum % 11;
  }

  /** The BIN as a number, for compact binary encodings; {@link #ofNumber} restores the zeros. */
  public long toNumber() {
    return Long.parseLong(value);
  }

  public static Bin ofNumber(long number) {
    if (number < 0 || number > 999_999_999_999L) {
      throw new IllegalArgumentException("BIN number out of range: " + number);
    }
    return new Bin(String.format("%012d", number));
  }

  @Override
  public String toString() {
    return value;
  }
}
