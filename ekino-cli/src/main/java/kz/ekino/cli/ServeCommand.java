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
          + "trust list and checkpoint either way). Printed with its password masked. Two "
          + "instances on one database: the first to start is the writer, the other a read-only "
          + "standby that takes over when the writer's lock is free (docs/operations.md).")
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
    DataDir dir = openDataDir(home);
    Operators operators = operators(dir);
    Registry registry = jdbc == null ? dir.openRegistry(clock) : dir.openStandby(clock);
    RegistryServer server;
    try {
      // Visitors' reports from the verification page: complaints.db beside the registry, or
      // in the registry's PostgreSQL database, which every instance shares.
      Complaints complaints = jdbc == null ? Complaints.inDirectory(home)
          : Complaints.open(jdbc);
      server = RegistryServer.start(registry, host, port, Limits.defaults(), operators,
          complaints);
    } catch (IllegalStateException | IllegalArgumentException | StorageException e) {
      registry.close();
      throw new CliException(String.valueOf(e.getMessage()));
    }
    AtomicBoolean stopped = new AtomicBoolean();
    Thread watch = registry.role() == Registry.Role.STANDBY ? watchTakeover(registry, stopped)
        : null;
    Runnable stop = () -> {
      if (stopped.compareAndSet(false, true)) {
        if (watch != null) {
          watch.interrupt();
        }
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
    printUrls(home, dir, registry, base);
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

  /** Prints the moment a standby becomes the writer (the registry logs it too). */
  private Thread watchTakeover(Registry registry, AtomicBoolean stopped) {
    long since = System.nanoTime();
    Thread t = new Thread(() -> {
      try {
        while (!stopped.get()) {
          Registry.Role role = registry.role();
          if (role == Registry.Role.WRITER) {
            out.printf("ekino serve: took over as the writer at %d entries (standby for %d s)%n",
                registry.size(), (System.nanoTime() - since) / 1_000_000_000L);
            out.flush();
            return;
          }
          if (role == Registry.Role.STOPPED) {
            out.println("ekino serve: the standby stopped trying to take over (see the log); "
                + "it keeps serving reads");
            out.flush();
            return;
          }
          Thread.sleep(100);
        }
      } catch (InterruptedException e) {
        // stopping
      }
    }, "ekino-serve-takeover");
    t.setDaemon(true);
    t.start();
    return t;
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

  /** The operators file of the directory, made with one admin token on first start. */
  private Operators operators(DataDir dir) {
    try {
      if (Operators.createIfAbsent(dir.dir)) {
        out.printf("ekino serve: made the operators file %s with one admin token%n",
            dir.dir.resolve(Operators.FILE));
      }
      return Operators.load(dir.dir.resolve(Operators.FILE));
    } catch (IOException e) {
      throw new CliException("cannot read or create " + dir.dir.resolve(Operators.FILE) + ": "
          + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new CliException(String.valueOf(e.getMessage()));
    }
  }

  private void printUrls(Path home, DataDir dir, Registry registry, String base) {
    if (jdbc == null) {
      out.printf("ekino serve: registry %s (%d entries) on %s%n", home, registry.size(), base);
    } else if (registry.role() == Registry.Role.WRITER) {
      out.printf("ekino serve: writer of the registry at %s (%d entries) on %s%n",
          JdbcUrls.masked(jdbc), registry.size(), base);
    } else {
      out.printf("ekino serve: standby (read-only) for the registry at %s (%d entries) on %s%n",
          JdbcUrls.masked(jdbc), registry.size(), base);
      out.println("  another process holds the writer lock: this one serves reads, answers "
          + "submissions 503, and takes over when the lock is free");
    }
    if (jdbc != null) {
      out.printf("  database:   %s%n", JdbcUrls.masked(jdbc));
    }
    if (prepared != null) {
      printDemo(prepared, base);
    }
    out.printf("  checkpoint: %s/api/v1/checkpoint%n", base);
    out.printf("  register:   POST %s/api/v1/sales (application/cose)%n", base);
    out.printf("  health:     %s/healthz  %s/readyz%n", base, base);
    out.printf("  tickets:    %s/T/<base32 of the token> (the page every QR opens; reports "
        + "to %s)%n", base, jdbc == null ? home.resolve("complaints.db") : "the database");
    out.printf("  dashboard:  %s/dashboard%n", base);
    out.printf("  operators:  %s/api/v1/monitoring/box-office, %s/metrics "
        + "(Authorization: Bearer <token>)%n", base, base);
    try {
      Optional<String> token = Operators.firstToken(dir.dir);
      if (token.isPresent()) {
        out.printf("  operator token: %s%n", token.get());
        out.println("    (the dashboard's login; Authorization: Bearer on the operator API)");
        out.printf("    (kept in %s; delete that file once the token is stored elsewhere)%n",
            dir.dir.resolve(Operators.TOKEN_FILE));
      }
    } catch (IOException e) {
      out.printf("  (cannot read %s: %s)%n", dir.dir.resolve(Operators.TOKEN_FILE),
          e.getMessage());
    }
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
    out.printf("  ticket:     %s%n", ServeDemo.localUrl(p.sampleQr(), base));
    out.printf("  QR text:    %s%n", p.sampleQr());
    out.printf("  ticket QR:  %s%n", p.samplePng());
    out.printf("  status:     %s/api/v1/status?qr=%s%n", base,
        java.net.URLEncoder.encode(p.sampleQr(), java.nio.charset.StandardCharsets.UTF_8));
  }
}
