package kz.ekino.core.monitor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import kz.ekino.core.internal.JsonOut;
import kz.ekino.core.internal.Sha256;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.model.CountryCode;
import kz.ekino.core.model.Film;
import kz.ekino.core.model.Titles;

/**
 * Open data (docs/spec/open-data-v1.md): daily tickets and box office by film, region,
 * screening language, production country and national or foreign film, as CSV and JSON, each
 * computed from a log that checked and stamped with its checkpoint. The bytes are a function
 * of the log up to the checkpoint and the range of screenings alone (rows sorted, integers
 * only, UTF-8, LF), so anyone holding the log recomputes them byte for byte. Only
 * {@link LogMonitor#openData} makes one.
 */
public final class OpenData {
  public static final int VERSION = 1;
  /** The checkpoint, every file's SHA-256 and the totals; written last. */
  public static final String MANIFEST = "MANIFEST.json";
  /** The registry's signed checkpoint note, verbatim. */
  public static final String CHECKPOINT = "checkpoint.txt";
  static final String NATIONAL = "national";
  static final String FOREIGN = "foreign";

  /** The daily datasets, each written as {@code <name>.csv} and {@code <name>.json}. */
  public enum Dataset {
    FILM("daily-by-film"),
    REGION("daily-by-region"),
    LANGUAGE("daily-by-language"),
    /** A co-production counts in each of its production countries. */
    COUNTRY("daily-by-country"),
    /** {@code national} or {@code foreign}, by the register's national-film flag. */
    ORIGIN("daily-by-origin");

    private final String fileName;

    Dataset(String fileName) {
      this.fileName = fileName;
    }

    /** The file name without its extension. */
    public String fileName() {
      return fileName;
    }

    /** The columns after {@code day}: the key, then what describes it. */
    List<String> keyColumns() {
      switch (this) {
        case FILM:
          return List.of("film", "titleKk", "titleRu", "titleEn");
        case REGION:
          return List.of("region", "regionName");
        case LANGUAGE:
          return List.of("language");
        case COUNTRY:
          return List.of("country");
        case ORIGIN:
          return List.of("origin");
        default:
          throw new AssertionError(this);
      }
    }
  }

  private static final List<String> FIGURES =
      List.of("sold", "refunded", "netTickets", "boxOfficeTiyn", "admissions");

  /** A row's key: the day, the key and the columns describing it ("" when absent). */
  private record Row(LocalDate day, List<String> key) {}

  private static final Comparator<Row> ORDER = Comparator.comparing(Row::day)
      .thenComparing(r -> r.key().get(0));

  private final Checkpoint checkpoint;
  private final Figures total;
  private final Map<String, byte[]> files;

  private OpenData(Checkpoint checkpoint, Figures total, Map<String, byte[]> files) {
    this.checkpoint = checkpoint;
    this.total = total;
    this.files = files;
  }

  /**
   * The open data of {@code tally}, which holds exactly the entries of {@code checkpoint},
   * whose signed note is {@code note}: the caller checked both.
   */
  static OpenData of(String note, Checkpoint checkpoint, BoxOfficeTally tally) {
    if (tally.entries() != checkpoint.treeSize()) {
      throw new IllegalArgumentException("the tally holds " + tally.entries()
          + " entries, the checkpoint " + checkpoint.treeSize());
    }
    if (!note.startsWith(checkpoint.noteText() + "\n")) {
      throw new IllegalArgumentException("the note is not that of the checkpoint");
    }
    Map<BoxOfficeTally.Group, Figures> groups = tally.groups();
    String stamp = stamp(checkpoint, tally.from(), tally.to());
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(CHECKPOINT, note.getBytes(StandardCharsets.UTF_8));
    List<String> manifestFiles = new ArrayList<>();
    manifestFiles.add(fileLine(CHECKPOINT, -1, files.get(CHECKPOINT)));
    for (Dataset d : Dataset.values()) {
      SortedMap<Row, Figures> rows = rows(d, groups, tally);
      byte[] csv = csv(d, rows);
      byte[] json = json(d, rows, stamp);
      files.put(d.fileName + ".csv", csv);
      files.put(d.fileName + ".json", json);
      manifestFiles.add(fileLine(d.fileName + ".csv", rows.size(), csv));
      manifestFiles.add(fileLine(d.fileName + ".json", rows.size(), json));
    }
    Figures total = BoxOfficeTally.total(tally.rows());
    StringBuilder m = new StringBuilder();
    m.append("{\"version\":").append(VERSION).append(",\n").append(stamp).append(",\n")
        .append("\"total\":").append(json(figures(JsonOut.object(), total))).append(",\n")
        .append("\"files\":[\n").append(String.join(",\n", manifestFiles)).append("\n]}\n");
    files.put(MANIFEST, m.toString().getBytes(StandardCharsets.UTF_8));
    return new OpenData(checkpoint, total, Collections.unmodifiableMap(files));
  }

  /** The checkpoint the data was computed from. */
  public Checkpoint checkpoint() {
    return checkpoint;
  }

  /** Every counted ticket; a dataset's rows add up to less where the log does not place one. */
  public Figures total() {
    return total;
  }

  /** The files' names, in the order they are written: the manifest last. */
  public List<String> names() {
    return List.copyOf(files.keySet());
  }

  /** A file's bytes. */
  public byte[] bytes(String name) {
    byte[] b = files.get(name);
    if (b == null) {
      throw new IllegalArgumentException("no open data file " + name + "; there are "
          + files.keySet());
    }
    return b.clone();
  }

  /**
   * Writes every file into {@code dir}, which must exist and hold none of them; each is
   * created new and synced, the manifest last, so a directory without a manifest is
   * incomplete.
   */
  public void writeTo(Path dir) throws IOException {
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      try (FileChannel c = FileChannel.open(dir.resolve(f.getKey()),
          StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(f.getValue());
        while (b.hasRemaining()) {
          c.write(b);
        }
        c.force(true);
      }
    }
  }

  // -----------------------------------------------------------------------------------------

  private static SortedMap<Row, Figures> rows(Dataset d, Map<BoxOfficeTally.Group, Figures> groups,
      BoxOfficeTally tally) {
    SortedMap<Row, Figures> rows = new TreeMap<>(ORDER);
    groups.forEach((g, f) -> keys(d, g, tally, key ->
        rows.merge(new Row(g.day(), key), f, Figures::plus)));
    return rows;
  }

  /** Each row key the group counts in: none where the log does not say, several countries. */
  private static void keys(Dataset d, BoxOfficeTally.Group g, BoxOfficeTally tally,
      Consumer<List<String>> out) {
    Optional<Film> film = tally.film(g.film());
    switch (d) {
      case FILM: {
        Optional<Titles> t = film.map(Film::titles);
        out.accept(List.of(g.film().value(), t.map(Titles::kk).orElse(""),
            t.map(Titles::ru).orElse(""), t.map(Titles::en).orElse("")));
        break;
      }
      case REGION:
        tally.region(g.cinema()).ifPresent(r -> out.accept(List.of(r.code(),
            r.englishName())));
        break;
      case LANGUAGE:
        out.accept(List.of(g.language().code()));
        break;
      case COUNTRY:
        film.ifPresent(f -> f.countries().stream().map(CountryCode::code).sorted()
            .forEach(c -> out.accept(List.of(c))));
        break;
      case ORIGIN:
        film.ifPresent(f -> out.accept(List.of(f.national() ? NATIONAL : FOREIGN)));
        break;
      default:
        throw new AssertionError(d);
    }
  }

  private static byte[] csv(Dataset d, SortedMap<Row, Figures> rows) {
    StringBuilder s = new StringBuilder(64 + rows.size() * 96);
    List<String> header = new ArrayList<>();
    header.add("day");
    header.addAll(d.keyColumns());
    header.addAll(FIGURES);
    s.append(String.join(",", header)).append('\n');
    rows.forEach((r, f) -> {
      s.append(r.day());
      for (String v : r.key()) {
        s.append(',').append(csvField(v));
      }
      s.append(',').append(f.ticketsSold()).append(',').append(f.ticketsRefunded())
          .append(',').append(f.netTickets()).append(',').append(f.boxOfficeTiyn())
          .append(',').append(f.admissions()).append('\n');
    });
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * RFC 4180: a field holding a comma, a double quote or a line break is quoted, its quotes
   * doubled; any other field is written as it is.
   */
  static String csvField(String v) {
    if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0
        && v.indexOf('\r') < 0) {
      return v;
    }
    return "\"" + v.replace("\"", "\"\"") + "\"";
  }

  private static byte[] json(Dataset d, SortedMap<Row, Figures> rows, String stamp) {
    StringBuilder s = new StringBuilder(256 + rows.size() * 160);
    s.append("{\"version\":").append(VERSION).append(",\"dataset\":\"").append(d.fileName)
        .append("\",\n").append(stamp).append(",\n\"rows\":[");
    String sep = "\n";
    for (Map.Entry<Row, Figures> e : rows.entrySet()) {
      ObjectNode o = JsonOut.object().put("day", e.getKey().day().toString());
      forEachKey(d, e.getKey(), (column, value) -> {
        if (!value.isEmpty()) {
          o.put(column, value);
        }
      });
      s.append(sep).append(json(figures(o, e.getValue())));
      sep = ",\n";
    }
    s.append("\n]}\n");
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void forEachKey(Dataset d, Row r, BiConsumer<String, String> out) {
    List<String> columns = d.keyColumns();
    for (int i = 0; i < columns.size(); i++) {
      out.accept(columns.get(i), r.key().get(i));
    }
  }

  private static ObjectNode figures(ObjectNode o, Figures f) {
    return o.put("sold", f.ticketsSold()).put("refunded", f.ticketsRefunded())
        .put("netTickets", f.netTickets()).put("boxOfficeTiyn", f.boxOfficeTiyn())
        .put("admissions", f.admissions());
  }

  /** The checkpoint and the range of screenings: two lines of JSON members. */
  private static String stamp(Checkpoint cp, Instant from, Instant to) {
    ObjectNode c = JsonOut.object().put("origin", cp.origin()).put("treeSize", cp.treeSize())
        .put("root", cp.rootHash().toBase64());
    ObjectNode r = JsonOut.object().put("from", from.toString()).put("to", to.toString());
    return "\"checkpoint\":" + json(c) + ",\n\"screenings\":" + json(r);
  }

  private static String fileLine(String name, long rows, byte[] bytes) {
    ObjectNode o = JsonOut.object().put("name", name);
    if (rows >= 0) {
      o.put("rows", rows);
    }
    return json(o.put("bytes", bytes.length)
        .put("sha256", HexFormat.of().formatHex(Sha256.digest(bytes))));
  }

  private static String json(ObjectNode o) {
    return new String(JsonOut.compact(o), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "OpenData[" + checkpoint.origin() + " at " + checkpoint.treeSize() + ", " + total
        + "]";
  }
}
