package kz.ekino.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import kz.ekino.core.anomaly.Anomaly;
import kz.ekino.core.anomaly.AnomalyCode;
import kz.ekino.core.anomaly.AnomalyReport;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Cinema;
import kz.ekino.core.model.CountryCode;
import kz.ekino.core.model.Film;
import kz.ekino.core.model.Genre;
import kz.ekino.core.model.Hall;
import kz.ekino.core.model.HallId;
import kz.ekino.core.model.KatoCode;
import kz.ekino.core.model.RentalCertificate;
import kz.ekino.core.model.Terminal;
import kz.ekino.core.model.TerminalId;
import kz.ekino.core.model.Titles;
import kz.ekino.core.monitor.FilmStatement;
import kz.ekino.core.registration.Refusal;
import kz.ekino.core.registration.RegistrationException;
import kz.ekino.core.trust.KeyRole;
import kz.ekino.core.trust.TrustedKey;
import kz.ekino.registry.Registry;
import kz.ekino.registry.monitoring.Dimension;
import kz.ekino.registry.monitoring.Monitoring;
import kz.ekino.registry.monitoring.Share;
import kz.ekino.registry.monitoring.Shares;
import kz.ekino.registry.monitoring.SilentCinema;
import kz.ekino.registry.monitoring.UploadFlags;
import kz.ekino.registry.monitoring.UploadLag;
import kz.ekino.server.MonitoringQueries.BoxOffice;
import kz.ekino.server.MonitoringQueries.Period;
import kz.ekino.server.MonitoringQueries.Row;
import kz.ekino.server.Operators.Role;
import org.jspecify.annotations.Nullable;

/**
 * The operator API (docs/server.md, "Operator API"): monitoring queries, anomalies, film
 * statements and the directory, behind bearer authentication ({@link OperatorAuth}). Reads
 * need the viewer role, directory changes the admin role. Every query parameter is checked:
 * an unknown, repeated or malformed one is 400 {@code BAD_REQUEST}.
 */
final class OperatorApi {
  /** The largest directory document (a cinema with 100 halls is well below it). */
  static final int MAX_DOCUMENT_BYTES = 64 * 1024;
  private static final String P = Api.PREFIX;
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(16).maxNumberLength(24).maxStringLength(MAX_DOCUMENT_BYTES).build());
  }

  private final MonitoringQueries queries;
  private final Registry registry;
  private final OperatorAuth auth;
  private final Statements statements;

  /** Visitors' reports from the verification page; null when the server keeps none. */
  private final @Nullable Complaints complaints;

  OperatorApi(MonitoringQueries queries, OperatorAuth auth, @Nullable Complaints complaints) {
    this.complaints = complaints;
    this.queries = queries;
    this.registry = queries.registry();
    this.auth = auth;
    this.statements = new Statements(registry);
  }

  void routes(RoutesConfig routes, UnaryOperator<Handler> tracked) {
    get(routes, tracked, "/monitoring/box-office", this::boxOffice);
    get(routes, tracked, "/monitoring/shares", this::shares);
    get(routes, tracked, "/monitoring/upload-lag", this::uploadLag);
    get(routes, tracked, "/monitoring/upload-flags", this::uploadFlags);
    get(routes, tracked, "/monitoring/silent-cinemas", this::silentCinemas);
    get(routes, tracked, "/monitoring/anomalies", this::anomalies);
    get(routes, tracked, "/statements/{film}", this::statement);
    get(routes, tracked, "/directory/cinemas", this::cinemas);
    get(routes, tracked, "/directory/films", this::films);
    get(routes, tracked, "/directory/terminals", this::terminals);
    get(routes, tracked, "/directory/vendors", this::vendors);
    get(routes, tracked, "/complaints", this::complaints);
    routes.post(P + "/directory/cinemas", tracked.apply(auth.require(Role.ADMIN,
        Api.read(this::putCinema))));
    routes.post(P + "/directory/films", tracked.apply(auth.require(Role.ADMIN,
        Api.read(this::putFilm))));
    routes.post(P + "/directory/terminals", tracked.apply(auth.require(Role.ADMIN,
        Api.read(this::putTerminal))));
  }

  private void get(RoutesConfig routes, UnaryOperator<Handler> tracked, String path,
      Handler handler) {
    routes.get(P + path, tracked.apply(auth.require(Role.VIEWER, Api.read(handler))));
  }

  // ---------------------------------------------------------------------------------------
  // Query parameters

  /** Refuses parameters other than {@code allowed}, and any given twice. */
  static void onlyParams(Context ctx, Set<String> allowed) {
    for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
      if (!allowed.contains(e.getKey())) {
        throw new Problems.BadRequest("unknown query parameter '" + clip(e.getKey())
            + "'; this route takes " + new TreeSet<>(allowed));
      }
      if (e.getValue().size() != 1) {
        throw new Problems.BadRequest("query parameter '" + e.getKey() + "' is given "
            + e.getValue().size() + " times");
      }
    }
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  private static Set<String> params(String... names) {
    return new LinkedHashSet<>(List.of(names));
  }

  private Period period(Context ctx) {
    return queries.period(ctx.queryParam("from"), ctx.queryParam("to"));
  }

  /** The box office question of a request: groupBy and one filter per dimension. */
  static BoxOffice boxOfficeQuery(Context ctx) {
    Map<Dimension, String> filters = new EnumMap<>(Dimension.class);
    for (Dimension d : Dimension.values()) {
      @Nullable String v = ctx.queryParam(MonitoringQueries.param(d));
      if (v != null) {
        filters.put(d, MonitoringQueries.filterValue(d, v));
      }
    }
    return new BoxOffice(MonitoringQueries.groupBy(ctx.queryParam("groupBy")), filters);
  }

  static Set<String> boxOfficeParams() {
    Set<String> allowed = params("from", "to", "groupBy");
    for (Dimension d : Dimension.values()) {
      allowed.add(MonitoringQueries.param(d));
    }
    return allowed;
  }

  // ---------------------------------------------------------------------------------------
  // Monitoring

  private void boxOffice(Context ctx) {
    onlyParams(ctx, boxOfficeParams());
    BoxOffice q = boxOfficeQuery(ctx);
    Period period = period(ctx);
    List<Row> rows = queries.boxOffice(q, period);
    ObjectNode doc = periodDoc(period);
    ArrayNode groupBy = doc.putArray("groupBy");
    q.groupBy().forEach(d -> groupBy.add(d.name()));
    ObjectNode filters = doc.putObject("filters");
    q.filters().forEach((d, v) -> filters.put(MonitoringQueries.param(d), v));
    ArrayNode array = doc.putArray("rows");
    for (Row r : rows) {
      ObjectNode o = array.addObject();
      r.key().forEach((d, v) -> o.put(MonitoringQueries.param(d), v));
      figures(o, r);
    }
    send(ctx, doc);
  }

  static void figures(ObjectNode o, Row r) {
    o.put("ticketsSold", r.ticketsSold()).put("ticketsRefunded", r.ticketsRefunded())
        .put("netTickets", r.netTickets()).put("boxOfficeTiyn", r.boxOfficeTiyn())
        .put("admissions", r.admissions());
  }

  private ObjectNode periodDoc(Period period) {
    ObjectNode doc = MAPPER.createObjectNode();
    doc.put("from", period.from().toString()).put("to", period.to().toString());
    return doc;
  }

  private void shares(Context ctx) {
    onlyParams(ctx, params("from", "to"));
    Period period = period(ctx);
    Shares s = monitoring(m -> m.shares(period.range()));
    ObjectNode doc = periodDoc(period);
    share(doc.putObject("kazakhTickets"), s.kazakhTickets());
    share(doc.putObject("kazakhTiyn"), s.kazakhTiyn());
    share(doc.putObject("nationalTickets"), s.nationalTickets());
    share(doc.putObject("nationalTiyn"), s.nationalTiyn());
    send(ctx, doc);
  }

  private static void share(ObjectNode o, Share s) {
    o.put("part", s.part()).put("total", s.total());
  }

  private void uploadLag(Context ctx) {
    onlyParams(ctx, params("from", "to"));
    Period period = period(ctx);
    List<UploadLag> lags = monitoring(m -> m.uploadLag(period.range()));
    ObjectNode doc = periodDoc(period);
    ArrayNode rows = doc.putArray("cinemas");
    for (UploadLag l : lags) {
      ObjectNode o = l.cinema().isPresent() ? rows.addObject().put("cinema",
          l.cinema().get().value()) : doc.putObject("overall");
      o.put("sales", l.sales()).put("p50Millis", l.p50().toMillis())
          .put("p95Millis", l.p95().toMillis()).put("maxMillis", l.max().toMillis());
    }
    send(ctx, doc);
  }

  private void uploadFlags(Context ctx) {
    onlyParams(ctx, params("from", "to"));
    Period period = period(ctx);
    List<UploadFlags> flags = monitoring(m -> m.uploadFlags(period.range()));
    ObjectNode doc = periodDoc(period);
    ArrayNode rows = doc.putArray("cinemas");
    for (UploadFlags f : flags) {
      ObjectNode o = f.cinema().isPresent() ? rows.addObject().put("cinema",
          f.cinema().get().value()) : doc.putObject("overall");
      o.put("sales", f.sales()).put("late", f.late())
          .put("filmNotRegistered", f.filmNotRegistered()).put("filmDiffers", f.filmDiffers());
    }
    send(ctx, doc);
  }

  /** Defaults: silent for more than 60 minutes while a screening started in the last 3 hours. */
  static final long SILENCE_MINUTES = 60;
  static final long SCREENING_MINUTES = 180;

  private void silentCinemas(Context ctx) {
    onlyParams(ctx, params("silenceMinutes", "screeningMinutes"));
    Duration silence = MonitoringQueries.minutes(ctx.queryParam("silenceMinutes"),
        "silenceMinutes", SILENCE_MINUTES, 0, 7 * 24 * 60);
    Duration screening = MonitoringQueries.minutes(ctx.queryParam("screeningMinutes"),
        "screeningMinutes", SCREENING_MINUTES, 1, Monitoring.MAX_SCREENING_LENGTH.toMinutes());
    List<SilentCinema> silent = monitoring(m -> m.silentCinemas(silence, screening));
    ObjectNode doc = MAPPER.createObjectNode();
    doc.put("at", queries.clock().instant().toString())
        .put("silenceMinutes", silence.toMinutes()).put("screeningMinutes", screening.toMinutes());
    ArrayNode rows = doc.putArray("cinemas");
    for (SilentCinema c : silent) {
      ObjectNode o = rows.addObject().put("cinema", c.cinema().value()).put("name", c.name())
          .put("runningScreenings", c.runningScreenings());
      if (c.lastRegistration().isPresent()) {
        o.put("lastRegistration", c.lastRegistration().get().toString());
      } else {
        o.putNull("lastRegistration");
      }
    }
    send(ctx, doc);
  }

  private void anomalies(Context ctx) {
    onlyParams(ctx, params("code", "open", "cinema", "from", "to"));
    @Nullable String codeText = ctx.queryParam("code");
    @Nullable AnomalyCode code = null;
    if (codeText != null) {
      try {
        code = AnomalyCode.valueOf(codeText);
      } catch (IllegalArgumentException e) {
        throw new Problems.BadRequest("code must be one of " + List.of(AnomalyCode.values())
            + ", not '" + clip(codeText) + "'");
      }
    }
    @Nullable String openText = ctx.queryParam("open");
    if (openText != null && !openText.equals("true") && !openText.equals("false")) {
      throw new Problems.BadRequest("open must be true or false, not '" + clip(openText) + "'");
    }
    @Nullable String cinemaText = ctx.queryParam("cinema");
    @Nullable String cinema = cinemaText == null ? null
        : MonitoringQueries.filterValue(Dimension.CINEMA, cinemaText);
    @Nullable Period period = ctx.queryParam("from") == null && ctx.queryParam("to") == null
        ? null : period(ctx);
    AnomalyReport report = queries.anomalies();
    List<Anomaly> found = select(report, code, openText == null ? null : openText.equals("true"),
        cinema, period);
    ObjectNode doc = MAPPER.createObjectNode();
    doc.put("at", report.at().toString()).put("entries", report.entries());
    ArrayNode array = doc.putArray("anomalies");
    for (Anomaly a : found) {
      try {
        array.add(MAPPER.readTree(a.toJson()));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("an anomaly's own JSON", e);
      }
    }
    send(ctx, doc);
  }

  /** The anomalies of {@code code}, open or not, of a cinema, first seen in a period. */
  static List<Anomaly> select(AnomalyReport report, @Nullable AnomalyCode code,
      @Nullable Boolean open, @Nullable String cinema, @Nullable Period period) {
    List<Anomaly> out = new ArrayList<>();
    for (Anomaly a : code == null ? report.anomalies() : report.anomalies(code)) {
      if ((open == null || a.open() == open)
          && (cinema == null || a.cinema().value().equals(cinema))
          && (period == null || (!a.firstSeen().isBefore(period.from())
              && a.firstSeen().isBefore(period.to())))) {
        out.add(a);
      }
    }
    return out;
  }

  private void statement(Context ctx) {
    onlyParams(ctx, params("from", "to"));
    RentalCertificate film;
    try {
      film = RentalCertificate.of(ctx.pathParam("film"));
    } catch (IllegalArgumentException e) {
      throw new Problems.BadRequest("film is not a rental certificate number: "
          + e.getMessage());
    }
    LocalDate from = day(ctx, "from");
    LocalDate to = day(ctx, "to");
    if (!from.isBefore(to)) {
      throw new Problems.BadRequest("to must be after from");
    }
    if (from.plusDays(Monitoring.MAX_SPAN.toDays()).isBefore(to)) {
      throw new Problems.BadRequest("a statement covers at most " + Monitoring.MAX_SPAN.toDays()
          + " days");
    }
    FilmStatement s = statements.statement(film, from, to);
    ctx.contentType(Problems.JSON).result(s.toJson());
  }

  private static LocalDate day(Context ctx, String name) {
    @Nullable String text = ctx.queryParam(name);
    if (text == null) {
      throw new Problems.BadRequest("query parameter '" + name + "' is required");
    }
    try {
      if (text.length() == 10) {
        return LocalDate.parse(text);
      }
    } catch (java.time.format.DateTimeParseException e) {
      // named below
    }
    throw new Problems.BadRequest(name + " must be a date like 2026-11-25, not '" + clip(text)
        + "'");
  }

  private interface Report<T> {
    T of(Monitoring m);
  }

  /** A monitoring report; a limit it names (a span, a row count) is the caller's 400. */
  private <T> T monitoring(Report<T> report) {
    try {
      return report.of(registry.monitoring());
    } catch (IllegalArgumentException e) {
      throw new Problems.BadRequest(String.valueOf(e.getMessage()));
    }
  }

  // ---------------------------------------------------------------------------------------
  // Directory

  private void cinemas(Context ctx) {
    onlyParams(ctx, Set.of());
    ArrayNode array = MAPPER.createArrayNode();
    for (Cinema c : registry.cinemas().values()) {
      ObjectNode o = array.addObject().put("bin", c.bin().value()).put("name", c.name())
          .put("kato", c.kato().value()).put("region", c.region().code());
      ArrayNode halls = o.putArray("halls");
      for (Hall h : c.halls()) {
        halls.addObject().put("id", h.id().value()).put("name", h.name())
            .put("capacity", h.capacity());
      }
    }
    send(ctx, MAPPER.createObjectNode().set("cinemas", array));
  }

  private void films(Context ctx) {
    onlyParams(ctx, Set.of());
    ArrayNode array = MAPPER.createArrayNode();
    for (Film f : registry.films().values()) {
      ObjectNode o = array.addObject().put("certificate", f.certificate().value());
      ObjectNode t = o.putObject("titles");
      if (f.titles().kk() != null) {
        t.put("kk", f.titles().kk());
      }
      if (f.titles().ru() != null) {
        t.put("ru", f.titles().ru());
      }
      if (f.titles().en() != null) {
        t.put("en", f.titles().en());
      }
      ArrayNode g = o.putArray("genres");
      new TreeSet<>(f.genres().stream().map(Genre::code).toList()).forEach(g::add);
      ArrayNode c = o.putArray("countries");
      new TreeSet<>(f.countries().stream().map(CountryCode::code).toList()).forEach(c::add);
      o.put("national", f.national());
    }
    send(ctx, MAPPER.createObjectNode().set("films", array));
  }

  private void terminals(Context ctx) {
    onlyParams(ctx, Set.of());
    ArrayNode array = MAPPER.createArrayNode();
    for (Terminal t : registry.terminals()) {
      array.addObject().put("vendor", t.vendor().value()).put("id", t.id().value())
          .put("cinema", t.cinema().value()).put("software", t.software())
          .put("softwareVersion", t.softwareVersion());
    }
    send(ctx, MAPPER.createObjectNode().set("terminals", array));
  }

  /** Vendors are the trust list's vendor keys (the state's root signs them, not the API). */
  /**
   * {@code GET /complaints?max=N} (1 to 1000, default 100): the count of visitors' reports and
   * the newest N, as the dashboard lists them.
   */
  private void complaints(Context ctx) {
    onlyParams(ctx, Set.of("max"));
    @Nullable String maxText = ctx.queryParam("max");
    int max = maxText == null ? 100 : (int) Api.number(maxText, "max", 1, 1000);
    ObjectNode doc = MAPPER.createObjectNode();
    ArrayNode array = MAPPER.createArrayNode();
    if (complaints == null) {
      doc.put("count", 0);
    } else {
      doc.put("count", complaints.count());
      for (Complaint c : complaints.recent(max)) {
        Complaint.Report r = c.report();
        ObjectNode o = array.addObject().put("id", c.id())
            .put("receivedAt", c.receivedAt().toString()).put("verdict", r.verdict());
        r.cinema().ifPresent(b -> o.put("cinema", b.value()));
        r.ticketId().ifPresent(t -> o.put("ticketId", t));
        o.put("qrText", r.qrText());
        r.contact().ifPresent(x -> o.put("contact", x));
        o.put("message", r.message()).put("language", r.language());
      }
    }
    doc.set("complaints", array);
    send(ctx, doc);
  }

  private void vendors(Context ctx) {
    onlyParams(ctx, Set.of());
    ArrayNode array = MAPPER.createArrayNode();
    for (TrustedKey k : registry.trustList().keys()) {
      if (k.role() != KeyRole.VENDOR || k.vendor().isEmpty()) {
        continue;
      }
      ObjectNode o = array.addObject().put("vendor", k.vendor().get().value())
          .put("kid", k.keyId().toHex()).put("status", k.status().name())
          .put("validFrom", k.validFrom().toString());
      k.validUntil().ifPresent(u -> o.put("validUntil", u.toString()));
      ArrayNode c = o.putArray("cinemas");
      new TreeSet<>(k.cinemas().stream().map(Bin::value).toList()).forEach(c::add);
    }
    send(ctx, MAPPER.createObjectNode().set("vendors", array));
  }

  private void putCinema(Context ctx) {
    JsonNode doc = document(ctx, Set.of("bin", "name", "kato", "halls"));
    List<Hall> halls = new ArrayList<>();
    JsonNode hallArray = doc.get("halls");
    if (hallArray == null || !hallArray.isArray() || hallArray.size() > Cinema.MAX_HALLS) {
      throw new Problems.BadRequest("halls must be an array of 1 to " + Cinema.MAX_HALLS
          + " halls");
    }
    for (JsonNode h : hallArray) {
      fields(h, "halls[]", Set.of("id", "name", "capacity"));
      JsonNode capacity = h.get("capacity");
      if (capacity == null || !capacity.canConvertToInt() || !capacity.isIntegralNumber()) {
        throw new Problems.BadRequest("halls[].capacity must be a whole number");
      }
      halls.add(convert(() -> new Hall(HallId.of(text(h, "id")), text(h, "name"),
          capacity.intValue())));
    }
    Cinema cinema = convert(() -> new Cinema(Bin.of(text(doc, "bin")), text(doc, "name"),
        KatoCode.of(text(doc, "kato")), halls));
    write(ctx, () -> registry.registerCinema(cinema), "cinema", cinema.bin().value());
  }

  private void putFilm(Context ctx) {
    JsonNode doc = document(ctx, Set.of("certificate", "titles", "genres", "countries",
        "national"));
    JsonNode titles = doc.get("titles");
    fields(titles, "titles", Set.of("kk", "ru", "en"));
    JsonNode national = doc.get("national");
    if (national == null || !national.isBoolean()) {
      throw new Problems.BadRequest("national must be true or false");
    }
    Film film = convert(() -> new Film(RentalCertificate.of(text(doc, "certificate")),
        new Titles(optionalText(titles, "kk"), optionalText(titles, "ru"),
            optionalText(titles, "en")),
        Set.copyOf(texts(doc, "genres", Film.MAX_GENRES).stream().map(Genre::of).toList()),
        Set.copyOf(texts(doc, "countries", Film.MAX_COUNTRIES).stream().map(CountryCode::of)
            .toList()),
        national.booleanValue()));
    write(ctx, () -> registry.registerFilm(film), "film", film.certificate().value());
  }

  private void putTerminal(Context ctx) {
    JsonNode doc = document(ctx, Set.of("vendor", "id", "cinema", "software",
        "softwareVersion"));
    Terminal t = convert(() -> new Terminal(Bin.of(text(doc, "vendor")),
        TerminalId.of(text(doc, "id")), Bin.of(text(doc, "cinema")), text(doc, "software"),
        text(doc, "softwareVersion")));
    write(ctx, () -> registry.registerTerminal(t), "terminal", t.vendor().value() + "/"
        + t.id().value());
  }

  private interface Change {
    void run() throws RegistrationException;
  }

  /**
   * A directory change, logged as its entry: 200 {@code {"kind", "id", "treeSize"}}; a
   * refusal is {@code {code, message}} with its refusal name (422, or 503 with Retry-After).
   */
  private void write(Context ctx, Change change, String kind, String id) {
    try {
      change.run();
    } catch (RegistrationException e) {
      int status = Api.statusOf(e.refusal());
      if (e.retryable()) {
        ctx.header("Retry-After", e.refusal() == Refusal.TIMEOUT ? "1" : "5");
      }
      Problems.send(ctx, status == 400 ? 422 : status, e.refusal().name(),
          String.valueOf(e.getMessage()));
      return;
    }
    send(ctx, MAPPER.createObjectNode().put("kind", kind).put("id", id)
        .put("treeSize", registry.size()));
  }

  private interface Conversion<T> {
    T get();
  }

  /** A model constructor's refusal of a value (IllegalArgumentException) is a 400. */
  private static <T> T convert(Conversion<T> c) {
    try {
      return c.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new Problems.BadRequest(String.valueOf(e.getMessage()));
    }
  }

  /** The request's JSON object, read strictly, holding only {@code allowed} members. */
  private static JsonNode document(Context ctx, Set<String> allowed) {
    @Nullable String type = ctx.header("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).strip().matches(
        "application/json\\s*(;\\s*charset=\"?utf-8\"?\\s*)?")) {
      throw new Problems.BadRequest(415, "UNSUPPORTED_MEDIA_TYPE", "a directory document is "
          + "application/json");
    }
    byte[] body = Api.body(ctx, MAX_DOCUMENT_BYTES);
    JsonNode doc;
    try {
      doc = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new Problems.BadRequest("the body is not one JSON document: "
          + e.getOriginalMessage());
    } catch (IOException e) {
      throw new Problems.BadRequest("the body could not be read");
    }
    if (doc == null) {
      throw new Problems.BadRequest("the body is empty");
    }
    fields(doc, "the document", allowed);
    return doc;
  }

  private static void fields(@Nullable JsonNode node, String what, Set<String> allowed) {
    if (node == null || !node.isObject()) {
      throw new Problems.BadRequest(what + " must be a JSON object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw new Problems.BadRequest(what + " has an unknown member '" + clip(name)
            + "'; allowed: " + new TreeSet<>(allowed));
      }
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new Problems.BadRequest(field + " must be a string");
    }
    return v.textValue();
  }

  private static @Nullable String optionalText(JsonNode node, String field) {
    return node.has(field) ? text(node, field) : null;
  }

  private static List<String> texts(JsonNode node, String field, int max) {
    JsonNode v = node.get(field);
    if (v == null || !v.isArray() || v.size() > max) {
      throw new Problems.BadRequest(field + " must be an array of at most " + max + " strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw new Problems.BadRequest(field + " must be an array of strings");
      }
      out.add(e.textValue());
    }
    return out;
  }

  private static void send(Context ctx, JsonNode doc) {
    ctx.contentType(Problems.JSON).result(doc.toString());
  }
}
