package kz.ekino.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * How the commands write the files they make. An existing file is replaced only with
 * {@code --force}, and then atomically (a reader sees the old file or the new one, never half of
 * either). A symbolic link, a directory or a device at the path is never written through or
 * replaced, with or without {@code --force}: a link planted where a ticket image is expected must
 * not turn into an overwritten key. Nor does an image or a trust list ever replace a file that
 * holds a private key (a slip of {@code --out registry.key.pem --force} would destroy the key).
 * Private keys are created readable by the owner only, never briefly world-readable.
 */
final class OutputFile {
  /** What a command writes; it decides the file's mode and whether a private key may be replaced. */
  enum Content {
    PRIVATE_KEY, PUBLIC_KEY, OTHER
  }

  /** How far into an existing file to look for a PEM private key block. */
  private static final int KEY_SNIFF_BYTES = 16 * 1024;

  private static final Set<OpenOption> CREATE_NEW =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  private static final SecureRandom RANDOM = new SecureRandom();

  private OutputFile() {}

  /**
   * Fails with a one-line {@link CliException} unless {@code path} can be written under the
   * rules above. Commands call it before doing their work, so that a refusal costs nothing.
   */
  static void checkWritable(Path path, boolean force, Content content) {
    if (Files.isSymbolicLink(path)) {
      throw new CliException(path + " is a symbolic link; ekino does not write through links, "
          + "even with --force (name the file itself, or remove the link)");
    }
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
        throw new CliException(path + " exists and is not a regular file");
      }
      if (!force) {
        throw new CliException(path + " already exists; use --force to replace it");
      }
      if (content == Content.OTHER && holdsPrivateKey(path)) {
        throw new CliException(path + " holds a private key; ekino does not replace a key "
            + "with another kind of file, even with --force");
      }
    }
  }

  private static boolean holdsPrivateKey(Path path) {
    byte[] head;
    try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
      head = in.readNBytes(KEY_SNIFF_BYTES);
    } catch (IOException e) {
      throw new CliException("cannot read " + path + " before replacing it: " + e.getMessage());
    }
    return new String(head, StandardCharsets.ISO_8859_1).contains("PRIVATE KEY-----");
  }

  /** Writes {@code data} to {@code path}, creating its directory, under the rules above. */
  static void write(Path path, byte[] data, boolean force, Content content) {
    checkWritable(path, force, content);
    boolean secret = content == Content.PRIVATE_KEY;
    Path dir = path.toAbsolutePath().getParent();
    try {
      if (dir != null) {
        Files.createDirectories(dir);
      }
      if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        // O_EXCL: if anything (a file, a link) appeared since the check, this fails.
        writeNew(path, data, secret);
        return;
      }
      Path temp = (dir == null ? Path.of("") : dir).resolve(
          "." + path.getFileName() + "." + HexFormat.of().formatHex(nonce()) + ".tmp");
      writeNew(temp, data, secret);
      try {
        // rename(2) replaces the name: a link swapped in since the check is replaced, not followed.
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(temp);
        throw e;
      }
    } catch (FileAlreadyExistsException e) {
      throw new CliException(path + " already exists; use --force to replace it");
    } catch (AtomicMoveNotSupportedException e) {
      throw new CliException("cannot replace " + path + " atomically on this file system");
    } catch (IOException e) {
      throw new CliException("cannot write " + path + ": " + e.getMessage());
    }
  }

  private static void writeNew(Path path, byte[] data, boolean secret) throws IOException {
    FileAttribute<?>[] attributes = secret
        && path.getFileSystem().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
    // Throws FileAlreadyExistsException, having created nothing, if the name is taken.
    SeekableByteChannel channel = Files.newByteChannel(path, CREATE_NEW, attributes);
    boolean done = false;
    try {
      try (SeekableByteChannel out = channel) {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
      }
      done = true;
    } finally {
      if (!done) {
        // Only the file created just above: a half-written one (disk full) must not stay behind
        // looking like a whole one.
        Files.deleteIfExists(path);
      }
    }
  }

  private static byte[] nonce() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return b;
  }
}
