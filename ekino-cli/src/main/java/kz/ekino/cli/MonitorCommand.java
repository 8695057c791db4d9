package kz.ekino.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import kz.ekino.core.key.VerificationKey;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.WitnessQuorum;
import kz.ekino.core.model.Region;
import kz.ekino.core.monitor.ExportDirectory;
import kz.ekino.core.monitor.ExportFormatException;
import kz.ekino.core.monitor.Figures;
import kz.ekino.core.monitor.Finding;
import kz.ekino.core.monitor.LogMonitor;
import kz.ekino.core.monitor.MonitorReport;
import kz.ekino.core.monitor.MonitorState;
import kz.ekino.registry.RegistryConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "monitor", mixinStandardHelpOptions = true,
    description = {"Checks a registry's export (ekino export) with no database: the "
        + "checkpoint's signature, every entry against its root, the log against every "
        + "checkpoint this monitor saw before (--state), and the registry's box office "
        + "against the figures recomputed from the entries (docs/spec/export-v1.md).",
        "Exit 0: everything matches; 1: a difference, the first one named; 2: unreadable "
            + "input."})
final class MonitorCommand implements Callable<Integer> {
  private static final int SHOWN = 20;

  private final PrintWriter out;
  private final PrintWriter err;

  @Option(names = "--export", required = true, paramLabel = "EXPORT",
      description = "Export directory.")
  private Path export;

  @Option(names = "--registry-key", required = true, paramLabel = "PUB.pem",
      description = "The registry's public key (PEM), which signs its checkpoints.")
  private Path registryKey;

  @Option(names = "--state", required = true, paramLabel = "FILE",
      description = "This monitor's record of the checkpoints it has seen (created if "
          + "missing).")
  private Path state;

  @Option(names = "--origin", defaultValue = RegistryConfig.DEFAULT_ORIGIN, paramLabel = "O",
      description = "The log's origin (default: ${DEFAULT-VALUE}).")
  private String origin;

  @Option(names = "--witness", paramLabel = "NAME=PUB.pem",
      description = "Require cosignatures of this witness (its key name and public key); "
          + "repeatable. Without it the registry's signature alone is checked.")
  private List<String> witnesses = new ArrayList<>();

  @Option(names = "--quorum", paramLabel = "K",
      description = "How many of the --witness witnesses must have cosigned, 1 to their "
          + "number (default: all).")
  private Integer quorum;

  MonitorCommand(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    if (!Files.isDirectory(export)) {
      throw new CliException("--export: " + export + " is not a directory");
    }
    VerificationKey key = Inputs.logKey(registryKey);
    LogMonitor monitor = LogMonitor.of(origin, key);
    if (!witnesses.isEmpty()) {
      WitnessQuorum required = WitnessCommand.quorum(witnesses, quorum);
      monitor = monitor.requiring((note, cp) ->
          Checkpoint.parseCosigned(note, origin, key, required));
    } else if (quorum != null) {
      throw new CliException("--quorum needs --witness");
    }
    MonitorReport report;
    try {
      MonitorState seen = MonitorState.open(state, origin);
      report = monitor.check(ExportDirectory.of(export), seen);
    } catch (ExportFormatException e) {
      throw new CliException(e.getMessage());
    } catch (IOException e) {
      throw new CliException("cannot read " + export + " or " + state + ": " + e.getMessage());
    }
    report.checkpoint().ifPresent(cp -> describe(cp, report));
    if (report.logChecked()) {
      out.printf("figures: %d groups (film, cinema, region, day) compared with %s%n",
          report.comparedRows(), ExportDirectory.MONITORING);
      printTotals(out, report.byRegion(), report.total());
    }
    if (report.clean()) {
      out.println("OK: the log checks and the registry's figures match it to the tiyn");
      out.flush();
      return Main.OK;
    }
    out.printf("%d difference(s):%n", report.findings().size() + report.moreFindings());
    report.findings().stream().limit(SHOWN).forEach(f -> out.println("  " + f));
    if (report.findings().size() + report.moreFindings() > SHOWN) {
      out.printf("  … and %d more%n", report.findings().size() + report.moreFindings()
          - SHOWN);
    }
    out.flush();
    Finding first = report.first().orElseThrow();
    err.println("ekino: monitor: first difference: " + first);
    err.flush();
    return Main.NOT_VALID;
  }

  private void describe(Checkpoint cp, MonitorReport report) {
    out.printf("checkpoint: %s, size %d, root %s (signature verified)%n", cp.origin(),
        cp.treeSize(), cp.rootHash().toBase64());
    out.printf("entries: %d read; checked against %d checkpoint(s) remembered in %s%n",
        report.entries(), report.remembered(), state);
  }

  static void printTotals(PrintWriter out, Map<Region, Figures> byRegion, Figures total) {
    out.printf(Locale.ROOT, "  %-18s %8s %8s %18s %8s%n", "region", "sold", "net",
        "box office, KZT", "admitted");
    byRegion.forEach((r, f) -> out.printf(Locale.ROOT, "  %-18s %8d %8d %18s %8d%n",
        r.code() + " " + r.englishName(), f.ticketsSold(), f.netTickets(),
        RegistryFigures.tenge(f.boxOfficeTiyn()), f.admissions()));
    out.printf(Locale.ROOT, "  %-18s %8d %8d %18s %8d%n", "overall", total.ticketsSold(),
        total.netTickets(), RegistryFigures.tenge(total.boxOfficeTiyn()), total.admissions());
  }
}
