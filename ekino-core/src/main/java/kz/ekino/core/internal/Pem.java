package kz.ekino.core.internal;

import java.util.Base64;
import java.util.regex.Pattern;

/** RFC 7468 PEM armour: one block with a fixed label around base64 DER. */
public final class Pem {
  /** Key files are a few hundred bytes; anything far larger is not a key. */
  public static final int MAX_CHARS = 16 * 1024;

  private static final Pattern WHITESPACE = Pattern.compile("[ \\t\\r\\n]+");

  private Pem() {}

  public static String encode(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }

  /**
   * Returns the DER inside the one block labelled {@code label}; throws
   * {@link IllegalArgumentException} with a message saying what is wrong otherwise.
   */
  public static byte[] decode(String label, String pem) {
    if (pem.length() > MAX_CHARS) {
      throw new IllegalArgumentException("PEM text is longer than " + MAX_CHARS + " characters");
    }
    String text = pem.strip();
    if (!text.startsWith("-----BEGIN ")) {
      throw new IllegalArgumentException("not PEM: expected '-----BEGIN " + label + "-----'");
    }
    int labelEnd = text.indexOf("-----", 11);
    if (labelEnd < 0) {
      throw new IllegalArgumentException("not PEM: unterminated BEGIN line");
    }
    String found = text.substring(11, labelEnd);
    if (!found.equals(label)) {
      throw new IllegalArgumentException(
          "expected a '" + label + "' PEM block, found '" + found + "'");
    }
    String footer = "-----END " + label + "-----";
    if (!text.endsWith(footer)) {
      throw new IllegalArgumentException("PEM block does not end with '" + footer + "'");
    }
    String body = text.substring(labelEnd + 5, text.length() - footer.length());
    byte[] der;
    try {
      // Line breaks are armour; any other stray character is an error, not something to skip.
      der = StrictBase64.decode(WHITESPACE.matcher(body).replaceAll(""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("PEM body is " + e.getMessage(), e);
    }
    if (der.length == 0) {
      throw new IllegalArgumentException("PEM block is empty");
    }
    return der;
  }
}
