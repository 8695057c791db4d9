package kz.ekino.core.log;

import java.util.ArrayList;
import java.util.List;

/**
 * Strict verification of RFC 9162 proofs, for offline verifiers and auditors. Each method
 * follows the RFC's algorithm step by step and fails on anything it does not prove: an index
 * outside the tree, sizes out of order, and a proof that is one hash too short or too long.
 */
public final class LogProofs {
  private LogProofs() {}

  /**
   * RFC 9162 §2.1.3.2: whether {@code proof} proves that the leaf with {@code leafHash} is at
   * {@code leafIndex} (0-based) in the tree of {@code treeSize} leaves with {@code root}.
   */
  public static boolean verifyInclusion(long leafIndex, long treeSize, TreeHash leafHash,
      List<TreeHash> proof, TreeHash root) {
    // 1. The index must be inside the tree.
    if (leafIndex < 0 || leafIndex >= treeSize) {
      return false;
    }
    // 2.-3.
    long fn = leafIndex;
    long sn = treeSize - 1;
    TreeHash r = leafHash;
    // 4.
    for (TreeHash p : proof) {
      if (sn == 0) {
        return false; // a. more hashes than the path has levels
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = MerkleHashing.nodeHash(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = MerkleHashing.nodeHash(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    // 5. All levels consumed, and the root reached.
    return sn == 0 && r.equals(root);
  }

  /**
   * RFC 9162 §2.1.4.2: whether {@code proof} proves that the tree of {@code size1} leaves with
   * {@code root1} is a prefix of the tree of {@code size2} leaves with {@code root2}. Equal
   * sizes need an empty proof and equal roots; the empty tree is a prefix of every tree.
   */
  public static boolean verifyConsistency(long size1, long size2, TreeHash root1,
      TreeHash root2, List<TreeHash> proof) {
    if (size1 < 0 || size2 < size1) {
      return false;
    }
    if (size1 == size2) {
      return proof.isEmpty() && root1.equals(root2);
    }
    if (size1 == 0) {
      return proof.isEmpty() && root1.equals(MerkleHashing.EMPTY_ROOT);
    }
    // 1. A non-trivial proof is never empty.
    if (proof.isEmpty()) {
      return false;
    }
    // 2. A power-of-two first tree is itself a node of the second: its root starts the path.
    List<TreeHash> path = new ArrayList<>(proof.size() + 1);
    if (Long.bitCount(size1) == 1) {
      path.add(root1);
    }
    path.addAll(proof);
    // 3.-4.
    long fn = size1 - 1;
    long sn = size2 - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    // 5.
    TreeHash fr = path.get(0);
    TreeHash sr = path.get(0);
    // 6.
    for (TreeHash c : path.subList(1, path.size())) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = MerkleHashing.nodeHash(c, fr);
        sr = MerkleHashing.nodeHash(c, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        sr = MerkleHashing.nodeHash(sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    // 7.
    return fr.equals(root1) && sr.equals(root2) && sn == 0;
  }
}
