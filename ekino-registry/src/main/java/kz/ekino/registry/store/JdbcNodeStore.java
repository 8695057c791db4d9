package kz.ekino.registry.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import kz.ekino.core.log.TreeHash;
import kz.ekino.registry.log.NodeStore;
import org.jspecify.annotations.Nullable;

/**
 * Merkle nodes in the {@code log_nodes} table. For the writer, nodes of the open transaction
 * are held in memory until {@link #flush}, and the right-most node of each level (all that an
 * append needs to read) is remembered, so appending costs no reads.
 */
public final class JdbcNodeStore implements NodeStore, AutoCloseable {
  private final Connection connection;
  private final Map<Long, TreeHash> pending = new LinkedHashMap<>();
  /** What the last {@link #prefetch} loaded: the nodes of one root or proof. */
  private final Map<Long, TreeHash> fetched = new HashMap<>();
  private final long[] frontierIndex = new long[64];
  private final TreeHash[] frontierHash = new TreeHash[64];
  private @Nullable PreparedStatement select;
  private @Nullable PreparedStatement insert;
  private @Nullable PreparedStatement selectMany;

  public JdbcNodeStore(Connection connection) {
    this.connection = connection;
    Arrays.fill(frontierIndex, -1);
  }

  @Override
  public @Nullable TreeHash get(int level, long index) {
    if (frontierIndex[level] == index) {
      return frontierHash[level];
    }
    long key = key(level, index);
    TreeHash p = pending.get(key);
    if (p == null) {
      p = fetched.get(key);
    }
    if (p != null) {
      return p;
    }
    try {
      if (select == null) {
        select = connection.prepareStatement(
            "SELECT hash FROM log_nodes WHERE level = ? AND idx = ?");
      }
      PreparedStatement s = select;
      s.setInt(1, level);
      s.setLong(2, index);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? TreeHash.of(rs.getBytes(1)) : null;
      }
    } catch (SQLException e) {
      throw new StoreFailure("reading log node " + level + "/" + index, e);
    }
  }

  @Override
  public void put(int level, long index, TreeHash hash) {
    pending.put(key(level, index), hash);
    frontierIndex[level] = index;
    frontierHash[level] = hash;
  }

  /** Nodes per query; a shorter list repeats its last node, so one statement serves all. */
  private static final int PREFETCH_CHUNK = 32;

  /** Loads the nodes a root or proof will read in one query per {@value #PREFETCH_CHUNK}. */
  @Override
  public void prefetch(long[] wanted) {
    fetched.clear();
    // The writer's roots read only nodes it holds already: then there is nothing to query.
    long[] nodes = Arrays.stream(wanted)
        .filter(n -> frontierIndex[(int) (n & 63)] != n >>> 6 && !pending.containsKey(n))
        .toArray();
    if (nodes.length == 0) {
      return;
    }
    try {
      if (selectMany == null) {
        StringBuilder sql = new StringBuilder("SELECT level, idx, hash FROM log_nodes WHERE ");
        for (int i = 0; i < PREFETCH_CHUNK; i++) {
          sql.append(i == 0 ? "" : " OR ").append("(level = ? AND idx = ?)");
        }
        selectMany = connection.prepareStatement(sql.toString());
      }
      PreparedStatement s = selectMany;
      for (int start = 0; start < nodes.length; start += PREFETCH_CHUNK) {
        for (int i = 0; i < PREFETCH_CHUNK; i++) {
          long node = nodes[Math.min(start + i, nodes.length - 1)];
          s.setInt(2 * i + 1, (int) (node & 63));
          s.setLong(2 * i + 2, node >>> 6);
        }
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            fetched.put(key(rs.getInt(1), rs.getLong(2)), TreeHash.of(rs.getBytes(3)));
          }
        }
      }
    } catch (SQLException e) {
      throw new StoreFailure("reading " + nodes.length + " log nodes", e);
    }
  }

  /** Writes the pending nodes in the writer's open transaction. */
  public void flush() throws SQLException {
    if (pending.isEmpty()) {
      return;
    }
    if (insert == null) {
      insert = connection.prepareStatement(
          "INSERT INTO log_nodes (level, idx, hash) VALUES (?, ?, ?)");
    }
    PreparedStatement s = insert;
    {
      for (Map.Entry<Long, TreeHash> e : pending.entrySet()) {
        s.setInt(1, (int) (e.getKey() & 63));
        s.setLong(2, e.getKey() >>> 6);
        s.setBytes(3, e.getValue().toBytes());
        s.addBatch();
      }
      s.executeBatch();
    }
    pending.clear();
  }

  /** Forgets everything not committed, after a rolled-back transaction. */
  public void discard() {
    pending.clear();
    fetched.clear();
    Arrays.fill(frontierIndex, -1);
    Arrays.fill(frontierHash, null);
  }

  @Override
  public void close() {
    for (PreparedStatement s : new PreparedStatement[] {select, insert, selectMany}) {
      if (s != null) {
        try {
          s.close();
        } catch (SQLException e) {
          // Closing a statement is best effort.
        }
      }
    }
  }

  private static long key(int level, long index) {
    return (index << 6) | level;
  }
}
