package kz.ekino.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import kz.ekino.core.model.Sale;
import kz.ekino.core.submission.Signed;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.token.TicketToken;
import kz.ekino.core.verify.VerificationPolicy;
import kz.ekino.core.registration.Registration;
import kz.ekino.registry.Registry;
import kz.ekino.registry.testing.Databases;
import kz.ekino.registry.testing.Fixture;
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
 * Durable registrations per second — vendor signature check, store, log append, checkpoint,
 * commit, registry-signed receipt — against the crypto alone (one verify and one sign per
 * sale) in the same run. Submissions are signed by the vendor in the setup, outside the
 * measurement, as they would be on the vendor's side.
 *
 * <p>Run: {@code java -jar ekino-bench/target/benchmarks.jar RegistryBenchmark}; add
 * {@code -p store=sqlite,postgresql} with EKINO_TEST_POSTGRES_URL set for PostgreSQL.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RegistryBenchmark {
  @Param({"sqlite"})
  public String store;

  /** Submissions signed before each iteration; more than an iteration can register. */
  @Param({"150000"})
  public int perIteration;

  private final Fixture fixture = new Fixture();
  private final AtomicLong next = new AtomicLong();
  private final ConcurrentLinkedQueue<byte[]> submissions = new ConcurrentLinkedQueue<>();
  private Path dir;
  private Registry registry;
  private VerificationPolicy policy;
  /** One sale of each vendor: Ed25519 (Almaty) and ES256 (Astana), as registrations mix them. */
  private byte[][] samples;
  private final AtomicLong sampleTurn = new AtomicLong();

  @Setup(Level.Trial)
  public void open() throws Exception {
    dir = Files.createTempDirectory("ekino-bench");
    String url = store.equals("postgresql") ? Databases.postgres() : Databases.sqlite(dir);
    registry = fixture.openWithCinemas(url);
    policy = VerificationPolicy.builder(fixture.trust, fixture.clock)
        .officialBase(kz.ekino.core.token.UrlBase.of(kz.ekino.core.token.UrlBase.DEFAULT))
        .build();
    samples = new byte[][] {sign(0), sign(1)};
  }

  @Setup(Level.Iteration)
  public void presign() {
    submissions.clear();
    for (int i = 0; i < perIteration; i++) {
      submissions.add(sign(next.incrementAndGet()));
    }
  }

  private byte[] sign(long n) {
    Sale s = Fixture.sale("B-" + n, n % 2 == 0 ? Fixture.almatyTonight()
        : Fixture.astanaTonight(), 100_000 + n % 1000, Fixture.START);
    return Submissions.signSale(s, fixture.keyFor(s));
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
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

  private Object registerOne() throws Exception {
    return registry.register(nextSubmission());
  }

  /** The crypto a registration cannot avoid: verify the vendor, sign the receipt. */
  private Object cryptoOne() throws Exception {
    byte[] sample = samples[(int) (sampleTurn.incrementAndGet() & 1)];
    Signed<Sale> sale = Submissions.openSale(sample, policy);
    return TicketToken.issue(TicketClaims.registered(sale.content(), 1, Fixture.START),
        fixture.registryKey);
  }

  @Benchmark
  @Threads(1)
  public Object register1() throws Exception {
    return registerOne();
  }

  @Benchmark
  @Threads(2)
  public Object register2() throws Exception {
    return registerOne();
  }

  /** Registrations each thread keeps in flight in the pipelined benchmarks. */
  static final int WINDOW = 64;

  private long registerWindow() throws Exception {
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

  /**
   * One thread keeping {@value #WINDOW} registrations in flight, as a server does with its
   * open requests: group commit then shares one fsync among many registrations.
   */
  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(WINDOW)
  public long registerPipelined1() throws Exception {
    return registerWindow();
  }

  @Benchmark
  @Threads(2)
  @OperationsPerInvocation(WINDOW)
  public long registerPipelined2() throws Exception {
    return registerWindow();
  }

  @Benchmark
  @Threads(1)
  public Object baselineCrypto1() throws Exception {
    return cryptoOne();
  }

  @Benchmark
  @Threads(2)
  public Object baselineCrypto2() throws Exception {
    return cryptoOne();
  }
}
