package kz.ekino.registry;

import java.util.List;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.log.LogProofs;
import kz.ekino.core.log.TreeHash;

/**
 * Proof that a record is in the log: its entry (leaf {@code serial - 1}) and the RFC 9162
 * audit path in the tree of {@code treeSize} leaves.
 */
public record InclusionProof(LogEntry entry, long treeSize, List<TreeHash> path) {
  public InclusionProof {
    path = List.copyOf(path);
  }

  public long leafIndex() {
    return entry.serial() - 1;
  }

  /** Whether this proof shows the entry in the tree with {@code root} (e.g. a checkpoint's). */
  public boolean verify(TreeHash root) {
    return LogProofs.verifyInclusion(leafIndex(), treeSize, entry.leafHash(), path, root);
  }
}
