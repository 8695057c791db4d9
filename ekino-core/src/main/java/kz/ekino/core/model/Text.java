package kz.ekino.core.model;

/** Validation helpers shared by the records of this package. */
final class Text {
  private Text() {}

  static boolean isDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * An identifier: 1..max characters of printable ASCII without spaces (0x21–0x7E), so it is
   * the same on every system and in every encoding.
   */
  static String identifier(String what, String value, int max) {
    if (value.isEmpty() || value.length() > max) {
      throw new IllegalArgumentException(
          what + " must be 1 to " + max + " characters, got '" + quote(value) + "'");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException(what + " must be printable ASCII without spaces, got '"
            + quote(value) + "'");
      }
    }
    return value;
  }

  /** Printable ASCII with inner single spaces allowed, 1..max, no leading or trailing space. */
  static String asciiLabel(String what, String value, int max) {
    if (value.isEmpty() || value.length() > max) {
      throw new IllegalArgumentException(
          what + " must be 1 to " + max + " characters, got '" + quote(value) + "'");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException(what + " must be printable ASCII, got '"
            + quote(value) + "'");
      }
    }
    if (value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ') {
      throw new IllegalArgumentException(
          what + " must not start or end with a space, got '" + quote(value) + "'");
    }
    return value;
  }

  /** Human text in any script: 1..max code points, no control characters, trimmed. */
  static String humanText(String what, String value, int max) {
    int length = value.codePointCount(0, value.length());
    if (value.isBlank() || length > max) {
      throw new IllegalArgumentException(
          what + " must be 1 to " + max + " characters, got '" + quote(value) + "'");
    }
    if (!value.strip().equals(value)) {
      throw new IllegalArgumentException(
          what + " must not start or end with white space, got '" + quote(value) + "'");
    }
    boolean controls = value.codePoints().anyMatch(cp -> Character.isISOControl(cp)
        || Character.getType(cp) == Character.SURROGATE);
    if (controls) {
      throw new IllegalArgumentException(what + " must not contain control characters");
    }
    return value;
  }

  /** A value for an error message: bounded, with control characters made visible. */
  static String quote(String value) {
    String s = value.length() > 48 ? value.substring(0, 48) + "…" : value;
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> {
      if (Character.isISOControl(cp)) {
        out.append(String.format("\\u%04x", cp));
      } else {
        out.appendCodePoint(cp);
      }
    });
    return out.toString();
  }
}
