package kz.ekino.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.CheckpointException;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.model.Sale;
import kz.ekino.core.monitor.ExportDirectory;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.verify.RejectedException;
import kz.ekino.registry.Registry;
import kz.ekino.registry.RegistryConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Writes the registry's log for independent monitors: the latest signed "
        + "checkpoint, every entry up to it, and the registry's own box office by film, "
        + "cinema, region and day (docs/spec/export-v1.md). Reads the registry only.",
        "Check it with 'ekino monitor'."})
final class ExportCommand implements Callable<Integer> {
  private static final int ATTEMPTS = 3;

  private final Clock clock;
  private final PrintWriter out;

  @Option(names = "--data", defaultValue = DataDir.DEFAULT, paramLabel = "DIR",
      description = "Data directory (default: ${DEFAULT-VALUE}).")
  private Path data;

  @Option(names = "--out", required = true, paramLabel = "EXPORT",
      description = "Directory to create; it must not exist.")
  private Path exportDir;

  ExportCommand(Clock clock, PrintWriter out) {
    this.clock = clock;
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    if (Files.exists(exportDir, LinkOption.NOFOLLOW_LINKS)) {
      throw new CliException(exportDir + " already exists; an export goes to a new directory");
    }
    Path parent = exportDir.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new CliException("no directory " + parent + " to create " + exportDir + " in");
    }
    DataDir dir = DataDir.open(data, false, clock);
    long started = System.nanoTime();
    try {
      return export(dir, exportDir, parent, started);
    } catch (java.nio.file.FileSystemException e) {
      throw new CliException("cannot write the export beside " + exportDir + ": "
          + (e.getReason() != null ? e.getReason() : "the file system refused"));
    }
  }

  private Integer export(DataDir dir, Path exportDir, Path parent, long started)
      throws IOException {
    try (Registry registry = dir.openRegistryReadOnly(clock)) {
      for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
        Path temp = parent.resolve("." + exportDir.getFileName() + ".partial");
        deleteTree(temp);
        Checkpoint cp = write(registry, dir, temp);
        if (registry.size() != cp.treeSize()) {
          // A writer appended while monitoring was read: its figures may count more.
          deleteTree(temp);
          continue;
        }
        try {
          Files.move(temp, exportDir, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
          deleteTree(temp);
          throw new CliException("cannot create " + exportDir + ": " + e.getMessage());
        }
        out.printf("exported %d entries up to the checkpoint of size %d to %s in %d ms%n",
            cp.treeSize(), cp.treeSize(), exportDir, (System.nanoTime() - started) / 1_000_000);
        out.flush();
        return Main.OK;
      }
    }
    throw new CliException("the registry kept growing during " + ATTEMPTS + " attempts; "
        + "export again when it is quieter");
  }

  private Checkpoint write(Registry registry, DataDir dir, Path temp) throws IOException {
    String note = registry.checkpoint();
    Checkpoint cp;
    try {
      cp = Checkpoint.parseSigned(note, RegistryConfig.DEFAULT_ORIGIN,
          dir.registry.verificationKey());
    } catch (CheckpointException e) {
      throw new CliException("the registry's checkpoint does not verify: " + e.getMessage());
    }
    Instant first = Instant.MAX;
    Instant last = Instant.MIN;
    try (ExportDirectory.Writer w = ExportDirectory.Writer.create(temp)) {
      long next = 1;
      while (next <= cp.treeSize()) {
        int max = (int) Math.min(Registry.MAX_ENTRIES_PER_READ, cp.treeSize() - next + 1);
        List<LogEntry> page = registry.entries(next, max);
        if (page.isEmpty()) {
          throw new IllegalStateException("the registry returned no entry " + next);
        }
        for (LogEntry e : page) {
          w.add(e);
          if (e.kind() == LogEntry.Kind.SALE) {
            Instant start = screeningStart(e);
            first = start.isBefore(first) ? start : first;
            last = start.isAfter(last) ? start : last;
          }
        }
        next += page.size();
      }
      w.finish(note, RegistryFigures.report(registry, cp.treeSize(), first, last));
    }
    return cp;
  }

  private static Instant screeningStart(LogEntry e) {
    try {
      Sale sale = Submissions.readSale(e.submission()).content();
      return sale.screening().start();
    } catch (RejectedException ex) {
      throw new IllegalStateException("the registry's entry " + e.serial() + " is no sale: "
          + ex.getMessage(), ex);
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> all = Files.walk(p)) {
      for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
