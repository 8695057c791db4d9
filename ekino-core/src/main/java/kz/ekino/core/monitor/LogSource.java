package kz.ekino.core.monitor;

import java.io.Closeable;
import java.io.IOException;
import java.util.Optional;
import kz.ekino.core.log.ConsistencyProof;

/**
 * Where a monitor reads a registry's log: its latest signed checkpoint, its entries from
 * serial 1, and what its monitoring reported. {@link ExportDirectory} reads an exported
 * directory; an HTTP client of the registry is the next implementation. Nothing a source
 * returns is trusted: the monitor checks it all.
 */
public interface LogSource {
  /** The latest checkpoint, a C2SP signed note as the registry published it. */
  String checkpoint() throws IOException, ExportFormatException;

  /** The entries, serial 1 first, each as its encoded bytes (docs/spec/log-v1.md §2). */
  Entries entries() throws IOException, ExportFormatException;

  /** The registry's own monitoring figures. */
  RegistryReport report() throws IOException, ExportFormatException;

  /**
   * A proof that the tree of {@code size1} leaves is a prefix of the checkpoint's tree, if the
   * source offers one. A source holding every entry need not: the monitor recomputes the root
   * at every size it remembers.
   */
  default Optional<ConsistencyProof> consistencyProof(long size1)
      throws IOException, ExportFormatException {
    return Optional.empty();
  }

  /** The entries as a stream of encoded entries; each at most {@link #MAX_ENTRY_BYTES}. */
  interface Entries extends Closeable {
    /** The next encoded entry, or empty at the end. */
    Optional<byte[]> next() throws IOException, ExportFormatException;
  }

  /** The largest encoded entry: a 64 KiB body with its header. */
  int MAX_ENTRY_BYTES = 64 * 1024 + 64;
}
