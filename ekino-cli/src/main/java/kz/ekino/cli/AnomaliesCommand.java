package kz.ekino.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import kz.ekino.core.anomaly.Anomaly;
import kz.ekino.core.anomaly.AnomalyCode;
import kz.ekino.core.anomaly.AnomalyReport;
import kz.ekino.core.anomaly.AnomalyRules;
import kz.ekino.registry.Registry;
import kz.ekino.registry.RegistryException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "anomalies", mixinStandardHelpOptions = true,
    description = {"Runs the anomaly rules (docs/anomalies.md) over a registry's log, read "
        + "only, at the current time, and prints each anomaly as a line of JSON with a 'type' "
        + "field (COUNTER_GAP, COUNTER_FORK, COUNTER_ROLLBACK, OVER_CAPACITY, "
        + "UNDECLARED_SCREENING, LATE_UPLOAD, REFUND_AFTER_START, SILENT_TERMINAL, "
        + "BULK_PURCHASE, GHOST_SCREENING). Anomalies are re-derived from the log on every "
        + "run; none is stored. A count per code goes to stderr.",
        "Exit 0: no open anomaly; 1: open anomalies (listed); 2: usage error."})
final class AnomaliesCommand implements Callable<Integer> {
  private final Clock clock;
  private final PrintWriter out;
  private final PrintWriter err;

  @Option(names = "--data", defaultValue = DataDir.DEFAULT, paramLabel = "DIR",
      description = "Data directory (default: ${DEFAULT-VALUE}).")
  private Path data;

  @Option(names = "--open", description = "Only the anomalies still open.")
  private boolean openOnly;

  @Option(names = "--type", paramLabel = "CODE", split = ",",
      description = "Only these rule codes (comma-separated, or the option repeated).")
  private Set<AnomalyCode> types = EnumSet.allOf(AnomalyCode.class);

  AnomaliesCommand(Clock clock, PrintWriter out, PrintWriter err) {
    this.clock = clock;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    DataDir dir = DataDir.open(data, false, clock);
    Registry opened;
    try {
      opened = Registry.openReadOnly(dir.config(clock));
    } catch (RegistryException e) {
      throw new CliException(e.getMessage());
    }
    AnomalyReport report;
    try (Registry registry = opened) {
      report = registry.anomalies(AnomalyRules.defaults());
    }
    Map<AnomalyCode, long[]> counts = new TreeMap<>();
    boolean anyOpen = false;
    for (Anomaly a : report.anomalies()) {
      if (!types.contains(a.code()) || (openOnly && !a.open())) {
        continue;
      }
      out.println(a.toJson());
      long[] c = counts.computeIfAbsent(a.code(), k -> new long[2]);
      c[0]++;
      if (a.open()) {
        c[1]++;
        anyOpen = true;
      }
    }
    out.flush();
    StringBuilder summary = new StringBuilder("ekino: anomalies over " + report.entries()
        + " entries at " + report.at() + ":");
    if (counts.isEmpty()) {
      summary.append(" none");
    }
    counts.forEach((code, c) -> summary.append(' ').append(code).append(' ').append(c[0])
        .append(" (").append(c[1]).append(" open)"));
    err.println(summary);
    err.flush();
    return anyOpen ? Main.NOT_VALID : Main.OK;
  }
}
