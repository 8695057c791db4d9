package kz.ekino.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ekino} command. Exit codes: 0 success (for {@code verify}: VALID), 1 a failed check
 * (for {@code verify}: any rejection), 2 a usage error (bad arguments, unreadable or invalid
 * input files), 3 an internal error, 4 a registry that could not be reached or answered
 * "later" (429, 503: {@code register}, {@code verify --online}, {@code monitor --server}; try
 * again); {@code verify} adds 10 for a PROVISIONAL ticket
 * (registration pending) and 11 for a SPECIMEN, so that a script tells them from a forgery.
 * Every error is one line on stderr, never a stack trace.
 */
@Command(name = "ekino", mixinStandardHelpOptions = true, version = "ekino 0.1.0",
    description = "Registers cinema ticket sales and verifies them by QR code.",
    subcommands = CommandLine.HelpCommand.class)
public final class Main implements Runnable {
  static final int OK = 0;
  static final int NOT_VALID = 1;
  static final int USAGE = 2;
  static final int INTERNAL = 3;
  /** The registry could not be reached, or asked to be asked later: try again. */
  static final int UNAVAILABLE = 4;
  /** {@code verify}: a PROVISIONAL ticket, signed by the seller and not yet registered. */
  static final int REGISTRATION_PENDING = 10;
  /** {@code verify}: a SPECIMEN (training) ticket, not a sale. */
  static final int SPECIMEN = 11;

  private final CommandLine commandLine;

  /** For tests: the output is not a terminal, so {@code verify} prints JSON by default. */
  Main(Clock clock, PrintWriter out, PrintWriter err) {
    this(clock, out, err, false);
  }

  /** {@code terminal}: whether stdout is a terminal, where {@code verify} prints text. */
  Main(Clock clock, PrintWriter out, PrintWriter err, boolean terminal) {
    commandLine = new CommandLine(this)
        .addSubcommand("keygen", new KeygenCommand(out))
        .addSubcommand("token", new TokenCommand(clock, out))
        .addSubcommand("register", new RegisterCommand(clock, out, err))
        .addSubcommand("verify", new VerifyCommand(clock, out, terminal))
        .addSubcommand("qr", new QrCommand(out))
        .addSubcommand("demo", new DemoCommand(clock, out))
        .addSubcommand("checkpoint", new CheckpointCommand(clock, out))
        .addSubcommand("prove", new ProveCommand(clock, out))
        .addSubcommand("trustlist", new TrustListCommand(clock, out))
        .addSubcommand("witness", WitnessCommand.commandLine(clock, out, err))
        .addSubcommand("export", new ExportCommand(clock, out))
        .addSubcommand("monitor", new MonitorCommand(out, err))
        .addSubcommand("statement", new StatementCommand(out, err))
        .addSubcommand("opendata", new OpenDataCommand(clock, out, err))
        .addSubcommand("audit", new AuditCommand(clock, out, err))
        .addSubcommand("anomalies", new AnomaliesCommand(clock, out, err))
        // Never completes: serve runs until the JVM's shutdown hook stops it.
        .addSubcommand("serve", new ServeCommand(clock, out, new CompletableFuture<>()))
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
            return ((CliException) e).exitCode();
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
    System.exit(new Main(Clock.systemUTC(), out, err, isTerminal()).run(args));
  }

  /**
   * Whether stdin and stdout are a terminal: on JDK 17 to 21 exactly when there is a
   * {@link System#console()}. From JDK 22 a console may exist with output redirected, and
   * {@code Console.isTerminal()} (not in the Java 17 API, hence looked up) tells them apart.
   */
  @SuppressWarnings("SystemConsoleNull") // handled: isTerminal() is asked where it exists
  private static boolean isTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The registry logs operator events (start, recovery, a refused database) through
   * System.Logger, which goes to java.util.logging here. A command prints its own result and
   * its own one-line errors, so the log is off, unless a logging configuration is given
   * ({@code -Djava.util.logging.config.file=...}).
   */
  private static void quietLogs() {
    if (System.getProperty("java.util.logging.config.file") == null
        && System.getProperty("java.util.logging.config.class") == null) {
      java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.OFF);
    }
  }
}
