package kz.ekino.core.model;

/**
 * A film's rental certificate number, which identifies the film in e-Kino. It has no public
 * format, so it is kept opaque: 1 to 40 printable ASCII characters.
 */
public record RentalCertificate(String value) {
  public static final int MAX_LENGTH = 40;

  public RentalCertificate {
    Text.asciiLabel("rental certificate number", value, MAX_LENGTH);
  }

  public static RentalCertificate of(String value) {
    return new RentalCertificate(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
