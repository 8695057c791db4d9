package kz.ekino.core.key;

import java.util.Arrays;
import java.util.HexFormat;
import kz.ekino.core.internal.Sha256;

/**
 * An 8-byte key identifier: the first 8 bytes of SHA-256 over the key's SubjectPublicKeyInfo DER.
 * It only selects a candidate key; the signature check is what authenticates.
 */
public final class KeyId {
  public static final int LENGTH = 8;

  private final byte[] bytes;

  private KeyId(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Parses 16 hex digits. */
  public static KeyId fromHex(String hex) {
    if (hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException("key id must be 16 hex digits, got '" + hex + "'");
    }
    return new KeyId(HexFormat.of().parseHex(hex));
  }

  /** Copies 8 bytes, as found in a token header. */
  public static KeyId of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("key id must be 8 bytes, got " + bytes.length);
    }
    return new KeyId(bytes.clone());
  }

  static KeyId ofSpki(byte[] spkiDer) {
    return new KeyId(Arrays.copyOf(Sha256.digest(spkiDer), LENGTH));
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  public String toHex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyId && Arrays.equals(bytes, ((KeyId) o).bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
