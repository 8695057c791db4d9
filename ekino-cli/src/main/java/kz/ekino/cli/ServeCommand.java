package kz.ekino.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import kz.ekino.registry.Registry;
import kz.ekino.server.Limits;
import kz.ekino.server.RegistryServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Runs the registry of a data directory on HTTP: the JSON API under "
        + "/api/v1 (docs/server.md, docs/openapi.yaml), /healthz and /readyz. Makes the "
        + "directory's keys and trust list on first start, like demo.",
        "--demo seeds a new directory (./" + ServeDemo.DEFAULT + " by default) with two weeks "
        + "of a country's cinemas, then serves it; later starts serve what is there.",
        "Stops on SIGTERM or Ctrl-C: requests in flight are answered, then the registry is "
        + "closed and its lock released."})
final class ServeCommand implements Callable<Integer> {
  private final Clock clock;
  private final PrintWriter out;
  /** Completes when the command should stop; the JVM's shutdown hook stops it in production. */
  private final CompletableFuture<Void> stopSignal;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Data directory (default: " + DataDir.DEFAULT + ", or "
          + ServeDemo.DEFAULT + " with --demo).")
  private Path data;

  @Option(names = "--demo", description = "Seed a new data directory with two weeks of "
      + "realistic data (43 cinemas, sales, refunds, admissions, a late and a silent cinema) "
      + "before serving it; a directory seeded before is served as it is, one holding another "
      + "registry is refused.")
  private boolean demo;

  @Option(names = "--jdbc", paramLabel = "URL",
      description = "The registry's database, e.g. jdbc:postgresql://HOST:5432/DB?user=U&"
          + "password=P (default: the SQLite file in the data directory, which keeps the keys, "
          + "trust list and checkpoint either way). Printed with its password masked.")
  private String jdbc;

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
    checkOptions();
    Path home = dataDir();
    Registry registry = openDataDir(home).openRegistry(clock);
    RegistryServer server;
    try {
      server = RegistryServer.start(registry, host, port, Limits.defaults());
    } catch (IllegalStateException | IllegalArgumentException e) {
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
    printUrls(home, registry, base);
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

  private void checkOptions() {
    if (port < 0 || port > 65_535) {
      throw new CliException("--port must be 0 to 65535, not " + port);
    }
    if (jdbc != null && !jdbc.startsWith("jdbc:")) {
      throw new CliException("--jdbc takes a JDBC URL (jdbc:postgresql://…), not "
          + JdbcUrls.masked(jdbc));
    }
  }

  /** --data, or the default directory of the mode. */
  private Path dataDir() {
    return data != null ? data : Path.of(demo ? ServeDemo.DEFAULT : DataDir.DEFAULT);
  }

  /** With --demo: the demo of the last start (seeded or opened), for the output. */
  private ServeDemo.Prepared prepared;
  /** How long the last --demo start took to seed (or open) its directory. */
  private long seedingMillis;

  /** The directory's keys and database (--jdbc, or its SQLite file); --demo seeds it first. */
  private DataDir openDataDir(Path home) {
    prepared = null;
    if (!demo) {
      DataDir plain = DataDir.open(home, true, clock);
      return jdbc == null ? plain : plain.withDatabase(jdbc);
    }
    long started = System.nanoTime();
    ServeDemo.Prepared p = ServeDemo.prepare(home, jdbc, clock);
    seedingMillis = (System.nanoTime() - started) / 1_000_000;
    prepared = p;
    return p.dir();
  }

  private void printUrls(Path home, Registry registry, String base) {
    out.printf("ekino serve: registry %s (%d entries) on %s%n", home, registry.size(), base);
    if (jdbc != null) {
      out.printf("  database:   %s%n", JdbcUrls.masked(jdbc));
    }
    if (prepared != null) {
      printDemo(prepared, base);
    }
    out.printf("  checkpoint: %s/api/v1/checkpoint%n", base);
    out.printf("  register:   POST %s/api/v1/sales (application/cose)%n", base);
    out.printf("  health:     %s/healthz  %s/readyz%n", base, base);
    out.println("Stop with Ctrl-C or SIGTERM.");
    out.flush();
  }

  /** What to open in a browser: the dashboard, and a sample ticket as this server's URL. */
  private void printDemo(ServeDemo.Prepared p, String base) {
    DemoFortnight.Result r = p.seededNow();
    if (r != null) {
      out.printf(java.util.Locale.ROOT, "  demo:       seeded in %.1f s: %d cinemas in %d "
          + "regions, %d films, %d sales over %d days, %d refunds, %d admissions (%d log "
          + "entries)%n",
          seedingMillis / 1000.0, DemoCountry.VENUES.size(), DemoCountry.VENUES.stream()
              .map(DemoCountry.Venue::region).distinct().count(), DemoCountry.TITLES.size(),
          r.sales(), DemoFortnight.DAYS, r.refunds(), r.admissions(), r.entries());
    } else {
      out.printf("  demo:       seeded at %s, served as it is%n", p.seededAt());
    }
    out.printf("  dashboard:  %s/dashboard%n", base);
    out.printf("  ticket:     %s%n", ServeDemo.localUrl(p.sampleQr(), base));
    out.printf("  QR text:    %s%n", p.sampleQr());
    out.printf("  ticket QR:  %s%n", p.samplePng());
    out.printf("  status:     %s/api/v1/status?qr=%s%n", base,
        java.net.URLEncoder.encode(p.sampleQr(), java.nio.charset.StandardCharsets.UTF_8));
  }
}
