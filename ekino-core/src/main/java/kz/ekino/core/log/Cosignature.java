package kz.ekino.core.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import kz.ekino.core.internal.StrictBase64;
import kz.ekino.core.key.Algorithm;
import kz.ekino.core.key.Signer;
import kz.ekino.core.log.CheckpointException.Reason;

/**
 * A witness's cosignature/v1 of a checkpoint (c2sp.org/tlog-cosignature): a signed-note
 * signature line {@code — <witness name> base64(key ID || timestamp || signature)}, where the
 * key ID is 4 bytes (see {@link WitnessKey}), the timestamp 8 bytes big-endian (POSIX seconds)
 * and the Ed25519 signature 64 bytes over
 * {@code "cosignature/v1\ntime <timestamp>\n" || checkpoint note text}.
 *
 * <p>It states that, at that time, the checkpoint was the largest consistent tree head the
 * witness had seen for the log. Append {@link #toLine()} to the signed note to cosign it.
 */
public final class Cosignature {
  private static final int LENGTH = 4 + 8 + 64;

  private final String witnessName;
  private final long timestamp;
  private final byte[] keyIdTimestampSignature;

  private Cosignature(String witnessName, long timestamp, byte[] keyIdTimestampSignature) {
    this.witnessName = witnessName;
    this.timestamp = timestamp;
    this.keyIdTimestampSignature = keyIdTimestampSignature;
  }

  /**
   * Cosigns {@code checkpoint} as witness {@code witnessName} with its Ed25519 key, at
   * {@code time} (whole seconds; the fraction is dropped). The caller is the witness: it must
   * have checked the checkpoint's consistency with everything it cosigned before.
   */
  public static Cosignature sign(Checkpoint checkpoint, String witnessName, Signer key,
      Instant time) {
    if (key.algorithm() != Algorithm.ED25519) {
      throw new IllegalArgumentException("cosignature/v1 is signed with Ed25519 keys, not "
          + key.algorithm());
    }
    long seconds = time.getEpochSecond();
    if (seconds < 1) {
      throw new IllegalArgumentException("a cosignature's time is after 1970, got " + time);
    }
    WitnessKey witness = new WitnessKey(witnessName, key.verificationKey());
    byte[] signature = key.sign(message(checkpoint, seconds));
    byte[] bytes = ByteBuffer.allocate(LENGTH).put(witness.keyId()).putLong(seconds)
        .put(signature).array();
    return new Cosignature(witnessName, seconds, bytes);
  }

  public String witnessName() {
    return witnessName;
  }

  /** When the witness cosigned, as it claims (whole seconds). */
  public Instant time() {
    return Instant.ofEpochSecond(timestamp);
  }

  /** The signature line, ending in a newline: {@code — <name> <base64>\n}. */
  public String toLine() {
    return "\u2014 " + witnessName + " "
        + Base64.getEncoder().encodeToString(keyIdTimestampSignature) + "\n";
  }

  /** The signed message: header line, time line, then the checkpoint's note text. */
  static byte[] message(Checkpoint checkpoint, long timestamp) {
    return ("cosignature/v1\ntime " + timestamp + "\n" + checkpoint.noteText())
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * How many of the quorum's witnesses validly cosigned {@code checkpoint} in these signature
   * lines (each line {@code — name base64}, without its newline). A line is a witness's when
   * both its name and its key ID match; then it must verify, or the note is refused. Lines of
   * other keys are ignored; a witness counts once however many lines it has.
   */
  static int countValid(Checkpoint checkpoint, List<String> lines, WitnessQuorum quorum)
      throws CheckpointException {
    Set<WitnessKey> valid = new HashSet<>();
    for (String line : lines) {
      String rest = line.substring(2); // after "— "
      int space = rest.indexOf(' ');
      if (space < 0) {
        throw new CheckpointException(Reason.MALFORMED, "signature line without a key name");
      }
      String name = rest.substring(0, space);
      for (WitnessKey w : quorum.witnesses()) {
        if (!w.name().equals(name)) {
          continue;
        }
        byte[] sig;
        try {
          sig = StrictBase64.decode(rest.substring(space + 1));
        } catch (IllegalArgumentException e) {
          throw new CheckpointException(Reason.MALFORMED, "the signature of " + name + ": "
              + e.getMessage());
        }
        if (sig.length < 4 || !w.hasKeyId(Arrays.copyOf(sig, 4))) {
          continue; // same name, another key (or another signature type)
        }
        if (sig.length != LENGTH) {
          throw new CheckpointException(Reason.BAD_COSIGNATURE, "the cosignature of " + name
              + " is " + sig.length + " bytes, not " + LENGTH);
        }
        long timestamp = ByteBuffer.wrap(sig, 4, 8).getLong();
        // A timestamp above 2^63 - 1 reads as negative here: the specification forbids it.
        if (timestamp < 0 || !w.key().verify(message(checkpoint, timestamp),
            Arrays.copyOfRange(sig, 12, LENGTH))) {
          throw new CheckpointException(Reason.BAD_COSIGNATURE,
              "the cosignature of " + name + " does not verify");
        }
        valid.add(w);
      }
    }
    return valid.size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cosignature c && c.witnessName.equals(witnessName)
        && Arrays.equals(c.keyIdTimestampSignature, keyIdTimestampSignature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(witnessName, Arrays.hashCode(keyIdTimestampSignature));
  }

  @Override
  public String toString() {
    return "Cosignature[" + witnessName + ", " + time() + "]";
  }
}
