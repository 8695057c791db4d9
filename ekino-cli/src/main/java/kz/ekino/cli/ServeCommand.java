package kz.ekino.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import kz.ekino.registry.Registry;
import kz.ekino.registry.StorageException;
import kz.ekino.server.Complaints;
import kz.ekino.server.Limits;
import kz.ekino.server.Operators;
import kz.ekino.server.RegistryServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Runs the registry of a data directory on HTTP: the JSON API under "
        + "/api/v1 (docs/server.md, docs/openapi.yaml), the ticket verification page "
        + "/T/<token> with its report form (complaints.db), the operator API, the dashboard, "
        + "/metrics, /healthz and /readyz. Makes the directory's keys and trust list on first "
        + "start, like demo, and an operators file with one admin token (printed while "
        + "DIR/operator-token exists).",
        "Stops on SIGTERM or Ctrl-C: requests in flight are answered, then the registry is "
        + "closed and its lock released."})
final class ServeCommand implements Callable<Integer> {
  private final Clock clock;
  private final PrintWriter out;
  /** Completes when the command should stop; the JVM's shutdown hook stops it in production. */
  private final CompletableFuture<Void> stopSignal;

  @Option(names = "--data", defaultValue = DataDir.DEFAULT, paramLabel = "DIR",
      description = "Data directory (default: ${DEFAULT-VALUE}).")
  private Path data;

  @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
      description = "TCP port, 0 to 65535; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
      description = "Address to listen on; 0.0.0.0 for every interface (default: "
          + "${DEFAULT-VALUE}).")
  private String host;

  ServeCommand(Clock clock, PrintWriter out, CompletableFuture<Void> stopSignal) {
    this.clock = clock;
    this.out = out;
    this.stopSignal = stopSignal;
  }

  /**
   * ekino's own operator events (the registry's start and recovery, a request that failed
   * inside the server) go to stderr at INFO, unless a logging configuration is given; Jetty's
   * and HikariCP's stay off as in every command (Main.quietLogs). Held here: java.util.logging
   * keeps loggers only weakly, and would forget the level.
   */
  private java.util.logging.Logger ekinoLog;

  @Override
  public Integer call() {
    if (System.getProperty("java.util.logging.config.file") == null
        && System.getProperty("java.util.logging.config.class") == null) {
      ekinoLog = java.util.logging.Logger.getLogger("kz.ekino");
      ekinoLog.setLevel(java.util.logging.Level.INFO);
    }
    if (port < 0 || port > 65_535) {
      throw new CliException("--port must be 0 to 65535, not " + port);
    }
    DataDir dir = DataDir.open(data, true, clock);
    Operators operators;
    try {
      if (Operators.createIfAbsent(dir.dir)) {
        out.printf("ekino serve: made the operators file %s with one admin token%n",
            dir.dir.resolve(Operators.FILE));
      }
      operators = Operators.load(dir.dir.resolve(Operators.FILE));
    } catch (IOException e) {
      throw new CliException("cannot read or create " + dir.dir.resolve(Operators.FILE) + ": "
          + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new CliException(String.valueOf(e.getMessage()));
    }
    Registry registry = dir.openRegistry(clock);
    RegistryServer server;
    try {
      // Visitors' reports from the verification page: complaints.db beside the registry (a
      // registry on PostgreSQL keeps them in its database: Complaints.open(jdbcUrl)).
      Complaints complaints = Complaints.inDirectory(data);
      server = RegistryServer.start(registry, host, port, Limits.defaults(), operators,
          complaints);
    } catch (IllegalStateException | IllegalArgumentException | StorageException e) {
      registry.close();
      throw new CliException(String.valueOf(e.getMessage()));
    }
    AtomicBoolean stopped = new AtomicBoolean();
    Runnable stop = () -> {
      if (stopped.compareAndSet(false, true)) {
        server.stop(); // answers what is in flight first
        registry.close(); // then the writer finishes, the lock is released
        out.println("ekino serve: stopped");
        out.flush();
      }
    };
    Thread hook = new Thread(stop, "ekino-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
        + server.port();
    out.printf("ekino serve: registry %s (%d entries) on %s%n", data, registry.size(), base);
    out.printf("  checkpoint: %s/api/v1/checkpoint%n", base);
    out.printf("  register:   POST %s/api/v1/sales (application/cose)%n", base);
    out.printf("  health:     %s/healthz  %s/readyz%n", base, base);
    out.printf("  tickets:    %s/T/<base32 of the token> (the page every QR opens; reports "
        + "to %s)%n", base, data.resolve("complaints.db"));
    out.printf("  dashboard:  %s/dashboard (operator login)%n", base);
    out.printf("  operators:  %s/api/v1/monitoring/box-office, %s/metrics "
        + "(Authorization: Bearer <token>)%n", base, base);
    try {
      Optional<String> token = Operators.firstToken(dir.dir);
      if (token.isPresent()) {
        out.printf("  operator token: %s%n", token.get());
        out.printf("    (kept in %s; delete that file once the token is stored elsewhere)%n",
            dir.dir.resolve(Operators.TOKEN_FILE));
      }
    } catch (IOException e) {
      out.printf("  (cannot read %s: %s)%n", dir.dir.resolve(Operators.TOKEN_FILE),
          e.getMessage());
    }
    out.println("Stop with Ctrl-C or SIGTERM.");
    out.flush();
    try {
      stopSignal.join();
    } finally {
      stop.run();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook is running or has run
      }
    }
    return Main.OK;
  }
}
