package kz.ekino.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import kz.ekino.registry.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "checkpoint", mixinStandardHelpOptions = true,
    description = "Prints the registry's latest signed checkpoint (a C2SP signed note).")
final class CheckpointCommand implements Callable<Integer> {
  private final Clock clock;
  private final PrintWriter out;

  @Option(names = "--data", defaultValue = DataDir.DEFAULT, paramLabel = "DIR",
      description = "Data directory (default: ${DEFAULT-VALUE}).")
  private Path data;

  CheckpointCommand(Clock clock, PrintWriter out) {
    this.clock = clock;
    this.out = out;
  }

  @Override
  public Integer call() {
    DataDir dir = DataDir.open(data, false, clock);
    try (Registry registry = dir.openRegistryReadOnly(clock)) {
      out.print(registry.checkpoint());
    }
    out.flush();
    return Main.OK;
  }
}
