package kz.ekino.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.CheckpointException;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Cinema;
import kz.ekino.core.model.Film;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.Screening;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.token.TicketToken;
import kz.ekino.core.token.UrlBase;
import kz.ekino.core.verify.VerificationPolicy;
import kz.ekino.qr.ImageFormatException;
import kz.ekino.qr.QrSymbol;
import kz.ekino.qr.TicketScanner;
import kz.ekino.core.registration.AdmissionResult;
import kz.ekino.core.registration.Gate;
import kz.ekino.core.log.InclusionProof;
import kz.ekino.core.registration.Registration;
import kz.ekino.registry.Registry;
import kz.ekino.registry.RegistryConfig;
import kz.ekino.registry.monitoring.BoxOfficeRow;
import kz.ekino.registry.monitoring.Dimension;
import kz.ekino.registry.monitoring.Monitoring;
import kz.ekino.registry.monitoring.Shares;
import kz.ekino.registry.monitoring.TimeRange;
import kz.ekino.registry.monitoring.UploadLag;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Runs the whole flow on an embedded SQLite registry under --data: keys and "
        + "trust list (first run), a few hundred sales in five cinemas, QR images verified "
        + "offline, refunds and admissions, a checkpoint with an inclusion and a consistency "
        + "proof, and a monitoring summary.",
        "Running it again continues the same log."})
final class DemoCommand implements Callable<Integer> {
  static final int MIN_SALES = 20;
  static final int MAX_SALES = 100_000;
  /** Runs this long (a second or more) show progress while registering. */
  static final int PROGRESS_FROM = 1_000;

  private final Clock clock;
  private final PrintWriter out;

  @Option(names = "--data", defaultValue = DataDir.DEFAULT, paramLabel = "DIR",
      description = "Data directory (default: ${DEFAULT-VALUE}).")
  private Path data;

  @Option(names = "--sales", defaultValue = "300", paramLabel = "N",
      description = "Sales to register, " + MIN_SALES + " to " + MAX_SALES
          + " (default: ${DEFAULT-VALUE}). About a millisecond each; runs of "
          + PROGRESS_FROM + " or more show their progress.")
  private int salesCount;

  /** Whether output goes to a terminal, where progress can rewrite its line. */
  private final boolean terminal;
  private final int progressFrom;

  DemoCommand(Clock clock, PrintWriter out) {
    this(clock, out, Progress.onTerminal(), PROGRESS_FROM);
  }

  /** With the terminal question answered, and the run length that shows progress. */
  DemoCommand(Clock clock, PrintWriter out, boolean terminal, int progressFrom) {
    this.clock = clock;
    this.out = out;
    this.terminal = terminal;
    this.progressFrom = progressFrom;
  }

  @Override
  public Integer call() throws Exception {
    if (salesCount < MIN_SALES || salesCount > MAX_SALES) {
      throw new CliException("--sales must be " + MIN_SALES + " to " + MAX_SALES + ", got "
          + salesCount);
    }
    boolean first = !Files.exists(data.resolve("registry.db"));
    DataDir dir = DataDir.open(data, true, clock);
    if (first) {
      long played = DemoHistory.play(dir, clock.instant());
      out.printf("ekino demo: yesterday played into the new registry (%d entries: terminals, "
          + "declared screenings, sales v2, admissions, and one case of every anomaly rule; "
          + "see 'ekino anomalies --data %s')%n", played, data);
    }
    try (Registry registry = dir.openRegistry(clock)) {
      run(dir, registry, first);
    }
    return Main.OK;
  }

  private void run(DataDir dir, Registry registry, boolean first) throws Exception {
    Instant now = clock.instant();
    Path checkpointFile = data.resolve("checkpoint.txt");
    String previous = Files.exists(checkpointFile)
        ? Files.readString(checkpointFile, StandardCharsets.UTF_8) : null;
    int run = nextRun(data);
    out.printf("ekino demo, run %d, data in %s (%s)%n", run, data,
        first ? "new registry" : registry.size() + " records so far");
    out.printf("  registry key %s, trust list of %d keys expiring %s%n",
        dir.registry.keyId(), dir.trust.keys().size(), dir.trust.expiresAt());

    for (Cinema c : DemoWorld.CINEMAS) {
      registry.registerCinema(c);
    }
    for (Film f : DemoWorld.FILMS) {
      registry.registerFilm(f);
    }
    List<Screening> screenings = DemoWorld.screenings(now);
    Random random = new Random(run * 7919L);
    List<Sale> sales = DemoWorld.sales(run, salesCount, screenings, now, random);

    // 1. Registration, including sales made during a simulated outage.
    section("Registration");
    List<Registration> registered = new ArrayList<>();
    List<Sale> registeredSales = new ArrayList<>();
    int outage = 0;
    TicketToken provisional = null;
    Progress progress = sales.size() >= progressFrom
        ? new Progress(out, terminal, "registering", sales.size()) : null;
    for (int i = 0; i < sales.size(); i++) {
      if (progress != null) {
        progress.update(i);
      }
      Sale sale = sales.get(i);
      if (i % 25 == 7 && !sale.specimen()) {
        // Sold three hours ago while the registry was unreachable: a provisional ticket was
        // printed, and the queued sale is registered now with its original sale time.
        sale = new Sale(sale.ticketId(), sale.vendor(), sale.screening(), sale.seat(),
            sale.priceTiyn(), now.minus(Duration.ofHours(3)).truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS), sale.channel(), false);
        if (provisional == null) {
          provisional = TicketToken.issue(TicketClaims.provisional(sale), keyFor(dir, sale));
        }
        outage++;
      }
      registered.add(registry.register(Submissions.signSale(sale, keyFor(dir, sale))));
      registeredSales.add(sale);
    }
    if (progress != null) {
      progress.finish();
    }
    Registration retry = registry.register(Submissions.signSale(registeredSales.get(0),
        keyFor(dir, registeredSales.get(0))));
    out.printf("  %d sales registered (%d sold during an outage), serials %d to %d%n",
        registered.size(), outage, registered.get(0).serial(),
        registered.get(registered.size() - 1).serial());
    out.printf("  the first sale sent again: serial %d, already registered: %s, same token: %s%n",
        retry.serial(), retry.alreadyRegistered(), retry.token().equals(registered.get(0).token()));

    // 2. QR images, verified offline from the image files.
    section("QR codes");
    Path qrDir = Files.createDirectories(data.resolve("qr"));
    UrlBase base = UrlBase.of(UrlBase.DEFAULT);
    VerificationPolicy policy = VerificationPolicy.builder(dir.trust, clock).officialBase(base)
        .build();
    for (int i = 0; i < 3; i++) {
      Registration r = registered.get(i * 7);
      Path png = qrDir.resolve("ticket-" + r.serial() + ".png");
      Files.write(png, QrSymbol.encode(r.token().qrText(base)).toPng(4));
      out.printf("  %s: %s%n", png, scan(png, policy));
    }
    if (provisional != null) {
      Path png = qrDir.resolve("provisional-" + run + ".png");
      Files.write(png, QrSymbol.encode(provisional.qrText(base)).toPng(4));
      out.printf("  %s: %s (printed during the outage)%n", png, scan(png, policy));
    }

    // 3. Refunds and admissions.
    section("Refunds and admissions");
    List<Long> refunded = new ArrayList<>();
    List<Registration> refundedTickets = new ArrayList<>();
    for (int i = 0; i < registered.size() && refunded.size() < 5; i += 31) {
      Sale s = registeredSales.get(i);
      if (s.specimen()) {
        continue;
      }
      long serial = registered.get(i).serial();
      registry.refund(Submissions.signRefund(new Refund(serial, s.ticketId(), s.vendor(),
          now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), s.priceTiyn(),
          "visitor returned the ticket"), keyFor(dir, s)));
      refunded.add(serial);
      refundedTickets.add(registered.get(i));
    }
    out.printf("  %d tickets refunded: serials %s%n", refunded.size(), refunded);
    int admitted = 0;
    Registration copied = null;
    Sale copiedSale = null;
    for (int i = 1; i < registered.size() && admitted < 10; i++) {
      Sale s = registeredSales.get(i);
      // Doors open an hour before a screening: the one starting soon in each cinema.
      if (s.specimen() || refunded.contains(registered.get(i).serial())
          || s.screening().start().isAfter(now.plus(Duration.ofHours(1)))) {
        continue;
      }
      AdmissionResult a = registry.admit(registered.get(i).token().qrText(base),
          new Gate(registeredSales.get(i).cinema(), "hall-" + registeredSales.get(i)
              .screening().hall()));
      if (a.outcome() == AdmissionResult.Outcome.ADMITTED) {
        admitted++;
        copied = registered.get(i);
        copiedSale = s;
      }
    }
    out.printf("  %d visitors admitted%n", admitted);
    if (copied == null || copiedSale == null) {
      throw new IllegalStateException("no visitor was admitted"); // the world always has some
    }
    Bin copiedCinema = copiedSale.cinema();
    AdmissionResult again = registry.admit(copied.token().qrText(base),
        new Gate(copiedSale.cinema(), "side-door"));
    out.printf("  the same ticket at the side door: %s%n", describe(again));
    out.printf("  a refunded ticket at the door: %s%n", describe(registry.admit(
        refundedTickets.get(0).token().qrText(base),
        new Gate(registeredSales.get(0).cinema(), "main"))));
    Cinema elsewhere = DemoWorld.CINEMAS.stream()
        .filter(c -> !c.bin().equals(copiedCinema)).findFirst().orElseThrow();
    out.printf("  a ticket at another cinema: %s%n", describe(registry.admit(
        copied.token().qrText(base), new Gate(elsewhere.bin(), "main"))));

    // 4. The log: checkpoint, inclusion proof, consistency proof.
    section("Transparency log");
    String note = registry.checkpoint();
    Checkpoint cp = Checkpoint.parseSigned(note, RegistryConfig.DEFAULT_ORIGIN,
        dir.registry.verificationKey());
    out.print(indent(note));
    long serial = registered.get(random.nextInt(registered.size())).serial();
    InclusionProof inclusion = registry.inclusionProof(serial, cp.treeSize());
    out.printf("  inclusion of serial %d in tree %d: %d hashes, verifies: %s%n", serial,
        cp.treeSize(), inclusion.path().size(), inclusion.verify(cp.rootHash()));
    Checkpoint older = previous != null ? parse(previous, dir) : null;
    if (older == null) {
      older = new Checkpoint(cp.origin(), registered.get(0).serial() - 1,
          registry.root(registered.get(0).serial() - 1));
    }
    boolean consistent = registry.consistencyProof(older.treeSize(), cp.treeSize())
        .verify(older.rootHash(), cp.rootHash());
    out.printf("  consistency from %s (size %d) to size %d: verifies: %s%n",
        previous != null ? "the previous run's checkpoint" : "the log before these sales",
        older.treeSize(), cp.treeSize(), consistent);
    if (!consistent) {
      throw new CliException("the log is not consistent with its previous checkpoint");
    }
    DataDir.write(checkpointFile, note, false);

    // 5. Monitoring.
    section("Monitoring (screenings of all runs)");
    Monitoring m = registry.monitoring();
    TimeRange all = TimeRange.all();
    for (BoxOfficeRow row : m.boxOffice(EnumSet.of(Dimension.REGION), all)) {
      out.printf("  %-16s %5d tickets %,16.2f KZT %5d admitted%n",
          row.key().region().orElseThrow().englishName(), row.netTickets(),
          row.boxOfficeTiyn() / 100.0, row.admissions());
    }
    Shares shares = m.shares(all);
    out.printf("  Kazakh-language screenings: %.1f%% of tickets, %.1f%% of box office%n",
        100 * shares.kazakhTickets().ratio(), 100 * shares.kazakhTiyn().ratio());
    out.printf("  national films: %.1f%% of tickets, %.1f%% of box office%n",
        100 * shares.nationalTickets().ratio(), 100 * shares.nationalTiyn().ratio());
    List<UploadLag> lags = m.uploadLag(all);
    UploadLag overall = lags.get(lags.size() - 1);
    out.printf("  upload lag over %d sales: p50 %s, p95 %s, max %s%n", overall.sales(),
        minutes(overall.p50()), minutes(overall.p95()), minutes(overall.max()));
    out.flush();
  }

  /** Runs are numbered so that each run's ticket ids are new (file {@code demo-runs}). */
  private static int nextRun(Path data) throws IOException {
    Path counter = data.resolve("demo-runs");
    int run = Files.exists(counter)
        ? Integer.parseInt(Files.readString(counter, StandardCharsets.US_ASCII).strip()) + 1 : 1;
    DataDir.write(counter, run + "\n", false);
    return run;
  }

  private static kz.ekino.core.key.SigningKey keyFor(DataDir dir, Sale sale) {
    return sale.vendor().equals(DataDir.VENDOR_A) ? dir.vendorA : dir.vendorB;
  }

  private static String scan(Path png, VerificationPolicy policy) throws IOException {
    try {
      return TicketScanner.scan(Files.readAllBytes(png), policy).verdict();
    } catch (ImageFormatException e) {
      throw new CliException(png + ": " + e.getMessage());
    }
  }

  private static Checkpoint parse(String note, DataDir dir) {
    try {
      return Checkpoint.parseSigned(note, RegistryConfig.DEFAULT_ORIGIN,
          dir.registry.verificationKey());
    } catch (CheckpointException e) {
      throw new CliException("checkpoint.txt: " + e.getMessage());
    }
  }

  private static String describe(AdmissionResult a) {
    StringBuilder s = new StringBuilder(a.outcome().name());
    a.at().ifPresent(t -> s.append(" (").append(t));
    a.gate().ifPresent(g -> s.append(", gate ").append(g.id()));
    if (a.at().isPresent()) {
      s.append(')');
    }
    return s.toString();
  }

  private static String minutes(Duration d) {
    return String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
  }

  private static String indent(String text) {
    StringBuilder s = new StringBuilder();
    text.lines().forEach(l -> s.append("  | ").append(l).append('\n'));
    return s.toString();
  }

  private void section(String title) {
    out.println();
    out.println(title);
  }
}
