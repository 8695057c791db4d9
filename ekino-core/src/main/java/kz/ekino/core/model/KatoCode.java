package kz.ekino.core.model;

/** A 9-digit KATO administrative-territorial code; its first two digits name the region. */
public record KatoCode(String value) {
  public KatoCode {
    if (value.length() != 9 || !Text.isDigits(value)) {
      throw new IllegalArgumentException(
          "KATO code must be 9 digits, got '" + Text.quote(value) + "'");
    }
    Region.ofCode(value.substring(0, 2));
  }

  public static KatoCode of(String value) {
    return new KatoCode(value);
  }

  public Region region() {
    return Region.ofCode(value.substring(0, 2));
  }

  @Override
  public String toString() {
    return value;
  }
}
