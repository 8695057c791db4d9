package kz.ekino.core.monitor;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import kz.ekino.core.key.VerificationKey;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.CheckpointException;
import kz.ekino.core.log.ConsistencyProof;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.log.MerkleHashing;
import kz.ekino.core.model.RentalCertificate;
import org.jspecify.annotations.Nullable;

/**
 * An independent monitor of a registry's log (docs/spec/export-v1.md §5). From a
 * {@link LogSource} alone it verifies the checkpoint's signature with the registry's key (and
 * the cosignatures {@link CheckpointWitnesses} require), checks that the log is consistent
 * with every checkpoint it has seen before, that the entries run 1 to n and hash to the
 * checkpoint's root, recomputes box office from the entries and compares it, group by group
 * and column by column, with what the registry's monitoring reported. It trusts nothing the
 * source claims beyond what it recomputes. Immutable; one monitor may check many sources.
 */
public final class LogMonitor {
  private static final int MAX_FIGURE_FINDINGS = 100;

  private final String origin;
  private final VerificationKey registryKey;
  private final CheckpointWitnesses witnesses;

  private LogMonitor(String origin, VerificationKey registryKey,
      CheckpointWitnesses witnesses) {
    this.origin = Objects.requireNonNull(origin, "origin");
    this.registryKey = Objects.requireNonNull(registryKey, "registryKey");
    this.witnesses = Objects.requireNonNull(witnesses, "witnesses");
  }

  /** A monitor of the log {@code origin}, whose checkpoints {@code registryKey} signs. */
  public static LogMonitor of(String origin, VerificationKey registryKey) {
    return new LogMonitor(origin, registryKey, CheckpointWitnesses.none());
  }

  /** The same monitor, requiring what {@code witnesses} checks of every checkpoint. */
  public LogMonitor requiring(CheckpointWitnesses witnesses) {
    return new LogMonitor(origin, registryKey, witnesses);
  }

  /**
   * Checks the source's log and figures; remembers its checkpoint in {@code state} when the
   * log checked (the figures may still differ: the log is what the state is about).
   *
   * @throws ExportFormatException if the source's files are unreadable as a whole
   */
  public MonitorReport check(LogSource source, MonitorState state)
      throws IOException, ExportFormatException {
    if (!state.origin().equals(origin)) {
      throw new IllegalArgumentException("the state is of the log " + state.origin()
          + ", this monitor of " + origin);
    }
    RegistryReport claimed = source.report();
    Replay r = replay(source, state, new BoxOfficeTally(claimed.from(), claimed.to()));
    if (r.logProblem()) {
      return r.report(new TreeMap<>(), 0);
    }
    Checkpoint cp = r.checkpoint.orElseThrow();
    state.remember(cp);
    SortedMap<FigureKey, Figures> rows = r.tally.rows();
    if (claimed.treeSize() != cp.treeSize()) {
      r.find(new Finding(Finding.Kind.REPORT_STALE, "monitoring.json is of a log of "
          + claimed.treeSize() + " entries, the checkpoint of " + cp.treeSize()));
      return r.report(rows, 0);
    }
    long compared = compare(rows, claimed.rows(), r);
    return r.report(rows, compared);
  }

  /**
   * The statement of one film (docs/spec/export-v1.md §6): its box office by cinema and day
   * over the screening days [from, to), computed from a log whose checkpoint and entries check.
   * It needs no state: it is stamped with the checkpoint, at which anyone can redo it.
   *
   * @throws LogRejectedException naming the first problem, if the log does not check
   */
  public FilmStatement statement(LogSource source, RentalCertificate film, LocalDate from,
      LocalDate to) throws IOException, ExportFormatException, LogRejectedException {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("a statement's period [" + from + ", " + to
          + ") must not be empty");
    }
    Instant start = from.atStartOfDay(BoxOfficeTally.KAZAKHSTAN).toInstant();
    Instant end = to.atStartOfDay(BoxOfficeTally.KAZAKHSTAN).toInstant();
    Replay r = replay(source, MonitorState.inMemory(origin), new BoxOfficeTally(start, end));
    if (r.logProblem()) {
      throw new LogRejectedException(r.findings.get(0));
    }
    SortedMap<FigureKey, Figures> rows = new TreeMap<>();
    r.tally.rows().forEach((k, v) -> {
      if (k.film().equals(film)) {
        rows.put(k, v);
      }
    });
    return new FilmStatement(r.checkpoint.orElseThrow(), film, from, to, rows);
  }

  /**
   * The open data of the log (docs/spec/open-data-v1.md) over every screening: daily figures
   * by film, region, language, production country and national or foreign film, computed from
   * a log whose checkpoint and entries check, stamped with that checkpoint.
   *
   * @throws LogRejectedException naming the first problem, if the log does not check
   */
  public OpenData openData(LogSource source)
      throws IOException, ExportFormatException, LogRejectedException {
    return openData(source, BoxOfficeTally.all());
  }

  /** The open data of the screening days [from, to) (dates in Asia/Almaty). */
  public OpenData openData(LogSource source, LocalDate from, LocalDate to)
      throws IOException, ExportFormatException, LogRejectedException {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("the period [" + from + ", " + to
          + ") must not be empty");
    }
    return openData(source, new BoxOfficeTally(
        from.atStartOfDay(BoxOfficeTally.KAZAKHSTAN).toInstant(),
        to.atStartOfDay(BoxOfficeTally.KAZAKHSTAN).toInstant()));
  }

  private OpenData openData(LogSource source, BoxOfficeTally tally)
      throws IOException, ExportFormatException, LogRejectedException {
    Replay r = replay(source, MonitorState.inMemory(origin), tally);
    if (r.logProblem()) {
      throw new LogRejectedException(r.findings.get(0));
    }
    return OpenData.of(Objects.requireNonNull(r.note), r.checkpoint.orElseThrow(), r.tally);
  }

  /** What one pass over the log found. */
  private static final class Replay {
    Optional<Checkpoint> checkpoint = Optional.empty();
    @Nullable String note;
    long entries;
    int remembered;
    final BoxOfficeTally tally;
    final List<Finding> findings = new ArrayList<>();
    long more;

    Replay(BoxOfficeTally tally) {
      this.tally = tally;
    }

    void find(Finding f) {
      if (findings.size() < 2 * MAX_FIGURE_FINDINGS) {
        findings.add(f);
      } else {
        more++;
      }
    }

    boolean logProblem() {
      return checkpoint.isEmpty() || findings.stream().anyMatch(f -> f.kind().aboutTheLog());
    }

    MonitorReport report(SortedMap<FigureKey, Figures> rows, long compared) {
      return new MonitorReport(checkpoint, entries, remembered, rows, compared, findings,
          more + tally.moreFindings());
    }
  }

  private Replay replay(LogSource source, MonitorState state, BoxOfficeTally tally)
      throws IOException, ExportFormatException {
    Replay r = new Replay(tally);
    String note = source.checkpoint();
    Checkpoint cp;
    try {
      cp = Checkpoint.parseSigned(note, origin, registryKey);
    } catch (CheckpointException e) {
      r.find(new Finding(Finding.Kind.BAD_CHECKPOINT, "the checkpoint does not verify: "
          + e.getMessage()));
      return r;
    }
    try {
      witnesses.check(note, cp);
    } catch (CheckpointException e) {
      r.find(new Finding(Finding.Kind.NOT_WITNESSED, "the checkpoint of size "
          + cp.treeSize() + " lacks the required cosignatures: " + e.getMessage()));
      return r;
    }
    r.checkpoint = Optional.of(cp);
    r.note = note;
    // Against what this monitor has seen: never smaller, never another root at one size.
    List<MonitorState.Seen> earlier = new ArrayList<>();
    for (MonitorState.Seen s : state.seen()) {
      if (s.size() > cp.treeSize()) {
        r.find(new Finding(Finding.Kind.ROLLED_BACK, "the checkpoint has " + cp.treeSize()
            + " entries, but this monitor saw a checkpoint of " + s.size() + " (root "
            + s.root().toBase64() + "): the log was rolled back"));
        return r;
      }
      if (s.size() == cp.treeSize() && !s.root().equals(cp.rootHash())) {
        r.find(new Finding(Finding.Kind.INCONSISTENT, "the checkpoint of size "
            + cp.treeSize() + " has root " + cp.rootHash().toBase64() + ", but this monitor "
            + "saw root " + s.root().toBase64() + " at that size: the history was rewritten"));
        return r;
      }
      earlier.add(s);
    }
    r.remembered = earlier.size();
    Optional<MonitorState.Seen> last = state.latest();
    if (last.isPresent() && last.get().size() < cp.treeSize()) {
      Optional<ConsistencyProof> proof = source.consistencyProof(last.get().size());
      if (proof.isPresent() && (proof.get().size1() != last.get().size()
          || proof.get().size2() != cp.treeSize()
          || !proof.get().verify(last.get().root(), cp.rootHash()))) {
        r.find(new Finding(Finding.Kind.INCONSISTENT, "the consistency proof from size "
            + last.get().size() + " to " + cp.treeSize() + " does not verify"));
        return r;
      }
    }
    readEntries(source, cp, earlier, r);
    for (Finding f : tally.findings()) {
      r.find(f);
    }
    return r;
  }

  private static void readEntries(LogSource source, Checkpoint cp,
      List<MonitorState.Seen> earlier, Replay r) throws IOException, ExportFormatException {
    RightEdge tree = new RightEdge();
    Iterator<MonitorState.Seen> next = earlier.iterator();
    MonitorState.Seen pending = next.hasNext() ? next.next() : null;
    while (pending != null && pending.size() == 0) {
      pending = next.hasNext() ? next.next() : null;
    }
    boolean tallying = true;
    try (LogSource.Entries entries = source.entries()) {
      for (Optional<byte[]> raw = entries.next(); raw.isPresent(); raw = entries.next()) {
        long n = tree.size() + 1;
        if (n > cp.treeSize()) {
          r.find(new Finding(Finding.Kind.WRONG_ENTRY_COUNT, "the export holds more entries "
              + "than the checkpoint's " + cp.treeSize()));
          return;
        }
        byte[] bytes = raw.get();
        // The leaf is the bytes received; a strict decode means they are the only encoding.
        tree.add(MerkleHashing.leafHash(bytes));
        if (tallying) {
          try {
            LogEntry e = LogEntry.decode(bytes);
            if (e.serial() != n) {
              r.find(new Finding(Finding.Kind.SERIAL_GAP, "entry " + n + " of the export has "
                  + "serial " + e.serial() + "; serials run 1 to n without gaps"));
              tallying = false;
            } else {
              r.tally.add(e);
            }
          } catch (IllegalArgumentException e) {
            r.find(new Finding(Finding.Kind.MALFORMED_ENTRY, "entry " + n + ": "
                + e.getMessage()));
            tallying = false;
          }
        }
        if (pending != null && pending.size() == n) {
          if (!tree.root().equals(pending.root())) {
            r.find(new Finding(Finding.Kind.INCONSISTENT, "entries 1 to " + n + " do not "
                + "hash to the root " + pending.root().toBase64() + " of the checkpoint of "
                + "size " + n + " this monitor saw: an entry up to " + n
                + " was rewritten or removed"));
          }
          pending = next.hasNext() ? next.next() : null;
        }
      }
    }
    r.entries = tree.size();
    if (tree.size() < cp.treeSize()) {
      r.find(new Finding(Finding.Kind.WRONG_ENTRY_COUNT, "the export holds " + tree.size()
          + " entries, the checkpoint " + cp.treeSize() + ": entries are missing"));
    } else if (!tree.root().equals(cp.rootHash())) {
      r.find(new Finding(Finding.Kind.ROOT_MISMATCH, "the " + tree.size() + " entries hash to "
          + tree.root().toBase64() + ", the checkpoint's root is " + cp.rootHash().toBase64()
          + ": an entry was rewritten"));
    }
  }

  /** Group by group in key order; returns how many groups were compared. */
  private static long compare(SortedMap<FigureKey, Figures> log,
      SortedMap<FigureKey, Figures> registry, Replay r) {
    TreeMap<FigureKey, Boolean> keys = new TreeMap<>();
    log.keySet().forEach(k -> keys.put(k, Boolean.TRUE));
    registry.keySet().forEach(k -> keys.put(k, Boolean.TRUE));
    for (Map.Entry<FigureKey, Boolean> e : keys.entrySet()) {
      FigureKey k = e.getKey();
      Figures mine = log.get(k);
      Figures theirs = registry.get(k);
      if (mine == null) {
        r.find(new Finding(Finding.Kind.GROUP_DIFFERS, "monitoring.json reports " + k
            + ", which the log does not hold (" + describe(Objects.requireNonNull(theirs))
            + ")"));
      } else if (theirs == null) {
        r.find(new Finding(Finding.Kind.GROUP_DIFFERS, "monitoring.json leaves out " + k
            + " (the log: " + describe(mine) + ")"));
      } else {
        String column = mine.firstDifference(theirs);
        if (!column.isEmpty()) {
          r.find(new Finding(Finding.Kind.FIGURE_DIFFERS, k + ", " + column
              + ": monitoring.json says " + theirs.column(column) + ", the log "
              + mine.column(column)));
        }
      }
    }
    return keys.size();
  }

  private static String describe(Figures f) {
    return f.ticketsSold() + " sold, " + f.ticketsRefunded() + " refunded, "
        + f.boxOfficeTiyn() + " tiyn, " + f.admissions() + " admitted";
  }
}
