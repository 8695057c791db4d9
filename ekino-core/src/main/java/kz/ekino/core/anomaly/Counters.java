package kz.ekino.core.anomaly;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import kz.ekino.core.anomaly.AnomalyReport.TerminalKey;
import kz.ekino.core.anomaly.AnomalyReport.VendorDay;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Counter;
import kz.ekino.core.model.Screening;
import kz.ekino.core.model.Terminal;
import org.jspecify.annotations.Nullable;

/**
 * The selling terminals' counters (COUNTER_GAP, COUNTER_FORK, COUNTER_ROLLBACK), their quiet
 * stretches (SILENT_TERMINAL) and the vendors' completeness per day. One {@link Line} per
 * terminal holds each number it used, with the serial, registration time and content digest of
 * the submission that first used it, in columns of longs: about 80 bytes per version 2
 * submission.
 */
final class Counters {
  /** A SHA-256 content digest, kept as four longs rather than 64 characters. */
  private record Digest(long a, long b, long c, long d) {
    static Digest ofHex(String hex) {
      return new Digest(HexFormat.fromHexDigitsToLong(hex, 0, 16),
          HexFormat.fromHexDigitsToLong(hex, 16, 32), HexFormat.fromHexDigitsToLong(hex, 32, 48),
          HexFormat.fromHexDigitsToLong(hex, 48, 64));
    }
  }

  /** A submission whose predecessor has not arrived: what it says the predecessor was. */
  private record Pending(long serial, Digest previous) {}

  /** A stretch in which a terminal sent nothing; {@code toSerial} 0 while it lasts. */
  private record Quiet(long from, long fromSerial, long to, long toSerial) {}

  /** Numbers lo..hi, missing when a submission with hi + 1 arrived at {@code noticedAt}. */
  private static final class Gap {
    final long lo;
    final long hi;
    final long noticedAt;
    final long lowerSerial;
    final long upperSerial;
    long filled;
    long lastFillAt;
    long lastFillSerial;

    Gap(long lo, long hi, long noticedAt, long lowerSerial, long upperSerial) {
      this.lo = lo;
      this.hi = hi;
      this.noticedAt = noticedAt;
      this.lowerSerial = lowerSerial;
      this.upperSerial = upperSerial;
    }
  }

  /**
   * One terminal's sequence. Each number it used is a row of the columns below (the first
   * submission that used it): number, serial, registration time and content digest.
   */
  private static final class Line {
    final TerminalKey key;
    final Bin firstCinema;
    private final LongLongMap rowOf = new LongLongMap();
    private final LongList numbers = new LongList();
    private final LongList serials = new LongList();
    private final LongList ats = new LongList();
    private final LongList digests = new LongList(); // four longs a row
    long highest;
    final TreeMap<Long, Gap> gaps = new TreeMap<>();
    /** Other digests seen under a used number (a fork or rollback), by number. */
    final Map<Long, List<Digest>> alternates = new HashMap<>();
    final Map<Long, Pending> pending = new HashMap<>();
    @Nullable Episode conflict;
    String conflictFirst = "";
    long lastAt;
    long lastSerial;
    final List<Quiet> quiets = new ArrayList<>();

    Line(TerminalKey key, Bin firstCinema) {
      this.key = key;
      this.firstCinema = firstCinema;
    }

    /** The row of number {@code n}, or -1 if it never arrived. */
    int row(long n) {
      return (int) rowOf.get(n, -1);
    }

    boolean used(long n) {
      return row(n) >= 0;
    }

    int rows() {
      return numbers.size();
    }

    void add(long n, long serial, long at, Digest d) {
      rowOf.put(n, numbers.size());
      numbers.add(n);
      serials.add(serial);
      ats.add(at);
      digests.add(d.a());
      digests.add(d.b());
      digests.add(d.c());
      digests.add(d.d());
    }

    long serial(int row) {
      return serials.get(row);
    }

    long at(int row) {
      return ats.get(row);
    }

    long number(int row) {
      return numbers.get(row);
    }

    Digest digest(int row) {
      return new Digest(digests.get(4 * row), digests.get(4 * row + 1),
          digests.get(4 * row + 2), digests.get(4 * row + 3));
    }

    /** Whether {@code d} is the digest of a submission that used number {@code n}. */
    boolean has(long n, Digest d) {
      int r = row(n);
      if (r < 0) {
        return false;
      }
      return digest(r).equals(d) || alternates.getOrDefault(n, List.of()).contains(d);
    }
  }

  /** Where the report finds the declared screenings of a cinema that start in a stretch. */
  interface Starts {
    /** The declared, not cancelled screenings of {@code cinema} starting in (from, to). */
    List<Screening> between(Bin cinema, long fromExclusive, long toExclusive);
  }

  private final long silence;
  private final long grace;
  private final Map<TerminalKey, Line> lines = new HashMap<>();
  private final Map<TerminalKey, Bin> registered = new HashMap<>();

  Counters(AnomalyRules rules) {
    this.silence = rules.silence().toSeconds();
    this.grace = rules.gapGrace().toSeconds();
  }

  /** A TERMINAL entry: a later one for the same vendor and id replaces the cinema. */
  void terminal(Terminal t) {
    registered.put(new TerminalKey(t.vendor(), t.id()), t.cinema());
  }

  /** A version 2 sale or refund, counted by its terminal. */
  void submission(Bin vendor, Counter counter, String digestHex, Bin cinema, long serial,
      Instant registeredAt) {
    TerminalKey key = new TerminalKey(vendor, counter.terminal());
    Line line = lines.computeIfAbsent(key, k -> new Line(k, cinema));
    long at = registeredAt.getEpochSecond();
    if (line.lastSerial != 0 && at - line.lastAt > silence) {
      line.quiets.add(new Quiet(line.lastAt, line.lastSerial, at, serial));
    }
    line.lastAt = at;
    line.lastSerial = serial;

    long n = counter.sequence();
    Digest digest = Digest.ofHex(digestHex);
    String previousHex = counter.previous();
    Digest previous = previousHex == null ? null : Digest.ofHex(previousHex);
    int used = line.row(n);
    if (used >= 0) {
      if (line.has(n, digest)) {
        return; // the same submission again: nothing new to count
      }
      boolean back = n < line.highest;
      conflict(line, back ? AnomalyCode.COUNTER_ROLLBACK : AnomalyCode.COUNTER_FORK, n,
          line.serial(used), serial, registeredAt, back
              ? "went back from number " + line.highest + " to " + n + ", which it had used"
              : "signed two different submissions under number " + n);
      line.alternates.computeIfAbsent(n, k -> new ArrayList<>(2)).add(digest);
      return;
    }
    line.add(n, serial, at, digest);
    if (previous != null) {
      int before = line.row(n - 1);
      if (before < 0) {
        line.pending.put(n, new Pending(serial, previous));
      } else if (!line.has(n - 1, previous)) {
        conflict(line, AnomalyCode.COUNTER_FORK, n, line.serial(before), serial, registeredAt,
            "sent number " + n + " chained to another number " + (n - 1) + " than it sent");
      }
    }
    Pending next = line.pending.remove(n + 1);
    if (next != null && !next.previous.equals(digest)) {
      conflict(line, AnomalyCode.COUNTER_FORK, n + 1, serial, next.serial, registeredAt,
          "sent number " + (n + 1) + " chained to another number " + n + " than it sent");
    }
    if (n > line.highest + 1) {
      int lower = line.row(line.highest);
      line.gaps.put(line.highest + 1, new Gap(line.highest + 1, n - 1, at,
          lower < 0 ? 0 : line.serial(lower), serial));
    } else if (n < line.highest) {
      Map.Entry<Long, Gap> e = line.gaps.floorEntry(n);
      if (e != null && n <= e.getValue().hi) {
        Gap g = e.getValue();
        g.filled++;
        g.lastFillAt = Math.max(g.lastFillAt, at);
        g.lastFillSerial = serial;
      }
    }
    line.highest = Math.max(line.highest, n);
  }

  /**
   * A terminal has at most one fork-or-rollback anomaly: the first conflict names its code, and
   * every later one is added to it, so that one event (a restored backup resending its numbers,
   * a clone interleaving with the original) is one anomaly.
   */
  private static void conflict(Line line, AnomalyCode code, long n, long earlier, long later,
      Instant at, String what) {
    Episode e = line.conflict;
    if (e == null) {
      e = new Episode(code, line.key.vendor(), line.key.terminal(), null, at);
      if (code == AnomalyCode.COUNTER_ROLLBACK) {
        e.number("highest", line.highest).number("wentBackTo", n);
      }
      line.conflict = e;
      line.conflictFirst = what;
    }
    e.serial(earlier).serial(later).sequence(n).number("conflicts", e.number("conflicts") + 1);
  }

  /** The cinema of a terminal the log knows (a TERMINAL entry, or earlier submissions). */
  @Nullable Bin cinema(TerminalKey key) {
    Bin c = registered.get(key);
    Line line = lines.get(key);
    return c != null ? c : line == null ? null : line.firstCinema;
  }

  private Bin cinemaOf(Line line) {
    Bin c = registered.get(line.key);
    return c == null ? line.firstCinema : c;
  }

  /** The counter anomalies and the silent stretches as of {@code now} (epoch seconds). */
  void anomalies(long now, Starts starts, List<Anomaly> out) {
    for (Line line : lines.values()) {
      Bin cinema = cinemaOf(line);
      String who = "terminal " + line.key.terminal() + " of vendor " + line.key.vendor();
      Episode c = line.conflict;
      if (c != null) {
        long k = c.number("conflicts");
        out.add(c.toAnomaly(cinema, who + " " + line.conflictFirst
            + (k > 1 ? "; " + k + " conflicting submissions in all" : "")));
      }
      for (Gap g : line.gaps.values()) {
        gap(line, g, now, cinema, who, out);
      }
      List<Quiet> quiets = new ArrayList<>(line.quiets);
      if (now - line.lastAt > silence) {
        quiets.add(new Quiet(line.lastAt, line.lastSerial, now, 0));
      }
      for (Quiet q : quiets) {
        List<Screening> started = starts.between(cinema, q.from + silence, q.to);
        if (started.isEmpty()) {
          continue;
        }
        Screening first = started.get(0);
        Episode e = new Episode(AnomalyCode.SILENT_TERMINAL, line.key.vendor(),
            line.key.terminal(), first.id(), first.start()).serial(q.fromSerial)
            .number("quietSeconds", q.to - q.from).number("screenings", started.size());
        if (q.toSerial != 0) {
          e.resolve(q.toSerial, Instant.ofEpochSecond(q.to));
        }
        out.add(e.toAnomaly(cinema, who + " sent nothing from " + Instant.ofEpochSecond(q.from)
            + (q.toSerial != 0 ? " to " + Instant.ofEpochSecond(q.to) : " on") + " ("
            + span(q.to - q.from) + ") while " + started.size() + " declared screening"
            + (started.size() == 1 ? "" : "s") + " of its cinema started, the first "
            + first.id() + " at " + first.start()));
      }
    }
  }

  private void gap(Line line, Gap g, long now, Bin cinema, String who, List<Anomaly> out) {
    long size = g.hi - g.lo + 1;
    long missing = size - g.filled;
    boolean resolved = missing == 0;
    long until = resolved ? g.lastFillAt : now;
    if (until - g.noticedAt <= grace) {
      return; // arrived, or may still arrive, within the grace: out of order, not missing
    }
    Episode e = new Episode(AnomalyCode.COUNTER_GAP, line.key.vendor(), line.key.terminal(),
        null, Instant.ofEpochSecond(g.noticedAt + grace));
    if (g.lowerSerial != 0) {
      e.serial(g.lowerSerial);
    }
    e.serial(g.upperSerial);
    if (resolved) {
      e.resolve(g.lastFillSerial, Instant.ofEpochSecond(g.lastFillAt));
    }
    int listed = 0;
    for (long n = g.lo; n <= g.hi && listed < Anomaly.MAX_EVIDENCE; n++) {
      if (!line.used(n)) {
        e.sequence(n);
        listed++;
      }
    }
    e.number("from", g.lo).number("to", g.hi).number("missing", missing)
        .number("filled", g.filled);
    String numbers = g.lo == g.hi ? "number " + g.lo : "numbers " + g.lo + " to " + g.hi;
    out.add(e.toAnomaly(cinema, who + ": " + numbers + " missing when number " + (g.hi + 1)
        + " arrived at " + Instant.ofEpochSecond(g.noticedAt) + (resolved
            ? "; all arrived late, the last at " + Instant.ofEpochSecond(g.lastFillAt)
            : "; " + missing + " still missing")));
  }

  /** Each vendor's received and expected numbers per day (Asia/Almaty). */
  List<VendorDay> vendorDays() {
    record Key(Bin vendor, LocalDate day) {}
    final class Sum {
      long received;
      long expected;
      final Set<TerminalKey> terminals = new HashSet<>();
    }
    Map<Key, Sum> sums = new HashMap<>();
    for (Line line : lines.values()) {
      long[] used = new long[line.rows()];
      for (int r = 0; r < used.length; r++) {
        used[r] = line.number(r);
      }
      Arrays.sort(used);
      long before = 0;
      for (long n : used) {
        Key k = new Key(line.key.vendor(), LocalDate.ofInstant(
            Instant.ofEpochSecond(line.at(line.row(n))), Screening.ZONE));
        Sum sum = sums.computeIfAbsent(k, x -> new Sum());
        sum.received++;
        sum.expected += n - before;
        sum.terminals.add(line.key);
        before = n;
      }
    }
    List<VendorDay> out = new ArrayList<>();
    sums.forEach((k, v) -> out.add(new VendorDay(k.vendor(), k.day(), v.terminals.size(),
        v.received, v.expected)));
    return out;
  }

  /** A span in words: "1 h 5 min", "9 min 30 s", "1 s". */
  static String span(long seconds) {
    long h = seconds / 3600;
    long m = seconds / 60 % 60;
    long s = seconds % 60;
    StringBuilder out = new StringBuilder();
    if (h > 0) {
      out.append(h).append(" h");
    }
    if (m > 0) {
      out.append(out.length() > 0 ? " " : "").append(m).append(" min");
    }
    if (s > 0 || seconds == 0) {
      out.append(out.length() > 0 ? " " : "").append(s).append(" s");
    }
    return out.toString();
  }
}
