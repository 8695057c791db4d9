package kz.ekino.core.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import kz.ekino.core.internal.Sha256;
import kz.ekino.core.internal.StrictBase64;
import kz.ekino.core.key.Algorithm;
import kz.ekino.core.key.Signer;
import kz.ekino.core.key.VerificationKey;
import kz.ekino.core.log.CheckpointException.Reason;

/**
 * A log's tree head in the C2SP tlog-checkpoint format: origin, tree size and root hash, as the
 * text of a C2SP signed note signed with an Ed25519 key whose key name is the origin
 * (docs/spec/log-v1.md).
 */
public record Checkpoint(String origin, long treeSize, TreeHash rootHash) {
  /** Checkpoints are a few hundred bytes; notes above this are refused before parsing. */
  public static final int MAX_NOTE_BYTES = 16 * 1024;
  private static final byte ED25519_SIGNATURE_TYPE = 0x01;

  public Checkpoint {
    if (!isKeyName(origin)) {
      throw new IllegalArgumentException(
          "origin must be 1 to 256 characters without spaces or '+', got '" + origin + "'");
    }
    if (treeSize < 0) {
      throw new IllegalArgumentException("tree size must not be negative: " + treeSize);
    }
    Objects.requireNonNull(rootHash, "rootHash");
  }

  /**
   * A C2SP signed-note key name as ekino accepts it: 1 to 256 characters, no Unicode spaces, no
   * '+' and no control characters.
   */
  static boolean isKeyName(String name) {
    return !name.isEmpty() && name.length() <= 256
        && name.codePoints().noneMatch(c -> Character.isWhitespace(c)
            || Character.isSpaceChar(c) || c == '+' || c < 0x20);
  }

  /** The note text: three lines, each ending in a newline. */
  public String noteText() {
    return origin + "\n" + treeSize + "\n" + rootHash.toBase64() + "\n";
  }

  /** The signed note: text, blank line, one signature line by {@code key} (Ed25519). */
  public String sign(Signer key) {
    if (key.algorithm() != Algorithm.ED25519) {
      throw new IllegalArgumentException("checkpoints are signed with Ed25519 keys, not "
          + key.algorithm());
    }
    byte[] text = noteText().getBytes(StandardCharsets.UTF_8);
    byte[] signature = key.sign(text);
    byte[] line = ByteBuffer.allocate(4 + signature.length)
        .put(keyId(origin, key.verificationKey())).put(signature).array();
    return noteText() + "\n\u2014 " + origin + " " + Base64.getEncoder().encodeToString(line)
        + "\n";
  }

  /**
   * Parses a signed note and verifies the signature of {@code key} under the key name
   * {@code origin}. Signature lines from other keys are ignored, as the signed-note
   * specification requires; extension lines are refused.
   */
  public static Checkpoint parseSigned(String note, String origin, VerificationKey key)
      throws CheckpointException {
    return parse(note, origin, key).checkpoint();
  }

  /**
   * Parses a signed note as {@link #parseSigned} does, then requires cosignatures
   * (c2sp.org/tlog-cosignature, cosignature/v1) from at least {@code quorum.required()} of the
   * quorum's witnesses. Lines of other keys are ignored and several cosignatures of one witness
   * count once; a cosignature of a quorum witness that does not verify rejects the note
   * ({@link CheckpointException.Reason#BAD_COSIGNATURE}), too few valid ones are
   * {@link CheckpointException.Reason#TOO_FEW_COSIGNATURES}.
   */
  public static Checkpoint parseCosigned(String note, String origin, VerificationKey key,
      WitnessQuorum quorum) throws CheckpointException {
    Parsed parsed = parse(note, origin, key);
    int valid = Cosignature.countValid(parsed.checkpoint(), parsed.signatureLines(), quorum);
    if (valid < quorum.required()) {
      throw new CheckpointException(Reason.TOO_FEW_COSIGNATURES, valid + " valid "
          + (valid == 1 ? "cosignature" : "cosignatures") + " of the " + quorum.required()
          + " required from witnesses " + quorum.names());
    }
    return parsed.checkpoint();
  }

  /** A checkpoint whose log signature verified, and every signature line of its note. */
  record Parsed(Checkpoint checkpoint, List<String> signatureLines) {}

  static Parsed parse(String note, String origin, VerificationKey key)
      throws CheckpointException {
    byte[] bytes = note.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_NOTE_BYTES) {
      throw new CheckpointException(Reason.MALFORMED, "note is longer than " + MAX_NOTE_BYTES
          + " bytes");
    }
    if (note.chars().anyMatch(c -> c < 0x20 && c != '\n')) {
      throw new CheckpointException(Reason.MALFORMED, "note has control characters");
    }
    int split = note.lastIndexOf("\n\n");
    if (split < 0 || !note.endsWith("\n")) {
      throw new CheckpointException(Reason.MALFORMED,
          "a signed note is text, a blank line and signature lines, each ending in newline");
    }
    String text = note.substring(0, split + 1);
    String[] lines = text.split("\n", -1);
    if (lines.length != 4 || !lines[3].isEmpty()) {
      throw new CheckpointException(Reason.MALFORMED,
          "checkpoint text must be exactly origin, tree size and root hash");
    }
    if (!lines[0].equals(origin)) {
      throw new CheckpointException(Reason.WRONG_ORIGIN,
          "checkpoint is for '" + lines[0] + "', expected '" + origin + "'");
    }
    long size;
    TreeHash root;
    if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
      throw new CheckpointException(Reason.MALFORMED, "tree size '" + bounded(lines[1])
          + "' is not a decimal of at most 19 digits");
    }
    try {
      size = Long.parseLong(lines[1]);
    } catch (NumberFormatException e) {
      throw new CheckpointException(Reason.MALFORMED, "tree size " + lines[1]
          + " is larger than " + Long.MAX_VALUE);
    }
    try {
      root = TreeHash.fromBase64(lines[2]);
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(Reason.MALFORMED, "root hash: " + e.getMessage());
    }
    byte[] expectedId = keyId(origin, key);
    if (split + 2 == note.length()) {
      throw new CheckpointException(Reason.MALFORMED, "a signed note needs a signature line");
    }
    boolean signed = false;
    List<String> signatureLines = new ArrayList<>();
    // Every signature line ends in a newline: none is empty, and none is dropped by split.
    for (String line : note.substring(split + 2, note.length() - 1).split("\n", -1)) {
      String prefix = "\u2014 " + origin + " ";
      if (!line.startsWith("\u2014 ")) {
        throw new CheckpointException(Reason.MALFORMED, "signature line without '\u2014 '");
      }
      signatureLines.add(line);
      if (!line.startsWith(prefix)) {
        continue; // another key's signature: ignored
      }
      byte[] sig;
      try {
        sig = StrictBase64.decode(line.substring(prefix.length()));
      } catch (IllegalArgumentException e) {
        throw new CheckpointException(Reason.MALFORMED, "the signature of " + origin + ": "
            + e.getMessage());
      }
      if (sig.length < 4 || !Arrays.equals(Arrays.copyOf(sig, 4), expectedId)) {
        continue; // same name, another key
      }
      if (!key.verify(text.getBytes(StandardCharsets.UTF_8),
          Arrays.copyOfRange(sig, 4, sig.length))) {
        throw new CheckpointException(Reason.BAD_SIGNATURE,
            "the signature of " + origin + " does not verify");
      }
      signed = true;
    }
    if (!signed) {
      throw new CheckpointException(Reason.NOT_SIGNED, "no signature by key " + origin);
    }
    return new Parsed(new Checkpoint(origin, size, root), List.copyOf(signatureLines));
  }

  private static String bounded(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  /** C2SP signed-note key ID: SHA-256(key name || 0x0A || 0x01 || 32-byte key)[:4]. */
  static byte[] keyId(String keyName, VerificationKey key) {
    return keyId(keyName, ED25519_SIGNATURE_TYPE, key);
  }

  /** SHA-256(key name || 0x0A || signature type || 32-byte Ed25519 key)[:4]. */
  static byte[] keyId(String keyName, byte signatureType, VerificationKey key) {
    if (key.algorithm() != Algorithm.ED25519) {
      throw new IllegalArgumentException("checkpoint keys are Ed25519, not " + key.algorithm());
    }
    byte[] spki = key.toSpki();
    byte[] name = keyName.getBytes(StandardCharsets.UTF_8);
    byte[] input = new byte[name.length + 2 + 32];
    System.arraycopy(name, 0, input, 0, name.length);
    input[name.length] = 0x0a;
    input[name.length + 1] = signatureType;
    System.arraycopy(spki, spki.length - 32, input, name.length + 2, 32);
    return Arrays.copyOf(Sha256.digest(input), 4);
  }
}
