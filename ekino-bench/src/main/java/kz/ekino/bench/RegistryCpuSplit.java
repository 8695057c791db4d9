package kz.ekino.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import kz.ekino.core.model.Sale;
import kz.ekino.core.submission.Signed;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.token.TicketToken;
import kz.ekino.core.token.UrlBase;
import kz.ekino.core.verify.VerificationPolicy;
import kz.ekino.core.registration.Registration;
import kz.ekino.registry.Registry;
import kz.ekino.registry.testing.Databases;
import kz.ekino.registry.testing.Fixture;

/**
 * Where a registration's CPU goes: registers N pre-signed sales on SQLite from T client
 * threads, each keeping W in flight (W = 1: the synchronous call), and prints the wall-clock
 * rate and the CPU time per registration of the clients (signature check), the writer
 * (SQL, log, checkpoint, commit) and the responders (receipt signing), the whole process
 * (adding GC, JIT and the kernel's share), the crypto alone (one verify and one sign per
 * sale, on one thread) and the time of one fsync on the disk. The evidence behind the registry rows of docs/performance.md.
 *
 * <p>Run: {@code java -cp ekino-bench/target/benchmarks.jar kz.ekino.bench.RegistryCpuSplit
 * 60000 2 64} (registrations, client threads, in flight per thread); a fourth argument
 * {@code postgresql} uses the server in EKINO_TEST_POSTGRES_URL instead of an SQLite file.
 */
public final class RegistryCpuSplit {
  private RegistryCpuSplit() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: RegistryCpuSplit REGISTRATIONS THREADS IN_FLIGHT "
          + "[sqlite|postgresql]");
      System.exit(2);
    }
    int n = Integer.parseInt(args[0]);
    int threads = Integer.parseInt(args[1]);
    int window = Integer.parseInt(args[2]);
    Fixture f = new Fixture();
    Path dir = Files.createTempDirectory("ekino-cpu-split");
    boolean postgres = args.length > 3 && args[3].equals("postgresql");
    Registry registry = f.openWithCinemas(postgres ? Databases.postgres()
        : Databases.sqlite(dir));
    ConcurrentLinkedQueue<byte[]> submissions = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < n; i++) {
      Sale s = Fixture.sale("CPU-" + i, i % 2 == 0 ? Fixture.almatyTonight()
          : Fixture.astanaTonight(), 100_000 + i % 1000, Fixture.START);
      submissions.add(Submissions.signSale(s, f.keyFor(s)));
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean();
    long processBefore = os.getProcessCpuTime();
    Map<String, long[]> before = cpuByThread(mx);
    AtomicLong clientCpu = new AtomicLong();
    AtomicLong clientUser = new AtomicLong();
    long start = System.nanoTime();
    List<Thread> clients = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(() -> {
        try {
          ArrayDeque<CompletableFuture<Registration>> inFlight = new ArrayDeque<>();
          byte[] s;
          while ((s = submissions.poll()) != null) {
            if (inFlight.size() >= window) {
              inFlight.poll().get();
            }
            inFlight.add(window == 1 ? CompletableFuture.completedFuture(registry.register(s))
                : registry.registerAsync(s));
          }
          for (CompletableFuture<Registration> r : inFlight) {
            r.get();
          }
          clientCpu.addAndGet(mx.getCurrentThreadCpuTime());
          clientUser.addAndGet(mx.getCurrentThreadUserTime());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, "client");
      clients.add(thread);
      thread.start();
    }
    for (Thread t : clients) {
      t.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long processCpu = os.getProcessCpuTime() - processBefore;
    Map<String, long[]> after = cpuByThread(mx);
    System.out.printf(Locale.ROOT, "%d registrations, %d client threads, %d in flight each: "
        + "%.0f registrations/s on %s%n", n, threads, window, n / seconds,
        postgres ? "PostgreSQL" : "SQLite");
    printCpu("clients", clientCpu.get(), clientUser.get(), n);
    after.forEach((name, cpu) -> {
      long[] was = before.getOrDefault(name, new long[2]);
      if ((cpu[0] - was[0]) / n >= 1_000 && !name.equals("client")) {
        printCpu(name, cpu[0] - was[0], cpu[1] - was[1], n);
      }
    });
    System.out.printf(Locale.ROOT, "  %-28s %6.1f µs CPU per registration%n", "whole process",
        processCpu / 1e3 / n);
    registry.close();
    System.out.printf(Locale.ROOT, "  crypto alone (verify + sign)  %6.1f µs CPU per sale%n",
        cryptoMicros(f));
    System.out.printf(Locale.ROOT, "  fsync of a 4 KiB write on this disk: %.0f µs%n",
        fsyncMicros(dir));
  }

  /** The same mix of vendors as above, as RegistryBenchmark's baseline. */
  private static double cryptoMicros(Fixture f) throws Exception {
    VerificationPolicy policy = VerificationPolicy.builder(f.trust, f.clock)
        .officialBase(UrlBase.of(UrlBase.DEFAULT)).build();
    byte[][] samples = new byte[2][];
    for (int i = 0; i < 2; i++) {
      Sale s = Fixture.sale("CRYPTO-" + i, i == 0 ? Fixture.almatyTonight()
          : Fixture.astanaTonight(), 100_000, Fixture.START);
      samples[i] = Submissions.signSale(s, f.keyFor(s));
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    int n = 20_000;
    long sink = 0;
    long start = 0;
    for (int round = 0; round < 2; round++) { // the first round warms up the JIT
      start = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        Signed<Sale> sale = Submissions.openSale(samples[i & 1], policy);
        sink += TicketToken.issue(TicketClaims.registered(sale.content(), 1, Fixture.START),
            f.registryKey).size();
      }
    }
    if (sink == 0) {
      throw new IllegalStateException("no tokens");
    }
    return (mx.getCurrentThreadCpuTime() - start) / 1e3 / n;
  }

  /** The floor under every durable commit: one write and fsync, as SQLite's WAL does. */
  private static double fsyncMicros(Path dir) throws IOException {
    Path file = dir.resolve("fsync-probe");
    int n = 500;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE)) {
      ByteBuffer page = ByteBuffer.allocate(4096);
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        page.clear();
        ch.write(page, (long) i * 4096);
        ch.force(false);
      }
      return (System.nanoTime() - start) / 1e3 / n;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static void printCpu(String who, long cpuNanos, long userNanos, int n) {
    System.out.printf(Locale.ROOT, "  %-28s %6.1f µs CPU per registration (%.1f in the kernel)%n",
        who, cpuNanos / 1e3 / n, (cpuNanos - userNanos) / 1e3 / n);
  }

  /** CPU and user time in nanoseconds by thread name, numbered pool threads summed. */
  private static Map<String, long[]> cpuByThread(ThreadMXBean mx) {
    Map<String, long[]> out = new TreeMap<>();
    for (ThreadInfo info : mx.dumpAllThreads(false, false)) {
      long id = info.getThreadId();
      out.merge(info.getThreadName().replaceAll("-\\d+$", ""),
          new long[] {mx.getThreadCpuTime(id), mx.getThreadUserTime(id)},
          (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
    }
    return out;
  }
}
