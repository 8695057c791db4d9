package kz.ekino.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** InclusionProof and ConsistencyProof against RFC 9162 §2.1 proofs computed from scratch. */
class ProofsTest {
  private static final int SIZE = 7;
  private final List<LogEntry> entries = new ArrayList<>();
  private final List<TreeHash> leaves = new ArrayList<>();

  ProofsTest() {
    for (int i = 0; i < SIZE; i++) {
      LogEntry e = new LogEntry(i + 1, Instant.parse("2026-11-25T10:00:00Z").plusSeconds(i),
          i % 3 == 2 ? LogEntry.Kind.REFUND : LogEntry.Kind.SALE, new byte[] {(byte) i});
      entries.add(e);
      leaves.add(e.leafHash());
    }
  }

  @Test
  void everyRecordIsProvedInEveryTreeThatHoldsIt() {
    for (int n = 1; n <= SIZE; n++) {
      for (int m = 0; m < n; m++) {
        InclusionProof proof = new InclusionProof(entries.get(m), n, path(m, 0, n));
        assertThat(proof.leafIndex()).isEqualTo(m);
        assertThat(proof.verify(root(0, n))).as("leaf %d of %d", m, n).isTrue();
        assertThat(proof.verify(root(0, SIZE + 1 - n))).as("another root").isEqualTo(
            SIZE + 1 - n == n);
      }
    }
  }

  @Test
  void anInclusionProofForAnotherEntryOrWithAHashChangedFails() {
    InclusionProof good = new InclusionProof(entries.get(4), SIZE, path(4, 0, SIZE));
    InclusionProof otherEntry = new InclusionProof(entries.get(5), SIZE, path(4, 0, SIZE));
    List<TreeHash> tampered = new ArrayList<>(good.path());
    tampered.set(1, MerkleHashing.leafHash(new byte[] {9}));

    assertThat(good.verify(root(0, SIZE))).isTrue();
    assertThat(otherEntry.verify(root(0, SIZE))).isFalse();
    assertThat(new InclusionProof(entries.get(4), SIZE, tampered).verify(root(0, SIZE)))
        .isFalse();
    assertThat(new InclusionProof(entries.get(4), SIZE, good.path().subList(0, 2))
        .verify(root(0, SIZE))).isFalse();
  }

  @Test
  void everySmallerTreeIsProvedAPrefixOfEveryLargerOne() {
    for (int n = 0; n <= SIZE; n++) {
      for (int m = 0; m <= n; m++) {
        ConsistencyProof proof = new ConsistencyProof(m, n, consistency(m, n));
        assertThat(proof.verify(root(0, m), root(0, n))).as("%d to %d", m, n).isTrue();
        if (m > 0 && m < n) {
          assertThat(proof.verify(root(0, m - 1), root(0, n))).as("wrong old root").isFalse();
          assertThat(proof.verify(root(0, m), root(0, n - 1))).as("wrong new root").isFalse();
        }
      }
    }
  }

  @Test
  void proofsOfImpossibleShapesAreRefusedWhenMade() {
    assertThatThrownBy(() -> new InclusionProof(entries.get(6), 6, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ConsistencyProof(5, 4, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ConsistencyProof(-1, 4, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    List<TreeHash> tooLong = new ArrayList<>();
    for (int i = 0; i <= ConsistencyProof.MAX_PATH; i++) {
      tooLong.add(leaves.get(0));
    }
    assertThatThrownBy(() -> new ConsistencyProof(1, 2, tooLong))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new InclusionProof(entries.get(0), 2, tooLong))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** RFC 9162 §2.1.1 MTH over leaves [from, to). */
  private TreeHash root(int from, int to) {
    if (to == from) {
      return MerkleHashing.EMPTY_ROOT;
    }
    if (to - from == 1) {
      return leaves.get(from);
    }
    int k = split(to - from);
    return MerkleHashing.nodeHash(root(from, from + k), root(from + k, to));
  }

  /** RFC 9162 §2.1.3.1 PATH(m, D[from:to]). */
  private List<TreeHash> path(int m, int from, int to) {
    List<TreeHash> out = new ArrayList<>();
    if (to - from > 1) {
      int k = split(to - from);
      if (m < k) {
        out.addAll(path(m, from, from + k));
        out.add(root(from + k, to));
      } else {
        out.addAll(path(m - k, from + k, to));
        out.add(root(from, from + k));
      }
    }
    return out;
  }

  /** RFC 9162 §2.1.4.1 PROOF(m, D[0:n]). */
  private List<TreeHash> consistency(int m, int n) {
    return m == 0 ? List.of() : subproof(m, 0, n, true);
  }

  private List<TreeHash> subproof(int m, int from, int to, boolean complete) {
    List<TreeHash> out = new ArrayList<>();
    int n = to - from;
    if (m == n) {
      if (!complete) {
        out.add(root(from, to));
      }
      return out;
    }
    int k = split(n);
    if (m <= k) {
      out.addAll(subproof(m, from, from + k, complete));
      out.add(root(from + k, to));
    } else {
      out.addAll(subproof(m - k, from + k, to, false));
      out.add(root(from, from + k));
    }
    return out;
  }

  /** The largest power of two smaller than n. */
  private static int split(int n) {
    return Integer.highestOneBit(n - 1);
  }
}
