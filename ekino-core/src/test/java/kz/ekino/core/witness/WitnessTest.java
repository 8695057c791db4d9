package kz.ekino.core.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import kz.ekino.core.key.Algorithm;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.CheckpointException;
import kz.ekino.core.log.ConsistencyProof;
import kz.ekino.core.log.Cosignature;
import kz.ekino.core.log.MerkleHashing;
import kz.ekino.core.log.TreeHash;
import kz.ekino.core.log.WitnessQuorum;
import kz.ekino.core.testing.MerkleTrees;
import kz.ekino.core.testing.TestKeys;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The witness against genuine trees (RFC 9162 roots and proofs computed from scratch): it
 * follows a growing log, and refuses a rollback, a fork at the same size, another history, and
 * a checkpoint the log did not sign — also after a restart.
 */
class WitnessTest {
  private static final String ORIGIN = "qr.ekino.kz/registry";
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  @TempDir Path dir;
  private final SigningKey log = TestKeys.signing(TestKeys.REGISTRY_ED25519);
  private final SigningKey witnessKey = SigningKey.generate(Algorithm.ED25519);
  private final MerkleTrees tree = new MerkleTrees("entry ", 20);
  /** The same log split in two after entry 5: another history from leaf 5 on. */
  private final MerkleTrees fork = forkAfter(5, 20);

  private Witness witness() {
    return new Witness("witness.example/w1", witnessKey, dir.resolve("witness.state"),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private String note(MerkleTrees t, int size) {
    return new Checkpoint(ORIGIN, size, t.root(size)).sign(log);
  }

  @Test
  void followsAGrowingLogAndItsCosignaturesVerify() throws Exception {
    Witness w = witness();
    Cosignature first = w.cosign(note(tree, 3), ORIGIN, log.verificationKey(),
        tree.consistency(0, 3));
    Cosignature second = w.cosign(note(tree, 8), ORIGIN, log.verificationKey(),
        tree.consistency(3, 8));
    Cosignature again = w.cosign(note(tree, 8), ORIGIN, log.verificationKey(),
        tree.consistency(8, 8));

    assertThat(first.time()).isEqualTo(NOW);
    WitnessQuorum quorum = WitnessQuorum.of(1, w.publicKey());
    assertThat(Checkpoint.parseCosigned(note(tree, 3) + first.toLine(), ORIGIN,
        log.verificationKey(), quorum).treeSize()).isEqualTo(3);
    assertThat(Checkpoint.parseCosigned(note(tree, 8) + second.toLine(), ORIGIN,
        log.verificationKey(), quorum).treeSize()).isEqualTo(8);
    assertThat(again.toLine()).isEqualTo(second.toLine());
    assertThat(w.latest(ORIGIN)).contains(new Checkpoint(ORIGIN, 8, tree.root(8)));
    assertThat(Files.readString(dir.resolve("witness.state"))).isEqualTo(
        "ekino-witness-state v1\n" + ORIGIN + " 8 " + tree.root(8).toBase64() + "\n");
  }

  @Test
  void refusesAnEquivocatingCheckpointOfTheSameSize() throws Exception {
    Witness w = witness();
    w.cosign(note(tree, 8), ORIGIN, log.verificationKey(), tree.consistency(0, 8));

    assertRefused(() -> w.cosign(note(fork, 8), ORIGIN, log.verificationKey(),
        fork.consistency(8, 8)), WitnessException.Reason.EQUIVOCATION);
    assertThat(w.latest(ORIGIN)).contains(new Checkpoint(ORIGIN, 8, tree.root(8)));
  }

  @Test
  void refusesARolledBackCheckpoint() throws Exception {
    Witness w = witness();
    w.cosign(note(tree, 8), ORIGIN, log.verificationKey(), tree.consistency(0, 8));

    assertRefused(() -> w.cosign(note(tree, 7), ORIGIN, log.verificationKey(),
        tree.consistency(7, 7)), WitnessException.Reason.ROLLBACK);
    assertRefused(() -> w.cosign(note(tree, 0), ORIGIN, log.verificationKey(),
        tree.consistency(0, 0)), WitnessException.Reason.ROLLBACK);
  }

  @Test
  void refusesAnotherHistoryWhateverProofComesWithIt() throws Exception {
    Witness w = witness();
    w.cosign(note(tree, 8), ORIGIN, log.verificationKey(), tree.consistency(0, 8));
    String forked = note(fork, 13);

    // The fork's own proof from its size 8, and the honest tree's proof: neither verifies.
    assertRefused(() -> w.cosign(forked, ORIGIN, log.verificationKey(), fork.consistency(8, 13)),
        WitnessException.Reason.INCONSISTENT);
    assertRefused(() -> w.cosign(forked, ORIGIN, log.verificationKey(), tree.consistency(8, 13)),
        WitnessException.Reason.INCONSISTENT);
    // A tampered proof for the honest tree fails too.
    List<TreeHash> path = new ArrayList<>(tree.consistency(8, 13).path());
    path.set(0, MerkleHashing.leafHash(new byte[] {1}));
    assertRefused(() -> w.cosign(note(tree, 13), ORIGIN, log.verificationKey(),
        new ConsistencyProof(8, 13, path)), WitnessException.Reason.INCONSISTENT);
    // A proof from a size the witness does not hold says which size it needs.
    assertThatThrownBy(() -> w.cosign(note(tree, 13), ORIGIN, log.verificationKey(),
        tree.consistency(5, 13))).isInstanceOfSatisfying(WitnessException.class, e -> {
          assertThat(e.reason()).isEqualTo(WitnessException.Reason.WRONG_OLD_SIZE);
          assertThat(e.getMessage()).contains("from size 8");
        });
    assertThat(w.latest(ORIGIN)).contains(new Checkpoint(ORIGIN, 8, tree.root(8)));
    // The honest continuation is still cosigned.
    assertThat(w.cosign(note(tree, 13), ORIGIN, log.verificationKey(), tree.consistency(8, 13)))
        .isNotNull();
  }

  @Test
  void refusesACheckpointTheLogDidNotSign() throws Exception {
    Witness w = witness();
    String forged = note(tree, 8).replace(tree.root(8).toBase64(), fork.root(8).toBase64());
    String byOther = new Checkpoint(ORIGIN, 8, tree.root(8))
        .sign(TestKeys.signing(TestKeys.OTHER_ED25519));

    assertRefused(() -> w.cosign(forged, ORIGIN, log.verificationKey(), tree.consistency(0, 8)),
        WitnessException.Reason.BAD_SIGNATURE);
    assertRefused(() -> w.cosign(byOther, ORIGIN, log.verificationKey(), tree.consistency(0, 8)),
        WitnessException.Reason.NOT_SIGNED);
    assertRefused(() -> w.cosign(note(tree, 8), "other.example/log", log.verificationKey(),
        tree.consistency(0, 8)), WitnessException.Reason.WRONG_ORIGIN);
    assertRefused(() -> w.cosign("not a note", ORIGIN, log.verificationKey(),
        tree.consistency(0, 8)), WitnessException.Reason.MALFORMED);
    assertRefused(() -> w.cosign(new Checkpoint(ORIGIN, 0, tree.root(1)).sign(log), ORIGIN,
        log.verificationKey(), tree.consistency(0, 0)), WitnessException.Reason.MALFORMED);
    assertThat(w.latest(ORIGIN)).isEmpty();
    assertThat(dir.resolve("witness.state")).doesNotExist();
  }

  @Test
  void afterARestartTheWitnessStillRefusesEquivocationAndRollback() throws Exception {
    witness().cosign(note(tree, 8), ORIGIN, log.verificationKey(), tree.consistency(0, 8));

    Witness restarted = witness();
    assertRefused(() -> restarted.cosign(note(fork, 8), ORIGIN, log.verificationKey(),
        fork.consistency(8, 8)), WitnessException.Reason.EQUIVOCATION);
    assertRefused(() -> restarted.cosign(note(tree, 5), ORIGIN, log.verificationKey(),
        tree.consistency(5, 5)), WitnessException.Reason.ROLLBACK);
    assertThat(restarted.cosign(note(tree, 9), ORIGIN, log.verificationKey(),
        tree.consistency(8, 9)).time()).isEqualTo(NOW);
  }

  @Test
  void keepsOneHeadPerLog() throws Exception {
    Witness w = witness();
    SigningKey otherLog = TestKeys.signing(TestKeys.OTHER_ED25519);
    w.cosign(note(tree, 8), ORIGIN, log.verificationKey(), tree.consistency(0, 8));
    w.cosign(new Checkpoint("other.example/log", 3, fork.root(3)).sign(otherLog),
        "other.example/log", otherLog.verificationKey(), fork.consistency(0, 3));

    assertThat(w.latest(ORIGIN)).contains(new Checkpoint(ORIGIN, 8, tree.root(8)));
    assertThat(w.latest("other.example/log"))
        .contains(new Checkpoint("other.example/log", 3, fork.root(3)));
  }

  @Test
  void aDamagedStateFileStopsTheWitnessInsteadOfBeingForgotten() throws Exception {
    Path state = dir.resolve("witness.state");
    String good = "ekino-witness-state v1\n" + ORIGIN + " 8 " + tree.root(8).toBase64() + "\n";
    for (String bad : List.of("", "ekino-witness-state v2\n", good.substring(0, good.length() - 1),
        good + good.substring(good.indexOf('\n') + 1), good.replace(" 8 ", " 08 "),
        good.replace("=\n", "\n"), "ekino-witness-state v1\nx 1\n")) {
      Files.writeString(state, bad, StandardCharsets.UTF_8);
      assertThatThrownBy(() -> witness().cosign(note(tree, 8), ORIGIN, log.verificationKey(),
          tree.consistency(0, 8))).as(bad).isInstanceOf(IOException.class)
          .hasMessageContaining("witness state");
    }
  }

  /** The same log split in two: the first {@code common} leaves, then other entries. */
  private static MerkleTrees forkAfter(int common, int size) {
    List<String> leaves = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      leaves.add(i < common ? "entry " + i : "forged " + i);
    }
    return new MerkleTrees(leaves);
  }

  private static void assertRefused(ThrowableAssert.ThrowingCallable call,
      WitnessException.Reason reason) {
    assertThatThrownBy(call).isInstanceOfSatisfying(WitnessException.class,
        e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
