package kz.ekino.core.internal;

/**
 * RFC 4648 §6 base32, upper case, without padding, decoded strictly: only the 32 alphabet
 * characters, no padding, and no set bits left over in the last character, so that every byte
 * string has exactly one text form (a token cannot be re-spelled to dodge a duplicate check).
 */
public final class Base32 {
  private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
  private static final int[] VALUES = new int[128];

  static {
    java.util.Arrays.fill(VALUES, -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      VALUES[ALPHABET[i]] = i;
    }
  }

  private Base32() {}

  public static String encode(byte[] data) {
    StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(ALPHABET[(buffer >>> (bits - 5)) & 0x1f]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(ALPHABET[(buffer << (5 - bits)) & 0x1f]);
    }
    return out.toString();
  }

  /** Decodes {@code text[from, to)}; throws {@link IllegalArgumentException} naming the fault. */
  public static byte[] decode(CharSequence text, int from, int to) {
    int chars = to - from;
    // 8 characters carry 5 bytes; a final group of 1, 3 or 6 characters cannot end on a byte.
    int rest = chars % 8;
    if (rest == 1 || rest == 3 || rest == 6) {
      throw new IllegalArgumentException("base32 text has an impossible length " + chars);
    }
    byte[] out = new byte[chars * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      int v = c < 128 ? VALUES[c] : -1;
      if (v < 0) {
        throw new IllegalArgumentException(
            "character " + describe(c) + " at position " + (i - from) + " is not base32");
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out[n++] = (byte) (buffer >>> (bits - 8));
        bits -= 8;
      }
      buffer &= (1 << bits) - 1;
    }
    if (buffer != 0) {
      throw new IllegalArgumentException("base32 text has non-zero padding bits");
    }
    return out;
  }

  public static byte[] decode(CharSequence text) {
    return decode(text, 0, text.length());
  }

  private static String describe(char c) {
    return c >= 0x21 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }
}
