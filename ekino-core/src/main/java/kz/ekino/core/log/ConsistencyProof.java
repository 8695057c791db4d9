package kz.ekino.core.log;

import java.util.List;

/**
 * Proof that the log's tree of {@code size1} leaves is a prefix of its tree of {@code size2}
 * leaves (RFC 9162 §2.1.4): nothing published at {@code size1} was changed or removed later.
 */
public record ConsistencyProof(long size1, long size2, List<TreeHash> path) {
  /** RFC 9162 consistency proofs of trees up to 2^63 leaves are shorter than this. */
  public static final int MAX_PATH = 128;

  public ConsistencyProof {
    if (size1 < 0 || size2 < size1) {
      throw new IllegalArgumentException("a consistency proof goes from a smaller tree to a "
          + "larger one: " + size1 + " to " + size2);
    }
    path = List.copyOf(path);
    if (path.size() > MAX_PATH) {
      throw new IllegalArgumentException("a consistency proof has at most " + MAX_PATH
          + " hashes");
    }
  }

  /**
   * Whether this proof shows that the tree with {@code root1} (at {@code size1}) is a prefix of
   * the tree with {@code root2} (at {@code size2}), for instance two signed checkpoints' roots.
   */
  public boolean verify(TreeHash root1, TreeHash root2) {
    return LogProofs.verifyConsistency(size1, size2, root1, root2, path);
  }
}
