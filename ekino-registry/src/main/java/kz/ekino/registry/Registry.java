package kz.ekino.registry;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.CheckpointException;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.log.MerkleHashing;
import kz.ekino.core.log.TreeHash;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Cinema;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.Sale;
import kz.ekino.core.revocation.RevocationList;
import kz.ekino.core.submission.Signed;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.token.TicketToken;
import kz.ekino.core.model.TokenKind;
import kz.ekino.core.trust.KeyRole;
import kz.ekino.core.trust.TrustedKey;
import kz.ekino.core.verify.RejectedException;
import kz.ekino.core.verify.TicketVerifier;
import kz.ekino.core.verify.VerificationPolicy;
import kz.ekino.core.verify.VerificationResult;
import kz.ekino.registry.AdmissionResult.Outcome;
import kz.ekino.registry.log.MerkleTree;
import kz.ekino.registry.monitoring.Monitoring;
import kz.ekino.registry.store.Database;
import kz.ekino.registry.store.JdbcMonitoring;
import kz.ekino.registry.store.JdbcNodeStore;
import kz.ekino.registry.store.Records;
import kz.ekino.registry.store.Records.Head;
import kz.ekino.registry.store.Records.SaleRow;

/**
 * The registration engine. Vendors' signed sales and refunds are checked in the caller's
 * thread; one writer thread then assigns serials, appends to the Merkle log and commits whole
 * batches in one transaction (group commit), and only then answers. Every answer is durable.
 *
 * <p>Safe for concurrent use. Close it to stop the writer.
 */
public final class Registry implements AutoCloseable {
  private final RegistryConfig config;
  private final VerificationPolicy policy;
  private final Database db;
  private final JdbcNodeStore nodes;
  private final Records writes;
  private MerkleTree tree;
  private final Map<Bin, Cinema> cinemas = new ConcurrentHashMap<>();
  private final BlockingQueue<Work> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private final ExecutorService responders;
  private volatile Head head;
  private volatile boolean running = true;

  private Registry(RegistryConfig config, Database db, Head head) {
    this.config = config;
    this.policy = config.policy();
    this.db = db;
    this.head = head;
    this.nodes = new JdbcNodeStore(db.writer());
    this.writes = new Records(db.writer());
    this.tree = new MerkleTree(nodes, head.treeSize());
    this.writer = new Thread(this::writeLoop, "ekino-registry-writer");
    this.writer.setDaemon(true);
    AtomicInteger responder = new AtomicInteger();
    this.responders = Executors.newFixedThreadPool(config.responderThreads(), r -> {
      Thread t = new Thread(r, "ekino-registry-responder-" + responder.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Opens the registry's database (creating or upgrading the schema) and checks the log
   * against its last signed checkpoint before accepting anything.
   */
  public static Registry open(RegistryConfig config) throws RegistryException {
    TrustedKey self = config.trust().find(config.registryKey().keyId()).orElseThrow(() ->
        new RegistryException("the trust list does not hold the registry key "
            + config.registryKey().keyId()));
    if (self.role() != KeyRole.REGISTRY && self.role() != KeyRole.DEVELOPMENT) {
      throw new RegistryException("the trust list holds the registry key as " + self.role());
    }
    Database db;
    try {
      db = Database.open(config.jdbcUrl());
    } catch (SQLException | RuntimeException e) {
      throw new RegistryException("cannot open the registry database", e);
    }
    try {
      Head head = new Records(db.writer()).readHead().orElse(null);
      if (head == null) {
        head = new Head(0, MerkleHashing.EMPTY_ROOT,
            new Checkpoint(config.origin(), 0, MerkleHashing.EMPTY_ROOT)
                .sign(config.registryKey()));
      }
      Registry registry = new Registry(config, db, head);
      registry.verifyLog();
      registry.cinemas.putAll(registry.writes.loadCinemas());
      db.writer().commit();
      registry.writer.start();
      return registry;
    } catch (SQLException | StorageException e) {
      db.close();
      throw new RegistryException("cannot read the registry database", e);
    } catch (RegistryException | RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /**
   * At start: serials are gapless, the stored checkpoint is signed by this registry and names
   * the root that the stored nodes give, and the last leaf hash is that of the stored entry.
   */
  private void verifyLog() throws SQLException, RegistryException {
    long size = head.treeSize();
    long[] countMax = writes.countAndMaxSerial();
    if (countMax[0] != size || countMax[1] != size) {
      throw new RegistryException("refusing to start: the log holds " + size + " leaves but "
          + "the database " + countMax[0] + " records with serials up to " + countMax[1]);
    }
    Checkpoint signed;
    try {
      signed = Checkpoint.parseSigned(head.checkpoint(), config.origin(),
          config.registryKey().verificationKey());
    } catch (CheckpointException e) {
      throw new RegistryException("refusing to start: the stored checkpoint does not verify ("
          + e.getMessage() + ")");
    }
    TreeHash root = tree.root(size);
    if (signed.treeSize() != size || !signed.rootHash().equals(root)
        || !head.root().equals(root)) {
      throw new RegistryException("refusing to start: the log's nodes give root "
          + root.toBase64() + " at size " + size + ", but the last checkpoint says "
          + signed.rootHash().toBase64() + " at size " + signed.treeSize());
    }
    if (size > 0) {
      LogEntry last = writes.entry(size).orElseThrow();
      if (!last.leafHash().equals(nodes.get(0, size - 1))) {
        throw new RegistryException("refusing to start: record " + size
            + " does not hash to its log leaf");
      }
    }
  }

  /**
   * Recomputes the whole log from the stored records, O(n): every record must hash to its
   * stored leaf, and the leaves must give the checkpoint's root. Startup checks only the last
   * record and the stored nodes; run this to audit every record (for instance nightly).
   *
   * @return the number of records checked
   */
  public long audit() throws RegistryException {
    Head at = head;
    Optional<String> problem = read(r -> r.records().audit(at.treeSize(), at.root()));
    if (problem.isPresent()) {
      throw new RegistryException("audit failed: " + problem.get());
    }
    return at.treeSize();
  }

  // ---------------------------------------------------------------------------------------
  // Registration, refunds, admissions

  /**
   * Registers a vendor-signed sale ({@link Submissions#signSale}). Returns only after the
   * record is durably committed. The same sale again returns the first registration.
   */
  public Registration register(byte[] submission) throws RegistrationException {
    SaleWork work = prepare(submission);
    return registration(work.sale().content(), await(work, work.done));
  }

  /**
   * Registers without blocking the caller: the signature is checked now, in the calling thread;
   * the future completes once the record is committed, with the receipt signed on the
   * registry's responder threads. A server keeps many of these in flight, so that one durable
   * commit serves many registrations. Refusals complete the future exceptionally with a
   * {@link RegistrationException}.
   */
  public CompletableFuture<Registration> registerAsync(byte[] submission) {
    SaleWork work;
    try {
      work = prepare(submission);
    } catch (RegistrationException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (!running) {
      return CompletableFuture.failedFuture(
          new RegistrationException(Refusal.UNAVAILABLE, "the registry is closed"));
    }
    queue.add(work);
    Sale sale = work.sale().content();
    return work.done.thenApplyAsync(a -> registration(sale, a), responders);
  }

  private SaleWork prepare(byte[] submission) throws RegistrationException {
    Signed<Sale> signed;
    try {
      signed = Submissions.openSale(submission, policy);
    } catch (RejectedException e) {
      throw new RegistrationException(Refusal.valueOf(e.reason().name()), e.getMessage());
    }
    Sale sale = signed.content();
    Cinema cinema = cinemas.get(sale.cinema());
    if (cinema == null) {
      throw new RegistrationException(Refusal.UNKNOWN_CINEMA,
          "cinema " + sale.cinema() + " is not in the registry's directory");
    }
    if (cinema.hall(sale.screening().hall()).isEmpty()) {
      throw new RegistrationException(Refusal.UNKNOWN_HALL, "cinema " + sale.cinema()
          + " has no hall '" + sale.screening().hall() + "'");
    }
    return new SaleWork(signed, submission.clone(), new CompletableFuture<>());
  }

  /** Signing is deterministic, so a repeated registration gets byte-identical tokens. */
  private Registration registration(Sale sale, Assigned a) {
    TicketClaims claims = sale.specimen()
        ? TicketClaims.specimen(sale)
        : TicketClaims.registered(sale, a.serial, a.registeredAt);
    return new Registration(a.serial, a.registeredAt,
        TicketToken.issue(claims, config.registryKey()), a.existing);
  }

  /** Registers a vendor-signed refund ({@link Submissions#signRefund}); idempotent per sale. */
  public RefundReceipt refund(byte[] signedRefund) throws RegistrationException {
    Signed<Refund> signed;
    try {
      signed = Submissions.openRefund(signedRefund, policy);
    } catch (RejectedException e) {
      throw new RegistrationException(Refusal.valueOf(e.reason().name()), e.getMessage());
    }
    RefundWork work = new RefundWork(signed, signedRefund.clone(), new CompletableFuture<>());
    return await(work, work.done);
  }

  /** Admits the ticket whose QR text a gate scanned. Never throws for a bad ticket. */
  public AdmissionResult admit(String qrText, Gate gate) {
    VerificationResult verified = TicketVerifier.verify(qrText, policy);
    if (verified.ticket().isEmpty()) {
      return AdmissionResult.of(Outcome.INVALID_TICKET, "ticket does not verify: "
          + verified.verdict());
    }
    TicketClaims claims = verified.ticket().get().claims();
    if (claims.kind() == TokenKind.SPECIMEN) {
      return AdmissionResult.of(Outcome.INVALID_TICKET, "a specimen ticket admits nobody");
    }
    if (claims.kind() == TokenKind.PROVISIONAL) {
      // Sold during an outage: admit by the registered sale, if it has arrived.
      Optional<SaleRow> sale = read(r -> r.records().findSale(claims.vendor(),
          claims.ticketId().value()));
      if (sale.isEmpty()) {
        return AdmissionResult.of(Outcome.NOT_REGISTERED, "ticket " + claims.ticketId()
            + " of vendor " + claims.vendor() + " is not registered yet");
      }
      return admit(sale.get().serial(), gate);
    }
    return admit(claims.serial().getAsLong(), gate);
  }

  /** Admits the ticket with this serial once; later scans say when and where it was first. */
  public AdmissionResult admit(long serial, Gate gate) {
    AdmitWork work = new AdmitWork(serial, gate, new CompletableFuture<>());
    try {
      return await(work, work.done);
    } catch (RegistrationException e) {
      return AdmissionResult.of(Outcome.UNAVAILABLE, serial, e.getMessage());
    }
  }

  // ---------------------------------------------------------------------------------------
  // Reading

  public TicketStatus status(long serial) {
    return read(reader -> {
      Records r = reader.records();
      Optional<SaleRow> sale = r.findSale(serial);
      if (sale.isEmpty()) {
        return new TicketStatus(serial, TicketStatus.Status.UNKNOWN, Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());
      }
      Optional<Records.RefundRow> refund = r.findRefundOf(serial);
      Optional<Records.AdmissionRow> admission = r.findAdmission(serial);
      TicketStatus.Status status = refund.isPresent() ? TicketStatus.Status.REFUNDED
          : admission.isPresent() ? TicketStatus.Status.ADMITTED : TicketStatus.Status.REGISTERED;
      return new TicketStatus(serial, status, Optional.of(sale.get().registeredAt()),
          refund.map(Records.RefundRow::refundedAt),
          admission.map(Records.AdmissionRow::admittedAt),
          admission.map(a -> new Gate(a.gateCinema(), a.gateId())));
    });
  }

  /**
   * The signed list of refunded tickets whose screenings have not ended (started less than
   * the screening grace ago), for offline scanners ({@link RevocationList#open}).
   */
  public byte[] revocationList() {
    Instant now = config.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    List<Long> serials = read(r -> r.records().refundedSalesStartingAfter(
        now.minus(config.screeningGrace())));
    return RevocationList.sign(now, serials, config.registryKey());
  }

  /** The latest checkpoint, a C2SP signed note; it covers every acknowledged record. */
  public String checkpoint() {
    return head.checkpoint();
  }

  /** The number of records (sales and refunds) in the log. */
  public long size() {
    return head.treeSize();
  }

  public Optional<LogEntry> entry(long serial) {
    return read(r -> r.records().entry(serial));
  }

  /** Proof that record {@code serial} is in the tree of {@code treeSize} leaves. */
  public InclusionProof inclusionProof(long serial, long treeSize) {
    long committed = head.treeSize();
    if (serial < 1 || serial > treeSize || treeSize > committed) {
      throw new IllegalArgumentException("no record " + serial + " in a tree of " + treeSize
          + " (the log has " + committed + ")");
    }
    return read(r -> new InclusionProof(r.records().entry(serial).orElseThrow(), treeSize,
        new MerkleTree(r.nodes(), committed).inclusionProof(serial - 1, treeSize)));
  }

  /** Proof that the tree of {@code size1} leaves is a prefix of the tree of {@code size2}. */
  public List<TreeHash> consistencyProof(long size1, long size2) {
    long committed = head.treeSize();
    if (size1 < 0 || size1 > size2 || size2 > committed) {
      throw new IllegalArgumentException("no consistency proof from " + size1 + " to "
          + size2 + " (the log has " + committed + ")");
    }
    return read(r -> new MerkleTree(r.nodes(), committed).consistencyProof(size1, size2));
  }

  /** The root of the tree at any committed size. */
  public TreeHash root(long treeSize) {
    long committed = head.treeSize();
    return read(r -> new MerkleTree(r.nodes(), committed).root(treeSize));
  }

  /** Adds or replaces a cinema in the directory; sales name cinemas from it. */
  public void registerCinema(Cinema cinema) throws RegistrationException {
    CinemaWork work = new CinemaWork(cinema, new CompletableFuture<>());
    await(work, work.done);
    cinemas.put(cinema.bin(), cinema);
  }

  public Map<Bin, Cinema> cinemas() {
    return Map.copyOf(cinemas);
  }

  /** Box office, shares, upload lag and silent cinemas (docs/registry.md). */
  public Monitoring monitoring() {
    return new JdbcMonitoring(db, config.clock());
  }

  private <T> T read(Database.Work<T> work) {
    try {
      return db.read(work);
    } catch (SQLException e) {
      throw new StorageException("reading the registry", e);
    }
  }

  // ---------------------------------------------------------------------------------------
  // The writer

  private record Assigned(long serial, Instant registeredAt, boolean existing) {}

  /** Work for the writer; each record's {@code done} is completed after the commit. */
  private sealed interface Work permits SaleWork, RefundWork, AdmitWork, CinemaWork {
    CompletableFuture<?> done();
  }

  private record SaleWork(Signed<Sale> sale, byte[] submission,
      CompletableFuture<Assigned> done) implements Work {}

  private record RefundWork(Signed<Refund> refund, byte[] submission,
      CompletableFuture<RefundReceipt> done) implements Work {}

  private record AdmitWork(long serial, Gate gate, CompletableFuture<AdmissionResult> done)
      implements Work {}

  private record CinemaWork(Cinema cinema, CompletableFuture<Boolean> done) implements Work {}

  private <T> T await(Work work, CompletableFuture<T> done) throws RegistrationException {
    if (!running) {
      throw new RegistrationException(Refusal.UNAVAILABLE, "the registry is closed");
    }
    queue.add(work);
    try {
      return done.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RegistrationException r) {
        throw r;
      }
      throw new RegistrationException(Refusal.UNAVAILABLE, String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistrationException(Refusal.UNAVAILABLE, "interrupted while waiting");
    }
  }

  private void writeLoop() {
    List<Work> batch = new ArrayList<>(config.maxBatch());
    while (running || !queue.isEmpty()) {
      try {
        Work first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, config.maxBatch() - 1);
        commit(batch);
      } catch (InterruptedException e) {
        running = false;
      } finally {
        batch.clear();
      }
    }
  }

  /** One transaction for the whole batch; answers go out only after the commit. */
  private void commit(List<Work> batch) {
    Connection c = db.writer();
    Instant now = config.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    List<Runnable> answers = new ArrayList<>(batch.size());
    long sizeBefore = tree.size();
    try {
      for (Work w : batch) {
        if (w instanceof SaleWork s) {
          answers.add(sale(s, now));
        } else if (w instanceof RefundWork r) {
          answers.add(refund(r, now));
        } else if (w instanceof AdmitWork a) {
          answers.add(admission(a, now));
        } else if (w instanceof CinemaWork k) {
          writes.saveCinema(k.cinema());
          answers.add(() -> k.done().complete(Boolean.TRUE));
        }
      }
      Head next = head;
      if (tree.size() != sizeBefore) {
        TreeHash root = tree.root();
        next = new Head(tree.size(), root,
            new Checkpoint(config.origin(), tree.size(), root).sign(config.registryKey()));
        writes.writeHead(next);
        nodes.flush();
      }
      c.commit();
      head = next;
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // The connection is broken; the next batch will fail the same way and say so.
      }
      nodes.discard();
      writes.discard();
      tree = new MerkleTree(nodes, sizeBefore);
      RegistrationException failure = new RegistrationException(Refusal.UNAVAILABLE,
          "storing the batch failed, nothing of it was kept: " + e.getMessage());
      batch.forEach(w -> w.done().completeExceptionally(failure));
      return;
    }
    answers.forEach(Runnable::run);
  }

  // The writer's queries see what earlier work of the same batch wrote: one connection, one
  // open transaction. So later work in a batch needs no other record of it.

  private Runnable sale(SaleWork w, Instant now) throws SQLException {
    Sale sale = w.sale().content();
    String digest = w.sale().contentDigest();
    long serial = tree.size() + 1;
    // The unique index on (vendor, ticket id) decides: one statement in the common case, and
    // the row of an earlier registration (even earlier in this transaction) otherwise.
    if (!writes.insertSaleIfAbsent(serial, now, sale, digest, w.submission(),
        w.sale().signer().keyId().toHex())) {
      SaleRow earlier = writes.findSale(sale.vendor(), sale.ticketId().value()).orElseThrow();
      if (!digest.equals(earlier.contentDigest())) {
        return () -> w.done().completeExceptionally(new RegistrationException(Refusal.CONFLICT,
            "ticket " + sale.ticketId() + " of vendor " + sale.vendor()
                + " was registered as serial " + earlier.serial() + " with different content"));
      }
      Assigned again = new Assigned(earlier.serial(), earlier.registeredAt(), true);
      return () -> w.done().complete(again);
    }
    tree.append(new LogEntry(serial, now, LogEntry.Kind.SALE, w.submission()).leafHash());
    writes.addFilmIfAbsent(sale.screening().film());
    Assigned assigned = new Assigned(serial, now, false);
    return () -> w.done().complete(assigned);
  }

  private Runnable refund(RefundWork w, Instant now) throws SQLException {
    Refund refund = w.refund().content();
    long saleSerial = refund.saleSerial();
    Optional<SaleRow> found = writes.findSale(saleSerial);
    RegistrationException problem = null;
    if (found.isEmpty()) {
      problem = new RegistrationException(Refusal.UNKNOWN_SALE,
          "serial " + saleSerial + " is not a registered sale");
    } else if (!found.get().vendor().equals(refund.vendor())
        || !w.refund().signer().maySellFor(found.get().cinema())) {
      problem = new RegistrationException(Refusal.NOT_YOUR_SALE, "sale " + saleSerial
          + " belongs to vendor " + found.get().vendor() + " in cinema " + found.get().cinema());
    } else if (!found.get().ticketId().equals(refund.ticketId().value())) {
      problem = new RegistrationException(Refusal.INVALID_REFUND, "sale " + saleSerial
          + " is ticket " + found.get().ticketId() + ", not " + refund.ticketId());
    } else if (refund.amountTiyn() > found.get().priceTiyn()) {
      problem = new RegistrationException(Refusal.INVALID_REFUND, "refund of "
          + refund.amountTiyn() + " tiyn exceeds the price " + found.get().priceTiyn());
    }
    if (problem != null) {
      RegistrationException p = problem;
      return () -> w.done().completeExceptionally(p);
    }
    Optional<Records.RefundRow> earlier = writes.findRefundOf(saleSerial);
    if (earlier.isPresent()) {
      RefundReceipt again = new RefundReceipt(earlier.get().serial(), saleSerial,
          earlier.get().registeredAt(), true);
      return () -> w.done().complete(again);
    }
    long serial = tree.size() + 1;
    tree.append(new LogEntry(serial, now, LogEntry.Kind.REFUND, w.submission()).leafHash());
    writes.insertRefund(serial, now, refund, w.refund().contentDigest(), w.submission(),
        w.refund().signer().keyId().toHex());
    RefundReceipt receipt = new RefundReceipt(serial, saleSerial, now, false);
    return () -> w.done().complete(receipt);
  }

  private Runnable admission(AdmitWork w, Instant now) throws SQLException {
    AdmissionResult result = decideAdmission(w.serial(), w.gate(), now);
    if (result.outcome() == Outcome.ADMITTED) {
      writes.insertAdmission(w.serial(), now, w.gate().cinema(), w.gate().id());
    }
    return () -> w.done().complete(result);
  }

  private AdmissionResult decideAdmission(long serial, Gate gate, Instant now)
      throws SQLException {
    Optional<SaleRow> sale = writes.findSale(serial);
    if (sale.isEmpty()) {
      return AdmissionResult.of(Outcome.UNKNOWN, serial, "no registered sale has serial "
          + serial);
    }
    if (sale.get().specimen()) {
      return AdmissionResult.of(Outcome.INVALID_TICKET, serial, "a specimen ticket");
    }
    if (!sale.get().cinema().equals(gate.cinema())) {
      return AdmissionResult.of(Outcome.WRONG_VENUE, serial, "the ticket is for cinema "
          + sale.get().cinema());
    }
    Optional<Records.RefundRow> refund = writes.findRefundOf(serial);
    if (refund.isPresent()) {
      return new AdmissionResult(Outcome.REFUNDED, OptionalLong.of(serial),
          Optional.of(refund.get().refundedAt()), Optional.empty(), "refunded");
    }
    Optional<Records.AdmissionRow> first = writes.findAdmission(serial);
    if (first.isPresent()) {
      Gate firstGate = new Gate(first.get().gateCinema(), first.get().gateId());
      return new AdmissionResult(Outcome.ALREADY_ADMITTED, OptionalLong.of(serial),
          Optional.of(first.get().admittedAt()), Optional.of(firstGate),
          "admitted at " + first.get().admittedAt() + " through " + firstGate.id());
    }
    return new AdmissionResult(Outcome.ADMITTED, OptionalLong.of(serial), Optional.of(now),
        Optional.of(gate), "admitted");
  }

  /** Stops accepting work, finishes what is queued, and closes the database. */
  @Override
  public void close() {
    running = false;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    RegistrationException closed = new RegistrationException(Refusal.UNAVAILABLE,
        "the registry is closed");
    Work w;
    while ((w = queue.poll()) != null) {
      w.done().completeExceptionally(closed);
    }
    responders.shutdown();
    db.close();
  }
}
