package kz.ekino.core.anomaly;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.ScreeningId;
import kz.ekino.core.model.TerminalId;
import org.jspecify.annotations.Nullable;

/**
 * An anomaly while the fold builds it: opened at an entry, given evidence by later ones,
 * perhaps resolved. {@link #toAnomaly} takes a snapshot, so a report in the middle of a fold
 * is not changed by the entries after it.
 */
final class Episode {
  final AnomalyCode code;
  final @Nullable Bin vendor;
  final @Nullable TerminalId terminal;
  final @Nullable ScreeningId screening;
  final Instant firstSeen;
  @Nullable Instant resolvedAt;
  /** The cinema, where the rule knows it when it opens the episode. */
  @Nullable Bin cinema;
  /** Words for the detail line that the numbers do not hold. */
  String note = "";
  private final LongList serials = new LongList();
  private final LongList sequences = new LongList();
  private final Map<String, Long> numbers = new LinkedHashMap<>();

  Episode(AnomalyCode code, @Nullable Bin vendor, @Nullable TerminalId terminal,
      @Nullable ScreeningId screening, Instant firstSeen) {
    this.code = code;
    this.vendor = vendor;
    this.terminal = terminal;
    this.screening = screening;
    this.firstSeen = firstSeen;
  }

  boolean open() {
    return resolvedAt == null;
  }

  /** Adds a serial to the evidence, unless it already lists {@link Anomaly#MAX_EVIDENCE}. */
  Episode serial(long serial) {
    if (serials.size() < Anomaly.MAX_EVIDENCE) {
      serials.add(serial);
    }
    return this;
  }

  /**
   * Resolves the episode at {@code at} by the entry {@code serial}, which ends its evidence
   * even when the evidence is full (it then takes the last place).
   */
  void resolve(long serial, Instant at) {
    if (serials.size() < Anomaly.MAX_EVIDENCE) {
      serials.add(serial);
    } else {
      serials.set(Anomaly.MAX_EVIDENCE - 1, serial);
    }
    resolvedAt = at;
  }

  Episode sequence(long sequence) {
    if (sequences.size() < Anomaly.MAX_EVIDENCE) {
      sequences.add(sequence);
    }
    return this;
  }

  Episode number(String name, long value) {
    numbers.put(name, value);
    return this;
  }

  long number(String name) {
    Long v = numbers.get(name);
    return v == null ? 0 : v;
  }

  /** The snapshot, with the cinema the episode was opened with. */
  Anomaly toAnomaly(String detail) {
    Bin c = cinema;
    if (c == null) {
      throw new IllegalStateException("an episode of " + code + " without its cinema");
    }
    return toAnomaly(c, detail);
  }

  Anomaly toAnomaly(Bin cinema, String detail) {
    return new Anomaly(code, cinema, vendor, terminal, screening, firstSeen, resolvedAt,
        serials.head(Anomaly.MAX_EVIDENCE), sequences.head(Anomaly.MAX_EVIDENCE), numbers,
        detail);
  }
}
