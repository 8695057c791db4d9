package kz.ekino.core.monitor;

import java.util.ArrayList;
import java.util.List;
import kz.ekino.core.log.MerkleHashing;
import kz.ekino.core.log.TreeHash;

/**
 * The root of a growing RFC 9162 tree in O(log n) memory: the roots of the perfect subtrees
 * along the tree's right edge, largest first. Adding a leaf merges equal-sized subtrees; the
 * root folds them from the right (MTH splits at the largest power of two below n).
 */
final class RightEdge {
  private final List<TreeHash> hashes = new ArrayList<>();
  private final List<Long> sizes = new ArrayList<>();
  private long size;

  void add(TreeHash leaf) {
    TreeHash h = leaf;
    long s = 1;
    while (!sizes.isEmpty() && sizes.get(sizes.size() - 1) == s) {
      int last = sizes.size() - 1;
      h = MerkleHashing.nodeHash(hashes.remove(last), h);
      sizes.remove(last);
      s *= 2;
    }
    hashes.add(h);
    sizes.add(s);
    size++;
  }

  long size() {
    return size;
  }

  TreeHash root() {
    if (hashes.isEmpty()) {
      return MerkleHashing.EMPTY_ROOT;
    }
    TreeHash h = hashes.get(hashes.size() - 1);
    for (int i = hashes.size() - 2; i >= 0; i--) {
      h = MerkleHashing.nodeHash(hashes.get(i), h);
    }
    return h;
  }
}
