package kz.ekino.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import kz.ekino.core.internal.Sha256;
import kz.ekino.core.log.MerkleHashing;
import kz.ekino.core.log.TreeHash;
import kz.ekino.registry.log.MemoryNodeStore;
import kz.ekino.registry.log.MerkleTree;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The Merkle log at a million leaves: append, inclusion proof and consistency proof, against
 * SHA-256 of one leaf's bytes (a ~470-byte log entry) in the same run.
 *
 * <p>Run: {@code java -jar ekino-bench/target/benchmarks.jar MerkleBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MerkleBenchmark {
  @Param({"1000000"})
  public int leaves;

  private MerkleTree tree;
  private long size;
  private byte[] entry;
  private final SplittableRandom random = new SplittableRandom(9162);

  @Setup
  public void setUp() {
    entry = new byte[470];
    new SplittableRandom(1).nextBytes(entry);
    tree = new MerkleTree(new MemoryNodeStore(), 0);
    for (int i = 0; i < leaves; i++) {
      entry[0] = (byte) i;
      entry[1] = (byte) (i >> 8);
      entry[2] = (byte) (i >> 16);
      tree.append(MerkleHashing.leafHash(entry));
    }
    size = leaves;
  }

  @Benchmark
  public byte[] baselineLeafSha256() {
    return Sha256.digest(entry);
  }

  /** Hash the entry as a leaf and store the leaf and the subtrees it completes. */
  @Benchmark
  public long append() {
    return tree.append(MerkleHashing.leafHash(entry));
  }

  /** A random leaf's audit path in the tree of the first million leaves. */
  @Benchmark
  public List<TreeHash> inclusionProof() {
    return tree.inclusionProof(random.nextLong(size), size);
  }

  /** From a random earlier size to a million leaves. */
  @Benchmark
  public List<TreeHash> consistencyProof() {
    return tree.consistencyProof(1 + random.nextLong(size - 1), size);
  }
}
