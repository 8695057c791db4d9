package kz.ekino.core.anomaly;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import kz.ekino.core.anomaly.AnomalyReport.TerminalKey;
import kz.ekino.core.log.EntryBody;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Counter;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.Sale;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.verify.RejectedException;

/**
 * The anomaly rules of docs/anomalies.md as a fold over the registry's log: {@link #accept}
 * each entry in serial order, then ask for a {@link #report} at the registry's clock. The
 * result depends on the entries, the instant and the {@link AnomalyRules} alone, so anyone
 * with the log (a monitor, an auditor, the registry itself) derives the same anomalies; none
 * is stored anywhere.
 *
 * <p>Entries are read as the audit reads them, without checking signatures (the log's
 * checkpoint vouches for them). An entry that cannot be read, or that names a sale the log
 * does not hold before it, is skipped and counted ({@link AnomalyReport#skipped()}): the
 * monitor's audit reports those. Film and trust-list entries are not needed and not read.
 *
 * <p>Memory grows with the log: about 350 bytes per version 2 sale (its ticket, its seat and
 * its terminal number) and a little per screening, so a million sales fit in about 350 MB.
 * Time is linear in the entries (12 to 25 µs each on one core, mostly reading the CBOR), plus
 * sorting per screening and terminal when reporting (under a second for a million sales). An
 * engine is not thread-safe; a report is an immutable snapshot,
 * and the fold may go on after it.
 */
public final class AnomalyEngine {
  private final AnomalyRules rules;
  private final Counters counters;
  private final Programme programme;
  private long lastSerial;
  private long entries;
  private long skipped;
  private Instant newest = Instant.EPOCH;

  public AnomalyEngine(AnomalyRules rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.counters = new Counters(rules);
    this.programme = new Programme(rules);
  }

  public AnomalyRules rules() {
    return rules;
  }

  /**
   * Takes the next entry of the log.
   *
   * @throws IllegalArgumentException if its serial is not above the previous entry's
   */
  public void accept(LogEntry entry) {
    if (entry.serial() <= lastSerial) {
      throw new IllegalArgumentException("entries are taken in serial order: " + entry.serial()
          + " after " + lastSerial);
    }
    lastSerial = entry.serial();
    entries++;
    if (entry.registeredAt().isAfter(newest)) {
      newest = entry.registeredAt();
    }
    try {
      if (!apply(entry)) {
        skipped++;
      }
    } catch (RejectedException | IllegalArgumentException | ClassCastException e) {
      skipped++;
    }
  }

  /** Applies a readable entry; false when it is inconsistent with the log before it. */
  private boolean apply(LogEntry entry) throws RejectedException {
    long serial = entry.serial();
    long at = entry.registeredAt().getEpochSecond();
    switch (entry.kind()) {
      case SALE: {
        Submissions.Stored<Sale> s = Submissions.readSale(entry.submission());
        Sale sale = s.content();
        Counter counter = s.counter();
        if (!programme.sale(serial, at, sale, counter == null ? null
            : new TerminalKey(sale.vendor(), counter.terminal()))) {
          return false;
        }
        if (counter != null) {
          counters.submission(sale.vendor(), counter, s.contentDigest(), sale.cinema(), serial,
              entry.registeredAt());
        }
        return true;
      }
      case REFUND:
        return refund(entry, Submissions.readRefund(entry.submission()));
      case CORRECTION: {
        byte[] carried = ((EntryBody.Correction) EntryBody.decode(entry.kind(),
            entry.submission())).submission();
        Submissions.Stored<Refund> refund;
        try {
          refund = Submissions.readRefund(carried);
        } catch (RejectedException notARefund) {
          Submissions.readCorrection(carried); // a price correction: no rule needs it
          return true;
        }
        return refund(entry, refund);
      }
      case SALE_CORRECTION:
        Submissions.readCorrection(entry.submission());
        return true;
      case ADMISSION:
        return programme.admission(serial, at, (EntryBody.Admission) EntryBody.decode(
            entry.kind(), entry.submission()));
      case CINEMA:
        programme.cinema(((EntryBody.CinemaEntry) EntryBody.decode(entry.kind(),
            entry.submission())).cinema(), serial, at);
        return true;
      case SCHEDULE:
        programme.schedule(Submissions.readSchedule(entry.submission()).content(), serial, at);
        return true;
      case TERMINAL:
        counters.terminal(((EntryBody.TerminalEntry) EntryBody.decode(entry.kind(),
            entry.submission())).terminal());
        return true;
      case FILM:
      case TRUST_LIST:
        return true;
      default:
        throw new AssertionError(entry.kind());
    }
  }

  private boolean refund(LogEntry entry, Submissions.Stored<Refund> stored) {
    Refund refund = stored.content();
    Counter counter = stored.counter();
    TerminalKey terminal = counter == null ? null
        : new TerminalKey(refund.vendor(), counter.terminal());
    Bin cinema = programme.refund(entry.serial(), entry.registeredAt().getEpochSecond(), refund,
        terminal);
    // a refund of no sale the log holds is skipped, but its number was used all the same
    Bin counted = cinema != null ? cinema : terminal == null ? null : counters.cinema(terminal);
    if (counter != null && counted != null) {
      counters.submission(refund.vendor(), counter, stored.contentDigest(), counted,
          entry.serial(), entry.registeredAt());
    }
    return cinema != null;
  }

  /**
   * What the rules find in the entries taken so far, at {@code now} (the registry's clock).
   * An instant before the newest entry's registration is taken as that registration: the log
   * cannot be younger than its newest entry.
   */
  public AnomalyReport report(Instant now) {
    Instant at = now.isBefore(newest) ? newest : now;
    long t = at.getEpochSecond();
    Audience audience = new Audience(programme);
    List<Anomaly> out = new ArrayList<>();
    counters.anomalies(t, audience.declaredStarts(), out);
    programme.anomalies(out);
    audience.bulk(out);
    audience.ghosts(t, out);
    return new AnomalyReport(at, entries, skipped, out, counters.vendorDays(),
        audience.cinemaDays());
  }
}
