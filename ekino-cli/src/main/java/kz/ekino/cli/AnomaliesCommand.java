package kz.ekino.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Locale;
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

  @Option(names = "--summary", description = "After the anomalies: counts per cinema, vendor "
      + "and terminal (type TALLY), each vendor's daily counter completeness (VENDOR_DAY) and "
      + "each cinema's days: screenings declared, declared without a sale, tickets sold, days "
      + "declared without screenings (CINEMA_DAY).")
  private boolean summary;

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
    if (summary) {
      printSummary(report);
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

  private void printSummary(AnomalyReport report) {
    report.byCinema().forEach((cinema, t) -> out.printf(Locale.ROOT,
        "{\"type\":\"TALLY\",\"by\":\"cinema\",\"cinema\":\"%s\",\"open\":%d,\"total\":%d}%n",
        cinema.value(), t.open(), t.total()));
    report.byVendor().forEach((vendor, t) -> out.printf(Locale.ROOT,
        "{\"type\":\"TALLY\",\"by\":\"vendor\",\"vendor\":\"%s\",\"open\":%d,\"total\":%d}%n",
        vendor.value(), t.open(), t.total()));
    report.byTerminal().forEach((key, t) -> out.printf(Locale.ROOT,
        "{\"type\":\"TALLY\",\"by\":\"terminal\",\"vendor\":\"%s\",\"terminal\":%s,"
            + "\"open\":%d,\"total\":%d}%n",
        key.vendor().value(), quote(key.terminal().value()), t.open(), t.total()));
    for (AnomalyReport.VendorDay d : report.vendorDays()) {
      out.printf(Locale.ROOT, "{\"type\":\"VENDOR_DAY\",\"vendor\":\"%s\",\"day\":\"%s\","
          + "\"terminals\":%d,\"received\":%d,\"expected\":%d,\"completeness\":%.4f}%n",
          d.vendor().value(), d.day(), d.terminals(), d.received(), d.expected(),
          d.completeness());
    }
    for (AnomalyReport.CinemaDay d : report.cinemaDays()) {
      out.printf(Locale.ROOT, "{\"type\":\"CINEMA_DAY\",\"cinema\":\"%s\",\"day\":\"%s\","
          + "\"declaredScreenings\":%d,\"declaredWithoutSales\":%d,\"ticketsSold\":%d,"
          + "\"noScreeningsDeclared\":%b}%n", d.cinema().value(), d.day(),
          d.declaredScreenings(), d.declaredWithoutSales(), d.ticketsSold(),
          d.noScreeningsDeclared());
    }
  }

  /** A terminal id as a JSON string: printable ASCII, so only the quote and backslash. */
  private static String quote(String ascii) {
    return '"' + ascii.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
