package kz.ekino.registry;

import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * A standby's thread: while another process writes the log, it tries to take the writer lock
 * every {@code poll}; once it can, the registry opens the log as a writer does
 * ({@link Registry#tryTakeOver}). Storage that fails is tried again (one warning per outage);
 * a database the registry refuses (behind, diverged, tampered) ends the attempts, so that a
 * standby never writes on a log it could not check.
 */
final class Standby {
  private static final System.Logger LOG = System.getLogger(Standby.class.getName());

  private final Registry registry;
  private final Duration poll;
  private final Thread thread;
  private volatile boolean gaveUp;
  private volatile boolean closing;

  Standby(Registry registry, Duration poll) {
    this.registry = registry;
    this.poll = poll;
    this.thread = new Thread(this::loop, "ekino-registry-standby");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Whether the standby stopped trying: the log it would take was refused (logged). */
  boolean gaveUp() {
    return gaveUp;
  }

  private void loop() {
    boolean failing = false;
    while (!closing) {
      try {
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      try {
        if (registry.tryTakeOver()) {
          return;
        }
        if (failing) {
          LOG.log(Level.INFO, "ekino registry: standby: storage is back; another process "
              + "still writes the log");
          failing = false;
        }
      } catch (RegistryException e) {
        if (e.reason() != RegistryException.Reason.UNAVAILABLE) {
          gaveUp = true;
          LOG.log(Level.ERROR, "ekino registry: the standby will not take the log: {0}",
              e.getMessage());
          return;
        }
        if (!failing) {
          LOG.log(Level.WARNING, "ekino registry: standby: {0}", String.valueOf(
              e.getCause() == null ? e.getMessage() : e.getMessage() + ": " + e.getCause()));
          failing = true;
        }
      } catch (RuntimeException e) {
        if (!failing) {
          LOG.log(Level.WARNING, "ekino registry: standby: cannot read the log", e);
          failing = true;
        }
      }
    }
  }

  /** Stops trying; waits for an attempt under way (bounded by {@code timeout} and a second). */
  void close(Duration timeout) {
    closing = true;
    thread.interrupt();
    try {
      thread.join(timeout.toMillis() + 1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
