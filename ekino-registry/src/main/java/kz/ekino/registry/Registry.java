package kz.ekino.registry;

import kz.ekino.core.registration.Registration;
import kz.ekino.core.registration.Receipt;
import kz.ekino.core.registration.RefundReceipt;
import kz.ekino.core.registration.Refusal;
import kz.ekino.core.registration.RegistrationException;
import kz.ekino.core.registration.TicketStatus;
import kz.ekino.core.registration.AdmissionResult;
import kz.ekino.core.registration.Gate;
import kz.ekino.core.log.InclusionProof;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import kz.ekino.core.anomaly.AnomalyEngine;
import kz.ekino.core.anomaly.AnomalyReport;
import kz.ekino.core.anomaly.AnomalyRules;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.ConsistencyProof;
import kz.ekino.core.log.EntryBody;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.log.TreeHash;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.TicketId;
import kz.ekino.core.model.Cinema;
import kz.ekino.core.model.Film;
import kz.ekino.core.model.RentalCertificate;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.Terminal;
import kz.ekino.core.revocation.RevocationList;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.model.TokenKind;
import kz.ekino.core.trust.KeyRole;
import kz.ekino.core.trust.TrustList;
import kz.ekino.core.trust.TrustListException;
import kz.ekino.core.trust.TrustedKey;
import kz.ekino.core.verify.TicketVerifier;
import kz.ekino.core.verify.VerificationPolicy;
import kz.ekino.core.verify.VerificationResult;
import kz.ekino.core.registration.AdmissionResult.Outcome;
import kz.ekino.registry.RegistryException.Reason;
import kz.ekino.registry.monitoring.Monitoring;
import kz.ekino.registry.store.Database;
import kz.ekino.registry.store.JdbcMonitoring;
import kz.ekino.registry.store.JdbcNodeStore;
import kz.ekino.registry.store.MissingDatabaseException;
import kz.ekino.registry.store.Records;
import kz.ekino.registry.store.Records.Head;
import kz.ekino.registry.store.WriterLockException;
import org.jspecify.annotations.Nullable;

/**
 * The registration engine. Vendors' signed sales and refunds are checked in the caller's
 * thread; one writer ({@link BatchWriter}) then assigns serials, appends to the Merkle log and
 * commits whole batches (group commit), and only then answers. Every answer is durable.
 *
 * <p>{@link #open} takes the log for this process (one writer per log) and refuses a database
 * that is behind or beside the last checkpoint it published; {@link #openReadOnly} serves
 * status, proofs, checkpoints and monitoring beside a writer and never changes anything;
 * {@link #openStandby} serves like a reader while another process writes, and becomes the
 * writer when that process's lock is gone.
 *
 * <p>Safe for concurrent use. Close it to stop the writer.
 */
public final class Registry implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Registry.class.getName());

  private final RegistryConfig config;
  private final Database db;
  /** The writer; null while read-only or a standby. Set once, by {@link #open} or a takeover. */
  private volatile @Nullable BatchWriter writer;
  /** The writer's ledger, whose head is the committed head; null while not the writer. */
  private volatile @Nullable Ledger ledger;
  /** The writer's database taken over by a standby (its own {@link #db} stays for reads). */
  private volatile @Nullable Database taken;
  private final @Nullable Standby standby;
  /** The largest head read from storage while not the writer: a takeover must not go back. */
  private @Nullable Head seen;
  private final Object seenLock = new Object();
  /** Whether the stored head is behind {@link #seen} (logged once per episode). */
  private boolean wentBack;
  private final Directory directory;
  private final LogReader reader;
  private final ExecutorService responders;
  private volatile VerificationPolicy policy;
  private volatile VerificationPolicy admissionPolicy;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  private Registry(RegistryConfig config, Database db, @Nullable Ledger ledger,
      Directory directory, boolean standby) {
    this.config = config;
    this.db = db;
    this.directory = directory;
    this.policy = config.policy(config.trust());
    this.admissionPolicy = config.admissionPolicy(config.trust());
    this.ledger = ledger;
    this.writer = ledger == null ? null
        : new BatchWriter(ledger, config.maxBatch(), config.timeout());
    this.reader = new LogReader(db, this::currentHead);
    this.standby = standby ? new Standby(this, STANDBY_POLL) : null;
    AtomicInteger responder = new AtomicInteger();
    this.responders = Executors.newFixedThreadPool(config.responderThreads(), r -> {
      Thread t = new Thread(r, "ekino-registry-responder-" + responder.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Opens the registry for writing: takes the log's writer lock, creates or upgrades the
   * schema, and checks the log against its signed checkpoint and the checkpoint file before
   * accepting anything.
   *
   * @throws RegistryException with {@link Reason#LOCKED} when another process writes this
   *     log, {@link Reason#BEHIND} or {@link Reason#DIVERGED} when the database is not the log
   *     this registry published, {@link Reason#TAMPERED} when it does not match itself
   */
  public static Registry open(RegistryConfig config) throws RegistryException {
    checkWritable(config);
    Database db;
    try {
      db = Database.openWriter(config.jdbcUrl(), config.timeout());
    } catch (WriterLockException e) {
      LOG.log(Level.WARNING, "ekino registry: {0}", e.getMessage());
      throw new RegistryException(Reason.LOCKED, String.valueOf(e.getMessage()));
    } catch (SQLException | RuntimeException e) {
      throw new RegistryException(Reason.UNAVAILABLE, "cannot open the registry database", e);
    }
    Taken taken = takeLog(config, db, null);
    Registry registry = new Registry(config, db, taken.ledger(), taken.directory(), false);
    registry.writer().start();
    return registry;
  }

  /** How often a standby tries to take the writer lock. */
  static final java.time.Duration STANDBY_POLL = java.time.Duration.ofMillis(500);

  /**
   * Opens the registry as {@link #open} does when no other process writes the log; when one
   * does ({@link Reason#LOCKED}), opens it as a standby: it serves reads as
   * {@link #openReadOnly} does, refuses submissions as {@link Refusal#CLOSED} (retryable:
   * "send it to the writer, or again"), and tries to take the writer lock twice a second.
   * Once the lock is free (the writer closed, or its process or database session ended), it
   * opens the log as {@link #open} does — the head re-read and checked against its signed
   * checkpoint, the checkpoint file and every head this standby served meanwhile — and is
   * the writer from then on ({@link #role()}). A database that is behind or beside those
   * makes the standby stop trying and stay read-only, with an error logged.
   *
   * <p>Two processes never write together: the lock is the writer's PostgreSQL session
   * (or, for SQLite, a file lock), every commit is made on that session, and each writer
   * raises the writer epoch that fences an old writer that lost its session (docs/registry.md).
   */
  public static Registry openStandby(RegistryConfig config) throws RegistryException {
    checkWritable(config);
    try {
      return open(config);
    } catch (RegistryException e) {
      if (e.reason() != Reason.LOCKED) {
        throw e;
      }
    }
    Registry registry = openReadOnly(config, true);
    Standby standby = registry.standby;
    if (standby != null) {
      standby.start();
    }
    LOG.log(Level.INFO, "ekino registry: standby for the log {0}: serving reads, waiting for "
        + "the writer lock", config.origin());
    return registry;
  }

  private static void checkWritable(RegistryConfig config) throws RegistryException {
    checkRegistryKey(config.trust(), config);
    if (config.checkpointFile().isEmpty()) {
      throw new RegistryException(Reason.CONFIGURATION, "set RegistryConfig.checkpointFile: "
          + "without the last published checkpoint outside the database, a database that "
          + "went back (a restored backup, a lagging replica) could not be told");
    }
    refuseMissingFile(config);
  }

  /** The writer's hold on a log it locked: the ledger, and the directory it read. */
  private record Taken(Ledger ledger, Directory directory) {}

  /**
   * Checks and takes the log of a database whose writer lock is held; closes the database
   * when it refuses it.
   */
  private static Taken takeLog(RegistryConfig config, Database db, @Nullable Head seen)
      throws RegistryException {
    try {
      Ledger ledger = Ledger.open(db, config, witness(config), seen);
      Directory directory = new Directory(ledger.records().loadCinemas(),
          ledger.records().loadFilms(), ledger.records().loadTerminals());
      db.writer().commit();
      return new Taken(ledger, directory);
    } catch (SQLException | StorageException e) {
      db.close();
      throw new RegistryException(Reason.UNAVAILABLE, "cannot read the registry database", e);
    } catch (RegistryException e) {
      db.close();
      LOG.log(Level.ERROR, "ekino registry: {0}", e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /**
   * Opens an existing registry for reading: status, proofs, checkpoints and monitoring, beside
   * a running writer. Creates, migrates and signs nothing; a missing or empty database, or one
   * behind the checkpoint file, is an error.
   */
  public static Registry openReadOnly(RegistryConfig config) throws RegistryException {
    return openReadOnly(config, false);
  }

  private static Registry openReadOnly(RegistryConfig config, boolean standby)
      throws RegistryException {
    Database db;
    try {
      db = Database.openReadOnly(config.jdbcUrl(), config.timeout());
    } catch (MissingDatabaseException e) {
      throw new RegistryException(Reason.MISSING, String.valueOf(e.getMessage()));
    } catch (SQLException | RuntimeException e) {
      throw new RegistryException(Reason.UNAVAILABLE, "cannot open the registry database", e);
    }
    try {
      // The file first: a running writer writes it after each commit, so a file read after
      // the head could be ahead of it without the database being behind.
      CheckpointFile witness = witness(config);
      Checkpoint published = witness == null ? null : witness.read().orElse(null);
      Head head = db.read(r -> r.records().readHead()).orElse(null);
      if (head == null) {
        throw new RegistryException(Reason.MISSING, "the registry database holds no log yet");
      }
      db.read(r -> {
        try {
          LogCheck.atOpen(r.records(), new JdbcNodeStore(r.connection()), head, config,
              witness, published, null);
          return Boolean.TRUE;
        } catch (RegistryException e) {
          throw new SQLException(e);
        }
      });
      Directory directory = new Directory(db.read(r -> r.records().loadCinemas()),
          db.read(r -> r.records().loadFilms()), db.read(r -> r.records().loadTerminals()));
      Registry registry = new Registry(config, db, null, directory, standby);
      registry.saw(head);
      return registry;
    } catch (SQLException e) {
      db.close();
      if (e.getCause() instanceof RegistryException r) {
        throw r;
      }
      throw new RegistryException(Reason.UNAVAILABLE, "cannot read the registry database", e);
    } catch (RegistryException | RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** A deleted SQLite file is not silently made anew when a checkpoint was published. */
  private static void refuseMissingFile(RegistryConfig config) throws RegistryException {
    CheckpointFile witness = witness(config);
    Path file = Database.sqliteFile(config.jdbcUrl());
    if (witness == null || file == null || Files.exists(file)) {
      return;
    }
    Optional<Checkpoint> published = witness.read();
    if (published.isPresent() && published.get().treeSize() > 0) {
      throw new RegistryException(Reason.BEHIND, "refusing to start: the registry database "
          + file + " is missing, but this registry published a checkpoint of "
          + published.get().treeSize() + " entries (" + witness.path() + "). Restore the "
          + "database; see 'Operations' in docs/registry.md");
    }
  }

  private static @Nullable CheckpointFile witness(RegistryConfig config) {
    Optional<Path> file = config.checkpointFile();
    return file.map(p -> new CheckpointFile(p, config.origin(),
        config.registryKey().verificationKey())).orElse(null);
  }

  private static void checkRegistryKey(TrustList trust, RegistryConfig config)
      throws RegistryException {
    TrustedKey self = trust.find(config.registryKey().keyId()).orElseThrow(() ->
        new RegistryException(Reason.CONFIGURATION, "the trust list does not hold the registry "
            + "key " + config.registryKey().keyId()));
    if (self.role() != KeyRole.REGISTRY && self.role() != KeyRole.DEVELOPMENT) {
      throw new RegistryException(Reason.CONFIGURATION, "the trust list holds the registry key "
          + "as " + self.role());
    }
  }

  /** The committed head: the writer's own, or (read-only, standby) read from storage. */
  private Head currentHead() {
    Ledger l = ledger;
    return l != null ? l.head() : storedHead();
  }

  private Head storedHead() {
    Head head = reader.read(r -> r.records().readHead()).orElseThrow(() ->
        new StorageException("the registry database lost its log head",
            new SQLException("no log_head row")));
    saw(head);
    return head;
  }

  /**
   * Remembers the largest head served while not the writer (checked at a takeover). A standby
   * also keeps it in its own checkpoint file before serving it, so that after a restart
   * {@link #open} still refuses a database that went back behind what this host served.
   */
  private void saw(Head head) {
    synchronized (seenLock) {
      Head before = seen;
      if (before != null && (head.treeSize() < before.treeSize()
          || (head.treeSize() == before.treeSize() && !head.root().equals(before.root())))) {
        String problem = "the registry database went back: it holds a log of "
            + head.treeSize() + " entries" + (head.treeSize() == before.treeSize()
                ? " with another root" : "") + ", but this instance served " + before.treeSize()
            + " entries; it serves nothing from it (a restored backup or a promoted lagging "
            + "replica?). Restore the database; see 'Two instances' in docs/operations.md";
        if (!wentBack) {
          wentBack = true;
          LOG.log(Level.ERROR, "ekino registry: {0}", problem);
        }
        throw new StorageException(problem, new SQLException("log_head behind what was served"));
      }
      if (wentBack) {
        wentBack = false;
        LOG.log(Level.INFO, "ekino registry: the registry database holds the log this "
            + "instance served again ({0} entries)", Long.toString(head.treeSize()));
      }
      if (seen == null || seen.treeSize() < head.treeSize()) {
        if (standby != null) {
          keepServed(head);
        }
        seen = head;
      }
    }
  }

  /** Writes a standby's largest served checkpoint, verified, to its checkpoint file. */
  private void keepServed(Head head) {
    CheckpointFile witness = witness(config);
    if (witness == null) {
      return;
    }
    try {
      Checkpoint signed = Checkpoint.parseSigned(head.checkpoint(), config.origin(),
          config.registryKey().verificationKey());
      if (signed.treeSize() != head.treeSize() || !signed.rootHash().equals(head.root())) {
        throw new StorageException("the registry database's head does not match its signed "
            + "checkpoint", new SQLException("log_head mismatch"));
      }
      Optional<Checkpoint> kept = witness.read();
      if (kept.isPresent() && kept.get().treeSize() >= head.treeSize()) {
        return;
      }
      witness.write(head.checkpoint());
    } catch (kz.ekino.core.log.CheckpointException e) {
      throw new StorageException("the registry database's checkpoint does not verify: "
          + e.getMessage(), new SQLException(e));
    } catch (RegistryException e) {
      throw new StorageException(String.valueOf(e.getMessage()), new SQLException(e));
    } catch (java.io.IOException e) {
      throw new StorageException("cannot write the checkpoint file " + witness.path(),
          new SQLException(e));
    }
  }

  private BatchWriter writer() {
    BatchWriter w = writer;
    if (w == null) {
      throw new IllegalStateException("this registry was opened read-only");
    }
    return w;
  }

  /** The writer, for a submission: a registry that is not the writer refuses it, retryably. */
  private BatchWriter appender() throws RegistrationException {
    BatchWriter w = writer;
    if (w == null) {
      throw new RegistrationException(Refusal.CLOSED, standby != null
          ? "READ_ONLY: this instance is a standby; another process holds the log's writer "
              + "lock. Send it to the writer, or again in a moment"
          : "READ_ONLY: this registry was opened read-only");
    }
    return w;
  }

  /** What this registry is to its log. */
  public enum Role {
    /** It holds the writer lock and registers. */
    WRITER,
    /** Another process writes; this one serves reads and takes over when the lock is free. */
    STANDBY,
    /** Opened read-only: it serves reads and never writes. */
    READ_ONLY,
    /**
     * It was the writer and stopped for good (another writer took the log, the database went
     * back, it was closed): it serves reads, and refuses submissions as closed.
     */
    STOPPED
  }

  /** What this registry is to its log now; a standby becomes the writer when it takes over. */
  public Role role() {
    BatchWriter w = writer;
    if (w != null) {
      return w.stopped() == null && !closed.get() ? Role.WRITER : Role.STOPPED;
    }
    Standby s = standby;
    if (s == null) {
      return Role.READ_ONLY;
    }
    return s.gaveUp() || closed.get() ? Role.STOPPED : Role.STANDBY;
  }

  /**
   * A standby's attempt to become the writer: true once it is (or once it is closed), false
   * while another process holds the lock.
   *
   * @throws RegistryException when the log cannot be taken: UNAVAILABLE (storage, try again),
   *     or BEHIND, DIVERGED, TAMPERED (the standby gives up)
   */
  boolean tryTakeOver() throws RegistryException {
    if (closed.get()) {
      return true;
    }
    // Remember the head first, so that the database is checked against what was served.
    storedHead();
    Database locked;
    try {
      locked = Database.openWriter(config.jdbcUrl(), config.timeout());
    } catch (WriterLockException e) {
      return false;
    } catch (SQLException | RuntimeException e) {
      throw new RegistryException(Reason.UNAVAILABLE, "cannot open the registry database", e);
    }
    synchronized (this) {
      if (closed.get()) {
        locked.close();
        return true;
      }
      long started = System.nanoTime();
      Head served;
      synchronized (seenLock) {
        served = seen;
      }
      Taken t = takeLog(config, locked, served);
      directory.update(t.directory());
      BatchWriter w = new BatchWriter(t.ledger(), config.maxBatch(), config.timeout());
      taken = locked;
      ledger = t.ledger();
      w.start();
      writer = w;
      LOG.log(Level.INFO, "ekino registry: this standby took the log {0} at size {1} and is "
          + "its writer now ({2} ms to check and open it)", config.origin(),
          Long.toString(t.ledger().head().treeSize()),
          Long.toString((System.nanoTime() - started) / 1_000_000));
    }
    return true;
  }

  /**
   * Takes a new trust list (a key rotated, a vendor key retired or removed) without a
   * restart: submissions are checked against it from the next call on. It must still hold
   * this registry's key, and must not be older than the list in force: a lower sequence, or
   * the same sequence with other content, is refused ({@link TrustList#checkReplaces}). A
   * writer logs it (a TRUST_LIST entry) before it takes effect.
   */
  public synchronized void replaceTrustList(TrustList next) throws RegistryException {
    checkRegistryKey(next, config);
    try {
      next.checkReplaces(policy.trust());
    } catch (TrustListException e) {
      throw new RegistryException(Reason.CONFIGURATION, "the new trust list does not replace "
          + "the one in force: " + e.getMessage());
    }
    BatchWriter w = writer;
    if (w != null) {
      // Logged before it takes effect: every registration judged by it comes after its entry.
      Directory.EntryWork work = directory.save(next);
      try {
        w.await(work, work.done());
      } catch (RegistrationException e) {
        throw new RegistryException(Reason.UNAVAILABLE, "cannot log the new trust list: "
            + e.getMessage());
      }
    }
    policy = config.policy(next);
    admissionPolicy = config.admissionPolicy(next);
    LOG.log(Level.INFO, "ekino registry: trust list {0} of {1} in force ({2} keys)",
        next.sequence(), next.issuedAt(), next.keys().size());
  }

  // ---------------------------------------------------------------------------------------
  // Registration, refunds, admissions

  /**
   * Registers a vendor-signed sale ({@link Submissions#signSale}). Returns only after the
   * record is durably committed. The same sale again returns the first registration.
   */
  public Registration register(byte[] submission) throws RegistrationException {
    Registrations.SaleWork work = Registrations.prepareSale(submission, policy, directory,
        config);
    return Registrations.receipt(work.sale().content(), appender().await(work, work.done()),
        config);
  }

  /**
   * Registers without blocking the caller: the signature is checked now, in the calling thread;
   * the future completes once the record is committed, with the receipt signed on the
   * registry's responder threads. A server keeps many of these in flight, so that one durable
   * commit serves many registrations. Refusals complete the future exceptionally with a
   * {@link RegistrationException}. The future is not bounded by the timeout: the caller
   * bounds its own wait.
   */
  public CompletableFuture<Registration> registerAsync(byte[] submission) {
    Registrations.SaleWork work;
    try {
      work = Registrations.prepareSale(submission, policy, directory, config);
      appender().enqueue(work);
    } catch (RegistrationException e) {
      return CompletableFuture.failedFuture(e);
    }
    Sale sale = work.sale().content();
    return work.done().thenApplyAsync(a -> Registrations.receipt(sale, a, config), responders);
  }

  /**
   * Registers a vendor-signed refund ({@link Submissions#signRefund}); idempotent per sale. A
   * ticket admitted at the door is not refunded ({@link Refusal#ADMITTED}), nor one whose
   * screening started more than {@link RegistryConfig#refundGrace()} ago
   * ({@link Refusal#TOO_LATE}), nor one dated before its sale.
   */
  public RefundReceipt refund(byte[] signedRefund) throws RegistrationException {
    Registrations.RefundWork work = Registrations.prepareRefund(signedRefund, policy, null, directory,
        config);
    return appender().await(work, work.done());
  }

  /**
   * The registry operator's exception to the refund rules: registers a vendor-signed refund
   * that {@link #refund} refuses as admitted or too late, as a CORRECTION entry of the log
   * that carries {@code reason} (a court order, a cancelled screening). Everything else is
   * checked as for a refund: the signature, the vendor, the amount, the date.
   *
   * @throws IllegalArgumentException if {@code reason} is blank, longer than 256 characters
   *     or holds control characters
   */
  public RefundReceipt correctRefund(byte[] signedRefund, String reason)
      throws RegistrationException {
    new EntryBody.Correction(reason, new byte[] {0}); // the reason's rules, before any work
    Registrations.RefundWork work = Registrations.prepareRefund(signedRefund, policy, reason, directory,
        config);
    return appender().await(work, work.done());
  }

  /**
   * Registers a vendor-signed schedule document ({@link Submissions#signSchedule}): a
   * screening declared before it is sold, a declared screening cancelled, or a day without
   * screenings (docs/spec/schedule-v1.md). The same document again returns its first
   * registration; another declaration under a declared screening id is a CONFLICT, a
   * cancellation of an undeclared one UNDECLARED_SCREENING.
   */
  public Receipt schedule(byte[] signedSchedule) throws RegistrationException {
    Registrations.ScheduleWork work = Registrations.prepareSchedule(signedSchedule, policy,
        directory);
    return appender().await(work, work.done());
  }

  /**
   * Registers a vendor-signed correction of a sale's price ({@link Submissions#signCorrection})
   * within {@link RegistryConfig#correctionWindow()} of the sale's registration; later it is
   * refused TOO_LATE and only {@link #correctSale(byte[], String)} registers it. A refunded
   * sale is not corrected (INVALID_CORRECTION). The newest correction sets the price that
   * monitoring counts; the sale stays in the log as sold.
   */
  public Receipt correctSale(byte[] signedCorrection) throws RegistrationException {
    Registrations.CorrectionWork work = Registrations.prepareCorrection(signedCorrection,
        policy, null, config);
    return appender().await(work, work.done());
  }

  /**
   * The operator's exception to the correction window: registers a vendor-signed sale
   * correction as a CORRECTION entry carrying {@code reason}. Everything else is checked as
   * for {@link #correctSale(byte[])}.
   *
   * @throws IllegalArgumentException if {@code reason} is blank, longer than 256 characters
   *     or holds control characters
   */
  public Receipt correctSale(byte[] signedCorrection, String reason)
      throws RegistrationException {
    new EntryBody.Correction(reason, new byte[] {0}); // the reason's rules, before any work
    Registrations.CorrectionWork work = Registrations.prepareCorrection(signedCorrection,
        policy, reason, config);
    return appender().await(work, work.done());
  }

  /**
   * Adds or replaces a terminal in the register of installations, as a TERMINAL entry of the
   * log; version 2 submissions name their terminal from it. For the registry's operator.
   */
  public void registerTerminal(Terminal terminal) throws RegistrationException {
    if (terminal.equals(directory.terminal(terminal.vendor(), terminal.id()).orElse(null))) {
      return; // unchanged: no entry
    }
    if (directory.cinema(terminal.cinema()).isEmpty()) {
      throw new RegistrationException(Refusal.UNKNOWN_CINEMA, "cinema " + terminal.cinema()
          + " is not in the registry's directory");
    }
    Directory.EntryWork work = directory.save(terminal);
    appender().await(work, work.done());
  }

  /** The register of installations: every terminal the operator entered. */
  public List<Terminal> terminals() {
    return directory.terminals();
  }

  /**
   * Admits the ticket whose QR text a gate scanned, once, inside the admission window around
   * its screening ({@link RegistryConfig#admissionOpens()} before the start to
   * {@link RegistryConfig#screeningGrace()} after it), at a gate of its cinema. The sale is
   * found by the token's vendor and ticket id and must hold the serial the token names. Never
   * throws for a bad ticket.
   */
  public AdmissionResult admit(String qrText, Gate gate) {
    VerificationResult verified = TicketVerifier.verify(qrText, admissionPolicy);
    if (verified.ticket().isEmpty()) {
      return AdmissionResult.of(Outcome.INVALID_TICKET, "ticket does not verify: "
          + verified.verdict());
    }
    TicketClaims claims = verified.ticket().get().claims();
    if (claims.kind() == TokenKind.SPECIMEN) {
      return AdmissionResult.of(Outcome.INVALID_TICKET, "a specimen ticket admits nobody");
    }
    // A PROVISIONAL ticket (sold during an outage) names no serial: its sale, once arrived.
    Admissions.AdmitWork work = new Admissions.AdmitWork(new Admissions.Scanned(claims), gate,
        config.admissionOpens(), config.screeningGrace(), new CompletableFuture<>());
    try {
      return writer().await(work, work.done());
    } catch (RegistrationException e) {
      return new AdmissionResult(Outcome.UNAVAILABLE, claims.serial(), Optional.empty(),
          Optional.empty(), String.valueOf(e.getMessage()));
    }
  }

  /**
   * Adds or replaces a cinema in the directory, as a CINEMA entry of the log; sales name
   * cinemas and halls from it. For the registry's operator.
   */
  public void registerCinema(Cinema cinema) throws RegistrationException {
    if (new EntryBody.CinemaEntry(cinema).equals(directory.cinema(cinema.bin())
        .map(EntryBody.CinemaEntry::new).orElse(null))) {
      return; // unchanged: no entry
    }
    Directory.EntryWork work = directory.save(cinema);
    appender().await(work, work.done());
  }

  /**
   * Adds or replaces a film of the state's register of rental certificates, as a FILM entry
   * of the log. Monitoring reads a film's genres, countries and national flag from here, never
   * from a vendor's sale; a sale that describes its film otherwise is flagged. For the
   * registry's operator.
   */
  public void registerFilm(Film film) throws RegistrationException {
    if (film.equals(directory.films().get(film.certificate()))) {
      return; // unchanged: no entry
    }
    Directory.EntryWork work = directory.save(film);
    appender().await(work, work.done());
  }

  // ---------------------------------------------------------------------------------------
  // Reading

  public TicketStatus status(long serial) {
    currentHead(); // not the writer: refuses a database that went back
    return reader.status(serial);
  }

  /**
   * The status of the sale {@code vendor} registered with {@code ticketId}: how a ticketing
   * system that holds a PROVISIONAL ticket, or lost an answer, finds its registration. Empty
   * when that vendor registered no sale with that id.
   */
  public Optional<TicketStatus> status(Bin vendor, TicketId ticketId) {
    currentHead(); // not the writer: refuses a database that went back
    return reader.serialOf(vendor, ticketId.value()).map(reader::status);
  }

  /**
   * As {@link #status(Bin, TicketId)} for the sale a PROVISIONAL token (sold during an outage,
   * naming no serial) stands for, and only if it is that sale: one registered under the
   * token's ticket id with another cinema, screening start or price is not the ticket the
   * visitor holds, and answers {@code UNKNOWN} with that sale's serial. Empty until the sale
   * has arrived. For the verification page; the claims should come from a verified token.
   */
  public Optional<TicketStatus> statusOfArrived(TicketClaims claims) {
    currentHead(); // not the writer: refuses a database that went back
    return reader.arrived(claims);
  }

  /**
   * Verifies a QR text offline, with the trust list in force and the policy the registry
   * judges submissions by (a PROVISIONAL token past the allowed delay is rejected), as a
   * status page shows it before asking {@link #status} for the live state. Never throws for
   * bad data: a forged, foreign or malformed text is a rejected result.
   */
  public VerificationResult verify(String qrText) {
    return TicketVerifier.verify(qrText, policy);
  }

  /**
   * The policy {@link #verify} judges by: the trust list in force, the official URL base, the
   * registry's clock and its delays. A verification page reads the official base from it (to
   * rebuild the QR text a camera read) and shows an overdue PROVISIONAL ticket's content by
   * verifying once more with a longer delay.
   */
  public VerificationPolicy verificationPolicy() {
    return policy;
  }

  /** The trust list in force: the one opened with, or the last {@link #replaceTrustList}. */
  public TrustList trustList() {
    return policy.trust();
  }

  /**
   * The signed list of refunded tickets whose screenings have not ended (started less than
   * the screening grace ago), for offline scanners ({@link RevocationList#open}). Its
   * sequence is the log's size, read before the refunds: it never goes down, so a scanner
   * holding this list refuses an older one replayed to it.
   */
  public byte[] revocationList() {
    if (writer == null) {
      // A reader may lag the writer; a list it signed could leave out recent refunds.
      throw new IllegalStateException("a read-only registry signs no revocation list");
    }
    long sequence = size();
    Instant now = config.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    List<Long> serials = reader.refundedSalesStartingAfter(now.minus(config.screeningGrace()));
    return RevocationList.sign(sequence, now, serials, config.registryKey());
  }

  /** The latest checkpoint, a C2SP signed note; it covers every acknowledged record. */
  public String checkpoint() {
    return reader.head().checkpoint();
  }

  /** The number of records (sales and refunds) in the log. */
  public long size() {
    return reader.head().treeSize();
  }

  public Optional<LogEntry> entry(long serial) {
    return reader.entry(serial);
  }

  /** Proof that record {@code serial} is in the tree of {@code treeSize} leaves. */
  public InclusionProof inclusionProof(long serial, long treeSize) {
    return reader.inclusionProof(serial, treeSize);
  }

  /** Proof that the tree of {@code size1} leaves is a prefix of the tree of {@code size2}. */
  public ConsistencyProof consistencyProof(long size1, long size2) {
    return new ConsistencyProof(size1, size2, reader.consistencyProof(size1, size2));
  }

  /** The root of the tree at any committed size. */
  public TreeHash root(long treeSize) {
    return reader.root(treeSize);
  }

  public Map<Bin, Cinema> cinemas() {
    return directory.all();
  }

  /** The film register: every film the operator entered, by rental certificate. */
  public Map<RentalCertificate, Film> films() {
    return directory.films();
  }

  /** Box office, shares, upload lag and silent cinemas (docs/registry.md). */
  public Monitoring monitoring() {
    return new MonitoringReads(new JdbcMonitoring(db, config.clock()));
  }

  /**
   * Recomputes the whole log from the stored records, O(n): every record must hash to its
   * stored leaf, and the leaves must give the checkpoint's root. Startup checks only the last
   * record and the stored nodes; run this to audit every record (for instance nightly).
   *
   * @return the number of records checked
   */
  public long audit() throws RegistryException {
    Head at = reader.head();
    Optional<String> problem = reader.audit(at);
    if (problem.isPresent()) {
      throw new RegistryException(Reason.TAMPERED, "audit failed: " + problem.get());
    }
    return at.treeSize();
  }

  /**
   * The anomaly rules (docs/anomalies.md) over the whole log, judged at the registry's clock.
   * They are re-derived from the entries on every call and never stored, so that no edit of
   * a table can hide or close one. Reads the log once: O(entries) time, memory per terminal
   * and screening.
   */
  public AnomalyReport anomalies(AnomalyRules rules) {
    AnomalyEngine engine = new AnomalyEngine(rules);
    long size = size();
    long next = 1;
    while (next <= size) {
      List<LogEntry> chunk = reader.entries(next,
          (int) Math.min(MAX_ENTRIES_PER_READ, size - next + 1));
      if (chunk.isEmpty()) {
        break;
      }
      chunk.forEach(engine::accept);
      next += chunk.size();
    }
    return engine.report(config.clock().instant());
  }

  /** The most entries {@link #entries} returns at once. */
  public static final int MAX_ENTRIES_PER_READ = 10_000;

  /**
   * The committed entries from {@code fromSerial} on, at most {@code max} of them, in serial
   * order: fewer (or none) at the end of the log. For exports and audits that read it all.
   */
  public List<LogEntry> entries(long fromSerial, int max) {
    if (fromSerial < 1 || max < 1 || max > MAX_ENTRIES_PER_READ) {
      throw new IllegalArgumentException("entries from serial 1 on, 1 to "
          + MAX_ENTRIES_PER_READ + " at a time, not " + max + " from " + fromSerial);
    }
    return reader.entries(fromSerial, max);
  }
  /**
   * Entries 1 to {@code size}, encoded, read in pages of {@link #MAX_ENTRIES_PER_READ}: the
   * registry as a monitor's {@code LogSource} reads it (audits, film statements).
   */
  public kz.ekino.core.monitor.LogSource.Entries entriesUpTo(long size) {
    return new kz.ekino.core.monitor.LogSource.Entries() {
      private final java.util.ArrayDeque<LogEntry> page = new java.util.ArrayDeque<>();
      private long next = 1;

      @Override
      public Optional<byte[]> next() {
        if (page.isEmpty() && next <= size) {
          int max = (int) Math.min(MAX_ENTRIES_PER_READ, size - next + 1);
          page.addAll(entries(next, max));
          next += max;
        }
        LogEntry e = page.poll();
        return e == null ? Optional.empty() : Optional.of(e.encode());
      }

      @Override
      public void close() {}
    };
  }


  /** The writer's queue and batches, for metrics; empty for a read-only registry. */
  public Optional<WriterStats> writerStats() {
    BatchWriter w = writer;
    return w == null ? Optional.empty() : Optional.of(w.stats());
  }

  /** Stops accepting work, finishes what is queued, and closes the database. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (standby != null) {
      standby.close(config.timeout());
    }
    BatchWriter w;
    Database d;
    synchronized (this) { // after a takeover in progress, if any
      w = writer;
      d = taken;
    }
    if (w != null) {
      w.close();
    }
    responders.shutdown();
    if (d != null) {
      d.close();
    }
    db.close();
  }
}
