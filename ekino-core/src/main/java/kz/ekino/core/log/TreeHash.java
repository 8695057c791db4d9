package kz.ekino.core.log;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import kz.ekino.core.internal.StrictBase64;

/** A SHA-256 hash in a Merkle tree: a leaf hash, an interior node or a root. */
public final class TreeHash {
  public static final int LENGTH = 32;

  private final byte[] bytes;

  private TreeHash(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Copies 32 bytes. */
  public static TreeHash of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a tree hash is 32 bytes, got " + bytes.length);
    }
    return new TreeHash(bytes.clone());
  }

  /** Wraps 32 bytes the caller hands over and will not change. */
  static TreeHash wrap(byte[] bytes) {
    return new TreeHash(bytes);
  }

  /**
   * Reads a hash in its one canonical base64 spelling (padded, no stray bits, no whitespace),
   * as checkpoints write it; throws {@link IllegalArgumentException} saying what is wrong.
   */
  public static TreeHash fromBase64(String base64) {
    byte[] bytes = StrictBase64.decode(base64);
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a tree hash is 32 bytes, got " + bytes.length);
    }
    return new TreeHash(bytes);
  }

  public static TreeHash fromHex(String hex) {
    return of(HexFormat.of().parseHex(hex));
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  byte[] bytes() {
    return bytes;
  }

  public String toBase64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  public String toHex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TreeHash && Arrays.equals(bytes, ((TreeHash) o).bytes);
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
