package kz.ekino.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.CheckpointException;
import kz.ekino.core.monitor.ExportFormatException;
import kz.ekino.core.monitor.LogMonitor;
import kz.ekino.core.monitor.MonitorReport;
import kz.ekino.core.monitor.MonitorState;
import kz.ekino.registry.Registry;
import kz.ekino.registry.RegistryConfig;
import kz.ekino.registry.RegistryException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "audit", mixinStandardHelpOptions = true,
    description = {"Audits a registry's data directory, read only: the registry's full audit "
        + "(every stored column and node re-derived from the log), then box office recomputed "
        + "from the log's entries alone and compared with what monitoring reports; prints the "
        + "totals per region and overall.",
        "Exit 0: clean; 1: a mismatch, the first one named."})
final class AuditCommand implements Callable<Integer> {
  private final Clock clock;
  private final PrintWriter out;
  private final PrintWriter err;

  @Option(names = "--data", defaultValue = DataDir.DEFAULT, paramLabel = "DIR",
      description = "Data directory (default: ${DEFAULT-VALUE}).")
  private Path data;

  AuditCommand(Clock clock, PrintWriter out, PrintWriter err) {
    this.clock = clock;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws IOException {
    DataDir dir = DataDir.open(data, false, clock);
    Registry opened;
    try {
      opened = Registry.openReadOnly(dir.config(clock));
    } catch (RegistryException e) {
      // A database that does not match its log (the newest entries re-derived at open) is a
      // finding of the audit, not a usage error; a missing or unreadable one is.
      if (e.reason() == RegistryException.Reason.TAMPERED
          || e.reason() == RegistryException.Reason.BEHIND
          || e.reason() == RegistryException.Reason.DIVERGED) {
        return fail(String.valueOf(e.getMessage()));
      }
      throw new CliException(e.getMessage());
    }
    try (Registry registry = opened) {
      String note = registry.checkpoint();
      Checkpoint cp;
      try {
        cp = Checkpoint.parseSigned(note, RegistryConfig.DEFAULT_ORIGIN,
            dir.registry.verificationKey());
      } catch (CheckpointException e) {
        return fail("the registry's checkpoint does not verify: " + e.getMessage());
      }
      long audited;
      try {
        audited = registry.audit();
      } catch (RegistryException e) {
        return fail(String.valueOf(e.getMessage()));
      }
      out.printf("registry audit: %d entries, every stored record and node re-derived%n",
          audited);
      MonitorReport report;
      try {
        report = LogMonitor.of(RegistryConfig.DEFAULT_ORIGIN, dir.registry.verificationKey())
            .check(new RegistrySource(registry, note, cp.treeSize()),
                MonitorState.inMemory(RegistryConfig.DEFAULT_ORIGIN));
      } catch (ExportFormatException e) {
        return fail(e.getMessage());
      }
      if (registry.size() != cp.treeSize()) {
        throw new CliException("the registry grew from " + cp.treeSize() + " to "
            + registry.size() + " entries during the audit; run it again");
      }
      out.printf("log: %d entries hash to the checkpoint's root %s%n", report.entries(),
          cp.rootHash().toBase64());
      if (report.logChecked()) {
        out.printf("box office recomputed from the log, %d groups compared with monitoring:%n",
            report.comparedRows());
        MonitorCommand.printTotals(out, report.byRegion(), report.total());
      }
      out.flush();
      if (!report.clean()) {
        return fail(report.first().orElseThrow().toString());
      }
      out.println("OK: the database, the log and monitoring agree");
      out.flush();
      return Main.OK;
    }
  }

  private int fail(String message) {
    out.flush();
    err.println("ekino: audit: " + message);
    err.flush();
    return Main.NOT_VALID;
  }
}
