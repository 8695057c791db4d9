package kz.ekino.registry;

import java.sql.SQLException;
import java.util.Optional;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.CheckpointException;
import kz.ekino.core.log.TreeHash;
import kz.ekino.registry.RegistryException.Reason;
import kz.ekino.registry.log.MerkleTree;
import kz.ekino.registry.store.JdbcNodeStore;
import kz.ekino.registry.store.LogAudit;
import kz.ekino.registry.store.Records;
import kz.ekino.registry.store.Records.Head;
import org.jspecify.annotations.Nullable;

/**
 * What a registry checks before it serves a database, for writers and readers alike: serials
 * are gapless, the stored checkpoint is signed by this registry and names the root that the
 * stored nodes give, the newest entries hash to their leaves and hold what they say, and the
 * database is not behind the
 * last checkpoint published (the {@link CheckpointFile}) nor on another history.
 */
final class LogCheck {
  /** How many of the newest entries are re-derived at every open. */
  static final int NEWEST = 64;

  private LogCheck() {}

  static void atOpen(Records records, JdbcNodeStore nodes, Head head, RegistryConfig config,
      @Nullable CheckpointFile witness) throws SQLException, RegistryException {
    atOpen(records, nodes, head, config, witness,
        witness == null ? null : witness.read().orElse(null), null);
  }

  /**
   * As above, with the checkpoint file's content read by the caller ({@code published}: a
   * reader beside a running writer reads the file before the head, since the writer writes
   * it after each commit), and the largest head a standby saw while it followed the writer
   * ({@code seen}, null if none): the database must hold that too.
   */
  static void atOpen(Records records, JdbcNodeStore nodes, Head head, RegistryConfig config,
      @Nullable CheckpointFile witness, @Nullable Checkpoint published, @Nullable Head seen)
      throws SQLException, RegistryException {
    long size = head.treeSize();
    long[] countMax = records.countAndMaxSerial();
    if (countMax[0] != size || countMax[1] != size) {
      throw new RegistryException(Reason.TAMPERED, "refusing to start: the log holds " + size
          + " leaves but the database " + countMax[0] + " records with serials up to "
          + countMax[1]);
    }
    Checkpoint signed;
    try {
      signed = Checkpoint.parseSigned(head.checkpoint(), config.origin(),
          config.registryKey().verificationKey());
    } catch (CheckpointException e) {
      throw new RegistryException(Reason.TAMPERED, "refusing to start: the stored checkpoint "
          + "does not verify with this registry's key and origin " + config.origin() + " ("
          + e.getMessage() + ")");
    }
    MerkleTree tree = new MerkleTree(nodes, size);
    TreeHash root = tree.root(size);
    if (signed.treeSize() != size || !signed.rootHash().equals(root)
        || !head.root().equals(root)) {
      throw new RegistryException(Reason.TAMPERED, "refusing to start: the log's nodes give "
          + "root " + root.toBase64() + " at size " + size + ", but the last checkpoint says "
          + signed.rootHash().toBase64() + " at size " + signed.treeSize());
    }
    // The newest entries, with the columns they project to: where a careless edit (or a crash
    // of a writer that did not fence) would show first. The full audit reads everything.
    Optional<LogAudit.Finding> newest = LogAudit.newest(records.connection(), size, NEWEST);
    if (newest.isPresent()) {
      throw new RegistryException(Reason.TAMPERED, "refusing to start: "
          + newest.get().message() + ". Run the full audit (ekino audit) and see "
          + "'Operations' in docs/registry.md");
    }
    if (published != null) {
      againstPublished(tree, size, published.treeSize(), published.rootHash(),
          "this registry published", "(" + (witness == null ? "its checkpoint file"
          : witness.path()) + ")");
    }
    if (seen != null) {
      againstPublished(tree, size, seen.treeSize(), seen.root(), "this standby served",
          "(read from the writer's log while it followed it)");
    }
  }

  private static void againstPublished(MerkleTree tree, long size, long publishedSize,
      TreeHash publishedRoot, String who, String where) throws RegistryException {
    if (publishedSize > size) {
      throw new RegistryException(Reason.BEHIND, "refusing to start: the database holds "
          + size + " log entries, but " + who + " a checkpoint of " + publishedSize + " "
          + where + ": " + (publishedSize - size)
          + " entries are missing. The database was restored from a backup, is a replica "
          + "that is behind, or was replaced. Point the registry at the up-to-date database; "
          + "see 'Operations' in docs/registry.md before anything else");
    }
    if (!tree.root(publishedSize).equals(publishedRoot)) {
      throw new RegistryException(Reason.DIVERGED, "refusing to start: the database's log at "
          + "size " + publishedSize + " is not the one " + who + " " + where + ": it holds a "
          + "different history. See 'Operations' in docs/registry.md");
    }
  }
}
