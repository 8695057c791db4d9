package kz.ekino.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import kz.ekino.core.model.Sale;
import kz.ekino.core.registration.Registration;
import kz.ekino.core.submission.Submissions;
import kz.ekino.registry.Registry;
import kz.ekino.registry.testing.Databases;
import kz.ekino.registry.testing.Fixture;
import kz.ekino.server.Limits;
import kz.ekino.server.RegistryServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The registry on HTTP against the registry in process, in the same run: registrations per
 * second over loopback HTTP (each thread keeping {@value #WINDOW} requests in flight, as
 * ticketing systems' many tills do) next to {@code registerAsync} with the same window, and
 * the verification of a scanned ticket per second (the QR text sent to the server, verified,
 * its live status read) next to the same work in process. The latency benchmarks (sample
 * mode) give p50 and p99 of one request at a time from two clients.
 *
 * <p>Both sides share the two cores with everything else: the client, the server's threads and
 * the writer. Run: {@code java -jar ekino-bench/target/benchmarks.jar ServerBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ServerBenchmark {
  /** Submissions signed before each iteration; more than an iteration can register. */
  @Param({"60000"})
  public int perIteration;

  /** Registrations (or requests) each thread keeps in flight in the pipelined benchmarks. */
  static final int WINDOW = 64;

  private final Fixture fixture = new Fixture();
  private final AtomicLong next = new AtomicLong();
  private final ConcurrentLinkedQueue<byte[]> submissions = new ConcurrentLinkedQueue<>();
  private Path dir;
  private Registry registry;
  private RegistryServer server;
  private HttpClient http;
  private URI sales;
  /** Registered tickets' QR texts, scanned in turn by the verification benchmarks. */
  private final List<String> tickets = new ArrayList<>();
  private final List<Long> serials = new ArrayList<>();
  private final AtomicLong ticketTurn = new AtomicLong();

  @Setup(Level.Trial)
  public void open() throws Exception {
    dir = Files.createTempDirectory("ekino-bench-server");
    registry = fixture.openWithCinemas(Databases.sqlite(dir));
    // One client on loopback: the per-client rate limit would otherwise be what is measured.
    server = RegistryServer.start(registry, "127.0.0.1", 0,
        Limits.defaults().withRate(1_000_000, 1_000_000));
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    sales = URI.create("http://127.0.0.1:" + server.port() + "/api/v1/sales");
    for (int i = 0; i < 256; i++) {
      Registration r = registry.register(sign(next.incrementAndGet()));
      tickets.add(r.token().qrText(kz.ekino.core.token.UrlBase.of(
          kz.ekino.core.token.UrlBase.DEFAULT)));
      serials.add(r.serial());
    }
  }

  @Setup(Level.Iteration)
  public void presign() {
    submissions.clear();
    for (int i = 0; i < perIteration; i++) {
      submissions.add(sign(next.incrementAndGet()));
    }
  }

  private byte[] sign(long n) {
    Sale s = Fixture.sale("H-" + n, n % 2 == 0 ? Fixture.almatyTonight()
        : Fixture.astanaTonight(), 100_000 + n % 1000, Fixture.START);
    return Submissions.signSale(s, fixture.keyFor(s));
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    server.stop();
    registry.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private byte[] nextSubmission() {
    byte[] submission = submissions.poll();
    if (submission == null) {
      throw new IllegalStateException("ran out of pre-signed submissions; raise perIteration");
    }
    return submission;
  }

  private HttpRequest post(byte[] submission) {
    return HttpRequest.newBuilder(sales)
        .header("Content-Type", "application/cose")
        .POST(HttpRequest.BodyPublishers.ofByteArray(submission))
        .build();
  }

  private static int expect201(HttpResponse<?> r) {
    if (r.statusCode() != 201) {
      throw new IllegalStateException("registration answered " + r.statusCode() + ": "
          + r.body());
    }
    return r.statusCode();
  }

  private HttpRequest status() {
    String qr = tickets.get((int) (ticketTurn.incrementAndGet() % tickets.size()));
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + "/api/v1/status?qr=" + URLEncoder.encode(qr, StandardCharsets.UTF_8))).GET().build();
  }

  /** Baseline: the engine in process, {@value #WINDOW} registrations in flight per thread. */
  @Benchmark
  @Threads(2)
  @OperationsPerInvocation(WINDOW)
  public long registerInProcess() throws Exception {
    List<CompletableFuture<Registration>> inFlight = new ArrayList<>(WINDOW);
    for (int i = 0; i < WINDOW; i++) {
      inFlight.add(registry.registerAsync(nextSubmission()));
    }
    long last = 0;
    for (CompletableFuture<Registration> f : inFlight) {
      last = f.get().serial();
    }
    return last;
  }

  /** The same over HTTP: {@value #WINDOW} POST /api/v1/sales in flight per thread. */
  @Benchmark
  @Threads(2)
  @OperationsPerInvocation(WINDOW)
  public long registerHttp() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>(WINDOW);
    for (int i = 0; i < WINDOW; i++) {
      inFlight.add(http.sendAsync(post(nextSubmission()), HttpResponse.BodyHandlers.ofString()));
    }
    long sum = 0;
    for (CompletableFuture<HttpResponse<String>> f : inFlight) {
      sum += expect201(f.get());
    }
    return sum;
  }

  /** Baseline: a scanned ticket verified and its live status read, in process. */
  @Benchmark
  @Threads(2)
  public Object statusInProcess() {
    int i = (int) (ticketTurn.incrementAndGet() % tickets.size());
    if (!registry.verify(tickets.get(i)).verdict().equals("VALID")) {
      throw new IllegalStateException("a registered ticket did not verify");
    }
    return registry.status(serials.get(i));
  }

  /** The same over HTTP: GET /api/v1/status?qr=…, one request at a time per thread. */
  @Benchmark
  @Threads(2)
  public int statusHttp() throws Exception {
    HttpResponse<String> r = http.send(status(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200 || !r.body().contains("\"VALID\"")) {
      throw new IllegalStateException("status answered " + r.statusCode() + ": " + r.body());
    }
    return r.body().length();
  }

  /** The verification page a visitor's phone opens: GET /T/<base32>, HTML with live status. */
  @Benchmark
  @Threads(2)
  public int pageHttp() throws Exception {
    HttpResponse<String> r = http.send(page(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200 || !r.body().contains("class=\"verdict")) {
      throw new IllegalStateException("page answered " + r.statusCode() + ": " + r.body());
    }
    return r.body().length();
  }

  /** Latency of one verification page, two clients. */
  @Benchmark
  @Threads(2)
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int pageHttpLatency() throws Exception {
    return pageHttp();
  }

  private HttpRequest page() {
    String qr = tickets.get((int) (ticketTurn.incrementAndGet() % tickets.size()));
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + qr.substring(qr.indexOf("/T/")))).header("Accept-Language", "en").GET().build();
  }

  /** Latency of one registration over HTTP, two clients each waiting for its answer. */
  @Benchmark
  @Threads(2)
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int registerHttpLatency() throws Exception {
    return expect201(http.send(post(nextSubmission()), HttpResponse.BodyHandlers.ofString()));
  }

  /** Latency of one status request over HTTP, two clients. */
  @Benchmark
  @Threads(2)
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int statusHttpLatency() throws Exception {
    return statusHttp();
  }
}
