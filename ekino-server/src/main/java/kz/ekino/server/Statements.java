package kz.ekino.server;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Optional;
import kz.ekino.core.monitor.ExportFormatException;
import kz.ekino.core.monitor.FilmStatement;
import kz.ekino.core.monitor.LogMonitor;
import kz.ekino.core.monitor.LogRejectedException;
import kz.ekino.core.monitor.LogSource;
import kz.ekino.core.monitor.RegistryReport;
import kz.ekino.core.model.RentalCertificate;
import kz.ekino.core.trust.KeyRole;
import kz.ekino.core.trust.TrustedKey;
import kz.ekino.registry.Registry;

/**
 * Film statements for rights holders (docs/spec/export-v1.md §6), computed as
 * {@code ekino statement} computes them from an export: {@link LogMonitor} replays the
 * registry's log up to its current checkpoint, checking the checkpoint's signature with the
 * trust list's registry key, and the statement is stamped with that checkpoint, so a rights
 * holder holding the log recomputes the same figures. O(entries) per statement.
 */
final class Statements {
  private final Registry registry;

  Statements(Registry registry) {
    this.registry = registry;
  }

  FilmStatement statement(RentalCertificate film, LocalDate from, LocalDate to) {
    String note = registry.checkpoint();
    String origin = note.substring(0, Math.max(0, note.indexOf('\n')));
    long size = Long.parseLong(note.split("\n", 3)[1]);
    LogRejectedException first = null;
    for (TrustedKey k : registry.trustList().keys()) {
      if (k.role() != KeyRole.REGISTRY) {
        continue;
      }
      try {
        return LogMonitor.of(origin, k.key()).statement(new Source(registry, note, size), film,
            from, to);
      } catch (LogRejectedException e) {
        first = first == null ? e : first;
      } catch (IOException | ExportFormatException e) {
        throw new IllegalStateException("reading the registry's own log", e);
      }
    }
    throw new IllegalStateException(first == null ? "the trust list holds no registry key"
        : "the registry's log does not check: " + first.finding(), first);
  }

  /** The registry's log up to one checkpoint, read in pages. */
  private static final class Source implements LogSource {
    private final Registry registry;
    private final String note;
    private final long size;

    Source(Registry registry, String note, long size) {
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
      throw new UnsupportedOperationException("a statement needs no monitoring report");
    }
  }
}
