package kz.ekino.core.witness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.TreeHash;

/**
 * The witness's memory: for each log origin, the size and root of the last checkpoint it
 * cosigned. A text file, one log a line after a version line:
 *
 * <pre>
 * ekino-witness-state v1
 * qr.ekino.kz/registry 610 YE730d4jXn6aFyMng+k0xq5q6UTvOLBaRuQivHDFMWM=
 * </pre>
 *
 * Replaced by write-to-temporary, fsync, rename and fsync of the directory: a crash leaves the
 * old state or the new one, never a torn file. A file that does not parse is an error, never an
 * empty state (forgetting would let the witness cosign a forked log).
 */
final class WitnessState {
  static final int MAX_BYTES = 1024 * 1024;
  private static final String HEADER = "ekino-witness-state v1";

  private WitnessState() {}

  /** The state in {@code file}, by origin; empty when there is no file yet. */
  static Map<String, Checkpoint> read(Path file) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      return new TreeMap<>();
    }
    if (bytes.length > MAX_BYTES) {
      throw new IOException("witness state " + file + " is larger than " + MAX_BYTES + " bytes");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IOException("witness state " + file + " is not UTF-8", e);
    }
    if (!text.endsWith("\n")) {
      throw new IOException("witness state " + file + " is truncated (no final newline)");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (!lines[0].equals(HEADER)) {
      throw new IOException("witness state " + file + " does not start with '" + HEADER + "'");
    }
    Map<String, Checkpoint> state = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].split(" ", -1);
      try {
        if (f.length != 3 || !f[1].matches("0|[1-9][0-9]{0,18}")) {
          throw new IllegalArgumentException("expected 'origin size root'");
        }
        TreeHash root = TreeHash.fromBase64(f[2]);
        Checkpoint head = new Checkpoint(f[0], Long.parseLong(f[1]), root);
        if (state.put(head.origin(), head) != null) {
          throw new IllegalArgumentException("origin " + head.origin() + " appears twice");
        }
      } catch (IllegalArgumentException e) {
        throw new IOException("witness state " + file + " line " + (i + 1) + ": "
            + e.getMessage(), e);
      }
    }
    return state;
  }

  /** Replaces {@code file} with {@code state}, durably, before returning. */
  static void write(Path file, Map<String, Checkpoint> state) throws IOException {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (Checkpoint c : new TreeMap<>(state).values()) {
      text.append(c.origin()).append(' ').append(c.treeSize()).append(' ')
          .append(c.rootHash().toBase64()).append('\n');
    }
    Path absolute = file.toAbsolutePath();
    Path dir = Objects.requireNonNull(absolute.getParent(), "an absolute file has a parent");
    Path tmp = dir.resolve(absolute.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    try {
      Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(tmp);
      throw new IOException("cannot replace " + absolute + " atomically on this file system", e);
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some file systems cannot sync a directory; the rename is then as durable as they allow.
    }
  }
}
