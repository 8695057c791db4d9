package kz.ekino.bench.scale;

import java.io.PrintStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import kz.ekino.core.key.Algorithm;
import kz.ekino.core.key.Signer;
import kz.ekino.core.key.VerificationKey;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.log.TreeHash;
import kz.ekino.core.model.Cinema;
import kz.ekino.core.model.CountryCode;
import kz.ekino.core.model.Genre;
import kz.ekino.core.model.Hall;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.SalesChannel;
import kz.ekino.core.model.Screening;
import kz.ekino.core.model.Seat;
import kz.ekino.core.model.TicketId;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.testing.TestKeys;
import kz.ekino.registry.RegistryConfig;
import kz.ekino.registry.log.MerkleTree;
import kz.ekino.registry.log.NodeStore;
import kz.ekino.registry.store.Database;

/**
 * Builds a registry database of a given number of records for scale runs: a year of a
 * Kazakhstan-like market ({@link ScaleWorld}) sold ticket by ticket, in registration order,
 * with about 2 % refunds, most tickets admitted, a few specimens, sales made days ahead and
 * some registered hours late (offline box offices). Every record is a real submission
 * (canonical CBOR in a COSE_Sign1 envelope) whose leaf hash is computed with
 * {@link LogEntry}; the log's nodes come from the registry's {@link MerkleTree}; the head is a
 * checkpoint signed with the published TEST-ONLY registry key. The vendor signatures are
 * placeholders (64 zero bytes): a scale database measures storage, it is not evidence, and
 * its submissions do not verify.
 */
final class ScaleBuild {
  static final double REFUND_RATE = 0.02;
  private static final LocalDate FIRST_DAY = LocalDate.of(2025, 1, 1);
  private static final long DAY = 86_400;
  private static final SalesChannel[] CHANNELS = {SalesChannel.BOX_OFFICE,
      SalesChannel.BOX_OFFICE, SalesChannel.BOX_OFFICE, SalesChannel.BOX_OFFICE,
      SalesChannel.ONLINE, SalesChannel.ONLINE, SalesChannel.ONLINE, SalesChannel.ONLINE,
      SalesChannel.KIOSK, SalesChannel.PARTNER};

  /** What was built. */
  record Built(long records, long sales, long refunds, long admissions, Instant firstAt,
      Instant lastAt, TreeHash root, long seconds) {}

  /** A sale or refund waiting for its registration instant. */
  private static final class Event {
    final long at;
    final long seq;
    final Sale sale;
    final int cinema;
    final Event refundOf; // null for a sale
    final long refundedAt;
    final long refundTiyn;
    long admittedAt = -1;
    long serial;

    Event(long at, long seq, Sale sale, int cinema, Event refundOf, long refundedAt,
        long refundTiyn) {
      this.at = at;
      this.seq = seq;
      this.sale = sale;
      this.cinema = cinema;
      this.refundOf = refundOf;
      this.refundedAt = refundedAt;
      this.refundTiyn = refundTiyn;
    }
  }

  /** Signs nothing: every vendor signature is 64 zero bytes under the test vendor key id. */
  private static final class PlaceholderSigner implements Signer {
    private final VerificationKey key = TestKeys.verification(TestKeys.VENDOR_ED25519);

    @Override
    public VerificationKey verificationKey() {
      return key;
    }

    @Override
    public byte[] sign(byte[] message) {
      return new byte[Algorithm.ED25519.signatureLength()];
    }
  }

  /**
   * Writes every node and keeps only the last two of each level: all an append reads back is
   * the left sibling of the node it has just written.
   */
  private static final class StreamingNodes implements NodeStore {
    private final RowSink sink;
    private final long[][] index = new long[64][2];
    private final TreeHash[][] hash = new TreeHash[64][2];

    StreamingNodes(RowSink sink) {
      this.sink = sink;
      for (long[] i : index) {
        java.util.Arrays.fill(i, -1);
      }
    }

    @Override
    public TreeHash get(int level, long i) {
      int slot = (int) (i & 1);
      return index[level][slot] == i ? hash[level][slot] : null;
    }

    @Override
    public void put(int level, long i, TreeHash h) {
      int slot = (int) (i & 1);
      index[level][slot] = i;
      hash[level][slot] = h;
      try {
        sink.node(level, i, h.toBytes());
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final ScaleWorld world;
  private final long target;
  private final Random random;
  private final Signer placeholder = new PlaceholderSigner();
  private final String signerKid;
  private final MessageDigest sha256;
  private final PriorityQueue<Event> queue = new PriorityQueue<>(
      Comparator.<Event>comparingLong(e -> e.at).thenComparingLong(e -> e.seq));
  private long seq;
  private long ticket;
  private long serial;
  private long sales;
  private long refunds;
  private long admissions;
  private long firstAt = -1;
  private long lastAt;

  private ScaleBuild(long records, long seed) throws NoSuchAlgorithmException {
    this.world = new ScaleWorld(seed, 104, FIRST_DAY);
    this.target = records;
    this.random = new Random(seed ^ 0x5CA1EL);
    this.signerKid = HexFormat.of().formatHex(placeholder.keyId().toBytes());
    this.sha256 = MessageDigest.getInstance("SHA-256");
  }

  /** Builds the database at {@code url} (which must not hold a registry yet). */
  static Built build(String url, long records, long seed, PrintStream log) throws Exception {
    long started = System.nanoTime();
    // The registry's own schema, every migration applied, then the bulk load beside it.
    Database.openWriter(url, java.time.Duration.ofSeconds(30)).close();
    ScaleBuild b = new ScaleBuild(records, seed);
    try (RowSink sink = url.startsWith("jdbc:sqlite:") ? new RowSink.Sqlite(url)
        : new RowSink.Postgres(url)) {
      b.directory(sink);
      sink.dropIndexes();
      log.printf("dropped %d indexes of records for the load%n", sink.indexes().size());
      MerkleTree tree = new MerkleTree(new StreamingNodes(sink), 0);
      double base = b.calibrate();
      for (int day = 0; b.serial < records && day < 3650; day++) {
        b.screenings(day, base);
        long horizon = b.world.dayStart(day + 1).getEpochSecond() - 11 * DAY;
        b.emitUntil(horizon, sink, tree);
        if (day % 30 == 29) {
          log.printf("  day %d: %,d records%n", day + 1, b.serial);
        }
      }
      b.emitUntil(Long.MAX_VALUE, sink, tree);
      sink.flush();
      TreeHash root = tree.root();
      b.finish(sink, root);
      log.printf("loaded %,d records; rebuilding indexes%n", b.serial);
      sink.rebuildIndexes();
      b.analyse(sink, log);
      return new Built(b.serial, b.sales, b.refunds, b.admissions,
          Instant.ofEpochSecond(b.firstAt), Instant.ofEpochSecond(b.lastAt), root,
          (System.nanoTime() - started) / 1_000_000_000L);
    }
  }

  private void directory(RowSink sink) throws SQLException {
    try (PreparedStatement cinema = sink.prepare(
            "INSERT INTO cinemas (bin, name, kato, region) VALUES (?, ?, ?, ?)");
        PreparedStatement hall = sink.prepare(
            "INSERT INTO halls (cinema_bin, hall_id, name, capacity) VALUES (?, ?, ?, ?)");
        PreparedStatement film = sink.prepare("INSERT INTO films (certificate, title_kk,"
            + " title_ru, title_en, national) VALUES (?, ?, ?, ?, ?)");
        PreparedStatement genre = sink.prepare(
            "INSERT INTO film_genres (certificate, genre) VALUES (?, ?)");
        PreparedStatement country = sink.prepare(
            "INSERT INTO film_countries (certificate, country) VALUES (?, ?)")) {
      for (Cinema c : world.cinemas) {
        cinema.setString(1, c.bin().value());
        cinema.setString(2, c.name());
        cinema.setString(3, c.kato().value());
        cinema.setString(4, c.region().code());
        cinema.executeUpdate();
        for (Hall h : c.halls()) {
          hall.setString(1, c.bin().value());
          hall.setString(2, h.id().value());
          hall.setString(3, h.name());
          hall.setInt(4, h.capacity());
          hall.executeUpdate();
        }
      }
      for (ScaleWorld.Showing s : world.films) {
        String cert = s.film().certificate().value();
        film.setString(1, cert);
        film.setString(2, s.film().titles().kk());
        film.setString(3, s.film().titles().ru());
        film.setString(4, s.film().titles().en());
        film.setInt(5, s.film().national() ? 1 : 0);
        film.executeUpdate();
        for (Genre g : s.film().genres()) {
          genre.setString(1, cert);
          genre.setString(2, g.code());
          genre.executeUpdate();
        }
        for (CountryCode k : s.film().countries()) {
          country.setString(1, cert);
          country.setString(2, k.code());
          country.executeUpdate();
        }
      }
    }
    sink.commitMain();
  }

  /** Tickets per unit of demand so that a year gives about the target number of records. */
  private double calibrate() {
    double demand = 0;
    for (int day = 0; day < 365; day++) {
      for (ScaleWorld.Slot s : world.day(day)) {
        demand += s.demand();
      }
    }
    return target / (1 + REFUND_RATE) / demand;
  }

  private void screenings(int day, double base) {
    for (ScaleWorld.Slot slot : world.day(day)) {
      int tickets = Math.min(slot.capacity(), poisson(base * slot.demand()));
      for (int t = 0; t < tickets; t++) {
        ticket(slot, t);
      }
    }
  }

  private void ticket(ScaleWorld.Slot slot, int t) {
    Screening screening = slot.screening();
    long start = screening.start().getEpochSecond();
    double u = random.nextDouble();
    long ahead = u < 0.5 ? random.nextInt(6 * 3600) : u < 0.85
        ? 6 * 3600 + random.nextInt((int) (3 * DAY)) : 3 * DAY + random.nextInt((int) (7 * DAY));
    long soldAt = start - 60 - ahead;
    double v = random.nextDouble();
    long lag = v < 0.96 ? random.nextInt(3) : v < 0.99 ? 5 + random.nextInt(600)
        : 3600 + random.nextInt(7 * 3600);
    boolean specimen = random.nextInt(2000) == 0;
    long price = specimen ? 0 : (1500 + 100L * random.nextInt(30)) * 100;
    int row = 1 + t / 20;
    Sale sale = new Sale(TicketId.of("T" + Long.toString(++ticket, 36)),
        world.vendorOf.get(slot.cinema()), screening, Seat.assigned(row, 1 + t % 20), price,
        Instant.ofEpochSecond(soldAt), CHANNELS[random.nextInt(CHANNELS.length)], specimen);
    Event e = new Event(soldAt + lag, seq++, sale, slot.cinema(), null, 0, 0);
    queue.add(e);
    if (!specimen && random.nextDouble() < REFUND_RATE) {
      long refundedAt = soldAt + (long) (random.nextDouble() * (start - soldAt));
      long at = Math.max(refundedAt, e.at) + 1 + random.nextInt(120);
      queue.add(new Event(at, seq++, sale, slot.cinema(), e, refundedAt,
          random.nextInt(7) == 0 ? price / 2 : price));
    } else if (!specimen && random.nextDouble() < 0.88) {
      e.admittedAt = start - random.nextInt(1200);
    }
  }

  private void emitUntil(long horizon, RowSink sink, MerkleTree tree) throws SQLException {
    while (!queue.isEmpty() && queue.peek().at < horizon && serial < target) {
      emit(queue.poll(), sink, tree);
    }
  }

  private void emit(Event e, RowSink sink, MerkleTree tree) throws SQLException {
    long s = ++serial;
    e.serial = s;
    if (firstAt < 0) {
      firstAt = e.at;
    }
    lastAt = e.at;
    Object[] row = new Object[RowSink.RECORD_FIELDS];
    Sale sale = e.sale;
    byte[] submission;
    if (e.refundOf == null) {
      submission = Submissions.signSale(sale, placeholder);
      Screening sc = sale.screening();
      Seat.Assigned seat = (Seat.Assigned) sale.seat();
      fill(row, s, 0, e.at, sale.vendor().value(), sale.ticketId().value(), submission);
      row[8] = sale.cinema().value();
      row[9] = sc.id().value();
      row[10] = sc.hall().value();
      row[11] = sc.film().certificate().value();
      row[12] = sc.start().getEpochSecond();
      row[13] = LocalDate.ofInstant(sc.start(), ScaleWorld.ALMATY).toString();
      row[14] = sc.language().code();
      row[15] = sc.format().label();
      row[16] = seat.row();
      row[17] = seat.number();
      row[18] = sale.priceTiyn();
      row[19] = sale.soldAt().getEpochSecond();
      row[20] = sale.channel().name();
      row[21] = sale.specimen() ? 1 : 0;
      sales++;
    } else {
      Refund refund = new Refund(e.refundOf.serial, sale.ticketId(), sale.vendor(),
          Instant.ofEpochSecond(e.refundedAt), e.refundTiyn, "changed plans");
      submission = Submissions.signRefund(refund, placeholder);
      fill(row, s, 1, e.at, sale.vendor().value(), sale.ticketId().value(), submission);
      row[22] = e.refundOf.serial;
      row[23] = e.refundedAt;
      row[24] = e.refundTiyn;
      row[25] = "changed plans";
      refunds++;
    }
    sink.record(row);
    tree.append(new LogEntry(s, Instant.ofEpochSecond(e.at),
        e.refundOf == null ? LogEntry.Kind.SALE : LogEntry.Kind.REFUND, submission).leafHash());
    if (e.admittedAt >= 0) {
      sink.admission(s, e.admittedAt, sale.cinema().value(), "door-" + (1 + s % 3));
      admissions++;
    }
  }

  private void fill(Object[] row, long s, int kind, long at, String vendor, String ticketId,
      byte[] submission) {
    row[0] = s;
    row[1] = kind;
    row[2] = at;
    row[3] = vendor;
    row[4] = ticketId;
    // Not the registry's content digest (of the payload): nothing measured reads it.
    row[5] = HexFormat.of().formatHex(sha256.digest(submission));
    row[6] = submission;
    row[7] = signerKid;
  }

  /** The head, and admissions of screenings after the last registration taken back out. */
  private void finish(RowSink sink, TreeHash root) throws SQLException {
    String checkpoint = new Checkpoint(RegistryConfig.DEFAULT_ORIGIN, serial, root)
        .sign(TestKeys.signing(TestKeys.REGISTRY_ED25519));
    try (PreparedStatement head = sink.prepare("INSERT INTO log_head (id, tree_size,"
        + " root_hash, checkpoint) VALUES (1, ?, ?, ?)")) {
      head.setLong(1, serial);
      head.setBytes(2, root.toBytes());
      head.setString(3, checkpoint);
      head.executeUpdate();
    }
    try (PreparedStatement future = sink.prepare(
        "DELETE FROM admissions WHERE admitted_at > ?")) {
      future.setLong(1, lastAt);
      admissions -= future.executeUpdate();
    }
    sink.commitMain();
  }

  /** PostgreSQL: statistics and the visibility map (index-only scans need it). */
  private void analyse(RowSink sink, PrintStream log) throws SQLException {
    if (sink instanceof RowSink.Postgres) {
      log.println("VACUUM ANALYZE");
      for (String table : List.of("records", "admissions", "log_nodes", "cinemas", "films",
          "film_genres", "film_countries")) {
        try (Statement s = sink.main.createStatement()) {
          s.execute("VACUUM ANALYZE " + table);
        }
      }
    }
  }

  private int poisson(double mean) {
    if (mean > 30) {
      return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
    }
    double limit = Math.exp(-mean);
    double p = random.nextDouble();
    int k = 0;
    while (p > limit) {
      p *= random.nextDouble();
      k++;
    }
    return k;
  }
}
