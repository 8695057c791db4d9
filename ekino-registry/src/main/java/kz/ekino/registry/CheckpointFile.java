package kz.ekino.registry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.CheckpointException;
import kz.ekino.core.key.VerificationKey;

/**
 * The latest checkpoint this registry published, kept outside the database. At open the
 * database must hold at least this many entries, with this root at this size: a database that
 * is behind (a restored backup, a lagging replica, a deleted file) or has diverged is refused,
 * so the registry never signs a second checkpoint for a size it published, nor a smaller one.
 *
 * <p>Written after each commit that grows the log, by write-to-temporary, fsync, rename and
 * fsync of the directory, so that a crash leaves the old or the new checkpoint, never a torn
 * one. The database may be ahead of the file (a crash between the two); never behind.
 */
final class CheckpointFile {
  private final Path file;
  private final String origin;
  private final VerificationKey key;

  CheckpointFile(Path file, String origin, VerificationKey key) {
    this.file = file.toAbsolutePath();
    this.origin = origin;
    this.key = key;
  }

  Path path() {
    return file;
  }

  /** The checkpoint in the file, verified; empty when there is no file yet. */
  Optional<Checkpoint> read() throws RegistryException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length > Checkpoint.MAX_NOTE_BYTES) {
        throw new RegistryException(RegistryException.Reason.TAMPERED, "the checkpoint file "
            + file + " is " + bytes.length + " bytes, more than a checkpoint can be");
      }
      return Optional.of(Checkpoint.parseSigned(new String(bytes, StandardCharsets.UTF_8),
          origin, key));
    } catch (IOException e) {
      throw new RegistryException(RegistryException.Reason.UNAVAILABLE,
          "cannot read the checkpoint file " + file, e);
    } catch (CheckpointException e) {
      throw new RegistryException(RegistryException.Reason.TAMPERED, "the checkpoint file "
          + file + " does not verify with the registry key for origin " + origin + " ("
          + e.getMessage() + ")");
    }
  }

  /** Replaces the file with {@code signedNote}, durably. */
  void write(String signedNote) throws IOException {
    Path dir = Objects.requireNonNull(file.getParent(), "an absolute file has a parent");
    Files.createDirectories(dir);
    // Its own temporary file per process and thread: a standby and a writer given the same
    // file never write into each other's half-written copy.
    Path tmp = dir.resolve(file.getFileName() + "." + ProcessHandle.current().pid() + "-"
        + Thread.currentThread().getId() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(signedNote.getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some file systems cannot sync a directory; the rename is then as durable as they allow.
    }
  }
}
