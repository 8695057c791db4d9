package kz.ekino.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import kz.ekino.core.model.RentalCertificate;
import kz.ekino.core.monitor.ExportDirectory;
import kz.ekino.core.monitor.ExportFormatException;
import kz.ekino.core.monitor.FilmStatement;
import kz.ekino.core.monitor.LogMonitor;
import kz.ekino.core.monitor.LogRejectedException;
import kz.ekino.registry.RegistryConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "statement", mixinStandardHelpOptions = true,
    description = {"A film's statement for its rights holder: tickets and box office of one "
        + "rental certificate by cinema and screening day over [--from, --to), recomputed "
        + "from an export's log and stamped with its checkpoint (docs/spec/export-v1.md §6).",
        "Exit 1 if the export's log does not check."})
final class StatementCommand implements Callable<Integer> {
  private final PrintWriter out;
  private final PrintWriter err;

  @Option(names = "--export", required = true, paramLabel = "EXPORT",
      description = "Export directory.")
  private Path export;

  @Option(names = "--registry-key", required = true, paramLabel = "PUB.pem",
      description = "The registry's public key (PEM), which signs its checkpoints.")
  private Path registryKey;

  @Option(names = "--origin", defaultValue = RegistryConfig.DEFAULT_ORIGIN, paramLabel = "O",
      description = "The log's origin (default: ${DEFAULT-VALUE}).")
  private String origin;

  @Option(names = "--film", required = true, paramLabel = "CERT",
      description = "Rental certificate number.")
  private String film;

  @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD",
      description = "First screening day (in Almaty).")
  private String from;

  @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD",
      description = "Day after the last screening day.")
  private String to;

  @Option(names = "--json", description = "Print JSON.")
  private boolean json;

  StatementCommand(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    RentalCertificate cert;
    try {
      cert = RentalCertificate.of(film);
    } catch (IllegalArgumentException e) {
      throw new CliException("--film: " + e.getMessage());
    }
    LocalDate first = day("--from", from);
    LocalDate end = day("--to", to);
    if (!first.isBefore(end)) {
      throw new CliException("--to must be after --from");
    }
    if (!Files.isDirectory(export)) {
      throw new CliException("--export: " + export + " is not a directory");
    }
    FilmStatement s;
    try {
      s = LogMonitor.of(origin, Inputs.logKey(registryKey))
          .statement(ExportDirectory.of(export), cert, first, end);
    } catch (ExportFormatException e) {
      throw new CliException(e.getMessage());
    } catch (IOException e) {
      throw new CliException("cannot read " + export + ": " + e.getMessage());
    } catch (LogRejectedException e) {
      err.println("ekino: statement: the log does not check: " + e.finding());
      err.flush();
      return Main.NOT_VALID;
    }
    out.print(json ? s.toJson() : s.toText());
    out.flush();
    return Main.OK;
  }

  private static LocalDate day(String option, String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new CliException(option + ": expected a date like 2026-11-28, got '" + text + "'");
    }
  }
}
