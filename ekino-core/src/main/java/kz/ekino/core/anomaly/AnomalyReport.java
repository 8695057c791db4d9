package kz.ekino.core.anomaly;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.TerminalId;
import org.jspecify.annotations.Nullable;

/**
 * What the anomaly rules found in a log at an instant (docs/anomalies.md): the anomalies in a
 * fixed order, how many there are per cinema, vendor and terminal, each vendor's counter
 * completeness per day and each cinema's programme and sales per day. Only
 * {@link AnomalyEngine#report} makes one.
 */
public final class AnomalyReport {
  private static final Comparator<Bin> BINS = Comparator.comparing(Bin::value);

  /** How many anomalies, and how many of them are still open. */
  public record Tally(long open, long total) {
    Tally plus(Anomaly a) {
      return new Tally(open + (a.open() ? 1 : 0), total + 1);
    }
  }

  /** A selling terminal: its id is unique within its vendor. */
  public record TerminalKey(Bin vendor, TerminalId terminal) implements Comparable<TerminalKey> {
    public TerminalKey {
      Objects.requireNonNull(vendor, "vendor");
      Objects.requireNonNull(terminal, "terminal");
    }

    @Override
    public int compareTo(TerminalKey o) {
      int c = vendor.value().compareTo(o.vendor.value());
      return c != 0 ? c : terminal.value().compareTo(o.terminal.value());
    }
  }

  /**
   * A vendor's counter completeness on one day (Asia/Almaty): of the numbers its terminals
   * should have sent (1 to the highest seen, per terminal), how many arrived. A number that
   * arrived counts on the day it was registered; a missing one on the day of the next number
   * of its terminal that arrived.
   */
  public record VendorDay(Bin vendor, LocalDate day, int terminals, long received,
      long expected) {
    /** received / expected, 1 when nothing was expected. */
    public double completeness() {
      return expected == 0 ? 1.0 : (double) received / expected;
    }
  }

  /**
   * A cinema's day (Asia/Almaty, by screening start): the screenings declared and not
   * cancelled, how many of them sold nothing, the tickets sold for that day's screenings
   * (version 1 and 2, refunded or not, no specimens) and whether the cinema declared the day
   * without screenings.
   */
  public record CinemaDay(Bin cinema, LocalDate day, int declaredScreenings,
      int declaredWithoutSales, long ticketsSold, boolean noScreeningsDeclared) {}

  private final Instant at;
  private final long entries;
  private final long skipped;
  private final List<Anomaly> anomalies;
  private final SortedMap<Bin, Tally> byCinema = new TreeMap<>(BINS);
  private final SortedMap<Bin, Tally> byVendor = new TreeMap<>(BINS);
  private final SortedMap<TerminalKey, Tally> byTerminal = new TreeMap<>();
  private final List<VendorDay> vendorDays;
  private final List<CinemaDay> cinemaDays;

  AnomalyReport(Instant at, long entries, long skipped, List<Anomaly> anomalies,
      List<VendorDay> vendorDays, List<CinemaDay> cinemaDays) {
    this.at = at;
    this.entries = entries;
    this.skipped = skipped;
    this.anomalies = anomalies.stream().sorted(Anomaly.ORDER).toList();
    this.vendorDays = vendorDays.stream().sorted(Comparator.comparing(VendorDay::vendor, BINS)
        .thenComparing(VendorDay::day)).toList();
    this.cinemaDays = cinemaDays.stream().sorted(Comparator.comparing(CinemaDay::cinema, BINS)
        .thenComparing(CinemaDay::day)).toList();
    for (Anomaly a : this.anomalies) {
      byCinema.merge(a.cinema(), new Tally(0, 0).plus(a), AnomalyReport::sum);
      Bin vendor = a.vendor();
      if (vendor != null) {
        byVendor.merge(vendor, new Tally(0, 0).plus(a), AnomalyReport::sum);
        TerminalId terminal = a.terminal();
        if (terminal != null) {
          byTerminal.merge(new TerminalKey(vendor, terminal), new Tally(0, 0).plus(a),
              AnomalyReport::sum);
        }
      }
    }
  }

  private static Tally sum(Tally a, Tally b) {
    return new Tally(a.open + b.open, a.total + b.total);
  }

  /** The instant the report is for: the caller's {@code now}, or the newest entry if later. */
  public Instant at() {
    return at;
  }

  /** How many entries the fold took. */
  public long entries() {
    return entries;
  }

  /** How many of them it skipped as malformed or inconsistent (the audit reports those). */
  public long skipped() {
    return skipped;
  }

  /** Every anomaly, open or resolved, by first seen, code, cinema, vendor, terminal, … */
  public List<Anomaly> anomalies() {
    return anomalies;
  }

  /** The anomalies of one rule, in the report's order. */
  public List<Anomaly> anomalies(AnomalyCode code) {
    return anomalies.stream().filter(a -> a.code() == code).toList();
  }

  /** Anomalies per cinema, by BIN. */
  public SortedMap<Bin, Tally> byCinema() {
    return java.util.Collections.unmodifiableSortedMap(byCinema);
  }

  /** Anomalies per vendor (those that name one), by BIN. */
  public SortedMap<Bin, Tally> byVendor() {
    return java.util.Collections.unmodifiableSortedMap(byVendor);
  }

  /** Anomalies per terminal (those that name one). */
  public SortedMap<TerminalKey, Tally> byTerminal() {
    return java.util.Collections.unmodifiableSortedMap(byTerminal);
  }

  /** Counter completeness per vendor and day, by vendor then day. */
  public List<VendorDay> vendorDays() {
    return vendorDays;
  }

  /** The cinemas' days, by cinema then day. */
  public List<CinemaDay> cinemaDays() {
    return cinemaDays;
  }

  /** The day of one vendor, if its terminals sent or missed anything that day. */
  public @Nullable VendorDay vendorDay(Bin vendor, LocalDate day) {
    return vendorDays.stream().filter(v -> v.vendor().equals(vendor) && v.day().equals(day))
        .findFirst().orElse(null);
  }

  /** The day of one cinema, if it declared or sold anything for that day. */
  public @Nullable CinemaDay cinemaDay(Bin cinema, LocalDate day) {
    return cinemaDays.stream().filter(c -> c.cinema().equals(cinema) && c.day().equals(day))
        .findFirst().orElse(null);
  }

  /** Every anomaly as a line of JSON ({@link Anomaly#toJson()}), each ending in a line break. */
  public String toJsonLines() {
    StringBuilder b = new StringBuilder();
    for (Anomaly a : anomalies) {
      b.append(a.toJson()).append('\n');
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return "AnomalyReport[at " + at + ", " + entries + " entries, " + anomalies.size()
        + " anomalies]";
  }
}
