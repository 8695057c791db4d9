package kz.ekino.core.model;

import java.util.regex.Pattern;

/** A genre code such as {@code drama} or {@code animation}: lower-case ASCII, up to 32 chars. */
public record Genre(String code) {
  private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  public Genre {
    if (!CODE.matcher(code).matches()) {
      throw new IllegalArgumentException("genre must be a lower-case code like 'drama', got '"
          + Text.quote(code) + "'");
    }
  }

  public static Genre of(String code) {
    return new Genre(code);
  }

  @Override
  public String toString() {
    return code;
  }
}
