package kz.ekino.registry.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import kz.ekino.core.log.MerkleHashing;
import kz.ekino.core.log.TreeHash;
import kz.ekino.registry.log.MemoryNodeStore;
import kz.ekino.registry.log.MerkleTree;
import kz.ekino.registry.testing.Databases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The log's nodes in a real database: SQLite always, PostgreSQL when a server is given. */
class JdbcNodeStoreTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void rootsAndProofsReadFromTheDatabaseMatchTheTreeInMemory(String store) throws Exception {
    Random random = new Random(6962);
    int n = 3001;
    MerkleTree memory = new MerkleTree(new MemoryNodeStore(), 0);
    try (Database db = Database.openWriter(Databases.of(store, dir), java.time.Duration.ofSeconds(10));
        JdbcNodeStore writerNodes = new JdbcNodeStore(db.writer())) {
      MerkleTree written = new MerkleTree(writerNodes, 0);
      for (int i = 0; i < n; i++) {
        byte[] data = new byte[1 + random.nextInt(40)];
        random.nextBytes(data);
        memory.append(MerkleHashing.leafHash(data));
        written.append(MerkleHashing.leafHash(data));
        if (i % 500 == 499 || i == n - 1) {
          writerNodes.flush();
          db.writer().commit();
        }
      }
      for (int k = 0; k < 100; k++) {
        int size = 1 + random.nextInt(n);
        int leaf = random.nextInt(size);
        int from = random.nextInt(size + 1);
        // On the pooled readers, whose stores serve one proof after another, as in Registry.
        List<Object> fromDb = db.read(r -> {
          MerkleTree tree = new MerkleTree(r.nodes(), n);
          return List.of(tree.root(size), tree.inclusionProof(leaf, size),
              tree.consistencyProof(from, size));
        });
        assertThat(fromDb).as("size %d, leaf %d, from %d", size, leaf, from).containsExactly(
            memory.root(size), memory.inclusionProof(leaf, size),
            memory.consistencyProof(from, size));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void prefetchLoadsEveryAskedNodeAndReadsThenNeedNoQueries(String store) throws Exception {
    Random random = new Random(9162);
    List<long[]> nodes = new ArrayList<>();
    List<TreeHash> hashes = new ArrayList<>();
    try (Database db = Database.openWriter(Databases.of(store, dir), java.time.Duration.ofSeconds(10))) {
      // 70 nodes: three queries of 32, the last one padded.
      try (JdbcNodeStore writer = new JdbcNodeStore(db.writer())) {
        for (int i = 0; i < 70; i++) {
          int level = i % 20;
          long index = random.nextInt(1 << 20);
          byte[] hash = new byte[32];
          random.nextBytes(hash);
          nodes.add(new long[] {level, index});
          hashes.add(TreeHash.of(hash));
          writer.put(level, index, hashes.get(i));
        }
        writer.flush();
        db.writer().commit();
      }
      try (JdbcNodeStore reader = new JdbcNodeStore(db.writer())) {
        long[] wanted = new long[nodes.size() + 1];
        for (int i = 0; i < nodes.size(); i++) {
          wanted[i] = nodes.get(i)[1] << 6 | nodes.get(i)[0];
        }
        wanted[nodes.size()] = 5L << 6 | 63; // a node that was never written
        reader.prefetch(wanted);
        try (Statement s = db.writer().createStatement()) {
          s.executeUpdate("DELETE FROM log_nodes");
        }
        for (int i = 0; i < nodes.size(); i++) {
          assertThat(reader.get((int) nodes.get(i)[0], nodes.get(i)[1])).as("node %d", i)
              .isEqualTo(hashes.get(i));
        }
        assertThat(reader.get(63, 5)).isNull();
        db.writer().rollback();
      }
    }
  }
}
