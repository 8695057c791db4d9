package kz.ekino.core.monitor;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a registry's monitoring reported: box office by film, cinema, region and day of the
 * screenings starting in [from, to), when its log held {@code treeSize} entries. A monitor
 * takes it as a claim to check, never as a fact (monitoring.json, docs/spec/export-v1.md §3).
 */
public record RegistryReport(long treeSize, Instant from, Instant to,
    SortedMap<FigureKey, Figures> rows) {
  public RegistryReport {
    if (treeSize < 0) {
      throw new IllegalArgumentException("tree size must not be negative: " + treeSize);
    }
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("range ends before it starts: " + from + " .. " + to);
    }
    rows = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(rows)));
  }
}
