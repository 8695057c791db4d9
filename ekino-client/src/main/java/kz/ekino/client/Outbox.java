package kz.ekino.client;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.model.TicketId;
import kz.ekino.core.model.TokenKind;
import kz.ekino.core.registration.Refusal;
import kz.ekino.core.registration.Registration;
import kz.ekino.core.registration.RegistrationException;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.token.TicketToken;
import kz.ekino.core.verify.TicketVerifier;
import kz.ekino.core.verify.VerificationPolicy;
import kz.ekino.core.verify.VerificationResult;
import kz.ekino.core.verify.VerifiedTicket;
import org.jspecify.annotations.Nullable;

/**
 * Registers a vendor's sales and keeps selling through a registry outage (docs/client.md).
 *
 * <p>{@link #register} signs the sale, writes the signed submission to a local SQLite file and
 * waits for it to reach the disk, then sends it. When the registry answers, the caller gets
 * the REGISTERED token. When it cannot be reached, or answers 429/503 or another retryable
 * refusal, the caller gets at once a PROVISIONAL token signed with the vendor key, to print;
 * the sale stays in the outbox and the drainer sends it until it is registered, then tells the
 * {@link OutboxListener} and keeps the registration for {@link #entry}. A refusal on the
 * sale's merits is recorded and surfaced, never dropped.
 *
 * <p>Exactly once: the outbox holds one row per (vendor, ticket id), sends the bytes first
 * written, and the registry answers a repeat with the first registration. A process killed
 * after the registry's 201 and before the outbox recorded it sends the sale again at restart
 * and records that same registration. One process holds the file at a time ({@code FILE.lock}).
 *
 * <p>Thread-safe. {@link #close} stops the drainer and releases the file.
 */
public final class Outbox implements AutoCloseable {
  /**
   * Alert when the oldest waiting sale is older than this: a third of the registry's upload
   * bound for outages ({@code RegistryConfig.DEFAULT_UPLOAD_BOUND}, 72 hours, which is also
   * {@code VerificationPolicy.DEFAULT_PROVISIONAL_MAX_AGE}: past it the registry refuses the
   * sale as {@code TOO_LATE} and its PROVISIONAL token no longer verifies). 24 hours leaves
   * two days to restore the connection or escalate to the registry's operator.
   */
  public static final Duration ALERT_AGE = Duration.ofHours(24);
  /** Sales sent per drainer pass. */
  static final int DRAIN_BATCH = 100;

  private static final System.Logger LOG = System.getLogger("kz.ekino.client");

  private final OutboxStore store;
  private final RegistryClient client;
  private final Clock clock;
  private final OutboxListener listener;
  private final @Nullable VerificationPolicy verifier;
  private final Duration drainEvery;
  private final Duration maxDrainDelay;
  /** (vendor, ticket) keys being sent now, by {@code register} or the drainer. */
  private final Set<String> sending = ConcurrentHashMap.newKeySet();
  private final Object drainLock = new Object();
  private final @Nullable ScheduledExecutorService drainer;

  private Outbox(Builder b, OutboxStore store) {
    this.store = store;
    this.client = b.client;
    this.clock = b.clock;
    this.listener = b.listener;
    this.verifier = b.verifier;
    this.drainEvery = b.drainEvery;
    this.maxDrainDelay = b.maxDrainDelay;
    if (drainEvery.isZero()) {
      this.drainer = null;
    } else {
      this.drainer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ekino-outbox-drainer");
        t.setDaemon(true);
        return t;
      });
    }
  }

  /**
   * An outbox in {@code file} (created if missing) that sends through {@code client}.
   */
  public static Builder builder(Path file, RegistryClient client) {
    return new Builder(file, client);
  }

  /**
   * Signs {@code sale} with {@code vendorKey} and registers it, or queues it and returns a
   * PROVISIONAL token (see the class comment). Registering the same sale again returns its
   * registration (or, while it waits, a PROVISIONAL token again) and sends nothing new.
   *
   * @throws RegistrationException if the registry refused the sale on its merits (it is kept
   *     as REFUSED in the outbox); no token may be printed
   * @throws OutboxException if the outbox file could not be read or written, before or after
   *     the sale was sent: the sale <em>may be registered</em>. No token may be printed; retry
   *     later with the same ticket id (a repeat returns the first registration), never a new
   *     one
   * @throws IllegalArgumentException for a specimen sale, or a ticket id the outbox holds with
   *     other content
   * @throws IllegalStateException if the same ticket is being registered by another call now
   */
  public Ticket register(Sale sale, SigningKey vendorKey)
      throws RegistrationException, OutboxException {
    Objects.requireNonNull(sale, "sale");
    Objects.requireNonNull(vendorKey, "vendorKey");
    if (sale.specimen()) {
      throw new IllegalArgumentException("ticket " + sale.ticketId() + " is a specimen sale: "
          + "it is not registered (print its SPECIMEN token)");
    }
    String key = key(sale.vendor(), sale.ticketId());
    if (!sending.add(key)) {
      return whileSending(sale, vendorKey);
    }
    try {
      byte[] submission = Submissions.signSale(sale, vendorKey);
      String digest = Submissions.contentDigest(submission);
      OutboxStore.Row row = store.find(sale.vendor(), sale.ticketId());
      if (row != null) {
        if (!row.digest().equals(digest)) {
          throw new IllegalArgumentException("ticket " + sale.ticketId() + " of vendor "
              + sale.vendor() + " is in the outbox with other content");
        }
        if (row.state() == OutboxEntry.State.REGISTERED) {
          return Ticket.registered(Objects.requireNonNull(row.registration()));
        }
        if (row.state() == OutboxEntry.State.REFUSED) {
          throw Objects.requireNonNull(row.refusal());
        }
        submission = row.submission(); // the bytes first written, as the drainer sends them
      } else {
        // On disk before anything is sent or printed: a crash after this loses nothing.
        store.insert(sale.vendor(), sale.ticketId(), digest, submission, sale.soldAt(),
            clock.instant());
      }
      Registration registration;
      try {
        registration = checked(sale.vendor(), sale.ticketId(), client.registerSale(submission));
      } catch (ClientException e) {
        RegistrationException judged = judged(e);
        if (judged != null) {
          store.refused(sale.vendor(), sale.ticketId(), judged);
          throw judged;
        }
        // The drainer takes it from here, starting at its next pass.
        store.failed(sale.vendor(), sale.ticketId(), e.getMessage(), clock.instant());
        return Ticket.provisional(TicketToken.issue(TicketClaims.provisional(sale), vendorKey));
      }
      store.registered(sale.vendor(), sale.ticketId(), registration);
      return Ticket.registered(registration);
    } finally {
      sending.remove(key);
    }
  }

  /**
   * The same sale asked for while it is being sent (by the drainer, or another call): if it is
   * already safely in the outbox, its PROVISIONAL token again (or its registration, if that
   * came meanwhile); a sale not yet written is being written by the other call.
   */
  private Ticket whileSending(Sale sale, SigningKey vendorKey)
      throws RegistrationException, OutboxException {
    OutboxStore.Row row = store.find(sale.vendor(), sale.ticketId());
    if (row == null) {
      throw new IllegalStateException("ticket " + sale.ticketId() + " is being registered by "
          + "another call now");
    }
    if (!row.digest().equals(Submissions.contentDigest(Submissions.signSale(sale, vendorKey)))) {
      throw new IllegalArgumentException("ticket " + sale.ticketId() + " of vendor "
          + sale.vendor() + " is in the outbox with other content");
    }
    switch (row.state()) {
      case REGISTERED:
        return Ticket.registered(Objects.requireNonNull(row.registration()));
      case REFUSED:
        throw Objects.requireNonNull(row.refusal());
      default:
        return Ticket.provisional(TicketToken.issue(TicketClaims.provisional(sale), vendorKey));
    }
  }

  /** Where the sale {@code ticket} of {@code vendor} is, if the outbox holds it. */
  public Optional<OutboxEntry> entry(Bin vendor, TicketId ticket) throws OutboxException {
    OutboxStore.Row row = store.find(vendor, ticket);
    return row == null ? Optional.empty() : Optional.of(row.entry());
  }

  /** Sales the registry refused on their merits, oldest sale first, at most {@code max}. */
  public List<OutboxEntry> refused(int max) throws OutboxException {
    return entries(OutboxEntry.State.REFUSED, max);
  }

  /** Sales waiting for the registry, oldest sale first, at most {@code max}. */
  public List<OutboxEntry> pending(int max) throws OutboxException {
    return entries(OutboxEntry.State.PENDING, max);
  }

  private List<OutboxEntry> entries(OutboxEntry.State state, int max) throws OutboxException {
    if (max < 1 || max > 10_000) {
      throw new IllegalArgumentException("max must be 1 to 10000, got " + max);
    }
    List<OutboxEntry> out = new ArrayList<>();
    for (OutboxStore.Row r : store.inState(state, max)) {
      out.add(r.entry());
    }
    return out;
  }

  /** Counts and the oldest waiting sale's age, by this outbox's clock. */
  public OutboxStats stats() throws OutboxException {
    OutboxStore.Counts c = store.counts();
    Instant now = clock.instant();
    Optional<Duration> age = Optional.ofNullable(c.oldestPending())
        .map(t -> t.isAfter(now) ? Duration.ZERO : Duration.between(t, now));
    return new OutboxStats(c.pending(), c.refused(), c.registered(), c.damaged(), age);
  }

  /**
   * One pass of the drainer, now, on this thread: sends the due PENDING sales, oldest first,
   * until one fails for a reason that may pass (the registry is still away: the rest wait
   * too). Returns how many were registered. The background drainer calls this; a process
   * without one (a command-line tool) calls it itself.
   */
  public int drainNow() throws OutboxException {
    synchronized (drainLock) {
      int registered = 0;
      for (OutboxStore.Row row : store.due(clock.instant(), DRAIN_BATCH)) {
        String key = key(row.vendor(), row.ticket());
        if (!sending.add(key)) {
          continue; // register() is sending it now
        }
        try {
          Registration r;
          try {
            r = checked(row.vendor(), row.ticket(), client.registerSale(row.submission()));
          } catch (ClientException e) {
            RegistrationException judged = judged(e);
            if (judged == null) {
              store.failed(row.vendor(), row.ticket(), e.getMessage(),
                  nextAttempt(row.attempts() + 1, e));
              LOG.log(Level.INFO, "ekino outbox: ticket {0} still waits: {1}", row.ticket(),
                  e.getMessage());
              return registered;
            }
            if (store.refused(row.vendor(), row.ticket(), judged)) {
              LOG.log(Level.WARNING, "ekino outbox: the registry refused ticket {0}: {1}",
                  row.ticket(), judged.getMessage());
              tell(row.vendor(), row.ticket(), false);
            }
            continue;
          }
          if (store.registered(row.vendor(), row.ticket(), r)) {
            registered++;
            tell(row.vendor(), row.ticket(), true);
          }
        } finally {
          sending.remove(key);
        }
      }
      return registered;
    }
  }

  private void tell(Bin vendor, TicketId ticket, boolean registered) throws OutboxException {
    OutboxStore.Row row = store.find(vendor, ticket);
    if (row == null) {
      return;
    }
    try {
      if (registered) {
        listener.registered(row.entry());
      } else {
        listener.refused(row.entry());
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "ekino outbox: the listener failed on ticket " + ticket, e);
    }
  }

  /**
   * The refusal to keep, if {@code e} is a judgement on the sale itself; null when the sale
   * should wait and be sent again. TRUST_LIST_EXPIRED is not retryable by the registry's
   * table, but it judges nothing until its operator acts: the sale waits (registry-api-v1 §3).
   */
  private static @Nullable RegistrationException judged(ClientException e) {
    Optional<RegistrationException> refusal = e.refusal();
    if (refusal.isEmpty() || refusal.get().retryable()
        || refusal.get().refusal() == Refusal.TRUST_LIST_EXPIRED) {
      return null;
    }
    return refusal.get();
  }

  /**
   * With a verification policy set, the registry's token must verify as a REGISTERED token
   * for this very ticket before it is recorded or printed: a server that answers with another
   * ticket's token, or an unsigned one, is a bad answer and the sale keeps waiting.
   */
  private Registration checked(Bin vendor, TicketId ticket, Registration r)
      throws ClientException {
    if (verifier == null) {
      return r;
    }
    VerificationResult result = TicketVerifier.verifyToken(r.token().bytes(), verifier);
    Optional<VerifiedTicket> t = result.ticket();
    if (t.isEmpty() || t.get().kind() != TokenKind.REGISTERED
        || !t.get().claims().ticketId().equals(ticket) || !t.get().claims().vendor().equals(vendor)
        || t.get().claims().serial().orElse(-1) != r.serial()) {
      throw RegistryClient.badAnswer(200, "the registry's token for ticket " + ticket
          + " does not verify as its REGISTERED token: " + result.verdict());
    }
    return r;
  }

  /** Doubling from the drain interval to {@code maxDrainDelay}, jittered, after Retry-After. */
  private Instant nextAttempt(int attempts, ClientException e) {
    long base = Math.max(drainEvery.toMillis(), 250);
    long cap = Math.max(maxDrainDelay.toMillis(), base);
    long wait = base;
    for (int i = 1; i < attempts && wait < cap; i++) {
      wait = Math.min(cap, wait * 2);
    }
    wait = wait / 2 + (long) (ThreadLocalRandom.current().nextDouble() * (wait - wait / 2));
    long after = e.retryAfter().map(Duration::toMillis).orElse(0L);
    return clock.instant().plusMillis(Math.max(wait, Math.min(after, cap)));
  }

  private static String key(Bin vendor, TicketId ticket) {
    return vendor.value() + "/" + ticket.value();
  }

  private void start() {
    if (drainer != null) {
      long every = drainEvery.toMillis();
      var unused = drainer.scheduleWithFixedDelay(() -> {
        try {
          drainNow();
        } catch (OutboxException | RuntimeException e) {
          LOG.log(Level.WARNING, "ekino outbox: a drainer pass failed", e);
        }
      }, 0, every, TimeUnit.MILLISECONDS);
    }
  }

  /** Stops the drainer (waiting for its pass in progress) and closes the file. */
  @Override
  public void close() throws OutboxException {
    if (drainer != null) {
      drainer.shutdown();
      try {
        if (!drainer.awaitTermination(30, TimeUnit.SECONDS)) {
          drainer.shutdownNow();
        }
      } catch (InterruptedException e) {
        drainer.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    synchronized (drainLock) {
      store.close();
    }
  }

  @Override
  public String toString() {
    return "Outbox[" + store.file() + " → " + client.server() + "]";
  }

  /** Settings of an {@link Outbox}. */
  public static final class Builder {
    private final Path file;
    private final RegistryClient client;
    private Clock clock = Clock.systemUTC();
    private OutboxListener listener = new OutboxListener() {};
    private @Nullable VerificationPolicy verifier;
    private Duration drainEvery = Duration.ofSeconds(5);
    private Duration maxDrainDelay = Duration.ofMinutes(2);

    private Builder(Path file, RegistryClient client) {
      this.file = Objects.requireNonNull(file, "file");
      this.client = Objects.requireNonNull(client, "client");
    }

    /** The clock of queue times, retry times and ages (default the system's, UTC). */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** Told what became of each sale the drainer sent. */
    public Builder listener(OutboxListener l) {
      this.listener = Objects.requireNonNull(l, "listener");
      return this;
    }

    /**
     * Check each registration's token with {@code policy} (the vendor's trust list) before
     * recording or printing it. <strong>Set it in production</strong>: without it the token
     * is taken as served, and a wrong or hostile server's 201 (a token signed by any key) is
     * recorded REGISTERED and never sent to the real registry (docs/client.md).
     */
    public Builder verifyWith(VerificationPolicy policy) {
      this.verifier = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * How often the background drainer looks for due sales (default 5 s); {@code ZERO} runs
     * no drainer thread: the owner calls {@link Outbox#drainNow}.
     */
    public Builder drainEvery(Duration d) {
      Objects.requireNonNull(d, "drainEvery");
      if (d.isNegative()) {
        throw new IllegalArgumentException("drainEvery must not be negative, got " + d);
      }
      this.drainEvery = d;
      return this;
    }

    /** The longest wait between attempts at one sale while the registry is away (2 min). */
    public Builder maxDrainDelay(Duration d) {
      Objects.requireNonNull(d, "maxDrainDelay");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("maxDrainDelay must be positive, got " + d);
      }
      this.maxDrainDelay = d;
      return this;
    }

    /**
     * Opens (or creates) the file, takes its lock and starts the drainer, which sends what a
     * previous process left waiting.
     */
    public Outbox open() throws OutboxException {
      Outbox outbox = new Outbox(this, OutboxStore.open(file));
      outbox.start();
      return outbox;
    }
  }
}
