package kz.ekino.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ekino} command. Exit codes: 0 success (for {@code verify}: VALID), 1 a verdict other
 * than VALID, 2 a usage error (bad arguments, unreadable or invalid input files), 3 an internal
 * error. Every error is one line on stderr, never a stack trace.
 */
@Command(name = "ekino", mixinStandardHelpOptions = true, version = "ekino 0.1.0",
    description = "Registers cinema ticket sales and verifies them by QR code.",
    subcommands = CommandLine.HelpCommand.class)
public final class Main implements Runnable {
  static final int OK = 0;
  static final int NOT_VALID = 1;
  static final int USAGE = 2;
  static final int INTERNAL = 3;

  private final CommandLine commandLine;

  Main(Clock clock, PrintWriter out, PrintWriter err) {
    commandLine = new CommandLine(this)
        .addSubcommand("keygen", new KeygenCommand(out))
        .addSubcommand("token", new TokenCommand(clock, out))
        .addSubcommand("verify", new VerifyCommand(clock, out))
        .addSubcommand("qr", new QrCommand(out))
        .addSubcommand("demo", new DemoCommand(clock, out))
        .addSubcommand("checkpoint", new CheckpointCommand(clock, out))
        .addSubcommand("prove", new ProveCommand(clock, out))
        .addSubcommand("trustlist", new TrustListCommand(clock, out))
        .addSubcommand("witness", WitnessCommand.commandLine(clock, out, err))
        .addSubcommand("export", new ExportCommand(clock, out))
        .addSubcommand("monitor", new MonitorCommand(out, err))
        .addSubcommand("statement", new StatementCommand(out, err))
        .addSubcommand("audit", new AuditCommand(clock, out, err))
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setOut(out)
        .setErr(err)
        .setParameterExceptionHandler((e, args) -> {
          err.println("ekino: " + e.getMessage() + " (see '"
              + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
          err.flush();
          return USAGE;
        })
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          if (e instanceof CliException) {
            err.println("ekino: " + e.getMessage());
            err.flush();
            return USAGE;
          }
          err.println("ekino: internal error: " + e);
          err.flush();
          return INTERNAL;
        });
  }

  int run(String... args) {
    return commandLine.execute(args);
  }

  @Override
  public void run() {
    commandLine.usage(commandLine.getOut());
  }

  public static void main(String[] args) {
    quietLogs();
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(new Main(Clock.systemUTC(), out, err).run(args));
  }

  /**
   * The registry logs operator events (start, recovery, a refused database) through
   * System.Logger, which goes to java.util.logging here. A command prints its own result, so
   * the console shows warnings and errors only, unless a logging configuration is given
   * ({@code -Djava.util.logging.config.file=...}).
   */
  private static void quietLogs() {
    if (System.getProperty("java.util.logging.config.file") == null
        && System.getProperty("java.util.logging.config.class") == null) {
      java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    }
  }
}
