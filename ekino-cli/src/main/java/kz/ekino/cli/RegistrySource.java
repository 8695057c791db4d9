package kz.ekino.cli;

import java.time.Instant;
import java.util.Optional;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.monitor.LogSource;
import kz.ekino.core.monitor.RegistryReport;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.verify.RejectedException;
import kz.ekino.registry.Registry;

/**
 * A registry opened on this machine as a {@link LogSource}, so that the audit checks it with
 * the same monitor an outsider runs on an export: entries are read in pages, the report asks
 * the registry's monitoring over the screenings the entries hold (one pass to find their span).
 */
final class RegistrySource implements LogSource {
  private final Registry registry;
  private final String note;
  private final long size;

  RegistrySource(Registry registry, String note, long size) {
    this.registry = registry;
    this.note = note;
    this.size = size;
  }

  @Override
  public String checkpoint() {
    return note;
  }

  @Override
  public Entries entries() {
    return registry.entriesUpTo(size);
  }

  @Override
  public RegistryReport report() {
    Instant first = Instant.MAX;
    Instant last = Instant.MIN;
    try (Entries all = entries()) {
      for (Optional<byte[]> b = all.next(); b.isPresent(); b = all.next()) {
        LogEntry e = LogEntry.decode(b.get());
        if (e.kind() == LogEntry.Kind.SALE) {
          try {
            Instant start = Submissions.readSale(e.submission()).content().screening().start();
            first = start.isBefore(first) ? start : first;
            last = start.isAfter(last) ? start : last;
          } catch (RejectedException ex) {
            // Not a sale the monitor can count: it finds and names it itself.
          }
        }
      }
    } catch (java.io.IOException | kz.ekino.core.monitor.ExportFormatException e) {
      throw new IllegalStateException("reading the registry's entries", e);
    }
    return RegistryFigures.report(registry, size, first, last);
  }
}
