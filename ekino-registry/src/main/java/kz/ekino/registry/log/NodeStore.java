package kz.ekino.registry.log;

import kz.ekino.core.log.TreeHash;
import org.jspecify.annotations.Nullable;

/**
 * Where a {@link MerkleTree} keeps the hashes of its complete subtrees: level 0 holds the leaf
 * hashes, level L the roots of the aligned subtrees of 2^L leaves. Hashes never change once
 * written, so readers need no locks.
 */
public interface NodeStore {
  /** The hash at {@code level}, {@code index}, or null if it has not been written. */
  @Nullable TreeHash get(int level, long index);

  void put(int level, long index, TreeHash hash);

  /**
   * Says which nodes a root or proof is about to read, as {@code index << 6 | level}, so that a
   * store behind a database can load them in one query instead of one query each. Reading
   * works the same without it.
   */
  default void prefetch(long[] nodes) {}
}
