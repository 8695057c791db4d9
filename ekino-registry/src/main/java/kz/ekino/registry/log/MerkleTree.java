package kz.ekino.registry.log;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import kz.ekino.core.log.MerkleHashing;
import kz.ekino.core.log.TreeHash;

/**
 * An append-only RFC 9162 Merkle tree over a {@link NodeStore} of complete-subtree hashes.
 * Appending writes at most log₂(n) + 1 nodes; a root, an inclusion proof or a consistency proof
 * at any size reads O(log n) nodes and never re-reads the leaves.
 *
 * <p>Not thread-safe for appends; proofs for sizes already appended may be computed
 * concurrently when the store allows concurrent reads.
 */
public final class MerkleTree {
  private final NodeStore store;
  private long size;

  public MerkleTree(NodeStore store, long size) {
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
    this.store = store;
    this.size = size;
  }

  public long size() {
    return size;
  }

  /** Appends a leaf hash and returns its index. */
  public long append(TreeHash leafHash) {
    long index = size;
    store.put(0, index, leafHash);
    TreeHash node = leafHash;
    long i = index;
    int level = 0;
    // Each time this leaf completes a left sibling's subtree, store the parent.
    while ((i & 1) == 1) {
      node = MerkleHashing.nodeHash(node(level, i - 1), node);
      i >>= 1;
      level++;
      store.put(level, i, node);
    }
    size = index + 1;
    return index;
  }

  public TreeHash root() {
    return root(size);
  }

  /** MTH(D[0:n]) for any n up to the current size. */
  public TreeHash root(long treeSize) {
    checkSize(treeSize);
    return treeSize == 0 ? MerkleHashing.EMPTY_ROOT : withNodes(h -> h.mth(0, treeSize));
  }

  /** RFC 9162 §2.1.3.1: PATH(m, D[0:n]). */
  public List<TreeHash> inclusionProof(long leafIndex, long treeSize) {
    checkSize(treeSize);
    if (leafIndex < 0 || leafIndex >= treeSize) {
      throw new IllegalArgumentException(
          "leaf index " + leafIndex + " is not in a tree of " + treeSize);
    }
    return withNodes(h -> inclusionPath(h, leafIndex, treeSize));
  }

  private static List<TreeHash> inclusionPath(Hasher h, long leafIndex, long treeSize) {
    List<TreeHash> path = new ArrayList<>();
    long lo = 0;
    long hi = treeSize;
    long m = leafIndex;
    // Walk down from the root, collecting the sibling of each subtree that holds the leaf.
    List<TreeHash> reversed = new ArrayList<>();
    while (hi - lo > 1) {
      long k = largestPowerOfTwoBelow(hi - lo);
      if (m - lo < k) {
        reversed.add(h.mth(lo + k, hi));
        hi = lo + k;
      } else {
        reversed.add(h.mth(lo, lo + k));
        lo = lo + k;
      }
    }
    for (int i = reversed.size() - 1; i >= 0; i--) {
      path.add(reversed.get(i));
    }
    return path;
  }

  /** RFC 9162 §2.1.4.1: PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true). */
  public List<TreeHash> consistencyProof(long size1, long size2) {
    checkSize(size2);
    if (size1 < 0 || size1 > size2) {
      throw new IllegalArgumentException("no consistency proof from " + size1 + " to " + size2);
    }
    if (size1 == 0 || size1 == size2) {
      return new ArrayList<>();
    }
    return withNodes(h -> consistencyPath(h, size1, size2));
  }

  private static List<TreeHash> consistencyPath(Hasher h, long size1, long size2) {
    List<TreeHash> proof = new ArrayList<>();
    List<TreeHash> reversed = new ArrayList<>();
    long lo = 0;
    long hi = size2;
    long m = size1;
    boolean b = true;
    while (true) {
      long n = hi - lo;
      if (m == n) {
        if (!b) {
          reversed.add(h.mth(lo, hi));
        }
        break;
      }
      long k = largestPowerOfTwoBelow(n);
      if (m <= k) {
        reversed.add(h.mth(lo + k, hi));
        hi = lo + k;
      } else {
        reversed.add(h.mth(lo, lo + k));
        lo = lo + k;
        m -= k;
        b = false;
      }
    }
    for (int i = reversed.size() - 1; i >= 0; i--) {
      proof.add(reversed.get(i));
    }
    return proof;
  }

  private void checkSize(long treeSize) {
    if (treeSize < 0 || treeSize > size) {
      throw new IllegalArgumentException(
          "tree size " + treeSize + " is not between 0 and " + size);
    }
  }

  /**
   * Runs a root or proof computation twice: first only to learn which stored nodes it reads
   * (no store reads, no hashing), then, after telling the store, for real.
   */
  private <T> T withNodes(Function<Hasher, T> computation) {
    Hasher plan = new Hasher(true);
    var unused = computation.apply(plan); // a dry run: only the nodes it asks for matter
    store.prefetch(plan.wanted.stream().mapToLong(Long::longValue).toArray());
    return computation.apply(new Hasher(false));
  }

  private TreeHash node(int level, long index) {
    TreeHash h = store.get(level, index);
    if (h == null) {
      throw new IllegalStateException("node store lacks node " + level + "/" + index);
    }
    return h;
  }

  /** Largest power of two strictly less than n (n ≥ 2). */
  static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }

  /**
   * MTH over aligned ranges, for one root or proof. Complete subtrees come from the store;
   * ranges that end at the tree's ragged right edge are computed once and remembered, so a
   * proof costs O(log n) hashes, not O(log² n).
   */
  private final class Hasher {
    private final Map<Long, TreeHash> rightEdge = new HashMap<>();
    /** Planning: record the stored nodes read, answer a placeholder, hash nothing. */
    private final boolean planning;
    private final Set<Long> wanted = new LinkedHashSet<>();

    Hasher(boolean planning) {
      this.planning = planning;
    }

    TreeHash mth(long lo, long hi) {
      long n = hi - lo;
      if (Long.bitCount(n) == 1) {
        int level = Long.numberOfTrailingZeros(n);
        if (planning) {
          wanted.add((lo >> level) << 6 | level);
          return MerkleHashing.EMPTY_ROOT;
        }
        return node(level, lo >> level);
      }
      TreeHash cached = rightEdge.get(lo);
      if (cached != null) {
        return cached;
      }
      long k = largestPowerOfTwoBelow(n);
      TreeHash left = mth(lo, lo + k);
      TreeHash right = mth(lo + k, hi);
      TreeHash h = planning ? MerkleHashing.EMPTY_ROOT : MerkleHashing.nodeHash(left, right);
      rightEdge.put(lo, h);
      return h;
    }
  }
}
