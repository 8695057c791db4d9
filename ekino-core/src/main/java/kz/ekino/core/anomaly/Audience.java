package kz.ekino.core.anomaly;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kz.ekino.core.anomaly.AnomalyReport.CinemaDay;
import kz.ekino.core.anomaly.Programme.Channel;
import kz.ekino.core.anomaly.Programme.Show;
import kz.ekino.core.anomaly.Programme.Ticket;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Screening;

/**
 * The rules judged at report time over the programme's tickets: BULK_PURCHASE and
 * GHOST_SCREENING; and the cinemas' days and declared screenings the report and the silence
 * rule read. Each pass is one walk over the tickets or screenings, plus a sort per group.
 */
final class Audience {
  private final Programme p;
  private final AnomalyRules rules;

  Audience(Programme programme) {
    this.p = programme;
    this.rules = programme.rules;
  }

  private boolean cancelled(Show show) {
    return p.cancelled.containsKey(show.key);
  }

  /** Declared, not cancelled screenings per cinema, by start: what terminals must sell for. */
  Counters.Starts declaredStarts() {
    Map<Bin, List<Screening>> byCinema = new HashMap<>();
    for (Show show : p.shows) {
      if (show.declared() && !cancelled(show)) {
        byCinema.computeIfAbsent(show.key.cinema(), c -> new ArrayList<>()).add(show.info);
      }
    }
    Comparator<Screening> order = Comparator.comparing(Screening::start)
        .thenComparing(s -> s.id().value());
    byCinema.values().forEach(l -> l.sort(order));
    return (cinema, from, to) -> {
      List<Screening> all = byCinema.getOrDefault(cinema, List.of());
      int lo = firstAfter(all, from);
      int hi = firstAfter(all, to - 1);
      return lo < hi ? all.subList(lo, hi) : List.of();
    };
  }

  /** The index of the first screening starting after {@code t} (epoch seconds). */
  private static int firstAfter(List<Screening> sorted, long t) {
    int lo = 0;
    int hi = sorted.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted.get(mid).start().getEpochSecond() <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  List<CinemaDay> cinemaDays() {
    Map<Programme.Day, long[]> sums = new HashMap<>(); // declared, without sales, sold
    for (Show show : p.shows) {
      boolean declared = show.declared() && !cancelled(show);
      if (!declared && show.sales.size() == 0) {
        continue;
      }
      Programme.Day k = new Programme.Day(show.key.cinema(), LocalDate.ofInstant(show.info.start(),
          Screening.ZONE));
      long[] s = sums.computeIfAbsent(k, x -> new long[3]);
      if (declared) {
        s[0]++;
        if (show.sales.size() == 0) {
          s[1]++;
        }
      }
      s[2] += show.sales.size();
    }
    for (Programme.Day d : p.noScreenings) {
      sums.computeIfAbsent(d, x -> new long[3]);
    }
    List<CinemaDay> out = new ArrayList<>();
    sums.forEach((k, s) -> out.add(new CinemaDay(k.cinema(), k.day(), (int) s[0], (int) s[1],
        s[2], p.noScreenings.contains(k))));
    return out;
  }

  /** BULK_PURCHASE: bursts of one screening's tickets through one terminal or channel. */
  void bulk(List<Anomaly> out) {
    Map<Long, List<Ticket>> groups = new HashMap<>();
    p.tickets.forEach(t -> {
      if (!t.specimen) {
        groups.computeIfAbsent(((long) t.show << 32) | t.channel, k -> new ArrayList<>())
            .add(t);
      }
    });
    int n = rules.bulkTickets();
    long window = rules.bulkWindow().toSeconds();
    for (List<Ticket> group : groups.values()) {
      if (group.size() < n) {
        continue;
      }
      group.sort(Comparator.comparingLong((Ticket t) -> t.soldAt).thenComparingLong(t -> t.serial));
      int burstStart = -1;
      int burstEnd = -1;
      int j = 0;
      for (int i = 0; i < group.size(); i++) {
        j = Math.max(j, i);
        while (j + 1 < group.size() && group.get(j + 1).soldAt - group.get(i).soldAt <= window) {
          j++;
        }
        if (j - i + 1 < n) {
          continue;
        }
        if (burstStart >= 0 && i <= burstEnd) {
          burstEnd = Math.max(burstEnd, j);
        } else {
          if (burstStart >= 0) {
            burst(group.subList(burstStart, burstEnd + 1), out);
          }
          burstStart = i;
          burstEnd = j;
        }
      }
      if (burstStart >= 0) {
        burst(group.subList(burstStart, burstEnd + 1), out);
      }
    }
  }

  /**
   * One burst (tickets by sale time, at least {@code bulkTickets} of them within the window),
   * replayed in registration order — sales as registered, refunds as registered — to find
   * when it first held and, if refunds undid it, when it stopped.
   */
  private void burst(List<Ticket> tickets, List<Anomaly> out) {
    int k = tickets.size();
    long[] events = new long[2 * k]; // time << 1 | (0 sale, 1 refund), with the ticket index
    int[] who = new int[2 * k];
    Integer[] order = new Integer[2 * k];
    int m = 0;
    for (int i = 0; i < k; i++) {
      Ticket t = tickets.get(i);
      events[m] = t.at;
      who[m] = i;
      m++;
      if (t.refundedAt >= 0) {
        events[m] = t.refundedAt;
        who[m] = -i - 1;
        m++;
      }
    }
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    long[] ev = events;
    int[] w = who;
    Arrays.sort(order, 0, m, Comparator.comparingLong((Integer i) -> ev[i])
        .thenComparingInt(i -> w[i] < 0 ? 1 : 0).thenComparingInt(i -> i));
    boolean[] active = new boolean[k];
    long first = -1;
    long stopped = -1;
    long stopSerial = 0;
    boolean holds = false;
    for (int e = 0; e < m; e++) {
      int x = order[e];
      int i = who[x];
      if (i >= 0) {
        active[i] = true;
      } else {
        active[-i - 1] = false;
      }
      // a sale cannot undo a burst, nor a refund make one
      boolean now = (i >= 0) == holds ? holds
          : maxInWindow(tickets, active) >= rules.bulkTickets();
      if (now && !holds && first < 0) {
        first = events[x];
      }
      if (!now && holds) {
        stopped = events[x];
        stopSerial = i < 0 ? tickets.get(-i - 1).refundSerial : 0;
      }
      holds = now;
    }
    if (first < 0) {
      return; // refunded before the burst was ever whole
    }
    Ticket head = tickets.get(0);
    Show show = p.shows.get(head.show);
    Channel c = p.channels.get(head.channel);
    long valid = tickets.stream().filter(Ticket::valid).count();
    Episode ep = new Episode(AnomalyCode.BULK_PURCHASE, c.vendor(), c.terminal(),
        show.key.id(), Instant.ofEpochSecond(first));
    tickets.forEach(t -> ep.serial(t.serial));
    if (!holds) {
      ep.resolve(stopSerial, Instant.ofEpochSecond(stopped));
    }
    long span = tickets.get(k - 1).soldAt - head.soldAt;
    ep.number("tickets", k).number("validTickets", valid).number("spanSeconds", span);
    String through = c.terminal() != null ? "terminal " + c.terminal() + " of vendor "
        + c.vendor() : "vendor " + c.vendor() + "'s " + c.channel() + " channel (version 1)";
    out.add(ep.toAnomaly(show.key.cinema(), k + " tickets of screening " + show.key.id()
        + " of cinema " + show.key.cinema() + " sold within " + Counters.span(span) + " through "
        + through + (holds ? "" : "; refunds have undone it") ));
  }

  /** The most active tickets whose sale times fit in the bulk window. */
  private int maxInWindow(List<Ticket> tickets, boolean[] active) {
    long window = rules.bulkWindow().toSeconds();
    int best = 0;
    int count = 0;
    int lo = 0;
    for (int hi = 0; hi < tickets.size(); hi++) {
      if (!active[hi]) {
        continue;
      }
      count++;
      while (tickets.get(hi).soldAt - tickets.get(lo).soldAt > window || !active[lo]) {
        if (active[lo]) {
          count--;
        }
        lo++;
      }
      best = Math.max(best, count);
    }
    return best;
  }

  /**
   * GHOST_SCREENING: (a) admissions far below the valid tickets where the cinema's gates
   * report; (b) a sell-out at an unusual hour where the cinema's earlier screenings at such
   * hours were far emptier.
   */
  void ghosts(long now, List<Anomaly> out) {
    Map<Bin, List<Show>> unusual = new HashMap<>();
    for (Show show : p.shows) {
      if (cancelled(show)) {
        continue;
      }
      noAdmissions(show, now, out);
      LocalTime local = show.info.start().atZone(Screening.ZONE).toLocalTime();
      if ((show.declared() || show.sales.size() > 0) && p.capacity(show) > 0
          && (local.isBefore(rules.ghostUsualFrom()) || local.isAfter(rules.ghostUsualUntil()))) {
        unusual.computeIfAbsent(show.key.cinema(), c -> new ArrayList<>()).add(show);
      }
    }
    for (List<Show> shows : unusual.values()) {
      shows.sort(Comparator.comparing((Show s) -> s.info.start()).thenComparingInt(s -> s.index));
      long sumValid = 0;
      long sumSeats = 0;
      int before = 0;
      int i = 0;
      while (i < shows.size()) {
        int j = i;
        Instant start = shows.get(i).info.start();
        while (j < shows.size() && shows.get(j).info.start().equals(start)) {
          sellOut(shows.get(j), before, sumValid, sumSeats, out);
          j++;
        }
        for (int x = i; x < j; x++) {
          sumValid += shows.get(x).valid;
          sumSeats += p.capacity(shows.get(x));
          before++;
        }
        i = j;
      }
    }
  }

  private void noAdmissions(Show show, long now, List<Anomaly> out) {
    Long gates = p.gatesSince.get(show.key.cinema());
    long judged = show.info.start().getEpochSecond() + rules.ghostAfter().toSeconds();
    if (gates == null || show.valid < rules.ghostMinTickets() || judged >= now) {
      return;
    }
    List<Ticket> valid = validTickets(show);
    long from = Math.max(judged, gates);
    List<Ticket> admitted = new ArrayList<>();
    for (Ticket t : valid) {
      if (t.admittedAt >= 0) {
        admitted.add(t);
      }
    }
    admitted.sort(Comparator.comparingLong((Ticket t) -> t.admittedAt)
        .thenComparingLong(t -> t.admissionSerial));
    int percent = rules.ghostAdmissionPercent();
    long v = valid.size();
    int count = 0;
    while (count < admitted.size() && admitted.get(count).admittedAt <= from) {
      count++;
    }
    if (count * 100L >= percent * v) {
      return;
    }
    Ticket resolver = null;
    for (int k = count; k < admitted.size(); k++) {
      if ((k + 1) * 100L >= percent * v) {
        resolver = admitted.get(k);
        break;
      }
    }
    Episode e = new Episode(AnomalyCode.GHOST_SCREENING, null, null, show.key.id(),
        Instant.ofEpochSecond(from));
    for (Ticket t : valid) {
      if (t.admittedAt < 0 || (resolver != null && t.admittedAt > resolver.admittedAt)) {
        e.serial(t.serial);
      }
    }
    if (resolver != null) {
      e.resolve(resolver.admissionSerial, Instant.ofEpochSecond(resolver.admittedAt));
    }
    e.number("validTickets", v).number("admitted", admitted.size());
    out.add(e.toAnomaly(show.key.cinema(), "screening " + show.key.id() + " of cinema "
        + show.key.cinema() + " started at " + show.info.start() + " with " + v
        + " valid tickets and " + count + " admitted " + Counters.span(from
            - show.info.start().getEpochSecond()) + " later, below " + percent
        + "% though the cinema's gates report" + (resolver == null ? ""
            : "; late admissions reached it at " + Instant.ofEpochSecond(resolver.admittedAt))));
  }

  private void sellOut(Show show, int before, long sumValid, long sumSeats,
      List<Anomaly> out) {
    int seats = p.capacity(show);
    int percent = rules.ghostSellOutPercent();
    if (show.valid * 100L < (long) percent * seats || before < rules.ghostHistoryMin()
        || sumValid * 100 > rules.ghostHistoryPercent() * sumSeats) {
      return;
    }
    List<Ticket> valid = validTickets(show);
    long needed = ((long) percent * seats + 99) / 100;
    long[] at = valid.stream().mapToLong(t -> t.at).sorted().toArray();
    Episode e = new Episode(AnomalyCode.GHOST_SCREENING, null, null, show.key.id(),
        Instant.ofEpochSecond(at[(int) Math.max(0, needed - 1)]));
    valid.forEach(t -> e.serial(t.serial));
    long history = sumSeats == 0 ? 0 : sumValid * 100 / sumSeats;
    e.number("validTickets", show.valid).number("seats", seats)
        .number("historyScreenings", before).number("historyPercent", history);
    LocalTime local = show.info.start().atZone(Screening.ZONE).toLocalTime();
    out.add(e.toAnomaly(show.key.cinema(), "screening " + show.key.id() + " of cinema "
        + show.key.cinema() + " at " + local + " (Almaty) sold " + show.valid + " of " + seats
        + " seats, while the cinema's " + before + " earlier screenings before "
        + rules.ghostUsualFrom() + " or after " + rules.ghostUsualUntil() + " filled "
        + history + "%"));
  }

  private List<Ticket> validTickets(Show show) {
    List<Ticket> valid = new ArrayList<>(show.valid);
    for (int i = 0; i < show.sales.size(); i++) {
      Ticket t = p.tickets.get(show.sales.get(i));
      if (t != null && t.valid()) {
        valid.add(t);
      }
    }
    return valid;
  }
}
