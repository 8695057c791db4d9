package kz.ekino.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import kz.ekino.registry.Registry;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Registry} on HTTP: the JSON API under {@code /api/v1} (docs/server.md,
 * docs/openapi.yaml), {@code /healthz}, {@code /readyz}, and the verification page every QR
 * opens, {@code /T/<base32>}, with its report form. The server does not own the
 * registry: {@link #stop()} answers the requests in flight and stops listening; the caller
 * then closes the registry.
 */
public final class RegistryServer implements AutoCloseable {
  /** The slowest a request body may arrive: an 8 KiB submission within 32 seconds. */
  static final long MIN_REQUEST_BYTES_PER_SECOND = 256;

  @SuppressWarnings("removal")
  private static void minimumRate(org.eclipse.jetty.server.HttpConfiguration http) {
    http.setMinRequestDataRate(MIN_REQUEST_BYTES_PER_SECOND);
  }
  private static final System.Logger LOG = System.getLogger(RegistryServer.class.getName());

  private final Javalin app;
  private final Duration stopTimeout;
  private final AtomicBoolean stopping;
  private final AtomicInteger inFlight;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private RegistryServer(Javalin app, Duration stopTimeout, AtomicBoolean stopping,
      AtomicInteger inFlight) {
    this.app = app;
    this.stopTimeout = stopTimeout;
    this.stopping = stopping;
    this.inFlight = inFlight;
  }

  /**
   * Serves {@code registry} on {@code host}:{@code port} ({@code 0}: an ephemeral port, see
   * {@link #port()}); returns once the port is bound.
   *
   * @throws IllegalArgumentException if the port is outside 0 to 65535
   * @throws IllegalStateException if the port cannot be bound
   */
  public static RegistryServer start(Registry registry, String host, int port, Limits limits) {
    return start(registry, host, port, limits, Operators.none(), null, Clock.systemUTC());
  }

  /**
   * Serves {@code registry} as {@link #start(Registry, String, int, Limits)} does, with the
   * operator API, the dashboard and {@code /metrics} open to {@code operators}
   * (docs/server.md, "Authentication"), and the verification page taking visitors' reports
   * ("Report this ticket") into {@code complaints}; without a store the page offers no form.
   */
  public static RegistryServer start(Registry registry, String host, int port, Limits limits,
      Operators operators, @Nullable Complaints complaints) {
    return start(registry, host, port, limits, operators, complaints, Clock.systemUTC());
  }

  /**
   * As above; {@code clock} decides the dashboard's default period and its sessions' expiry
   * (the registry's clock, in tests).
   */
  static RegistryServer start(Registry registry, String host, int port, Limits limits,
      Operators operators, @Nullable Complaints complaints, Clock clock) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
    }
    AtomicBoolean stopping = new AtomicBoolean();
    AtomicInteger inFlight = new AtomicInteger();
    Api api = new Api(registry, limits);
    RateLimiter limiter = new RateLimiter(limits.ratePerSecond(), limits.burst(),
        System::nanoTime);
    OperatorAuth auth = new OperatorAuth(operators);
    MonitoringQueries queries = new MonitoringQueries(registry, clock);
    OperatorApi operatorApi = new OperatorApi(queries, auth, complaints);
    Dashboard dashboard = new Dashboard(queries, auth, new DashboardSessions(clock),
        complaints);
    ServerMetrics metrics = new ServerMetrics(registry, clock);
    Javalin app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.jetty.modifyServer(server -> server.setStopTimeout(limits.stopTimeout().toMillis()));
      config.jetty.addConnector((server, http) -> {
        // With Javalin's HTTP configuration (no Server version header, its URI rules), and
        // Jetty's own errors (a bad request line, a header too large) answered as JSON.
        server.setErrorHandler(new JsonErrors());
        // A body trickling in a byte at a time would hold a thread for ever (the idle timeout
        // restarts with each byte): a request slower than this is cut off with 408. Jetty 12.1
        // marks this setting for removal in favour of MinimumDataRateHandler, which has to wrap
        // Javalin's own handler; until that is wired, the setting does the job.
        minimumRate(http);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        return connector;
      });
      // HEAD would be answered 200 for any GET route without running it (and so without its
      // credential check): no route answers HEAD.
      config.routes.before(ctx -> {
        if (io.javalin.http.HandlerType.HEAD.equals(ctx.method())) {
          throw new io.javalin.http.MethodNotAllowedResponse("HEAD is not served; use GET");
        }
      });
      UnaryOperator<Handler> tracked = handler -> tracked(handler, stopping, inFlight, limiter,
          metrics, Problems::send);
      api.routes(config.routes, tracked);
      operatorApi.routes(config.routes, tracked);
      dashboard.routes(config.routes, tracked);
      // Behind the viewer credential: the figures tell the volume of sales (docs/server.md).
      config.routes.get("/metrics", tracked.apply(auth.require(Operators.Role.VIEWER,
          metrics::scrape)));
      // The page's refusals (over the rate, stopping) are pages too: a visitor reads them.
      new PageRoutes(registry, complaints, new RateLimiter(PageRoutes.REPORT_RATE_PER_SECOND,
          PageRoutes.REPORT_BURST, System::nanoTime))
          .routes(config.routes, handler -> tracked(handler, stopping, inFlight, limiter,
              metrics, PageRoutes::refusal));
      config.routes.exception(HttpResponseException.class, (e, ctx) ->
          Problems.send(ctx, e.getStatus(), codeOf(e.getStatus()), String.valueOf(e.getMessage())));
      config.routes.exception(Exception.class, (e, ctx) -> {
        LOG.log(Level.ERROR, "ekino server: " + ctx.method() + " " + ctx.path() + " failed", e);
        Problems.send(ctx, 500, "INTERNAL", "internal error");
      });
      config.routes.error(404, ctx -> {
        if (ctx.result() == null) {
          Problems.send(ctx, 404, "NOT_FOUND", "no such resource: " + ctx.path());
        }
      });
    });
    try {
      // The connector added above is the only one: Javalin adds its own only when none is.
      app.start();
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot listen on " + host + ":" + port + ": "
          + e.getMessage(), e);
    }
    return new RegistryServer(app, limits.stopTimeout(), stopping, inFlight);
  }

  /** The bound port. */
  public int port() {
    for (var c : app.jettyServer().server().getConnectors()) {
      if (c instanceof ServerConnector) {
        return ((ServerConnector) c).getLocalPort();
      }
    }
    throw new IllegalStateException("the server has no connector");
  }

  /**
   * Stops taking requests (a new one is answered 503 CLOSED), waits up to the stop timeout
   * for those in flight to be answered, then closes the listener. Idempotent. The registry
   * stays open: its owner closes it after this.
   */
  public void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    stopping.set(true);
    long deadline = System.nanoTime() + stopTimeout.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (inFlight.get() > 0) {
      LOG.log(Level.WARNING, "ekino server: stopping with {0} requests unanswered after {1}",
          inFlight.get(), stopTimeout);
    }
    app.stop();
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * Counts the request while it runs; once stopping, answers 503 CLOSED instead; a client over
   * its rate is answered 429 OVERLOADED with Retry-After, before its body is read.
   */
  private static Handler tracked(Handler handler, AtomicBoolean stopping, AtomicInteger inFlight,
      RateLimiter limiter, ServerMetrics metrics, Refusal refusal) {
    return ctx -> {
      inFlight.incrementAndGet();
      long start = System.nanoTime();
      try {
        if (stopping.get()) {
          ctx.header("Retry-After", "5");
          refusal.send(ctx, 503, "CLOSED", "the server is shutting down");
          return;
        }
        long wait = limiter.secondsToWait(ctx.ip());
        if (wait > 0) {
          ctx.header("Retry-After", Long.toString(wait));
          refusal.send(ctx, 429, "OVERLOADED", "too many requests from this client; "
              + "send again after " + wait + " s");
          return;
        }
        handler.handle(ctx);
      } finally {
        inFlight.decrementAndGet();
        metrics.observe(ctx, start);
      }
    };
  }

  /** How a refusal before the handler is written: {@link Problems#send}, or a page. */
  interface Refusal {
    void send(Context ctx, int status, String code, String message);
  }

  private static String codeOf(int status) {
    switch (status) {
      case 400:
        return "BAD_REQUEST";
      case 404:
        return "NOT_FOUND";
      case 405:
        return "METHOD_NOT_ALLOWED";
      case 413:
        return "TOO_LARGE";
      case 415:
        return "UNSUPPORTED_MEDIA_TYPE";
      case 503:
        return "UNAVAILABLE";
      default:
        return status >= 500 ? "INTERNAL" : "BAD_REQUEST";
    }
  }
}
