package kz.ekino.core.internal;

/** Lower-case hexadecimal, used for key ids and test vectors. */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  public static String encode(byte[] data) {
    char[] out = new char[data.length * 2];
    for (int i = 0; i < data.length; i++) {
      out[2 * i] = DIGITS[(data[i] >>> 4) & 0xf];
      out[2 * i + 1] = DIGITS[data[i] & 0xf];
    }
    return new String(out);
  }

  /** Decodes upper- or lower-case hex; throws {@link IllegalArgumentException} on anything else. */
  public static byte[] decode(String hex) {
    if (hex.length() % 2 != 0) {
      throw new IllegalArgumentException("hex text has an odd length " + hex.length());
    }
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) ((digit(hex, 2 * i) << 4) | digit(hex, 2 * i + 1));
    }
    return out;
  }

  private static int digit(String hex, int i) {
    int d = Character.digit(hex.charAt(i), 16);
    if (d < 0) {
      throw new IllegalArgumentException("not a hex digit at position " + i);
    }
    return d;
  }
}
