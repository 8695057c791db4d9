package kz.ekino.core.monitor;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import kz.ekino.core.cose.CoseSign1;
import kz.ekino.core.internal.CborException;
import kz.ekino.core.internal.Sha256;
import kz.ekino.core.log.EntryBody;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Film;
import kz.ekino.core.model.LanguageCode;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.Region;
import kz.ekino.core.model.RentalCertificate;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.SaleCorrection;
import kz.ekino.core.model.TicketId;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.verify.RejectedException;

/**
 * Box office recomputed from log entries alone, exactly as the registry's monitoring defines it
 * (docs/spec/export-v1.md §4): a sale counts unless it is a specimen, in the group of its film,
 * cinema, screening day (the local date of its screening's start in Asia/Almaty) and screening
 * language, and in its cinema's region as the latest CINEMA entry says. Its price is the one
 * registered, or that of its latest price correction (a SALE_CORRECTION, or a CORRECTION
 * carrying a sale correction). Its refund (a REFUND, or a CORRECTION carrying a refund) takes
 * the ticket out of the net and its amount out of the box office; its ADMISSION entries count
 * while it is not refunded. Versions 1 and 2 of sales and refunds count alike.
 *
 * <p>Entries are added in serial order, 1 to n. Memory is 32 bytes per entry (five primitive
 * arrays indexed by serial, up to twice that while they grow), about 80 more per sale for the
 * ticket fingerprints that find a ticket sold twice, one object per group and one per film
 * of the register.
 */
public final class BoxOfficeTally {
  /** Screening days are dates in Kazakhstan. */
  public static final ZoneId KAZAKHSTAN = kz.ekino.core.model.Screening.ZONE;
  private static final int NOT_A_SALE = -1;
  private static final int NOT_COUNTED = -2;
  private static final int MAX_FINDINGS = 100;

  private final Instant from;
  private final Instant to;
  private long next = 1;
  // Per serial (index serial - 1): the group of a counted sale, or NOT_A_SALE / NOT_COUNTED.
  private int[] group = new int[1024];
  private long[] price = new long[1024];
  private long[] refund = new long[1024];
  private int[] admitted = new int[1024];
  private long[] ticket = new long[1024];
  private final List<Group> groups = new ArrayList<>();
  private final Map<Group, Integer> groupIndex = new HashMap<>();
  private final Map<Bin, Region> regions = new HashMap<>();
  /** The register of films: the latest FILM entry of each certificate. */
  private final Map<RentalCertificate, Film> films = new HashMap<>();
  /** Every sale's ticket fingerprint: a registry registers a ticket once (idempotency). */
  private final Map<Long, Long> saleOfTicket = new HashMap<>();
  private final List<Finding> findings = new ArrayList<>();
  private long moreFindings;

  /** The finest group a sale is counted in. */
  record Group(RentalCertificate film, Bin cinema, LocalDate day, LanguageCode language) {}

  /** Counts the sales whose screenings start in [from, to), as a monitoring report does. */
  public BoxOfficeTally(Instant from, Instant to) {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("range ends before it starts: " + from + " .. " + to);
    }
    this.from = from;
    this.to = to;
  }

  /** Counts every sale. */
  public static BoxOfficeTally all() {
    return new BoxOfficeTally(Instant.EPOCH, Instant.parse("2200-01-01T00:00:00Z"));
  }

  /** The number of entries added so far. */
  public long entries() {
    return next - 1;
  }

  /**
   * Adds the next entry. An entry that breaks the log's rules (a malformed body, a refund of
   * no such sale) is not counted and becomes a {@link #findings() finding}.
   *
   * @throws IllegalArgumentException if {@code entry} is not the next serial
   */
  public void add(LogEntry entry) {
    if (entry.serial() != next) {
      throw new IllegalArgumentException("expected entry " + next + ", got " + entry.serial());
    }
    if (next > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("a tally holds at most " + (Integer.MAX_VALUE - 8)
          + " entries");
    }
    int i = (int) (next - 1);
    grow(i);
    group[i] = NOT_A_SALE;
    refund[i] = -1;
    next++;
    long serial = entry.serial();
    try {
      switch (entry.kind()) {
        case SALE:
          addSale(i, Submissions.readSale(entry.submission()).content());
          Long earlier = saleOfTicket.putIfAbsent(ticket[i], serial);
          if (earlier != null) {
            find(Finding.Kind.LOG_ANOMALY, "entry " + serial + " is a second sale of the ticket"
                + " of sale " + earlier + "; a registry registers a ticket once");
          }
          break;
        case REFUND:
          addRefund(serial, Submissions.readRefund(entry.submission()).content(), "refund");
          break;
        case CORRECTION: {
          EntryBody.Correction c = (EntryBody.Correction) EntryBody.decode(entry.kind(),
              entry.submission());
          if (isSaleCorrection(c.submission())) {
            addCorrection(serial, Submissions.readCorrection(c.submission()).content(),
                "correction");
          } else {
            addRefund(serial, Submissions.readRefund(c.submission()).content(), "correction");
          }
          break;
        }
        case ADMISSION: {
          EntryBody.Admission a = (EntryBody.Admission) EntryBody.decode(entry.kind(),
              entry.submission());
          int s = sale(serial, a.saleSerial(), a.vendor(), a.ticketId(), "admission");
          if (s >= 0) {
            admitted[s]++;
          }
          break;
        }
        case CINEMA: {
          EntryBody.CinemaEntry c = (EntryBody.CinemaEntry) EntryBody.decode(entry.kind(),
              entry.submission());
          regions.put(c.cinema().bin(), c.cinema().region());
          break;
        }
        case SALE_CORRECTION:
          addCorrection(serial, Submissions.readCorrection(entry.submission()).content(),
              "sale correction");
          break;
        case FILM: {
          // The register's film: its titles, countries and national flag, never a sale's.
          Film f = ((EntryBody.FilmEntry) EntryBody.decode(entry.kind(), entry.submission()))
              .film();
          films.put(f.certificate(), f);
          break;
        }
        case SCHEDULE:
          Submissions.readSchedule(entry.submission());
          break;
        case TRUST_LIST:
        case TERMINAL:
          // Nothing of box office; the entry is still read, so that a malformed one is found.
          EntryBody.decode(entry.kind(), entry.submission());
          break;
        default:
          throw new AssertionError(entry.kind());
      }
    } catch (RejectedException | IllegalArgumentException e) {
      find(Finding.Kind.MALFORMED_ENTRY, "entry " + serial + " (" + entry.kind() + "): "
          + e.getMessage());
    }
  }

  private void addSale(int i, Sale sale) {
    group[i] = NOT_COUNTED;
    ticket[i] = fingerprint(sale.vendor(), sale.ticketId().value());
    price[i] = sale.priceTiyn();
    Instant start = sale.screening().start();
    if (sale.specimen() || start.isBefore(from) || !start.isBefore(to)) {
      return;
    }
    Group g = new Group(sale.screening().film().certificate(), sale.cinema(),
        LocalDate.ofInstant(start, KAZAKHSTAN), sale.screening().language());
    Integer index = groupIndex.get(g);
    if (index == null) {
      index = groups.size();
      groups.add(g);
      groupIndex.put(g, index);
    }
    group[i] = index;
  }

  private void addRefund(long serial, Refund r, String what) {
    int s = sale(serial, r.saleSerial(), r.vendor(), r.ticketId().value(), what);
    if (s < 0) {
      return;
    }
    if (refund[s] >= 0) {
      find(Finding.Kind.LOG_ANOMALY, "entry " + serial + " is a second " + what + " of sale "
          + r.saleSerial() + "; only the first counts");
      return;
    }
    if (r.amountTiyn() > price[s]) {
      // Counted as logged, as the registry's tables would: the finding is the point.
      find(Finding.Kind.LOG_ANOMALY, "entry " + serial + " refunds " + r.amountTiyn()
          + " tiyn of sale " + r.saleSerial() + ", whose price is " + price[s]
          + "; a registry refunds at most the price");
    }
    refund[s] = r.amountTiyn();
  }

  /**
   * A new price for an earlier sale. Entries come in serial order, so the correction with the
   * highest serial is the one that stays. A registry corrects no refunded sale: such a
   * correction is a finding and changes nothing.
   */
  private void addCorrection(long serial, SaleCorrection c, String what) {
    int s = sale(serial, c.saleSerial(), c.vendor(), c.ticketId().value(), what);
    if (s < 0) {
      return;
    }
    if (refund[s] >= 0) {
      find(Finding.Kind.LOG_ANOMALY, "entry " + serial + " is a " + what + " of sale "
          + c.saleSerial() + ", which was refunded; a registry corrects no refunded sale");
      return;
    }
    price[s] = c.priceTiyn();
  }

  /**
   * Whether an operator's correction carries a sale correction (rather than a refund), by the
   * content type its vendor signed; anything else is left to the refund reader to refuse.
   */
  private static boolean isSaleCorrection(byte[] submission) {
    try {
      return Submissions.CORRECTION_TYPE.equals(CoseSign1.parse(submission,
          List.of(Submissions.CORRECTION_TYPE, Submissions.REFUND_TYPE,
              Submissions.REFUND_V2_TYPE)).contentType());
    } catch (CborException e) {
      return false;
    }
  }

  /** The index of the earlier sale an entry names, or -1 (and a finding) if there is none. */
  private int sale(long serial, long saleSerial, Bin vendor, String ticketId, String what) {
    if (saleSerial >= serial || group[(int) (saleSerial - 1)] == NOT_A_SALE) {
      find(Finding.Kind.LOG_ANOMALY, "entry " + serial + " is a " + what + " of entry "
          + saleSerial + ", which is no earlier sale");
      return -1;
    }
    int s = (int) (saleSerial - 1);
    if (ticket[s] != fingerprint(vendor, ticketId)) {
      find(Finding.Kind.LOG_ANOMALY, "entry " + serial + " is a " + what + " of ticket "
          + vendor.value() + "/" + ticketId + ", but sale " + saleSerial
          + " is another ticket");
      return -1;
    }
    return s;
  }

  private static long fingerprint(Bin vendor, String ticketId) {
    byte[] d = Sha256.digest((vendor.value() + "\n" + TicketId.of(ticketId).value())
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    long f = 0;
    for (int k = 0; k < 8; k++) {
      f = (f << 8) | (d[k] & 0xff);
    }
    return f;
  }

  private void find(Finding.Kind kind, String message) {
    if (findings.size() < MAX_FINDINGS) {
      findings.add(new Finding(kind, message));
    } else {
      moreFindings++;
    }
  }

  private void grow(int i) {
    if (i < group.length) {
      return;
    }
    int n = (int) Math.min(Integer.MAX_VALUE - 8L, group.length * 2L);
    group = Arrays.copyOf(group, n);
    price = Arrays.copyOf(price, n);
    refund = Arrays.copyOf(refund, n);
    admitted = Arrays.copyOf(admitted, n);
    ticket = Arrays.copyOf(ticket, n);
  }

  /** Entries that break the log's rules, in serial order (at most 100). */
  public List<Finding> findings() {
    return Collections.unmodifiableList(findings);
  }

  /** How many findings were left out of {@link #findings()}. */
  public long moreFindings() {
    return moreFindings;
  }

  /** The figures of every group that has a counted sale, ordered by key. */
  public SortedMap<FigureKey, Figures> rows() {
    SortedMap<FigureKey, Figures> rows = new TreeMap<>();
    groups().forEach((k, f) -> rows.merge(new FigureKey(k.film(), k.cinema(),
        region(k.cinema()), k.day()), f, Figures::plus));
    return Collections.unmodifiableSortedMap(rows);
  }

  /** The figures of every finest group (film, cinema, day, language) with a counted sale. */
  Map<Group, Figures> groups() {
    long[][] sums = new long[groups.size()][4];
    for (int i = 0; i < next - 1; i++) {
      int g = group[i];
      if (g < 0) {
        continue;
      }
      long[] s = sums[g];
      s[0]++;
      if (refund[i] >= 0) {
        s[1]++;
        s[2] = Math.addExact(s[2], price[i] - refund[i]);
      } else {
        s[2] = Math.addExact(s[2], price[i]);
        s[3] += admitted[i];
      }
    }
    Map<Group, Figures> out = new HashMap<>();
    for (int g = 0; g < groups.size(); g++) {
      out.put(groups.get(g), new Figures(sums[g][0], sums[g][1], sums[g][2], sums[g][3]));
    }
    return out;
  }

  /** The cinema's region, as the latest CINEMA entry of the log says. */
  Optional<Region> region(Bin cinema) {
    return Optional.ofNullable(regions.get(cinema));
  }

  /** The film as the latest FILM entry of its certificate says; empty if the log has none. */
  Optional<Film> film(RentalCertificate certificate) {
    return Optional.ofNullable(films.get(certificate));
  }

  /** The screenings this tally counts: those starting in [from, to). */
  public Instant from() {
    return from;
  }

  public Instant to() {
    return to;
  }

  /**
   * Totals per region (by KATO code) of {@code rows}; sales of a cinema the log names no region
   * for are in no region, but in the overall {@link #total}.
   */
  public static SortedMap<Region, Figures> byRegion(Map<FigureKey, Figures> rows) {
    SortedMap<Region, Figures> out = new TreeMap<>(Comparator.comparing(Region::code));
    rows.forEach((k, v) -> k.region().ifPresent(r -> out.merge(r, v, Figures::plus)));
    return Collections.unmodifiableSortedMap(out);
  }

  /** The sum of {@code rows}. */
  public static Figures total(Map<FigureKey, Figures> rows) {
    Figures t = Figures.ZERO;
    for (Figures f : rows.values()) {
      t = t.plus(f);
    }
    return t;
  }
}
