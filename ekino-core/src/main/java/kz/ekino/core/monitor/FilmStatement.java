package kz.ekino.core.monitor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import kz.ekino.core.internal.JsonOut;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.model.Region;
import kz.ekino.core.model.RentalCertificate;

/**
 * A film's statement for its rights holder (docs/spec/export-v1.md §6): tickets and box office
 * of one rental certificate by cinema and screening day over the days [from, to), computed
 * from the log at {@code checkpoint}. Anyone holding the log up to that checkpoint recomputes
 * the same figures to the tiyn.
 */
public record FilmStatement(Checkpoint checkpoint, RentalCertificate film, LocalDate from,
    LocalDate to, SortedMap<FigureKey, Figures> rows) {
  public FilmStatement {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(film, "film");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("a statement's period [" + from + ", " + to
          + ") must not be empty");
    }
    for (FigureKey k : rows.keySet()) {
      if (!k.film().equals(film) || k.day().isBefore(from) || !k.day().isBefore(to)) {
        throw new IllegalArgumentException(k + " is not in the statement of " + film.value()
            + " for [" + from + ", " + to + ")");
      }
    }
    rows = Collections.unmodifiableSortedMap(new TreeMap<>(rows));
  }

  public Figures total() {
    return BoxOfficeTally.total(rows);
  }

  /** The statement as JSON, one rendering for one statement (§6): rows in key order. */
  public String toJson() {
    ObjectNode o = JsonOut.object().put("film", film.value()).put("from", from.toString())
        .put("to", to.toString());
    o.putObject("checkpoint").put("origin", checkpoint.origin())
        .put("treeSize", checkpoint.treeSize()).put("root", checkpoint.rootHash().toBase64());
    ArrayNode a = o.putArray("rows");
    for (Map.Entry<FigureKey, Figures> e : rows.entrySet()) {
      ObjectNode r = a.addObject().put("cinema", e.getKey().cinema().value());
      e.getKey().region().ifPresent(g -> r.put("region", g.code()));
      put(r.put("day", e.getKey().day().toString()), e.getValue());
    }
    put(o.putObject("total"), total());
    return JsonOut.pretty(o);
  }

  private static void put(ObjectNode o, Figures f) {
    o.put("sold", f.ticketsSold()).put("refunded", f.ticketsRefunded())
        .put("netTickets", f.netTickets()).put("boxOfficeTiyn", f.boxOfficeTiyn())
        .put("admissions", f.admissions());
  }

  /** The statement as a table for people, amounts in tenge. */
  public String toText() {
    StringBuilder s = new StringBuilder();
    s.append("Statement of film ").append(film.value()).append(", screening days ").append(from)
        .append(" to ").append(to).append(" (exclusive)\n");
    s.append("Computed from the log ").append(checkpoint.origin()).append(" at size ")
        .append(checkpoint.treeSize()).append(", root ").append(checkpoint.rootHash().toBase64())
        .append('\n');
    s.append(String.format(java.util.Locale.ROOT, "%-12s %-6s %-10s %6s %6s %18s %8s%n",
        "cinema", "region", "day", "sold", "net", "box office, KZT", "admitted"));
    for (Map.Entry<FigureKey, Figures> e : rows.entrySet()) {
      FigureKey k = e.getKey();
      Figures f = e.getValue();
      s.append(String.format(java.util.Locale.ROOT, "%-12s %-6s %-10s %6d %6d %18s %8d%n",
          k.cinema().value(), k.region().map(Region::code).orElse("-"), k.day(),
          f.ticketsSold(), f.netTickets(), tenge(f.boxOfficeTiyn()), f.admissions()));
    }
    Figures t = total();
    s.append(String.format(java.util.Locale.ROOT, "%-12s %-6s %-10s %6d %6d %18s %8d%n",
        "total", "", "", t.ticketsSold(), t.netTickets(), tenge(t.boxOfficeTiyn()),
        t.admissions()));
    return s.toString();
  }

  /** Whole tiyn as tenge with two decimals, exactly (no floating point). */
  public static String tenge(long tiyn) {
    String sign = tiyn < 0 ? "-" : "";
    long a = Math.abs(tiyn);
    return sign + (a / 100) + "." + (a % 100 < 10 ? "0" : "") + (a % 100);
  }
}
