package kz.ekino.registry.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.log.MerkleHashing;
import kz.ekino.core.log.TreeHash;
import org.jspecify.annotations.Nullable;

/**
 * The full audit of the log against the records, in memory that does not grow with the log.
 * Records are read in serial order, a chunk at a time; each is hashed to its leaf and compared
 * with the stored leaf; the tree is rebuilt on the fly with the right-edge stack of complete
 * subtrees (one hash per level, the "compact range"), and every interior node the writer
 * stored ({@code log_nodes} at levels above 0) is compared with the rebuilt one as soon as its
 * last leaf is in. The stack folds into the root at the end. So a changed record, a changed or
 * missing leaf, a changed or missing interior node and a root that does not follow from the
 * records are all caught, the first one by serial.
 *
 * <p>Memory: one chunk of records ({@value #RECORD_CHUNK} rows, about 2.5 MB) and, per level of
 * the tree, one chunk of stored nodes ({@value #NODE_CHUNK} hashes); about 10 MB at any size.
 * Each chunk is its own short statement, so PostgreSQL's driver never holds a whole result
 * and SQLite never holds one read snapshot for the whole audit.
 */
public final class LogAudit {
  static final int RECORD_CHUNK = 4096;
  static final int NODE_CHUNK = 4096;
  private static final int LEVELS = 64;

  /** What is wrong, from the record up to the root. */
  public enum Problem {
    /** A serial up to the tree size has no record. */
    MISSING_RECORD,
    /** The record cannot be a log entry (an unknown kind, an impossible instant). */
    MALFORMED_RECORD,
    /** The record does not hash to the stored leaf. */
    RECORD_NOT_LEAF,
    /** A stored node (a leaf at level 0) that the tree size implies is missing. */
    MISSING_NODE,
    /** A stored interior node differs from the hash of the records below it. */
    NODE_NOT_RECOMPUTED,
    /** The records give another root than the one the checkpoint signs. */
    ROOT_MISMATCH
  }

  /**
   * The first problem found. {@code serial} is the record concerned: for a node, the last
   * record below it (the one whose arrival completed it); {@code level} and {@code index} name
   * the node ({@code -1} when no node is concerned).
   */
  public record Finding(Problem problem, long serial, int level, long index, String message) {}

  private final Connection c;
  private final long size;
  private final int recordChunk;
  private final int nodeChunk;
  private final @Nullable Level[] levels = new Level[LEVELS];
  /** The root of the complete subtree waiting for its right sibling, per level. */
  private final @Nullable TreeHash[] rightEdge = new TreeHash[LEVELS];

  private LogAudit(Connection c, long size, int recordChunk, int nodeChunk) {
    this.c = c;
    this.size = size;
    this.recordChunk = recordChunk;
    this.nodeChunk = nodeChunk;
  }

  /**
   * Audits the first {@code size} records against the stored tree and {@code root}.
   *
   * @throws IllegalArgumentException if {@code size} is negative
   */
  public static Optional<Finding> audit(Connection c, long size, TreeHash root)
      throws SQLException {
    return audit(c, size, root, RECORD_CHUNK, NODE_CHUNK);
  }

  /** With other chunk sizes, so that tests cross chunk boundaries on small logs. */
  static Optional<Finding> audit(Connection c, long size, TreeHash root, int recordChunk,
      int nodeChunk) throws SQLException {
    if (size < 0) {
      throw new IllegalArgumentException("tree size must not be negative: " + size);
    }
    LogAudit audit = new LogAudit(c, size, recordChunk, nodeChunk);
    try {
      Optional<Finding> problem = audit.leaves();
      if (problem.isPresent()) {
        return problem;
      }
      TreeHash computed = audit.root();
      return computed.equals(root) ? Optional.empty()
          : Optional.of(new Finding(Problem.ROOT_MISMATCH, size, -1, -1, "the records give root "
              + computed.toBase64() + ", the checkpoint says " + root.toBase64()));
    } finally {
      audit.close();
    }
  }

  static BoundSql recordsSql(long fromSerial, long toSerial) {
    return BoundSql.of("audit: records by serial", "SELECT serial, registered_at, kind,"
        + " submission FROM records WHERE serial >= ? AND serial < ? ORDER BY serial",
        fromSerial, toSerial);
  }

  static BoundSql nodesSql(int level, long fromIndex, long toIndex) {
    return BoundSql.of("audit: stored nodes of a level", "SELECT idx, hash FROM log_nodes"
        + " WHERE level = ? AND idx >= ? AND idx < ? ORDER BY idx", (long) level, fromIndex,
        toIndex);
  }

  private Optional<Finding> leaves() throws SQLException {
    long expected = 1;
    while (expected <= size) {
      long to = Math.min(size + 1, expected + recordChunk);
      try (PreparedStatement s = recordsSql(expected, to).prepare(c);
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long serial = rs.getLong(1);
          if (serial != expected) {
            return Optional.of(new Finding(Problem.MISSING_RECORD, expected, -1, -1,
                "record " + expected + " is missing"));
          }
          Optional<Finding> problem = leaf(serial, rs.getLong(2), rs.getInt(3), rs.getBytes(4));
          if (problem.isPresent()) {
            return problem;
          }
          expected++;
        }
      }
      if (expected < to) {
        boolean later = false;
        try (PreparedStatement s = recordsSql(expected, size + 1).prepare(c, "")) {
          s.setMaxRows(1);
          try (ResultSet rs = s.executeQuery()) {
            later = rs.next();
          }
        }
        return Optional.of(new Finding(Problem.MISSING_RECORD, expected, -1, -1, later
            ? "record " + expected + " is missing"
            : "the log has " + size + " leaves but " + (expected - 1) + " records"));
      }
    }
    return Optional.empty();
  }

  /** Hashes record {@code serial}, checks its leaf and every node its leaf completes. */
  private Optional<Finding> leaf(long serial, long registeredAt, int kind, byte[] submission)
      throws SQLException {
    TreeHash hash;
    try {
      hash = new LogEntry(serial, Instant.ofEpochSecond(registeredAt), kind(kind), submission)
          .leafHash();
    } catch (IllegalArgumentException e) {
      return Optional.of(new Finding(Problem.MALFORMED_RECORD, serial, -1, -1,
          "record " + serial + " is not a log entry: " + e.getMessage()));
    }
    long index = serial - 1;
    TreeHash stored = node(0, index);
    if (stored == null) {
      return Optional.of(new Finding(Problem.MISSING_NODE, serial, 0, index,
          "log leaf " + index + " is missing"));
    }
    if (!stored.equals(hash)) {
      return Optional.of(new Finding(Problem.RECORD_NOT_LEAF, serial, 0, index,
          "record " + serial + " does not hash to its log leaf"));
    }
    TreeHash node = hash;
    int level = 0;
    // Each time this leaf completes a left sibling's subtree, the parent is complete too.
    while ((index & 1) == 1) {
      node = MerkleHashing.nodeHash(leftSibling(level), node);
      rightEdge[level] = null;
      index >>= 1;
      level++;
      stored = node(level, index);
      long first = (index << level) + 1;
      if (stored == null) {
        return Optional.of(new Finding(Problem.MISSING_NODE, serial, level, index, "log node "
            + level + "/" + index + " (records " + first + " to " + serial + ") is missing"));
      }
      if (!stored.equals(node)) {
        return Optional.of(new Finding(Problem.NODE_NOT_RECOMPUTED, serial, level, index,
            "log node " + level + "/" + index + " does not match records " + first + " to "
                + serial + ", which hash to their leaves"));
      }
    }
    rightEdge[level] = node;
    return Optional.empty();
  }

  private TreeHash leftSibling(int level) {
    TreeHash left = rightEdge[level];
    if (left == null) {
      throw new IllegalStateException("no left subtree at level " + level); // cannot happen
    }
    return left;
  }

  /** The kind column's codes (schema V1: 0 sale, 1 refund), named here, not by ordinal. */
  private static LogEntry.Kind kind(int code) {
    switch (code) {
      case 0:
        return LogEntry.Kind.SALE;
      case 1:
        return LogEntry.Kind.REFUND;
      default:
        throw new IllegalArgumentException("unknown kind " + code);
    }
  }

  /** The complete subtrees on the right edge, folded right to left: RFC 9162 MTH. */
  private TreeHash root() {
    @Nullable TreeHash root = null;
    for (@Nullable TreeHash h : rightEdge) {
      if (h != null) {
        root = root == null ? h : MerkleHashing.nodeHash(h, root);
      }
    }
    return root == null ? MerkleHashing.EMPTY_ROOT : root;
  }

  private @Nullable TreeHash node(int level, long index) throws SQLException {
    Level l = levels[level];
    if (l == null) {
      l = new Level(level);
      levels[level] = l;
    }
    return l.get(index);
  }

  private void close() {
    Arrays.fill(levels, null);
  }

  /** The stored nodes of one level, read forwards a chunk at a time. */
  private final class Level {
    private final int level;
    private final @Nullable TreeHash[] chunk;
    private long from = 0;
    private long to = 0;

    Level(int level) {
      this.level = level;
      // The complete nodes of this level: no chunk is larger than the level.
      this.chunk = new TreeHash[(int) Math.min(nodeChunk, Math.max(1, size >> level))];
    }

    @Nullable TreeHash get(long index) throws SQLException {
      if (index < from || index >= to) {
        load(index);
      }
      return chunk[(int) (index - from)];
    }

    private void load(long index) throws SQLException {
      Arrays.fill(chunk, null);
      from = index;
      to = Math.min(index + chunk.length, Math.max(index + 1, size >> level));
      try (PreparedStatement s = nodesSql(level, from, to).prepare(c);
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          chunk[(int) (rs.getLong(1) - from)] = TreeHash.of(rs.getBytes(2));
        }
      }
    }
  }
}
