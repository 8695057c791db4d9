package kz.ekino.core.monitor;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.TreeHash;
import org.jspecify.annotations.Nullable;

/**
 * The checkpoints a monitor has seen (tree size and root), so that a registry that later shows
 * a smaller log, or another root at a size already seen, is caught. Kept in a text file
 * (docs/spec/export-v1.md §5): a header naming the log's origin, then one line per checkpoint,
 * {@code <size> <root in base64>}, by increasing size. Each update writes a new file, syncs it
 * and renames it over the old one, so a crash leaves the old state or the new, never half.
 */
public final class MonitorState {
  /** A line per checkpoint; a monitor checking every five minutes fills it in years. */
  public static final int MAX_CHECKPOINTS = 1_000_000;
  private static final String HEADER = "ekino monitor state v1";

  /** A checkpoint seen: its size and root. */
  public record Seen(long size, TreeHash root) {}

  private final @Nullable Path file;
  private final String origin;
  private final List<Seen> seen;

  private MonitorState(@Nullable Path file, String origin, List<Seen> seen) {
    this.file = file;
    this.origin = origin;
    this.seen = seen;
  }

  /** A state kept in memory only, for a one-off check. */
  public static MonitorState inMemory(String origin) {
    return new MonitorState(null, origin, new ArrayList<>());
  }

  /**
   * Reads the state file of the log {@code origin}; a missing file is an empty state (it is
   * created at the first checkpoint remembered).
   *
   * @throws ExportFormatException if the file is not a state file of this origin
   */
  public static MonitorState open(Path file, String origin)
      throws IOException, ExportFormatException {
    if (!Files.exists(file)) {
      return new MonitorState(file, origin, new ArrayList<>());
    }
    List<Seen> seen = new ArrayList<>();
    int n = 0;
    try (var lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = lines.readLine();
      String originLine = lines.readLine();
      if (!HEADER.equals(header) || originLine == null || !originLine.startsWith("origin ")) {
        throw new ExportFormatException(file + " is not an ekino monitor state file");
      }
      if (!originLine.equals("origin " + origin)) {
        throw new ExportFormatException(file + " is the state of the log '"
            + originLine.substring(7) + "', not '" + origin + "'");
      }
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        n++;
        if (n > MAX_CHECKPOINTS) {
          throw new ExportFormatException(file + " holds more than " + MAX_CHECKPOINTS
              + " checkpoints");
        }
        String[] parts = line.split(" ", -1);
        try {
          if (parts.length != 2 || !parts[0].matches("0|[1-9][0-9]{0,18}")) {
            throw new IllegalArgumentException("expected '<size> <root>'");
          }
          Seen s = new Seen(Long.parseLong(parts[0]), TreeHash.fromBase64(parts[1]));
          if (!seen.isEmpty() && seen.get(seen.size() - 1).size() >= s.size()) {
            throw new IllegalArgumentException("sizes must increase");
          }
          seen.add(s);
        } catch (IllegalArgumentException e) {
          throw new ExportFormatException(file + ", line " + (n + 2) + ": " + e.getMessage());
        }
      }
    }
    return new MonitorState(file, origin, seen);
  }

  public String origin() {
    return origin;
  }

  /** The checkpoints seen, by increasing size. */
  public List<Seen> seen() {
    return Collections.unmodifiableList(seen);
  }

  /** The largest checkpoint seen. */
  public Optional<Seen> latest() {
    return seen.isEmpty() ? Optional.empty() : Optional.of(seen.get(seen.size() - 1));
  }

  /**
   * Adds a checkpoint the monitor has checked and writes the state, unless it holds that
   * checkpoint already. The caller has checked it against every checkpoint seen.
   */
  void remember(Checkpoint cp) throws IOException {
    if (!cp.origin().equals(origin)) {
      throw new IllegalArgumentException("a checkpoint of " + cp.origin() + " in the state of "
          + origin);
    }
    Seen s = new Seen(cp.treeSize(), cp.rootHash());
    if (seen.contains(s)) {
      return;
    }
    seen.add(s);
    seen.sort(Comparator.comparingLong(Seen::size));
    if (file != null) {
      write(file);
    }
  }

  private void write(Path target) throws IOException {
    StringBuilder text = new StringBuilder(HEADER).append("\norigin ").append(origin)
        .append('\n');
    for (Seen s : seen) {
      text.append(s.size()).append(' ').append(s.root().toBase64()).append('\n');
    }
    Path dir = target.toAbsolutePath().getParent();
    Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    try (FileChannel c = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(
          text.toString().getBytes(StandardCharsets.UTF_8));
      while (b.hasRemaining()) {
        c.write(b);
      }
      c.force(true);
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    if (dir != null) {
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      } catch (IOException e) {
        // Some systems cannot open a directory to sync it; the rename is then all there is.
      }
    }
  }
}
