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
        "With --server URL it follows a running registry over HTTP instead (GET "
            + "/api/v1/checkpoint and /api/v1/entries): the same checks of the log; the "
            + "registry's figures are an operator's route and are not compared. --every N "
            + "checks again every N seconds (--times K checks, default: until stopped).",
        "Exit 0: everything matches; 1: a difference, the first one named; 2: unreadable "
            + "input; 4: the server could not be reached."})
final class MonitorCommand implements Callable<Integer> {
  private static final int SHOWN = 20;

  private final PrintWriter out;
  private final PrintWriter err;

  @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
  private Source source;

  static final class Source {
    @Option(names = "--export", paramLabel = "EXPORT", description = "Export directory.")
    Path export;

    @Option(names = "--server", paramLabel = "URL",
        description = "A running registry, e.g. http://127.0.0.1:8080.")
    String server;
  }

  @Option(names = "--every", paramLabel = "SECONDS",
      description = "With --server: check again every SECONDS (1 to 86400).")
  private Integer every;

  @Option(names = "--times", paramLabel = "K",
      description = "With --every: stop after K checks, 1 to 2147483647 (default: run until "
          + "stopped).")
  private Integer times;

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
    Path export = source.export;
    if (export != null && !Files.isDirectory(export)) {
      throw new CliException("--export: " + export + " is not a directory");
    }
    if (export != null && (every != null || times != null)) {
      throw new CliException("--every and --times belong to --server");
    }
    if (every != null && (every < 1 || every > 86_400)) {
      throw new CliException("--every: 1 to 86400 seconds, got " + every);
    }
    if (times != null && (every == null || times < 1)) {
      throw new CliException(every == null ? "--times needs --every"
          : "--times: at least 1, got " + times);
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
    if (export == null) {
      return follow(monitor);
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
    return conclude(report);
  }

  /** {@code --server}: one check, or one every {@code --every} seconds, until a difference. */
  private int follow(LogMonitor monitor) {
    kz.ekino.client.RegistryClient client =
        Online.client("--server", source.server, java.time.Clock.systemUTC());
    for (int i = 1; ; i++) {
      MonitorReport report;
      try {
        MonitorState seen = MonitorState.open(state, origin);
        report = monitor.check(client.logSource(), seen);
      } catch (ExportFormatException e) {
        throw new CliException(source.server + ": " + e.getMessage());
      } catch (IOException e) {
        if (e.getCause() instanceof kz.ekino.client.ClientException) {
          throw Online.failure("monitor " + source.server,
              (kz.ekino.client.ClientException) e.getCause());
        }
        throw new CliException("cannot read " + state + ": " + e.getMessage());
      }
      if (!report.clean()) {
        return conclude(report);
      }
      report.checkpoint().ifPresent(cp -> describe(cp, report));
      out.println("OK: the log checks (the registry's figures are not public: not compared)");
      out.flush();
      if (every == null || (times != null && i >= times)) {
        return Main.OK;
      }
      try {
        Thread.sleep(every * 1000L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Main.OK;
      }
    }
  }

  private int conclude(MonitorReport report) {
    report.checkpoint().ifPresent(cp -> describe(cp, report));
    if (report.logChecked() && source.export != null) {
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
