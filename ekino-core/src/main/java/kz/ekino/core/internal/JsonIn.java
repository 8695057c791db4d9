package kz.ekino.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A strict reader over one JSON object: every field is read by name and type, unknown fields
 * and duplicate names are errors, numbers must be integers where integers are expected, and
 * every error message starts with the path of the field ({@code screening.start: ...}).
 */
public final class JsonIn {
  /** The largest document any caller may allow; each caller sets its own, smaller limit. */
  public static final int MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;

  /** Sale JSON nests 4 deep; a trust list 3. */
  public static final int MAX_NESTING = 16;
  /** Longer than any long (19 digits and a sign) with room for a fraction that is refused later. */
  public static final int MAX_NUMBER_CHARS = 24;
  /** Names of Jackson's classes, settings and sources: never shown to the author of a document. */
  private static final Pattern LIBRARY_WORDS =
      Pattern.compile("`|com\\.fasterxml|java\\.|Exception|Feature|Source:|FAIL_ON_");

  private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(MAX_NESTING)
              // No string can be longer than the document, whose size is checked first.
              .maxStringLength(MAX_DOCUMENT_BYTES)
              .maxNumberLength(MAX_NUMBER_CHARS)
              .build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private final JsonNode node;
  private final String path;
  private final Set<String> read = new HashSet<>();

  private JsonIn(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** Parses a whole document, which must be one JSON object of at most {@code maxBytes}. */
  public static JsonIn parse(byte[] json, int maxBytes) throws JsonInputException {
    if (maxBytes > MAX_DOCUMENT_BYTES) {
      throw new IllegalArgumentException("documents are limited to " + MAX_DOCUMENT_BYTES
          + " bytes, not " + maxBytes);
    }
    if (json.length > maxBytes) {
      throw new JsonInputException("document is larger than " + maxBytes + " bytes");
    }
    JsonNode root;
    JsonParser parser;
    try {
      parser = MAPPER.createParser(json);
    } catch (IOException e) {
      throw new JsonInputException("not valid JSON: cannot read the document");
    }
    try (parser) {
      root = MAPPER.readTree(parser);
    } catch (StreamConstraintsException e) {
      // A broken limit comes without a location of its own: the parser's position is the best.
      throw new JsonInputException("not valid JSON: " + limit(e) + where(parser.currentLocation()));
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new JsonInputException("not valid JSON: " + describe(e)
          + where(at != null ? at : parser.currentLocation()));
    } catch (IOException e) {
      throw new JsonInputException("not valid JSON: cannot read the document");
    }
    if (root == null || !root.isObject()) {
      throw new JsonInputException("expected a JSON object");
    }
    return new JsonIn(root, "");
  }

  /** Which of the stream limits the document broke, in the reader's words, not Jackson's. */
  private static String limit(StreamConstraintsException e) {
    String m = String.valueOf(e.getOriginalMessage());
    if (m.startsWith("Number value length")) {
      return "a number is longer than " + MAX_NUMBER_CHARS + " characters";
    }
    if (m.contains("nesting depth")) {
      return "nested deeper than " + MAX_NESTING + " levels";
    }
    if (m.startsWith("String value length")) {
      return "a string is longer than " + MAX_DOCUMENT_BYTES + " characters";
    }
    if (m.startsWith("Name length")) {
      return "a field name is too long";
    }
    return "the document breaks a size limit";
  }

  /**
   * Jackson's description of a syntax error without what names its own classes, settings or
   * sources: those mean nothing to whoever wrote the document.
   */
  private static String describe(JsonProcessingException e) {
    String m = String.valueOf(e.getOriginalMessage());
    if (m.startsWith("Trailing token")) {
      return "unexpected data after the JSON object";
    }
    if (m.startsWith("Unexpected end-of-input")) {
      return "the document ends before its last array, object or string is closed";
    }
    if (m.startsWith("Duplicate field")) {
      return bounded(m);
    }
    int cut = m.indexOf(" (start marker at");
    if (cut >= 0) {
      m = m.substring(0, cut);
    }
    m = m.lines().findFirst().orElse("");
    if (m.isBlank() || LIBRARY_WORDS.matcher(m).find()) {
      return "syntax error";
    }
    return m.length() > 200 ? m.substring(0, 200) + "…" : m;
  }

  private static String where(@Nullable JsonLocation at) {
    if (at == null || at.getLineNr() < 1) {
      return " (location unknown)";
    }
    return " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }

  public String text(String field) throws JsonInputException {
    JsonNode v = required(field);
    if (!v.isTextual()) {
      throw error(field, "expected a string");
    }
    return v.textValue();
  }

  public Optional<String> optionalText(String field) throws JsonInputException {
    return has(field) ? Optional.of(text(field)) : Optional.empty();
  }

  public long integer(String field) throws JsonInputException {
    JsonNode v = required(field);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw error(field, "expected an integer");
    }
    return v.longValue();
  }

  public boolean bool(String field) throws JsonInputException {
    JsonNode v = required(field);
    if (!v.isBoolean()) {
      throw error(field, "expected true or false");
    }
    return v.booleanValue();
  }

  public boolean optionalBool(String field, boolean absent) throws JsonInputException {
    return has(field) ? bool(field) : absent;
  }

  /** An RFC 3339 date-time with an offset ({@code Z} or {@code +05:00}), read as an instant. */
  public Instant instant(String field) throws JsonInputException {
    String s = text(field);
    try {
      return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw error(field, "expected a date-time with offset like 2026-11-28T14:30:00Z, got '"
          + bounded(s) + "'");
    }
  }

  public Optional<Instant> optionalInstant(String field) throws JsonInputException {
    return has(field) ? Optional.of(instant(field)) : Optional.empty();
  }

  /** A string converted by a model factory; its IllegalArgumentException becomes this field's. */
  public <T> T text(String field, Function<String, T> convert) throws JsonInputException {
    String s = text(field);
    return convert(field, () -> convert.apply(s));
  }

  public <T> Optional<T> optionalText(String field, Function<String, T> convert)
      throws JsonInputException {
    return has(field) ? Optional.of(text(field, convert)) : Optional.empty();
  }

  public JsonIn object(String field) throws JsonInputException {
    JsonNode v = required(field);
    if (!v.isObject()) {
      throw error(field, "expected an object");
    }
    return new JsonIn(v, pathOf(field));
  }

  public boolean isText(String field) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual();
  }

  /** Whether the field is present and not {@code null}; an explicit null counts as absent. */
  public boolean has(String field) {
    read.add(field);
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  public List<JsonIn> objects(String field, int max) throws JsonInputException {
    JsonNode v = array(field, max);
    List<JsonIn> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isObject()) {
        throw new JsonInputException(pathOf(field) + "[" + i + "]: expected an object");
      }
      out.add(new JsonIn(e, pathOf(field) + "[" + i + "]"));
    }
    return out;
  }

  public <T> List<T> texts(String field, int max, Function<String, T> convert)
      throws JsonInputException {
    JsonNode v = array(field, max);
    List<T> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      String element = field + "[" + i + "]";
      if (!e.isTextual()) {
        throw error(element, "expected a string");
      }
      out.add(convert(element, () -> convert.apply(e.textValue())));
    }
    return out;
  }

  /** Fails on any field that was not read: a misspelt optional field must not pass unnoticed. */
  public void requireNoOtherFields() throws JsonInputException {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!read.contains(name)) {
        throw error(name, "unknown field");
      }
    }
  }

  /** Builds an error for {@code field} of this object, for checks made by the caller. */
  public JsonInputException error(String field, String message) {
    return new JsonInputException(pathOf(field) + ": " + message);
  }

  @FunctionalInterface
  public interface Conversion<T> {
    T get();
  }

  public <T> T convert(String field, Conversion<T> conversion) throws JsonInputException {
    try {
      return conversion.get();
    } catch (IllegalArgumentException e) {
      throw error(field, String.valueOf(e.getMessage()));
    }
  }

  private JsonNode array(String field, int max) throws JsonInputException {
    JsonNode v = required(field);
    if (!v.isArray()) {
      throw error(field, "expected an array");
    }
    if (v.size() > max) {
      throw error(field, "more than " + max + " elements");
    }
    return v;
  }

  private JsonNode required(String field) throws JsonInputException {
    read.add(field);
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw error(field, "required field is missing");
    }
    return v;
  }

  private String pathOf(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  private static String bounded(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
