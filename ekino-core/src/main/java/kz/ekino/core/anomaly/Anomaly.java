package kz.ekino.core.anomaly;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import kz.ekino.core.internal.JsonOut;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.ScreeningId;
import kz.ekino.core.model.TerminalId;
import org.jspecify.annotations.Nullable;

/**
 * One finding of an anomaly rule (docs/anomalies.md), with the evidence to follow it up.
 *
 * @param code the rule
 * @param cinema the cinema it concerns (a terminal's cinema for the counter rules)
 * @param vendor the vendor, where one vendor is responsible (counter rules, silence, bulk
 *     purchases, refunds, undeclared sales); null for what is the cinema's (capacity, late
 *     uploads, ghost screenings)
 * @param terminal the selling terminal, when the rule is about one
 * @param screening the screening (cinema's screening id), when the rule is about one
 * @param firstSeen the first instant the rule held on the log as it then was
 * @param resolvedAt the instant it stopped holding, or null while it is still open
 * @param serials log serials of the evidence, in the order each rule documents; at most
 *     {@link #MAX_EVIDENCE}
 * @param sequences terminal sequence numbers of the evidence (counter rules; empty otherwise);
 *     at most {@link #MAX_EVIDENCE}
 * @param numbers a few named numbers (counts, seats, seconds), in a fixed order per rule
 * @param detail one line of English saying what was found
 */
public record Anomaly(AnomalyCode code, Bin cinema, @Nullable Bin vendor,
    @Nullable TerminalId terminal, @Nullable ScreeningId screening, Instant firstSeen,
    @Nullable Instant resolvedAt, List<Long> serials, List<Long> sequences,
    Map<String, Long> numbers, String detail) {
  /** The most serials, and the most sequence numbers, an anomaly lists. */
  public static final int MAX_EVIDENCE = 50;

  /** The report's order: first seen, then code, cinema, vendor, terminal, screening, serials. */
  static final Comparator<Anomaly> ORDER = Comparator.comparing(Anomaly::firstSeen)
      .thenComparing(a -> a.code().name())
      .thenComparing(a -> a.cinema().value())
      .thenComparing(a -> a.vendor() == null ? "" : a.vendor().value())
      .thenComparing(a -> a.terminal() == null ? "" : a.terminal().value())
      .thenComparing(a -> a.screening() == null ? "" : a.screening().value())
      .thenComparing(Anomaly::serials, Anomaly::compareLists)
      .thenComparing(Anomaly::sequences, Anomaly::compareLists)
      .thenComparing(Anomaly::detail);

  public Anomaly {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(cinema, "cinema");
    Objects.requireNonNull(firstSeen, "firstSeen");
    if (resolvedAt != null && resolvedAt.isBefore(firstSeen)) {
      throw new IllegalArgumentException("resolved at " + resolvedAt + ", before first seen "
          + firstSeen);
    }
    if (terminal != null && vendor == null) {
      throw new IllegalArgumentException("a terminal is named with its vendor");
    }
    serials = List.copyOf(serials);
    sequences = List.copyOf(sequences);
    if (serials.size() > MAX_EVIDENCE || sequences.size() > MAX_EVIDENCE) {
      throw new IllegalArgumentException("at most " + MAX_EVIDENCE + " serials and sequence "
          + "numbers");
    }
    numbers.forEach((k, v) -> Objects.requireNonNull(v, k));
    numbers = Collections.unmodifiableMap(new LinkedHashMap<>(numbers));
    Objects.requireNonNull(detail, "detail");
  }

  /** Whether the rule still holds: no resolution yet. */
  public boolean open() {
    return resolvedAt == null;
  }

  /**
   * The anomaly as one line of JSON (no line break), what {@code ekino anomalies} prints:
   * {@code {"type":"COUNTER_GAP","cinema":…,"vendor":…,"terminal":…,"screening":…,
   * "firstSeen":…,"resolvedAt":…,"serials":[…],"sequences":[…],"numbers":{…},"detail":…}};
   * absent values are null, instants are ISO-8601 UTC.
   */
  public String toJson() {
    ObjectNode o = JsonOut.object();
    o.put("type", code.name());
    o.put("cinema", cinema.value());
    o.put("vendor", vendor == null ? null : vendor.value());
    o.put("terminal", terminal == null ? null : terminal.value());
    o.put("screening", screening == null ? null : screening.value());
    o.put("firstSeen", firstSeen.toString());
    o.put("resolvedAt", resolvedAt == null ? null : resolvedAt.toString());
    ArrayNode s = o.putArray("serials");
    serials.forEach(s::add);
    ArrayNode q = o.putArray("sequences");
    sequences.forEach(q::add);
    ObjectNode n = o.putObject("numbers");
    numbers.forEach(n::put);
    o.put("detail", detail);
    return new String(JsonOut.compact(o), StandardCharsets.UTF_8);
  }

  private static int compareLists(List<Long> a, List<Long> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = Long.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }
}
