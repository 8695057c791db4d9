package kz.ekino.core.log;

import java.util.List;
import java.util.Objects;

/**
 * Proof that a record is in the log: its entry (leaf {@code serial - 1}) and the RFC 9162
 * audit path in the tree of {@code treeSize} leaves.
 */
public record InclusionProof(LogEntry entry, long treeSize, List<TreeHash> path) {
  /** No tree of up to 2^63 leaves is deeper than this. */
  public static final int MAX_PATH = 64;

  public InclusionProof {
    Objects.requireNonNull(entry, "entry");
    if (treeSize < entry.serial()) {
      throw new IllegalArgumentException("record " + entry.serial() + " is not in a tree of "
          + treeSize + " leaves");
    }
    path = List.copyOf(path);
    if (path.size() > MAX_PATH) {
      throw new IllegalArgumentException("an audit path has at most " + MAX_PATH + " hashes");
    }
  }

  public long leafIndex() {
    return entry.serial() - 1;
  }

  /** Whether this proof shows the entry in the tree with {@code root} (e.g. a checkpoint's). */
  public boolean verify(TreeHash root) {
    return LogProofs.verifyInclusion(leafIndex(), treeSize, entry.leafHash(), path, root);
  }
}
