package kz.ekino.registry;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.EntryBody;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.log.MerkleHashing;
import kz.ekino.core.log.TreeHash;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Cinema;
import kz.ekino.core.model.Film;
import kz.ekino.core.model.RentalCertificate;
import kz.ekino.core.model.Sale;
import kz.ekino.core.trust.TrustList;
import kz.ekino.core.trust.TrustListException;
import kz.ekino.registry.RegistryException.Reason;
import kz.ekino.registry.log.MerkleTree;
import kz.ekino.registry.store.Database;
import kz.ekino.registry.store.JdbcNodeStore;
import kz.ekino.registry.store.Records;
import kz.ekino.registry.store.Records.Head;
import kz.ekino.registry.store.Records.SaleRow;
import kz.ekino.registry.store.Records.TicketKey;
import kz.ekino.registry.store.Records.WriterState;
import org.jspecify.annotations.Nullable;

/**
 * The writer's hold on the log in storage: its connection and statements, the Merkle tree, the
 * committed head and the writer epoch. One write transaction per batch; {@link #commit} signs
 * the new checkpoint, fences (the epoch must still be this writer's) and commits.
 *
 * <p>After any failure the writer calls {@link #recover}: a new connection, the epoch checked,
 * and the head re-read from the database and compared with what this writer committed — or
 * with the batch whose commit had an unknown outcome, which is then recognised as landed.
 * Anything else (another writer, a database that went back) stops the writer for good.
 *
 * <p>Used by the writer thread only.
 */
final class Ledger {
  private static final System.Logger LOG = System.getLogger(Ledger.class.getName());

  private final Database db;
  private final RegistryConfig config;
  private final @Nullable CheckpointFile witness;
  private Records records;
  private JdbcNodeStore nodes;
  private MerkleTree tree;
  private volatile Head head;
  private final long epoch;
  private long commitSeq;
  /** A commit that was sent but not confirmed: it may have landed. */
  private @Nullable Pending pending;
  private boolean broken;
  /** The batch's tickets: registered before (looked up together) or earlier in the batch. */
  private final Map<TicketKey, SaleRow> tickets = new HashMap<>();
  private final List<TicketKey> announced = new ArrayList<>();
  /** The film register as of the end of the log, including this batch's entries. */
  private final Map<RentalCertificate, Film> register = new HashMap<>();

  private record Pending(long seq, Head head) {}

  private Ledger(Database db, RegistryConfig config, @Nullable CheckpointFile witness,
      Head head, WriterState state) {
    this.db = db;
    this.config = config;
    this.witness = witness;
    this.records = new Records(db.writer());
    this.nodes = new JdbcNodeStore(db.writer());
    this.tree = new MerkleTree(nodes, head.treeSize());
    this.head = head;
    this.epoch = state.epoch();
    this.commitSeq = state.commitSeq();
  }

  private void loadRegister() throws SQLException {
    register.clear();
    register.putAll(records.loadFilms());
  }

  /**
   * Takes the log (raising the writer epoch), reads the head and checks it against its
   * signed checkpoint, the stored nodes and the checkpoint file (and, for a standby taking
   * over, the largest head it saw: {@code seen}); brings the file up to date.
   */
  static Ledger open(Database db, RegistryConfig config, @Nullable CheckpointFile witness,
      @Nullable Head seen) throws SQLException, RegistryException {
    Connection c = db.writer();
    Records r = new Records(c);
    Head head = r.readHead().orElse(null);
    if (head == null) {
      head = new Head(0, MerkleHashing.EMPTY_ROOT, new Checkpoint(config.origin(), 0,
          MerkleHashing.EMPTY_ROOT).sign(config.registryKey()));
    }
    // Checked before the log is taken: a database about to be refused is not changed.
    LogCheck.atOpen(r, new JdbcNodeStore(c), head, config, witness,
        witness == null ? null : witness.read().orElse(null), seen);
    checkTrustList(r, config.trust());
    WriterState state = r.takeLog(Database.holder(), Instant.now());
    c.commit();
    Ledger ledger = new Ledger(db, config, witness, head, state);
    ledger.loadRegister();
    ledger.adopt();
    ledger.logTrustList(config.trust());
    try {
      Checkpoint kept = witness == null ? null : witness.read().orElse(null);
      if (kept == null || kept.treeSize() < head.treeSize()) {
        ledger.publish(head);
      }
    } catch (IOException e) {
      throw new RegistryException(Reason.UNAVAILABLE, "cannot write the checkpoint file "
          + (witness == null ? "" : witness.path()), e);
    }
    LOG.log(Level.INFO, "ekino registry: writer epoch {0} took the log {1} at size {2}",
        state.epoch(), config.origin(), head.treeSize());
    return ledger;
  }

  /**
   * Logs what a database from before schema version 4 holds outside the log (cinemas and
   * admissions), once, before anything else, so that from then on every row is a projection
   * of an entry. After that a row without an entry is tampering (the audit names it).
   */
  private void adopt() throws SQLException, RegistryException {
    if (records.adopted()) {
      return;
    }
    if (records.hasRegistryEntries()) {
      // Adoption happens once, on a log that has none of the registry's own entries yet: a
      // flag set back by hand must not get rows written into the table signed into the log.
      throw new RegistryException(Reason.TAMPERED, "refusing to start: the log_writer row "
          + "asks to adopt rows kept outside the log, but the log already holds the "
          + "registry's own entries; someone reset it. Run the audit (ekino audit)");
    }
    Instant now = now();
    Map<Bin, Cinema> cinemas = records.loadCinemas();
    List<Bin> cinemaBins = records.unloggedCinemas();
    List<Records.UnloggedAdmission> admissions = records.unloggedAdmissions();
    for (Bin bin : cinemaBins) {
      Cinema cinema = cinemas.get(bin);
      if (cinema != null) {
        records.saveCinema(cinema, append(new EntryBody.CinemaEntry(cinema), now));
      }
    }
    for (Records.UnloggedAdmission a : admissions) {
      long serial = append(new EntryBody.Admission(a.saleSerial(), a.vendor(), a.ticketId(),
          a.gate()), now);
      records.adoptAdmission(a.saleSerial(), serial, now);
    }
    records.markAdopted();
    try {
      commit();
    } catch (IOException e) {
      throw new RegistryException(Reason.UNAVAILABLE, "cannot write the checkpoint file", e);
    }
    if (!cinemaBins.isEmpty() || !admissions.isEmpty()) {
      LOG.log(Level.WARNING, "ekino registry: logged {0} cinemas and {1} admissions kept "
          + "outside the log before schema version 4", cinemaBins.size(), admissions.size());
    }
  }

  /**
   * Refuses to take a log whose newest logged trust list the configured one does not replace
   * ({@link TrustList#checkReplaces}): a lower sequence, or the same sequence with other
   * content. Otherwise a restart or a standby's takeover with an older trust.json would bring
   * back a key the log already removed.
   */
  private static void checkTrustList(Records r, TrustList configured)
      throws SQLException, RegistryException {
    Optional<byte[]> last = r.newestEntryBody(LogEntry.Kind.TRUST_LIST);
    if (last.isEmpty() || java.util.Arrays.equals(last.get(),
        new EntryBody.TrustListEntry(configured).encode())) {
      return;
    }
    EntryBody logged = EntryBody.decode(LogEntry.Kind.TRUST_LIST, last.get());
    if (!(logged instanceof EntryBody.TrustListEntry)) {
      return;
    }
    TrustList held = ((EntryBody.TrustListEntry) logged).list();
    try {
      configured.checkReplaces(held);
    } catch (TrustListException e) {
      throw new RegistryException(Reason.CONFIGURATION, "refusing to take the log: the "
          + "configured trust list (sequence " + configured.sequence() + ") does not replace "
          + "the newest one in the log (sequence " + held.sequence() + "): " + e.getMessage()
          + ". Install the newest trust.json on this host (every instance of the log needs "
          + "the same one); see 'Two instances' in docs/operations.md");
    }
  }

  /**
   * Logs the trust list the registry starts with, unless it is the last one logged: from this
   * entry on, it is the list registrations are judged by.
   */
  private void logTrustList(TrustList list) throws SQLException, RegistryException {
    EntryBody.TrustListEntry entry = new EntryBody.TrustListEntry(list);
    Optional<byte[]> last = records.newestEntryBody(LogEntry.Kind.TRUST_LIST);
    if (last.isPresent() && java.util.Arrays.equals(last.get(), entry.encode())) {
      return;
    }
    append(entry, now());
    try {
      commit();
    } catch (IOException e) {
      throw new RegistryException(Reason.UNAVAILABLE, "cannot write the checkpoint file", e);
    }
  }

  /**
   * Appends an entry the registry writes itself (kinds 2 to 6) to this batch: its body is
   * stored and its leaf added. Returns its serial.
   */
  long append(EntryBody body, Instant now) throws SQLException {
    return append(body.kind(), body.encode(), now);
  }

  /** Appends an entry kept in log_entries: the registry's own, or a schedule document. */
  long append(LogEntry.Kind kind, byte[] body, Instant now) throws SQLException {
    long serial = tree.size() + 1;
    records.insertEntry(serial, kind, now, body);
    tree.append(new LogEntry(serial, now, kind, body).leafHash());
    return serial;
  }

  /** The register's film of this certificate, as of this point of the batch. */
  @Nullable Film registered(RentalCertificate certificate) {
    return register.get(certificate);
  }

  /** Puts a FILM entry's film in the register for the rest of the batch and after. */
  void register(Film film) {
    register.put(film.certificate(), film);
  }

  Records records() {
    return records;
  }

  MerkleTree tree() {
    return tree;
  }

  /** The committed head; safe to read from any thread. */
  Head head() {
    return head;
  }

  boolean broken() {
    return broken;
  }

  /** Work of the coming batch names a ticket it will register: looked up with the rest. */
  void announce(TicketKey key) {
    announced.add(key);
  }

  /** Starts a batch: one query finds which of the announced tickets are registered. */
  void begin() throws SQLException {
    tickets.clear();
    if (!announced.isEmpty()) {
      tickets.putAll(records.findSales(announced));
      announced.clear();
    }
  }

  /** The registration of a ticket, from before or from earlier in this batch. */
  Optional<SaleRow> ticket(TicketKey key) {
    return Optional.ofNullable(tickets.get(key));
  }

  /**
   * Adds a new sale of this batch and makes it known to the batch's later work; false when
   * the store already holds the ticket (nothing was added).
   */
  boolean addSale(SaleRow row, Sale sale, byte[] submission, String signerKid)
      throws SQLException {
    int filmCheck = Records.filmCheck(sale, register.get(sale.screening().film().certificate()));
    if (!records.addSale(row.serial(), row.registeredAt(), sale, row.contentDigest(),
        submission, signerKid, filmCheck)) {
      return false;
    }
    tickets.put(new TicketKey(row.vendor(), row.ticketId()), row);
    return true;
  }

  /** Commits the batch's transaction with a new signed checkpoint when the log grew. */
  void commit() throws SQLException, RegistryException, IOException {
    long seq = commitSeq + 1;
    records.flushSales();
    Head next = head;
    boolean grew = tree.size() != head.treeSize();
    if (grew) {
      TreeHash root = tree.root();
      next = new Head(tree.size(), root,
          new Checkpoint(config.origin(), tree.size(), root).sign(config.registryKey()));
      records.writeHead(next);
      nodes.flush();
    }
    if (!records.advance(epoch, seq)) {
      throw new RegistryException(Reason.FENCED, "another writer took the log " + config.origin()
          + " (the writer epoch is no longer " + epoch + "); this writer stopped");
    }
    pending = new Pending(seq, next);
    db.writer().commit();
    commitSeq = seq;
    if (grew) {
      // Nobody hears of the batch, nor sees its checkpoint, before the file holds it: a
      // failure here is a failed batch whose commit landed (recover() finishes it).
      publish(next);
      head = next;
    }
    pending = null;
  }

  /**
   * Marks the ledger broken after a failure: rolls back what it can and forgets every cached
   * statement and node. {@link #recover} must run before the next batch.
   */
  void fail() {
    broken = true;
    tickets.clear();
    announced.clear();
    try {
      db.writer().rollback();
    } catch (SQLException | RuntimeException e) {
      // The connection is broken; recover() replaces it.
    }
    records.close();
    nodes.close();
    nodes.discard();
    register.clear(); // reloaded by recover(): this batch's films did not commit
  }

  /**
   * Reconnects and re-reads the head. Returns true when the commit that failed with an
   * unknown outcome had in fact landed (its callers are then answered as committed).
   *
   * @throws SQLException storage is still unavailable: try again later
   * @throws RegistryException the log cannot be continued by this writer (fenced, went back,
   *     or does not match its checkpoint)
   */
  boolean recover() throws SQLException, RegistryException, IOException {
    Connection c;
    try {
      c = db.reconnectWriter();
    } catch (kz.ekino.registry.store.WriterLockException e) {
      throw new RegistryException(Reason.FENCED, e.getMessage() + "; this writer stopped");
    }
    Records r = new Records(c);
    JdbcNodeStore n = new JdbcNodeStore(c);
    WriterState state = r.writerState();
    if (state.epoch() != epoch) {
      throw new RegistryException(Reason.FENCED, "another writer (epoch " + state.epoch()
          + ") took the log " + config.origin() + " from this one (epoch " + epoch + ")");
    }
    Head stored = r.readHead().orElse(new Head(0, MerkleHashing.EMPTY_ROOT, head.checkpoint()));
    c.commit();
    boolean landed;
    Head committed = null;
    Pending p = pending;
    if (p != null && state.commitSeq() == p.seq()) {
      landed = true;
      committed = p.head();
      requireSame(stored, p.head(), "the batch it committed");
      if (!stored.checkpoint().equals(p.head().checkpoint())) {
        throw new RegistryException(Reason.TAMPERED, "after reconnecting, the database's "
            + "checkpoint at size " + stored.treeSize() + " is not the one this writer signed");
      }
    } else if (state.commitSeq() == commitSeq) {
      landed = false;
      requireSame(stored, head, "its last commit");
    } else {
      throw new RegistryException(state.commitSeq() < commitSeq ? Reason.BEHIND
          : Reason.DIVERGED, "the database has seen " + state.commitSeq() + " write "
          + "transactions of this writer, but it committed " + commitSeq + ": the database "
          + (state.commitSeq() < commitSeq ? "went back (failover to a lagging replica, or a "
          + "restored backup?)" : "was written by someone else"));
    }
    MerkleTree t = new MerkleTree(n, stored.treeSize());
    if (!t.root().equals(stored.root())) {
      throw new RegistryException(Reason.TAMPERED, "after reconnecting, the stored nodes give "
          + "a root that is not the head's at size " + stored.treeSize());
    }
    c.commit();
    records = r;
    nodes = n;
    tree = t;
    loadRegister();
    c.commit();
    commitSeq = state.commitSeq();
    if (committed != null) {
      // The writer's own signed note, not the database's copy of it.
      publish(committed);
      head = committed;
    }
    pending = null;
    broken = false;
    LOG.log(Level.INFO, "ekino registry: storage is back; the log is at size {0}{1}",
        stored.treeSize(), landed ? " (the interrupted commit had landed)" : "");
    return landed;
  }

  private void requireSame(Head stored, Head expected, String what) throws RegistryException {
    if (stored.treeSize() != expected.treeSize() || !stored.root().equals(expected.root())) {
      throw new RegistryException(Reason.DIVERGED, "after reconnecting, the database's log is "
          + "at size " + stored.treeSize() + ", not at " + what + " (size "
          + expected.treeSize() + ")");
    }
  }

  /** Writes the checkpoint file; until it is written, the checkpoint is not published. */
  private void publish(Head h) throws IOException {
    if (witness != null) {
      witness.write(h.checkpoint());
    }
  }

  /** The writer stopped for good: let go of its connection (and the PostgreSQL lock). */
  void release() {
    db.releaseWriter();
  }

  /** A timestamp for the batch: the registry's clock, whole seconds. */
  Instant now() {
    return config.clock().instant().truncatedTo(ChronoUnit.SECONDS);
  }
}
