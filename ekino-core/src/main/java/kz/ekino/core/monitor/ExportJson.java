package kz.ekino.core.monitor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import kz.ekino.core.internal.JsonIn;
import kz.ekino.core.internal.JsonInputException;
import kz.ekino.core.internal.JsonOut;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Region;
import kz.ekino.core.model.RentalCertificate;

/**
 * monitoring.json, version 1 (docs/spec/export-v1.md §3): the header fields, then one compact
 * row object per line, so that a large report stays small and diffs line by line.
 */
final class ExportJson {
  static final int VERSION = 1;
  /** The document limit of the strict reader: about 60,000 rows. */
  static final int MAX_BYTES = JsonIn.MAX_DOCUMENT_BYTES;
  static final int MAX_ROWS = 200_000;
  static final String GROUP_BY = "[\"FILM\",\"CINEMA\",\"REGION\",\"DAY\"]";

  private ExportJson() {}

  static byte[] write(RegistryReport report) {
    StringBuilder s = new StringBuilder(256 + report.rows().size() * 140);
    s.append("{\"version\":").append(VERSION)
        .append(",\"treeSize\":").append(report.treeSize())
        .append(",\"from\":\"").append(report.from())
        .append("\",\"to\":\"").append(report.to())
        .append("\",\"groupBy\":").append(GROUP_BY)
        .append(",\"rows\":[");
    String sep = "\n";
    for (Map.Entry<FigureKey, Figures> e : report.rows().entrySet()) {
      s.append(sep).append(new String(JsonOut.compact(row(e.getKey(), e.getValue())),
          StandardCharsets.UTF_8));
      sep = ",\n";
    }
    s.append("\n]}\n");
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static ObjectNode row(FigureKey k, Figures f) {
    ObjectNode o = JsonOut.object().put("film", k.film().value()).put("cinema",
        k.cinema().value());
    k.region().ifPresent(r -> o.put("region", r.code()));
    return o.put("day", k.day().toString())
        .put("sold", f.ticketsSold())
        .put("refunded", f.ticketsRefunded())
        .put("boxOfficeTiyn", f.boxOfficeTiyn())
        .put("admissions", f.admissions());
  }

  static RegistryReport read(byte[] json) throws JsonInputException {
    JsonIn in = JsonIn.parse(json, MAX_BYTES);
    if (in.integer("version") != VERSION) {
      throw in.error("version", "only version " + VERSION + " is known");
    }
    long size = in.integer("treeSize");
    if (size < 0) {
      throw in.error("treeSize", "must not be negative");
    }
    Instant from = in.instant("from");
    Instant to = in.instant("to");
    if (to.isBefore(from)) {
      throw in.error("to", "ends before from");
    }
    List<String> groupBy = in.texts("groupBy", 4, t -> t);
    if (!groupBy.equals(List.of("FILM", "CINEMA", "REGION", "DAY"))) {
      throw in.error("groupBy", "must be " + GROUP_BY);
    }
    SortedMap<FigureKey, Figures> rows = new TreeMap<>();
    for (JsonIn r : in.objects("rows", MAX_ROWS)) {
      FigureKey key = new FigureKey(r.text("film", RentalCertificate::of),
          r.text("cinema", Bin::of), r.optionalText("region", Region::ofCode),
          r.text("day", ExportJson::day));
      Figures f = new Figures(count(r, "sold"), count(r, "refunded"),
          r.integer("boxOfficeTiyn"), count(r, "admissions"));
      r.requireNoOtherFields();
      if (rows.put(key, f) != null) {
        throw in.error("rows", "two rows for " + key);
      }
    }
    in.requireNoOtherFields();
    return new RegistryReport(size, from, to, rows);
  }

  /** An ISO date, 2026-11-28; a parse error is the field's IllegalArgumentException. */
  static LocalDate day(String s) {
    if (!s.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
      throw new IllegalArgumentException("expected a date like 2026-11-28");
    }
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("no such date: " + s, e);
    }
  }

  private static long count(JsonIn r, String field) throws JsonInputException {
    long v = r.integer(field);
    if (v < 0) {
      throw r.error(field, "must not be negative");
    }
    return v;
  }
}
