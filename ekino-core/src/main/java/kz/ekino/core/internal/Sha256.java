package kz.ekino.core.internal;

import org.bouncycastle.crypto.digests.SHA256Digest;

/** SHA-256 without the JCA provider lookup that {@code MessageDigest.getInstance} costs. */
public final class Sha256 {
  public static final int LENGTH = 32;

  private Sha256() {}

  public static byte[] digest(byte[] data, int offset, int length) {
    SHA256Digest d = new SHA256Digest();
    d.update(data, offset, length);
    byte[] out = new byte[LENGTH];
    d.doFinal(out, 0);
    return out;
  }

  public static byte[] digest(byte[] data) {
    return digest(data, 0, data.length);
  }
}
