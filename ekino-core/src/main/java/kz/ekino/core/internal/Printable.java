package kz.ekino.core.internal;

/**
 * Text from outside as an error message may show it: quoted, at most 48 characters, control
 * characters (a line break, an escape) written as a backslash, 'u' and four hex digits, so
 * that a hostile value cannot forge a second line in a log or a terminal. The model's own
 * checks do the same.
 */
public final class Printable {
  private static final int MAX = 48;

  private Printable() {}

  public static String quote(String value) {
    String s = value.length() > MAX ? value.substring(0, MAX) + "…" : value;
    StringBuilder out = new StringBuilder(s.length() + 2).append('\'');
    s.codePoints().forEach(cp -> {
      if (Character.isISOControl(cp) || Character.getType(cp) == Character.SURROGATE) {
        out.append(String.format("\\u%04x", cp));
      } else {
        out.appendCodePoint(cp);
      }
    });
    return out.append('\'').toString();
  }
}
