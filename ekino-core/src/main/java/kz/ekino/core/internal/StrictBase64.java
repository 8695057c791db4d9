package kz.ekino.core.internal;

import java.util.Base64;

/**
 * Base64 read in its one canonical spelling only (RFC 4648 §3.5): the alphabet and nothing else
 * (no whitespace, no line breaks), the padding the encoder writes, and zero bits in the unused
 * low bits of the last character. Decoding and re-encoding gives back the text, so a signature
 * or hash has exactly one spelling and a changed character is never ignored.
 */
public final class StrictBase64 {
  private StrictBase64() {}

  /**
   * Base64 with padding (RFC 4648 §4), as in signed notes and JSON hashes; throws
   * {@link IllegalArgumentException} saying what is wrong.
   */
  public static byte[] decode(String text) {
    return decode(text, false);
  }

  /** Base64url without padding (RFC 4648 §5, RFC 7515 §2), as in JWS and the wire JSON. */
  public static byte[] decodeUrl(String text) {
    return decode(text, true);
  }

  private static byte[] decode(String text, boolean url) {
    int padding = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '=' && !url) {
        padding++;
        continue;
      }
      if (padding > 0 || !inAlphabet(c, url)) {
        throw new IllegalArgumentException((url ? "not base64url: " : "not base64: ")
            + describe(c) + " at position " + i);
      }
    }
    byte[] bytes;
    try {
      bytes = (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(url ? "not base64url: impossible length "
          + text.length() : "not base64: wrong length or padding");
    }
    String canonical = url ? Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)
        : Base64.getEncoder().encodeToString(bytes);
    if (!canonical.equals(text)) {
      boolean bits = !canonical.replace("=", "").equals(text.replace("=", ""));
      throw new IllegalArgumentException("not canonical " + (url ? "base64url" : "base64") + ": "
          + (bits ? "the last character has unused bits set" : url ? "padded"
          : "padding missing or wrong"));
    }
    return bytes;
  }

  private static boolean inAlphabet(char c, boolean url) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
        || (url ? (c == '-' || c == '_') : (c == '+' || c == '/'));
  }

  private static String describe(char c) {
    return c >= 0x21 && c < 0x7f ? "character '" + c + "'"
        : String.format("character U+%04X", (int) c);
  }
}
