package kz.ekino.core.log;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.jspecify.annotations.Nullable;

/** RFC 9162 §2.1.1 hashing: leaves prefixed with 0x00, interior nodes with 0x01. */
public final class MerkleHashing {
  /** The root of the empty tree: SHA-256 of the empty string. */
  public static final TreeHash EMPTY_ROOT = TreeHash.wrap(digest(new byte[0], null, null));

  private MerkleHashing() {}

  /** MTH({d}) = SHA-256(0x00 || d). */
  public static TreeHash leafHash(byte[] entry) {
    return TreeHash.wrap(digest(new byte[] {0x00}, entry, null));
  }

  /** SHA-256(0x01 || left || right). */
  public static TreeHash nodeHash(TreeHash left, TreeHash right) {
    return TreeHash.wrap(digest(new byte[] {0x01}, left.bytes(), right.bytes()));
  }

  private static byte[] digest(byte[] a, byte @Nullable [] b, byte @Nullable [] c) {
    SHA256Digest d = new SHA256Digest();
    d.update(a, 0, a.length);
    if (b != null) {
      d.update(b, 0, b.length);
    }
    if (c != null) {
      d.update(c, 0, c.length);
    }
    byte[] out = new byte[TreeHash.LENGTH];
    d.doFinal(out, 0);
    return out;
  }
}
