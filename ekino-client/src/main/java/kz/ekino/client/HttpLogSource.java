package kz.ekino.client;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.TreeMap;
import kz.ekino.core.monitor.ExportFormatException;
import kz.ekino.core.monitor.LogSource;
import kz.ekino.core.monitor.RegistryReport;
import org.jspecify.annotations.Nullable;

/**
 * A running registry's log over HTTP: the checkpoint read once and pinned, the entries up to
 * its size read in pages of {@link RegistryClient#ENTRIES_PER_PAGE}. Nothing here is trusted:
 * the monitor checks the signature and recomputes the root. A failed request is an
 * {@link IOException} naming it (the monitor's contract).
 */
final class HttpLogSource implements LogSource {
  private final RegistryClient client;
  private @Nullable String note;
  private long size = -1;

  HttpLogSource(RegistryClient client) {
    this.client = client;
  }

  @Override
  public synchronized String checkpoint() throws IOException, ExportFormatException {
    if (note == null) {
      String n;
      try {
        n = client.checkpoint();
      } catch (ClientException e) {
        throw new IOException("checkpoint: " + e.getMessage(), e);
      }
      size = treeSize(n);
      note = n;
    }
    return note;
  }

  /** The size line of a C2SP note (origin, size, root, …); the monitor checks the rest. */
  static long treeSize(String note) throws ExportFormatException {
    String[] lines = note.split("\n", 4);
    if (lines.length < 3 || lines[1].isEmpty() || lines[1].length() > 19
        || !lines[1].chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new ExportFormatException("the served checkpoint has no tree size line");
    }
    try {
      return Long.parseLong(lines[1]);
    } catch (NumberFormatException e) {
      throw new ExportFormatException("the served checkpoint's tree size is out of range");
    }
  }

  @Override
  public Entries entries() throws IOException, ExportFormatException {
    checkpoint();
    long last = size;
    return new Entries() {
      private final Deque<byte[]> page = new ArrayDeque<>();
      private long next = 1;

      @Override
      public Optional<byte[]> next() throws IOException {
        if (page.isEmpty() && next <= last) {
          int max = (int) Math.min(RegistryClient.ENTRIES_PER_PAGE, last - next + 1);
          RegistryClient.EntryPage p;
          try {
            p = client.entries(next, max);
          } catch (ClientException e) {
            throw new IOException("entries from " + next + ": " + e.getMessage(), e);
          }
          if (p.from() != next || p.entries().isEmpty() || p.entries().size() > max) {
            throw new IOException("entries from " + next + ": the server answered "
                + p.entries().size() + " entries from " + p.from());
          }
          page.addAll(p.entries());
          next += p.entries().size();
        }
        return Optional.ofNullable(page.poll());
      }

      @Override
      public void close() {}
    };
  }

  /**
   * The registry's figures are an operator's route: claimed over an empty span (no screening
   * starts in [EPOCH, EPOCH)), so the monitor compares no figures, for the checkpoint's size.
   */
  @Override
  public RegistryReport report() throws IOException, ExportFormatException {
    checkpoint();
    return new RegistryReport(size, Instant.EPOCH, Instant.EPOCH, new TreeMap<>());
  }
}
