package kz.ekino.registry;

import kz.ekino.core.registration.Refusal;
import kz.ekino.core.registration.RegistrationException;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The log's single writer thread and its group commit: work is queued, taken in batches of up
 * to {@code maxBatch}, applied in one transaction and answered only after the commit.
 *
 * <p>Every failure is answered. A batch that fails (any exception or {@code Error}, a clock
 * that throws, a storage error) is answered with a retryable refusal, unless recovery finds
 * that its commit landed after all; the ledger is then rebuilt from the database before the
 * next batch, with a growing pause between attempts while storage stays away. A caller waits
 * at most the configured timeout. Work queued after {@link #close} began, or still queued or
 * in flight when the writer cannot finish it, is answered as closed.
 */
final class BatchWriter {
  private static final System.Logger LOG = System.getLogger(BatchWriter.class.getName());
  private static final long MIN_BACKOFF_MS = 50;
  private static final long MAX_BACKOFF_MS = 5_000;

  /** Work for the writer. */
  interface Work {
    /** Completed after the commit, or exceptionally with a {@link RegistrationException}. */
    CompletableFuture<?> done();

    /** Before the batch: names what the work will look up, so the batch looks it up at once. */
    default void announce(Ledger ledger) {}

    /** Applies the work inside the batch's transaction; returns how to answer it. */
    Runnable apply(Ledger ledger, Instant now) throws SQLException;
  }

  private final Ledger ledger;
  private final int maxBatch;
  private final Duration timeout;
  private final BlockingQueue<Work> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final Object gate = new Object();
  private boolean accepting = true;
  private volatile boolean running = true;
  private volatile @Nullable List<Work> inFlight;
  private volatile @Nullable RegistryException stopped;
  private long backoffMs = MIN_BACKOFF_MS;
  // Read by Registry.writerStats (metrics); written by the writer thread only.
  private final java.util.concurrent.atomic.LongAdder batches =
      new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder batched =
      new java.util.concurrent.atomic.LongAdder();
  /** Batches by size: index i counts sizes in (2^(i-1), 2^i]. */
  private final java.util.concurrent.atomic.AtomicLongArray sizes =
      new java.util.concurrent.atomic.AtomicLongArray(32);
  private long nextAttempt;

  BatchWriter(Ledger ledger, int maxBatch, Duration timeout) {
    this.ledger = ledger;
    this.maxBatch = maxBatch;
    this.timeout = timeout;
    this.thread = new Thread(this::loop, "ekino-registry-writer");
    this.thread.setDaemon(true);
    this.thread.setUncaughtExceptionHandler((t, e) -> {
      LOG.log(Level.ERROR, "ekino registry: the writer thread died", e);
      stop(new RegistryException(RegistryException.Reason.UNAVAILABLE,
          "the writer thread died: " + e));
    });
  }

  void start() {
    thread.start();
  }

  /** Queues work and waits for its answer, at most the configured timeout. */
  <T> T await(Work work, CompletableFuture<T> done) throws RegistrationException {
    enqueue(work);
    try {
      return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RegistrationException r) {
        throw r;
      }
      throw new RegistrationException(Refusal.UNAVAILABLE, String.valueOf(e.getCause()));
    } catch (TimeoutException e) {
      throw new RegistrationException(Refusal.TIMEOUT, "no answer from the registry's writer "
          + "within " + timeout.toMillis() + " ms; the outcome is unknown and a retry is safe");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistrationException(Refusal.UNAVAILABLE, "interrupted while waiting");
    }
  }

  /** Queues work whose answer the caller collects from its future. */
  void enqueue(Work work) throws RegistrationException {
    synchronized (gate) {
      RegistryException s = stopped;
      if (s != null) {
        throw new RegistrationException(Refusal.CLOSED, String.valueOf(s.getMessage()));
      }
      if (!accepting) {
        throw new RegistrationException(Refusal.CLOSED, "the registry is closed");
      }
      queue.add(work);
    }
  }

  /** The queue's depth now and the batches taken so far (for metrics; read-only). */
  WriterStats stats() {
    java.util.SortedMap<Integer, Long> bySize = new java.util.TreeMap<>();
    for (int i = 0; i < sizes.length() && (i == 0 || (1 << (i - 1)) < maxBatch); i++) {
      bySize.put(Math.min(1 << i, maxBatch), sizes.get(i));
    }
    return new WriterStats(queue.size(), batches.sum(), batched.sum(), maxBatch, bySize);
  }

  private void loop() {
    List<Work> batch = new ArrayList<>(maxBatch);
    while (running) {
      try {
        Work first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          synchronized (gate) {
            if (!accepting && queue.isEmpty()) {
              return;
            }
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        batches.increment();
        batched.add(batch.size());
        sizes.incrementAndGet(32 - Integer.numberOfLeadingZeros(batch.size() - 1));
        inFlight = List.copyOf(batch);
        process(batch);
      } catch (InterruptedException e) {
        return;
      } catch (Throwable e) { // process() answers its failures; this is the last resort
        LOG.log(Level.ERROR, "ekino registry: the writer failed", e);
        fail(batch, new RegistrationException(Refusal.UNAVAILABLE, "the writer failed: " + e));
        stop(new RegistryException(RegistryException.Reason.UNAVAILABLE,
            "the writer failed: " + e));
      } finally {
        inFlight = null;
        batch.clear();
      }
    }
  }

  private void process(List<Work> batch) {
    if (ledger.broken() && !recovered(batch)) {
      return;
    }
    List<Runnable> answers = new ArrayList<>(batch.size());
    try {
      Instant now = ledger.now();
      for (Work w : batch) {
        w.announce(ledger);
      }
      ledger.begin();
      for (Work w : batch) {
        answers.add(w.apply(ledger, now));
      }
      ledger.commit();
    } catch (RegistryException e) {
      ledger.fail();
      stop(e);
      return;
    } catch (Throwable e) { // any failure of the batch, Errors included, is answered
      LOG.log(Level.WARNING, "ekino registry: a batch of " + batch.size() + " failed; "
          + "reconnecting", e);
      ledger.fail();
      nextAttempt = 0;
      if (recoveredAfter(e, batch)) {
        answers.forEach(Runnable::run);
      }
      return;
    }
    backoffMs = MIN_BACKOFF_MS;
    answers.forEach(Runnable::run);
  }

  /** Recovery before a batch, while storage was away; fails the batch fast if not yet. */
  private boolean recovered(List<Work> batch) {
    if (System.currentTimeMillis() < nextAttempt) {
      fail(batch, new RegistrationException(Refusal.UNAVAILABLE, "the registry's storage is "
          + "unavailable; retry later"));
      return false;
    }
    return recover(batch, "the registry's storage is unavailable", false);
  }

  /** Right after a failed batch: did its commit land? Answers it as failed if not. */
  private boolean recoveredAfter(Throwable failure, List<Work> batch) {
    return recover(batch, "storing the batch failed (" + failure + "); a retry is safe: "
        + "registrations are idempotent", true);
  }

  /**
   * Reconnects and re-reads the head. Returns whether the batch may go on: before a batch
   * when storage is back, after a failed batch when its commit had landed. Otherwise the
   * batch is answered with a retryable refusal and the next attempt waits a growing pause.
   */
  private boolean recover(List<Work> batch, String failure, boolean onlyIfLanded) {
    try {
      boolean landed = ledger.recover();
      backoffMs = MIN_BACKOFF_MS;
      if (landed || !onlyIfLanded) {
        return true;
      }
      fail(batch, new RegistrationException(Refusal.UNAVAILABLE, failure));
      return false;
    } catch (RegistryException e) {
      stop(e);
      return false;
    } catch (Throwable e) { // storage still away, or anything else: try again later
      nextAttempt = System.currentTimeMillis() + backoffMs;
      backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
      LOG.log(Level.WARNING, "ekino registry: storage unavailable: {0}", String.valueOf(e));
      fail(batch, new RegistrationException(Refusal.UNAVAILABLE, failure + " (" + e + ")"));
      return false;
    }
  }

  private static void fail(List<Work> batch, RegistrationException e) {
    batch.forEach(w -> w.done().completeExceptionally(e));
  }

  /** The writer cannot go on: answer everything and accept nothing more. */
  private void stop(RegistryException why) {
    LOG.log(Level.ERROR, "ekino registry: the writer stopped: {0}", why.getMessage());
    synchronized (gate) {
      stopped = why;
      accepting = false;
    }
    running = false;
    ledger.release();
    answerAll(new RegistrationException(Refusal.CLOSED, String.valueOf(why.getMessage())));
  }

  private void answerAll(RegistrationException e) {
    List<Work> flying = inFlight;
    if (flying != null) {
      fail(flying, e);
    }
    Work w;
    while ((w = queue.poll()) != null) {
      w.done().completeExceptionally(e);
    }
  }

  /** Why the writer stopped, if it did. */
  @Nullable RegistryException stopped() {
    return stopped;
  }

  /**
   * Stops accepting work and lets the writer finish what is queued, for at most the timeout;
   * whatever it could not finish (a stuck storage call, a dead writer) is answered as closed.
   */
  void close() {
    synchronized (gate) {
      accepting = false;
    }
    try {
      thread.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    running = false;
    answerAll(new RegistrationException(Refusal.CLOSED, "the registry is closed"));
    thread.interrupt();
  }
}
