package kz.ekino.core.monitor;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.model.Region;

/**
 * What {@link LogMonitor#check} found: the checkpoint it checked, how many entries, against how
 * many remembered checkpoints, the figures it recomputed, and every finding (the first one
 * first; at most 100 of each source, with a count of those left out). Only the monitor makes
 * one.
 */
public final class MonitorReport {
  private final Optional<Checkpoint> checkpoint;
  private final long entries;
  private final int remembered;
  private final SortedMap<FigureKey, Figures> rows;
  private final long comparedRows;
  private final List<Finding> findings;
  private final long moreFindings;

  MonitorReport(Optional<Checkpoint> checkpoint, long entries, int remembered,
      SortedMap<FigureKey, Figures> rows, long comparedRows, List<Finding> findings,
      long moreFindings) {
    this.checkpoint = checkpoint;
    this.entries = entries;
    this.remembered = remembered;
    this.rows = Collections.unmodifiableSortedMap(new TreeMap<>(rows));
    this.comparedRows = comparedRows;
    this.findings = List.copyOf(findings);
    this.moreFindings = moreFindings;
  }

  /** The checkpoint, when its signature verified. */
  public Optional<Checkpoint> checkpoint() {
    return checkpoint;
  }

  /** The entries read. */
  public long entries() {
    return entries;
  }

  /** How many checkpoints of the monitor's state the log was checked against. */
  public int remembered() {
    return remembered;
  }

  /** Box office recomputed from the log (empty when the log did not check). */
  public SortedMap<FigureKey, Figures> rows() {
    return rows;
  }

  /** How many groups were compared with the registry's report. */
  public long comparedRows() {
    return comparedRows;
  }

  public SortedMap<Region, Figures> byRegion() {
    return BoxOfficeTally.byRegion(rows);
  }

  public Figures total() {
    return BoxOfficeTally.total(rows);
  }

  public List<Finding> findings() {
    return findings;
  }

  public long moreFindings() {
    return moreFindings;
  }

  /** The first difference: what to name when there is one. */
  public Optional<Finding> first() {
    return findings.isEmpty() ? Optional.empty() : Optional.of(findings.get(0));
  }

  /** Whether the log checked and every figure matched. */
  public boolean clean() {
    return findings.isEmpty();
  }

  /** Whether the log itself checked (the figures may still differ). */
  public boolean logChecked() {
    return checkpoint.isPresent() && findings.stream().noneMatch(f -> f.kind().aboutTheLog());
  }
}
