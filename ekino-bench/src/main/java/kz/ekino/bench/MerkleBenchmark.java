package kz.ekino.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kz.ekino.core.internal.Sha256;
import kz.ekino.core.log.MerkleHashing;
import kz.ekino.core.log.TreeHash;
import kz.ekino.registry.log.MemoryNodeStore;
import kz.ekino.registry.log.MerkleTree;
import kz.ekino.registry.store.Database;
import kz.ekino.registry.store.JdbcNodeStore;
import kz.ekino.registry.testing.Databases;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The Merkle log at a million leaves: append, inclusion proof and consistency proof, against
 * SHA-256 of one leaf's bytes (a ~470-byte log entry) in the same run. {@code nodes=memory}
 * keeps the stored subtree hashes in memory (the tree's own cost); {@code nodes=sqlite} (or
 * {@code postgresql}, with EKINO_TEST_POSTGRES_URL set) keeps them in the registry's
 * {@code log_nodes} table and reads proofs the way the registry does, on a pooled reader;
 * appends there commit every 1,000 leaves.
 *
 * <p>Run: {@code java -jar ekino-bench/target/benchmarks.jar MerkleBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MerkleBenchmark {
  @Param({"1000000"})
  public int leaves;

  @Param({"memory", "sqlite"})
  public String nodes;

  /** Appends per commit when the nodes are in SQLite, like a busy writer's batch. */
  private static final int BATCH = 1_000;

  private MerkleTree tree;
  private long size;
  private Path dir;
  private Database db;
  private JdbcNodeStore stored;
  private byte[] entry;
  private final SplittableRandom random = new SplittableRandom(9162);

  @Setup
  public void setUp() throws Exception {
    entry = new byte[470];
    new SplittableRandom(1).nextBytes(entry);
    if (!nodes.equals("memory")) {
      dir = Files.createTempDirectory("ekino-merkle");
      db = Database.openWriter(nodes.equals("postgresql") ? Databases.postgres()
          : Databases.sqlite(dir), java.time.Duration.ofSeconds(30));
      stored = new JdbcNodeStore(db.writer());
      tree = new MerkleTree(stored, 0);
    } else {
      tree = new MerkleTree(new MemoryNodeStore(), 0);
    }
    for (int i = 0; i < leaves; i++) {
      entry[0] = (byte) i;
      entry[1] = (byte) (i >> 8);
      entry[2] = (byte) (i >> 16);
      tree.append(MerkleHashing.leafHash(entry));
      if (stored != null && (i + 1) % 10_000 == 0) {
        commit();
      }
    }
    if (stored != null) {
      commit();
    }
    size = leaves;
  }

  private void commit() throws SQLException {
    stored.flush();
    db.writer().commit();
  }

  @TearDown
  public void tearDown() throws IOException {
    if (db != null) {
      stored.close();
      db.close();
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Benchmark
  public byte[] baselineLeafSha256() {
    return Sha256.digest(entry);
  }

  /** Hash the entry as a leaf and store the leaf and the subtrees it completes. */
  @Benchmark
  public long append() throws SQLException {
    long appended = tree.append(MerkleHashing.leafHash(entry));
    if (stored != null && tree.size() % BATCH == 0) {
      commit();
    }
    return appended;
  }

  /** A random leaf's audit path in the tree of the first million leaves. */
  @Benchmark
  public List<TreeHash> inclusionProof() throws SQLException {
    long leaf = random.nextLong(size);
    if (db == null) {
      return tree.inclusionProof(leaf, size);
    }
    return db.read(r -> new MerkleTree(r.nodes(), size).inclusionProof(leaf, size));
  }

  /** From a random earlier size to a million leaves. */
  @Benchmark
  public List<TreeHash> consistencyProof() throws SQLException {
    long from = 1 + random.nextLong(size - 1);
    if (db == null) {
      return tree.consistencyProof(from, size);
    }
    return db.read(r -> new MerkleTree(r.nodes(), size).consistencyProof(from, size));
  }
}
