package kz.ekino.core.witness;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import kz.ekino.core.key.Signer;
import kz.ekino.core.key.VerificationKey;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.CheckpointException;
import kz.ekino.core.log.ConsistencyProof;
import kz.ekino.core.log.Cosignature;
import kz.ekino.core.log.MerkleHashing;
import kz.ekino.core.log.WitnessKey;
import kz.ekino.core.witness.WitnessException.Reason;

/**
 * A witness (c2sp.org/tlog-witness): it cosigns a log's checkpoint only if it verifies under
 * the log's key and extends, by a verified consistency proof, the last checkpoint it cosigned
 * for that log. So it never cosigns a smaller checkpoint, nor two different ones of one size,
 * and a log that was rolled back or split in two cannot get its other history cosigned.
 *
 * <p>Its memory is a state file (one line per log, see {@code WitnessState}). Each
 * {@link #cosign} reads it, checks, and replaces it durably before the cosignature is made,
 * all under an exclusive lock on {@code <state>.lock}, so two processes cannot interleave a
 * check and an update (the rollback race of tlog-witness). One {@code Witness} object per state
 * file per JVM; its methods are safe for concurrent use.
 */
public final class Witness {
  private final WitnessKey publicKey;
  private final Signer key;
  private final Path stateFile;
  private final Clock clock;

  /**
   * A witness named {@code name} (a signed-note key name, e.g. {@code witness.example/w1})
   * signing with the Ed25519 {@code key}, remembering in {@code stateFile}, and taking the time
   * of its cosignatures from {@code clock}.
   */
  public Witness(String name, Signer key, Path stateFile, Clock clock) {
    this.publicKey = new WitnessKey(name, key.verificationKey());
    this.key = key;
    this.stateFile = stateFile.toAbsolutePath();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** What verifiers configure to check this witness's cosignatures. */
  public WitnessKey publicKey() {
    return publicKey;
  }

  /** The last checkpoint (origin, size, root) this witness cosigned for {@code origin}. */
  public Optional<Checkpoint> latest(String origin) throws IOException {
    return Optional.ofNullable(WitnessState.read(stateFile).get(origin));
  }

  /**
   * Cosigns {@code signedNote}, a checkpoint of log {@code origin} signed by {@code logKey},
   * given {@code proof} from the size this witness last cosigned for that log (0 the first
   * time, with an empty proof) to the checkpoint's size. The state is updated on disk before
   * the cosignature is returned; append {@link Cosignature#toLine()} to the note to cosign it.
   *
   * @throws WitnessException the checkpoint is refused; nothing was signed or remembered
   * @throws IOException the state file cannot be read, parsed or written; nothing was signed
   */
  public synchronized Cosignature cosign(String signedNote, String origin,
      VerificationKey logKey, ConsistencyProof proof) throws WitnessException, IOException {
    Checkpoint next;
    try {
      next = Checkpoint.parseSigned(signedNote, origin, logKey);
    } catch (CheckpointException e) {
      throw new WitnessException(reasonFor(e.reason()), String.valueOf(e.getMessage()));
    }
    if (next.treeSize() == 0 && !next.rootHash().equals(MerkleHashing.EMPTY_ROOT)) {
      throw new WitnessException(Reason.MALFORMED,
          "a checkpoint of size 0 must have the root of the empty tree");
    }
    Path dir = Objects.requireNonNull(stateFile.getParent(), "an absolute path has a parent");
    Files.createDirectories(dir);
    try (FileChannel lockFile = FileChannel.open(
        dir.resolve(stateFile.getFileName() + ".lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = lockFile.lock();
      try {
        Map<String, Checkpoint> state = WitnessState.read(stateFile);
        Checkpoint last = state.getOrDefault(origin,
            new Checkpoint(origin, 0, MerkleHashing.EMPTY_ROOT));
        check(last, next, proof);
        if (!next.equals(last)) {
          state.put(origin, next);
          WitnessState.write(stateFile, state);
        }
        return Cosignature.sign(next, publicKey.name(), key, clock.instant());
      } finally {
        lock.release();
      }
    } catch (OverlappingFileLockException e) {
      throw new IllegalStateException("another Witness object in this JVM uses " + stateFile
          + "; share one object instead", e);
    }
  }

  private static void check(Checkpoint last, Checkpoint next, ConsistencyProof proof)
      throws WitnessException {
    if (next.treeSize() < last.treeSize()) {
      throw new WitnessException(Reason.ROLLBACK, "the checkpoint has " + next.treeSize()
          + " entries, fewer than the " + last.treeSize() + " this witness cosigned");
    }
    if (next.treeSize() == last.treeSize() && !next.rootHash().equals(last.rootHash())) {
      throw new WitnessException(Reason.EQUIVOCATION, "this witness cosigned another root at "
          + "size " + last.treeSize() + " (" + last.rootHash().toBase64() + ", now "
          + next.rootHash().toBase64() + ")");
    }
    if (proof.size1() != last.treeSize() || proof.size2() != next.treeSize()) {
      throw new WitnessException(Reason.WRONG_OLD_SIZE, "the consistency proof goes from size "
          + proof.size1() + " to " + proof.size2() + "; this witness needs one from size "
          + last.treeSize() + " (the last it cosigned) to " + next.treeSize());
    }
    if (!proof.verify(last.rootHash(), next.rootHash())) {
      throw new WitnessException(Reason.INCONSISTENT, "the consistency proof from size "
          + last.treeSize() + " to " + next.treeSize() + " does not verify: the checkpoint "
          + "does not extend the one this witness cosigned");
    }
  }

  private static Reason reasonFor(CheckpointException.Reason r) {
    switch (r) {
      case WRONG_ORIGIN:
        return Reason.WRONG_ORIGIN;
      case NOT_SIGNED:
        return Reason.NOT_SIGNED;
      case BAD_SIGNATURE:
        return Reason.BAD_SIGNATURE;
      default:
        return Reason.MALFORMED;
    }
  }

  @Override
  public String toString() {
    return "Witness[" + publicKey.name() + ", " + stateFile + "]";
  }
}
