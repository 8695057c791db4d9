package kz.ekino.registry.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.HexFormat;
import kz.ekino.core.log.LogProofs;
import kz.ekino.core.log.MerkleHashing;
import kz.ekino.core.log.TreeHash;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** RFC 6962's reference tree and random trees, against the strict verifiers in ekino-core. */
class MerkleTreeTest {
  /** The eight leaves of the RFC 6962 / Certificate Transparency test tree. */
  private static final String[] LEAVES = {"", "00", "10", "2021", "3031", "40414243",
      "5051525354555657", "606162636465666768696a6b6c6d6e6f"};
  /** Its roots at sizes 0 to 8. */
  private static final String[] ROOTS = {
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

  private static MerkleTree referenceTree() {
    MerkleTree tree = new MerkleTree(new MemoryNodeStore(), 0);
    for (String leaf : LEAVES) {
      tree.append(MerkleHashing.leafHash(HexFormat.of().parseHex(leaf)));
    }
    return tree;
  }

  private static TreeHash h(String hex) {
    return TreeHash.fromHex(hex);
  }

  private static List<String> hex(List<TreeHash> hashes) {
    return hashes.stream().map(TreeHash::toHex).collect(Collectors.toList());
  }

  @Test
  void rootsMatchTheReferenceTreeAtEverySize() {
    MerkleTree tree = referenceTree();
    for (int n = 0; n <= 8; n++) {
      assertThat(tree.root(n).toHex()).as("size %d", n).isEqualTo(ROOTS[n]);
    }
    assertThat(MerkleHashing.EMPTY_ROOT.toHex()).isEqualTo(ROOTS[0]);
  }

  @Test
  void inclusionProofsMatchTheReferenceProofs() {
    MerkleTree tree = referenceTree();
    assertThat(hex(tree.inclusionProof(0, 8))).containsExactly(
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
    assertThat(hex(tree.inclusionProof(5, 8))).containsExactly(
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    assertThat(hex(tree.inclusionProof(2, 3))).containsExactly(
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
    assertThat(hex(tree.inclusionProof(1, 5))).containsExactly(
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
    assertThat(tree.inclusionProof(0, 1)).isEmpty();
  }

  @Test
  void consistencyProofsMatchTheReferenceProofs() {
    MerkleTree tree = referenceTree();
    assertThat(tree.consistencyProof(1, 1)).isEmpty();
    assertThat(hex(tree.consistencyProof(1, 8))).containsExactly(
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
    assertThat(hex(tree.consistencyProof(6, 8))).containsExactly(
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    assertThat(hex(tree.consistencyProof(2, 5))).containsExactly(
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
  }

  @Test
  void everyProofOfTheReferenceTreeVerifiesAndEveryBrokenOneFails() {
    MerkleTree tree = referenceTree();
    for (int n = 1; n <= 8; n++) {
      for (int i = 0; i < n; i++) {
        TreeHash leaf = MerkleHashing.leafHash(HexFormat.of().parseHex(LEAVES[i]));
        List<TreeHash> proof = tree.inclusionProof(i, n);
        assertThat(LogProofs.verifyInclusion(i, n, leaf, proof, h(ROOTS[n]))).isTrue();
        assertInclusionBreaks(i, n, leaf, proof, h(ROOTS[n]));
      }
      for (int m = 0; m <= n; m++) {
        List<TreeHash> proof = tree.consistencyProof(m, n);
        assertThat(LogProofs.verifyConsistency(m, n, h(ROOTS[m]), h(ROOTS[n]), proof))
            .as("%d -> %d", m, n).isTrue();
        assertConsistencyBreaks(m, n, h(ROOTS[m]), h(ROOTS[n]), proof);
      }
    }
  }

  @Test
  void randomTreesUpToThousandsOfLeaves() {
    Random random = new Random(9162);
    for (int n : new int[] {1, 2, 3, 7, 31, 64, 100, 1000, 3001}) {
      List<TreeHash> leaves = new ArrayList<>();
      MerkleTree tree = new MerkleTree(new MemoryNodeStore(), 0);
      for (int i = 0; i < n; i++) {
        byte[] data = new byte[random.nextInt(40)];
        random.nextBytes(data);
        leaves.add(MerkleHashing.leafHash(data));
        tree.append(leaves.get(i));
      }
      TreeHash root = tree.root();
      assertThat(root).isEqualTo(naiveRoot(leaves, 0, n));
      for (int k = 0; k < Math.min(n, 200); k++) {
        int i = n <= 200 ? k : random.nextInt(n);
        int size = i + 1 + random.nextInt(n - i);
        TreeHash rootAt = tree.root(size);
        assertThat(rootAt).isEqualTo(naiveRoot(leaves, 0, size));
        List<TreeHash> proof = tree.inclusionProof(i, size);
        assertThat(LogProofs.verifyInclusion(i, size, leaves.get(i), proof, rootAt)).isTrue();
        assertInclusionBreaks(i, size, leaves.get(i), proof, rootAt);
        int m = random.nextInt(size + 1);
        List<TreeHash> consistency = tree.consistencyProof(m, size);
        assertThat(LogProofs.verifyConsistency(m, size, tree.root(m), rootAt, consistency))
            .isTrue();
        assertConsistencyBreaks(m, size, tree.root(m), rootAt, consistency);
      }
    }
  }

  /** Counts what a proof reads against what it announced, over a tree in memory. */
  private static final class RecordingStore implements NodeStore {
    final MemoryNodeStore nodes = new MemoryNodeStore();
    final java.util.Set<Long> announced = new java.util.HashSet<>();
    final java.util.Set<Long> read = new java.util.HashSet<>();

    @Override
    public @Nullable TreeHash get(int level, long index) {
      read.add(index << 6 | level);
      return nodes.get(level, index);
    }

    @Override
    public void put(int level, long index, TreeHash hash) {
      nodes.put(level, index, hash);
    }

    @Override
    public void prefetch(long[] wanted) {
      announced.clear();
      read.clear();
      for (long n : wanted) {
        announced.add(n);
      }
    }
  }

  @Test
  void rootsAndProofsAnnounceExactlyTheNodesTheyRead() {
    RecordingStore store = new RecordingStore();
    MerkleTree tree = new MerkleTree(store, 0);
    Random random = new Random(4648);
    for (int i = 0; i < 5000; i++) {
      tree.append(MerkleHashing.leafHash(new byte[] {(byte) i, (byte) (i >> 8)}));
    }
    for (int k = 0; k < 300; k++) {
      int size = 2 + random.nextInt(4999);
      tree.root(size);
      assertThat(store.read).as("root(%d)", size).isEqualTo(store.announced);
      tree.inclusionProof(random.nextInt(size), size);
      assertThat(store.read).as("inclusion in %d", size).isEqualTo(store.announced);
      tree.consistencyProof(1 + random.nextInt(size - 1), size);
      assertThat(store.read).as("consistency to %d", size).isEqualTo(store.announced);
    }
    assertThat(store.announced).isNotEmpty();
  }

  @Test
  void proofsOutsideTheTreeAreCallerErrors() {
    MerkleTree tree = referenceTree();
    assertThatThrownBy(() -> tree.inclusionProof(8, 8)).hasMessageContaining("not in a tree");
    assertThatThrownBy(() -> tree.inclusionProof(0, 9)).hasMessageContaining("tree size 9");
    assertThatThrownBy(() -> tree.consistencyProof(5, 4))
        .hasMessageContaining("no consistency proof");
  }

  private static void assertInclusionBreaks(long i, long n, TreeHash leaf, List<TreeHash> proof,
      TreeHash root) {
    TreeHash other = MerkleHashing.leafHash(new byte[] {42, 42});
    assertThat(LogProofs.verifyInclusion(i, n, other, proof, root)).as("wrong leaf").isFalse();
    assertThat(LogProofs.verifyInclusion(i, n, leaf, proof, other)).as("wrong root").isFalse();
    assertThat(LogProofs.verifyInclusion(n, n, leaf, proof, root)).as("index = size").isFalse();
    assertThat(LogProofs.verifyInclusion(-1, n, leaf, proof, root)).as("negative").isFalse();
    if (n > 1) {
      assertThat(LogProofs.verifyInclusion(i ^ 1, n, leaf, proof, root) && (i ^ 1) != i)
          .as("wrong index").isFalse();
    }
    List<TreeHash> extended = new ArrayList<>(proof);
    extended.add(other);
    assertThat(LogProofs.verifyInclusion(i, n, leaf, extended, root)).as("extended").isFalse();
    if (!proof.isEmpty()) {
      assertThat(LogProofs.verifyInclusion(i, n, leaf, proof.subList(0, proof.size() - 1),
          root)).as("truncated").isFalse();
      List<TreeHash> changed = new ArrayList<>(proof);
      changed.set(0, other);
      assertThat(LogProofs.verifyInclusion(i, n, leaf, changed, root)).as("changed").isFalse();
    }
  }

  private static void assertConsistencyBreaks(long m, long n, TreeHash r1, TreeHash r2,
      List<TreeHash> proof) {
    TreeHash other = MerkleHashing.leafHash(new byte[] {7});
    if (m > 0 && !r1.equals(r2)) {
      assertThat(LogProofs.verifyConsistency(m, n, other, r2, proof)).isFalse();
      assertThat(LogProofs.verifyConsistency(m, n, r1, other, proof)).isFalse();
    }
    List<TreeHash> extended = new ArrayList<>(proof);
    extended.add(other);
    assertThat(LogProofs.verifyConsistency(m, n, r1, r2, extended)).as("extended").isFalse();
    if (!proof.isEmpty()) {
      assertThat(LogProofs.verifyConsistency(m, n, r1, r2, proof.subList(0, proof.size() - 1)))
          .as("truncated").isFalse();
    }
    assertThat(LogProofs.verifyConsistency(n + 1, n, r1, r2, proof)).as("sizes reversed")
        .isFalse();
  }

  /** MTH straight from RFC 9162 §2.1.1, independent of the stored nodes. */
  private static TreeHash naiveRoot(List<TreeHash> leaves, int lo, int hi) {
    if (hi - lo == 0) {
      return MerkleHashing.EMPTY_ROOT;
    }
    if (hi - lo == 1) {
      return leaves.get(lo);
    }
    int k = Integer.highestOneBit(hi - lo - 1);
    return MerkleHashing.nodeHash(naiveRoot(leaves, lo, lo + k), naiveRoot(leaves, lo + k, hi));
  }
}
