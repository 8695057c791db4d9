package kz.ekino.core.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import kz.ekino.core.log.ConsistencyProof;
import kz.ekino.core.log.MerkleHashing;
import kz.ekino.core.log.TreeHash;

/**
 * A log's Merkle tree computed from scratch by the RFC 9162 §2.1 definitions (MTH and
 * PROOF/SUBPROOF), independently of the code under test: genuine roots and consistency proofs
 * for the witness tests. Leaf i is the hash of the text {@code prefix + i}.
 */
public final class MerkleTrees {
  private final List<TreeHash> leaves = new ArrayList<>();

  /** A tree of {@code size} leaves named {@code prefix0, prefix1, …}. */
  public MerkleTrees(String prefix, int size) {
    for (int i = 0; i < size; i++) {
      leaves.add(MerkleHashing.leafHash((prefix + i).getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** A tree whose leaf i is the hash of {@code texts.get(i)}. */
  public MerkleTrees(List<String> texts) {
    for (String t : texts) {
      leaves.add(MerkleHashing.leafHash(t.getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** MTH of the first {@code n} leaves. */
  public TreeHash root(int n) {
    return root(0, n);
  }

  /** PROOF(m, D[0:n]). */
  public ConsistencyProof consistency(int m, int n) {
    return new ConsistencyProof(m, n, m == 0 || m == n ? List.of() : subproof(m, 0, n, true));
  }

  private TreeHash root(int from, int to) {
    if (to == from) {
      return MerkleHashing.EMPTY_ROOT;
    }
    if (to - from == 1) {
      return leaves.get(from);
    }
    int k = Integer.highestOneBit(to - from - 1);
    return MerkleHashing.nodeHash(root(from, from + k), root(from + k, to));
  }

  private List<TreeHash> subproof(int m, int from, int to, boolean complete) {
    List<TreeHash> out = new ArrayList<>();
    if (m == to - from) {
      if (!complete) {
        out.add(root(from, to));
      }
      return out;
    }
    int k = Integer.highestOneBit(to - from - 1);
    if (m <= k) {
      out.addAll(subproof(m, from, from + k, complete));
      out.add(root(from + k, to));
    } else {
      out.addAll(subproof(m - k, from + k, to, false));
      out.add(root(from, from + k));
    }
    return out;
  }
}
