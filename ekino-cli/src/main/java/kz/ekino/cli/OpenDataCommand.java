package kz.ekino.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import kz.ekino.core.key.VerificationKey;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.CheckpointException;
import kz.ekino.core.monitor.ExportDirectory;
import kz.ekino.core.monitor.ExportFormatException;
import kz.ekino.core.monitor.Figures;
import kz.ekino.core.monitor.LogMonitor;
import kz.ekino.core.monitor.LogRejectedException;
import kz.ekino.core.monitor.LogSource;
import kz.ekino.core.monitor.OpenData;
import kz.ekino.registry.Registry;
import kz.ekino.registry.RegistryConfig;
import kz.ekino.registry.RegistryException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "opendata", mixinStandardHelpOptions = true,
    description = {"Open data: daily tickets and box office by film, region, screening "
        + "language, production country and national or foreign film, as CSV and JSON, "
        + "recomputed from the registry's log and stamped with its checkpoint "
        + "(docs/spec/open-data-v1.md).",
        "From a data directory (--data, read only) or from an export (--export with "
            + "--registry-key): both give the same bytes.",
        "--out is created, or must be an empty directory. Exit 1 if the log does not "
            + "check; 2: bad arguments or unreadable input."})
final class OpenDataCommand implements Callable<Integer> {
  private final Clock clock;
  private final PrintWriter out;
  private final PrintWriter err;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Data directory of a registry, opened read only (default: "
          + DataDir.DEFAULT + " when no --export is given).")
  private Path data;

  @Option(names = "--export", paramLabel = "EXPORT",
      description = "Export directory (ekino export), checked like 'ekino monitor' does.")
  private Path export;

  @Option(names = "--registry-key", paramLabel = "PUB.pem",
      description = "With --export: the registry's public key (PEM), which signs its "
          + "checkpoints.")
  private Path registryKey;

  @Option(names = "--origin", paramLabel = "O",
      description = "With --export: the log's origin (default: "
          + RegistryConfig.DEFAULT_ORIGIN + ").")
  private String origin;

  @Option(names = "--out", required = true, paramLabel = "OUTDIR",
      description = "Directory to write the files into: created, or an empty one.")
  private Path outDir;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD",
      description = "First screening day (in Almaty), with --to; without both: every day.")
  private String from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD",
      description = "Day after the last screening day.")
  private String to;

  OpenDataCommand(Clock clock, PrintWriter out, PrintWriter err) {
    this.clock = clock;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws IOException {
    if (data != null && export != null) {
      throw new CliException("give --data DIR or --export EXPORT (one of them)");
    }
    if (data == null && export == null) {
      data = Path.of(DataDir.DEFAULT); // as every command that reads a data directory
    }
    if (data != null && (registryKey != null || origin != null)) {
      throw new CliException((registryKey != null ? "--registry-key" : "--origin")
          + " goes with --export; --data uses the registry's own key and origin");
    }
    if (export != null && registryKey == null) {
      throw new CliException("--export needs --registry-key PUB.pem, the key that signs the "
          + "registry's checkpoints");
    }
    if ((from == null) != (to == null)) {
      throw new CliException("give --from and --to together, or neither for every day");
    }
    LocalDate first = from == null ? null : day("--from", from);
    LocalDate end = to == null ? null : day("--to", to);
    if (first != null && end != null && !first.isBefore(end)) {
      throw new CliException("--to must be after --from");
    }
    checkOut(outDir);
    OpenData openData;
    try {
      openData = data != null ? fromData(first, end) : fromExport(first, end);
    } catch (LogRejectedException e) {
      return notChecked(e.finding().toString());
    } catch (NotChecked e) {
      return notChecked(String.valueOf(e.getMessage()));
    }
    write(openData);
    Checkpoint cp = openData.checkpoint();
    Figures t = openData.total();
    out.printf(Locale.ROOT, "open data of %s at size %d, root %s: %d files in %s%n",
        cp.origin(), cp.treeSize(), cp.rootHash().toBase64(), openData.names().size(), outDir);
    out.printf(Locale.ROOT, "total: %d sold, %d net, %s KZT box office, %d admitted%n",
        t.ticketsSold(), t.netTickets(), RegistryFigures.tenge(t.boxOfficeTiyn()),
        t.admissions());
    out.flush();
    return Main.OK;
  }

  private int notChecked(String why) {
    err.println("ekino: opendata: the log does not check: " + why);
    err.flush();
    return Main.NOT_VALID;
  }

  /** The registry's own checkpoint or database does not match its log. */
  private static final class NotChecked extends Exception {
    private static final long serialVersionUID = 1L;

    NotChecked(String message) {
      super(message, null, false, false);
    }
  }

  private OpenData fromData(LocalDate first, LocalDate end)
      throws IOException, LogRejectedException, NotChecked {
    DataDir dir = DataDir.open(data, false, clock);
    Registry opened;
    try {
      opened = Registry.openReadOnly(dir.config(clock));
    } catch (RegistryException e) {
      // A database that does not match its log is the log not checking, as for the audit; a
      // missing or unreadable one is a usage error.
      if (e.reason() == RegistryException.Reason.TAMPERED
          || e.reason() == RegistryException.Reason.BEHIND
          || e.reason() == RegistryException.Reason.DIVERGED) {
        throw new NotChecked(String.valueOf(e.getMessage()));
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
        throw new NotChecked("the registry's checkpoint does not verify: " + e.getMessage());
      }
      return compute(LogMonitor.of(RegistryConfig.DEFAULT_ORIGIN,
          dir.registry.verificationKey()), new RegistrySource(registry, note, cp.treeSize()),
          first, end, data);
    }
  }

  private OpenData fromExport(LocalDate first, LocalDate end)
      throws IOException, LogRejectedException {
    if (!Files.isDirectory(export)) {
      throw new CliException("--export: " + export + " is not a directory");
    }
    VerificationKey key = Inputs.logKey(registryKey);
    return compute(LogMonitor.of(origin != null ? origin : RegistryConfig.DEFAULT_ORIGIN, key),
        ExportDirectory.of(export), first, end, export);
  }

  private static OpenData compute(LogMonitor monitor, LogSource source, LocalDate first,
      LocalDate end, Path where) throws IOException, LogRejectedException {
    try {
      return first == null || end == null ? monitor.openData(source)
          : monitor.openData(source, first, end);
    } catch (ExportFormatException e) {
      throw new CliException(e.getMessage());
    } catch (IOException e) {
      throw new CliException("cannot read " + where + ": " + e.getMessage());
    }
  }

  /** Refuses an output that is a link, a file or a directory holding anything. */
  private static void checkOut(Path dir) throws IOException {
    if (Files.isSymbolicLink(dir)) {
      throw new CliException(dir + " is a symbolic link; name the directory itself");
    }
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw new CliException(dir + " exists and is not a directory");
      }
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        if (entries.iterator().hasNext()) {
          throw new CliException(dir + " is not empty; open data goes to a new or empty "
              + "directory, and ekino replaces no file");
        }
      }
      return;
    }
    Path parent = dir.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new CliException("no directory " + parent + " to create " + dir + " in");
    }
  }

  private void write(OpenData openData) {
    try {
      if (!Files.exists(outDir, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(outDir);
      }
      openData.writeTo(outDir);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new CliException(e.getFile() + " appeared while open data was written; ekino "
          + "replaces no file");
    } catch (java.nio.file.FileSystemException e) {
      throw new CliException("cannot write open data to " + outDir + ": "
          + (e.getReason() != null ? e.getReason() : "the file system refused"));
    } catch (IOException e) {
      throw new CliException("cannot write open data to " + outDir + ": " + e.getMessage());
    }
  }

  private static LocalDate day(String option, String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new CliException(option + ": expected a date like 2026-11-28, got '" + text + "'");
    }
  }
}
