package kz.ekino.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.Handler;
import io.javalin.http.SameSite;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import kz.ekino.core.anomaly.Anomaly;
import kz.ekino.core.anomaly.AnomalyCode;
import kz.ekino.core.anomaly.AnomalyReport;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.CheckpointException;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Cinema;
import kz.ekino.core.model.Film;
import kz.ekino.core.model.Region;
import kz.ekino.core.model.RentalCertificate;
import kz.ekino.core.trust.KeyRole;
import kz.ekino.core.trust.TrustedKey;
import kz.ekino.registry.Registry;
import kz.ekino.registry.monitoring.Dimension;
import kz.ekino.registry.monitoring.Share;
import kz.ekino.registry.monitoring.Shares;
import kz.ekino.registry.monitoring.SilentCinema;
import kz.ekino.registry.monitoring.UploadFlags;
import kz.ekino.registry.monitoring.UploadLag;
import kz.ekino.server.DashboardCharts.Bar;
import kz.ekino.server.MonitoringQueries.BoxOffice;
import kz.ekino.server.MonitoringQueries.Period;
import kz.ekino.server.MonitoringQueries.Row;
import kz.ekino.server.Operators.Operator;
import org.jspecify.annotations.Nullable;

/**
 * The monitoring dashboard {@code GET /dashboard} behind a login ({@code GET /login},
 * {@code POST /login} with an operator token, {@code POST /logout}); docs/server.md,
 * "Dashboard". Every figure comes from {@link MonitoringQueries}, the code the operator API
 * answers from, so the page and the API agree to the tiyn. HTML is written by
 * {@link DashboardHtml} only, charts are inline SVG, and every page carries a strict
 * Content-Security-Policy: no script at all, styles from this server only.
 */
final class Dashboard {
  static final String CSP = "default-src 'self'; script-src 'none'; object-src 'none'; "
      + "style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; "
      + "frame-ancestors 'none'";
  /** The largest login form read. */
  static final int MAX_FORM_BYTES = 2048;
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final int TOP_FILMS = 10;
  private static final int MAX_LISTED = 50;

  private final MonitoringQueries queries;
  private final Registry registry;
  private final OperatorAuth auth;
  private final DashboardSessions sessions;

  /** Visitors' reports from the verification page; null when the server keeps none. */
  private final @Nullable Complaints complaints;

  Dashboard(MonitoringQueries queries, OperatorAuth auth, DashboardSessions sessions,
      @Nullable Complaints complaints) {
    this.complaints = complaints;
    this.queries = queries;
    this.registry = queries.registry();
    this.auth = auth;
    this.sessions = sessions;
  }

  void routes(RoutesConfig routes, UnaryOperator<Handler> tracked) {
    routes.get("/login", tracked.apply(this::loginForm));
    routes.post("/login", tracked.apply(this::login));
    routes.post("/logout", tracked.apply(this::logout));
    routes.get("/dashboard", tracked.apply(this::dashboard));
    routes.get("/dashboard.css", ctx -> ctx.contentType("text/css; charset=utf-8")
        .header("Cache-Control", "max-age=3600").result(CSS));
  }

  // ---------------------------------------------------------------------------------------
  // Login

  private static void html(Context ctx, int status, DashboardHtml page) {
    ctx.status(status).contentType("text/html; charset=utf-8")
        .header("Content-Security-Policy", CSP)
        .header("X-Content-Type-Options", "nosniff")
        // Not "no-referrer": with it a browser sends "Origin: null" with a form.
        .header("Referrer-Policy", "same-origin")
        .header("Cache-Control", "no-store")
        .result(page.toString());
  }

  private static DashboardHtml page(String title) {
    DashboardHtml h = new DashboardHtml();
    h.open("html", "lang", "en").open("head");
    h.empty("meta", "charset", "utf-8");
    h.empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1");
    h.element("title", title);
    h.empty("link", "rel", "stylesheet", "href", "/dashboard.css");
    h.empty("link", "rel", "icon", "href", "data:,"); // no /favicon.ico request
    h.close("head").open("body");
    return h;
  }

  private static void end(DashboardHtml h) {
    h.close("body").close("html");
  }

  private Optional<Operator> session(Context ctx) {
    @Nullable String id = ctx.cookie(DashboardSessions.COOKIE);
    return id == null ? Optional.empty() : sessions.operator(id);
  }

  private void loginForm(Context ctx) {
    if (session(ctx).isPresent()) {
      ctx.redirect("/dashboard", io.javalin.http.HttpStatus.SEE_OTHER);
      return;
    }
    loginPage(ctx, 200, null);
  }

  private static void loginPage(Context ctx, int status, @Nullable String problem) {
    DashboardHtml h = page("ekino — operator login");
    h.open("main", "class", "login");
    h.element("h1", "e-Kino registry — operators");
    if (problem != null) {
      h.element("p", problem, "class", "problem", "role", "alert");
    }
    h.open("form", "method", "post", "action", "/login");
    h.element("label", "Operator token", "for", "token");
    h.empty("input", "type", "password", "id", "token", "name", "token", "required", "required",
        "autocomplete", "current-password", "maxlength", Integer.toString(
            Operators.MAX_TOKEN_CHARS));
    h.element("button", "Sign in", "type", "submit");
    h.close("form");
    h.element("p", "The first admin token of a data directory is in its file operator-token; "
        + "ekino serve prints it at start.", "class", "hint");
    h.close("main");
    end(h);
    html(ctx, status, h);
  }

  /**
   * Whether a state-changing form came from this server's own page: its Origin must name the
   * request's Host, over http or https (a TLS-terminating proxy in front makes the browser's
   * https the server's http). A cross-site form, or none, is refused; the SameSite=Strict
   * cookie is the second line.
   */
  private static boolean sameOrigin(Context ctx) {
    @Nullable String origin = ctx.header("Origin");
    @Nullable String host = ctx.header("Host");
    return origin != null && host != null && !host.isEmpty()
        && (origin.equals("http://" + host) || origin.equals("https://" + host));
  }

  private static void forbidden(Context ctx) {
    DashboardHtml h = page("ekino — refused");
    h.open("main").element("h1", "Refused").element("p", "This form must be sent from the "
        + "registry's own page (the Origin header did not match).").close("main");
    end(h);
    html(ctx, 403, h);
  }

  private void login(Context ctx) {
    if (!sameOrigin(ctx)) {
      forbidden(ctx);
      return;
    }
    @Nullable String type = ctx.header("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(
        "application/x-www-form-urlencoded")) {
      loginPage(ctx, 415, "The login form is sent as application/x-www-form-urlencoded.");
      return;
    }
    byte[] body;
    try {
      body = Api.body(ctx, MAX_FORM_BYTES);
    } catch (Problems.BadRequest e) {
      loginPage(ctx, e.status, "The login form could not be read.");
      return;
    }
    @Nullable String token = formValue(new String(body, StandardCharsets.UTF_8), "token");
    Optional<Operator> who = token == null ? Optional.empty() : auth.login(token.strip());
    if (who.isEmpty()) {
      loginPage(ctx, 401, "That is not an operator token.");
      return;
    }
    Optional<String> id = sessions.create(who.get());
    if (id.isEmpty()) {
      ctx.header("Retry-After", "60");
      loginPage(ctx, 503, "Too many sessions are open; try again in a minute.");
      return;
    }
    Cookie cookie = new Cookie(DashboardSessions.COOKIE, id.get());
    cookie.setPath("/");
    cookie.setHttpOnly(true);
    cookie.setSecure(ctx.scheme().equals("https"));
    cookie.setSameSite(SameSite.STRICT);
    ctx.cookie(cookie);
    ctx.header("Cache-Control", "no-store");
    ctx.redirect("/dashboard", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  /** One value of an urlencoded form, or null when absent, repeated or undecodable. */
  static @Nullable String formValue(String form, String name) {
    @Nullable String found = null;
    for (String pair : form.split("&", -1)) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (!key.equals(name)) {
        continue;
      }
      if (found != null) {
        return null;
      }
      try {
        found = URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return found;
  }

  private void logout(Context ctx) {
    if (!sameOrigin(ctx)) {
      forbidden(ctx);
      return;
    }
    @Nullable String id = ctx.cookie(DashboardSessions.COOKIE);
    if (id != null) {
      sessions.end(id);
    }
    Cookie gone = new Cookie(DashboardSessions.COOKIE, "");
    gone.setPath("/");
    gone.setHttpOnly(true);
    gone.setMaxAge(0);
    gone.setSameSite(SameSite.STRICT);
    ctx.cookie(gone);
    ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  // ---------------------------------------------------------------------------------------
  // The dashboard

  private void dashboard(Context ctx) {
    Optional<Operator> who = session(ctx);
    if (who.isEmpty()) {
      ctx.header("Cache-Control", "no-store");
      ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
      return;
    }
    Period period;
    try {
      OperatorApi.onlyParams(ctx, Set.of("from", "to"));
      period = queries.period(emptyAsNull(ctx.queryParam("from")),
          emptyAsNull(ctx.queryParam("to")));
      if (period.from().plus(kz.ekino.registry.monitoring.Monitoring.MAX_SPAN)
          .isBefore(period.to())) {
        throw new Problems.BadRequest("a period is at most "
            + kz.ekino.registry.monitoring.Monitoring.MAX_SPAN.toDays() + " days");
      }
    } catch (Problems.BadRequest e) {
      DashboardHtml h = page("ekino — bad period");
      h.open("main").element("h1", "Bad request").element("p", String.valueOf(e.getMessage()),
          "class", "problem").open("p").element("a", "Back to the last 14 days", "href",
          "/dashboard").close("p").close("main");
      end(h);
      html(ctx, 400, h);
      return;
    }
    html(ctx, 200, render(who.get(), period));
  }

  private static @Nullable String emptyAsNull(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private DashboardHtml render(Operator who, Period period) {
    Map<Bin, Cinema> cinemas = registry.cinemas();
    Map<RentalCertificate, Film> films = registry.films();
    DashboardHtml h = page("e-Kino monitoring");
    h.open("header");
    h.element("h1", "e-Kino monitoring");
    h.open("form", "method", "post", "action", "/logout", "class", "logout");
    h.element("span", who.name() + " (" + who.role().name().toLowerCase(Locale.ROOT) + ")");
    h.element("button", "Sign out", "type", "submit");
    h.close("form");
    h.close("header");

    h.open("form", "method", "get", "action", "/dashboard", "class", "period");
    h.element("label", "From", "for", "from");
    h.empty("input", "type", "date", "id", "from", "name", "from", "value", day(period.from()));
    h.element("label", "Until (not included)", "for", "to");
    h.empty("input", "type", "date", "id", "to", "name", "to", "value", day(period.to()));
    h.element("button", "Show", "type", "submit");
    h.close("form");
    h.element("p", "Screenings starting " + local(period.from()) + " to " + local(period.to())
        + " (Asia/Almaty), box office in tenge net of refunds.", "class", "hint",
        "id", "period", "data-from", period.from().toString(), "data-to",
        period.to().toString());

    h.open("main");
    Row total = queries.boxOffice(BoxOffice.by(), period).get(0);
    section(h, "totals", "Totals");
    h.open("dl", "class", "totals");
    figure(h, "Box office", tenge(total.boxOfficeTiyn()), "total-tiyn",
        Long.toString(total.boxOfficeTiyn()));
    figure(h, "Tickets (net of refunds)", Long.toString(total.netTickets()), "total-net",
        Long.toString(total.netTickets()));
    figure(h, "Tickets sold", Long.toString(total.ticketsSold()), "total-sold",
        Long.toString(total.ticketsSold()));
    figure(h, "Refunded", Long.toString(total.ticketsRefunded()), "total-refunded",
        Long.toString(total.ticketsRefunded()));
    figure(h, "Admissions", Long.toString(total.admissions()), "total-admissions",
        Long.toString(total.admissions()));
    h.close("dl");
    h.close("section");

    List<Row> regions = MonitoringQueries.top(queries.boxOffice(BoxOffice.by(Dimension.REGION),
        period), Integer.MAX_VALUE);
    section(h, "by-region", "By region");
    DashboardCharts.bars(h, "region", "Box office by region", bars(regions, Dimension.REGION,
        this::regionName));
    table(h, "region", regions, Dimension.REGION, "Region", this::regionName);
    h.close("section");

    List<Row> days = queries.boxOffice(BoxOffice.by(Dimension.DAY), period);
    section(h, "by-day", "By day");
    DashboardCharts.columns(h, "day", "Box office by screening day", dayBars(days, period));
    table(h, "day", days, Dimension.DAY, "Day", d -> d);
    h.close("section");

    List<Row> topFilms = MonitoringQueries.top(queries.boxOffice(BoxOffice.by(Dimension.FILM),
        period), TOP_FILMS);
    section(h, "top-films", "Top films");
    DashboardCharts.bars(h, "film", "Box office of the top films",
        bars(topFilms, Dimension.FILM, c -> filmTitle(films, c)));
    table(h, "film", topFilms, Dimension.FILM, "Film", c -> filmTitle(films, c));
    h.close("section");

    List<Row> genres = MonitoringQueries.top(queries.boxOffice(BoxOffice.by(Dimension.GENRE),
        period), Integer.MAX_VALUE);
    section(h, "by-genre", "By genre");
    h.element("p", "A film with two genres counts in both.", "class", "hint");
    DashboardCharts.bars(h, "genre", "Box office by genre", bars(genres, Dimension.GENRE,
        g -> g));
    table(h, "genre", genres, Dimension.GENRE, "Genre", g -> g);
    h.close("section");

    Shares shares = queries.registry().monitoring().shares(period.range());
    List<Row> languages = MonitoringQueries.top(queries.boxOffice(
        BoxOffice.by(Dimension.LANGUAGE), period), Integer.MAX_VALUE);
    section(h, "by-language", "Screening language");
    share(h, "kazakh-tickets", "Kazakh-language share of tickets", shares.kazakhTickets());
    share(h, "kazakh-tiyn", "Kazakh-language share of box office", shares.kazakhTiyn());
    table(h, "language", languages, Dimension.LANGUAGE, "Language", l -> l);
    h.close("section");

    List<Row> countries = MonitoringQueries.top(queries.boxOffice(
        BoxOffice.by(Dimension.COUNTRY), period), Integer.MAX_VALUE);
    section(h, "by-country", "Production country");
    share(h, "national-tickets", "National films' share of tickets", shares.nationalTickets());
    share(h, "national-tiyn", "National films' share of box office", shares.nationalTiyn());
    h.element("p", "A co-production counts in each of its countries.", "class", "hint");
    table(h, "country", countries, Dimension.COUNTRY, "Country", c -> c);
    h.close("section");

    uploads(h, period, cinemas);
    silence(h, cinemas);
    refundsAfterStart(h, period, cinemas);
    complaints(h, cinemas);
    checkpoint(h);
    h.close("main");
    end(h);
    return h;
  }

  private static void section(DashboardHtml h, String id, String title) {
    h.open("section", "id", id);
    h.element("h2", title);
  }

  private static void figure(DashboardHtml h, String label, String text, String id,
      String value) {
    h.element("dt", label);
    h.element("dd", text, "id", id, "data-value", value);
  }

  private static void share(DashboardHtml h, String id, String label, Share s) {
    h.element("p", label + ": " + percent(s.ratio()) + " (" + (id.endsWith("tiyn")
        ? tenge(s.part()) + " of " + tenge(s.total()) : s.part() + " of " + s.total()) + ")",
        "id", id, "class", "share", "data-part", Long.toString(s.part()), "data-total",
        Long.toString(s.total()));
  }

  private interface Name {
    String of(String key);
  }

  private static List<Bar> bars(List<Row> rows, Dimension d, Name name) {
    List<Bar> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(new Bar(name.of(r.key().getOrDefault(d, "")), r.boxOfficeTiyn(),
          tenge(r.boxOfficeTiyn())));
    }
    return out;
  }

  /** Every day of a period up to 120 days, zeros where nothing was shown. */
  private static List<Bar> dayBars(List<Row> rows, Period period) {
    Map<String, Long> byDay = new LinkedHashMap<>();
    LocalDate first = LocalDate.ofInstant(period.from(), MonitoringQueries.ALMATY);
    LocalDate last = LocalDate.ofInstant(period.to().minusNanos(1), MonitoringQueries.ALMATY);
    if (!period.to().isAfter(period.from())) {
      last = first.minusDays(1);
    }
    boolean fill = !last.isAfter(first.plusDays(120));
    if (fill) {
      for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
        byDay.put(d.toString(), 0L);
      }
    }
    for (Row r : rows) {
      byDay.put(r.key().getOrDefault(Dimension.DAY, ""), r.boxOfficeTiyn());
    }
    List<Bar> out = new ArrayList<>();
    byDay.forEach((day, tiyn) -> out.add(new Bar(day.length() == 10 ? day.substring(5) : day,
        tiyn, tenge(tiyn))));
    return out;
  }

  /** A table of rows; each row carries its figures as data attributes (tests read them). */
  private static void table(DashboardHtml h, String id, List<Row> rows, Dimension d,
      String heading, Name name) {
    h.open("table", "class", "figures", "data-table", id);
    h.open("thead").open("tr");
    h.element("th", heading);
    h.element("th", "Box office, ₸", "class", "num");
    h.element("th", "Tickets (net)", "class", "num");
    h.element("th", "Refunded", "class", "num");
    h.element("th", "Admissions", "class", "num");
    h.close("tr").close("thead").open("tbody");
    for (Row r : rows) {
      String key = r.key().getOrDefault(d, "");
      h.open("tr", "data-key", key, "data-tiyn", Long.toString(r.boxOfficeTiyn()), "data-net",
          Long.toString(r.netTickets()), "data-admissions", Long.toString(r.admissions()));
      h.element("td", name.of(key));
      h.element("td", tenge(r.boxOfficeTiyn()), "class", "num");
      h.element("td", Long.toString(r.netTickets()), "class", "num");
      h.element("td", Long.toString(r.ticketsRefunded()), "class", "num");
      h.element("td", Long.toString(r.admissions()), "class", "num");
      h.close("tr");
    }
    if (rows.isEmpty()) {
      h.open("tr").element("td", "No screenings in this period.", "colspan", "5").close("tr");
    }
    h.close("tbody").close("table");
  }

  private void uploads(DashboardHtml h, Period period, Map<Bin, Cinema> cinemas) {
    List<UploadLag> lags = registry.monitoring().uploadLag(period.range());
    Map<String, UploadFlags> flags = new LinkedHashMap<>();
    for (UploadFlags f : registry.monitoring().uploadFlags(period.range())) {
      flags.put(f.cinema().map(Bin::value).orElse(""), f);
    }
    section(h, "uploads", "Upload lag per cinema");
    h.element("p", "Time from sale to registration of sales registered in the period; late: "
        + "registered after the screening had started.", "class", "hint");
    h.open("table", "class", "figures", "data-table", "upload-lag");
    h.open("thead").open("tr");
    for (String th : List.of("Cinema", "Sales", "p50", "p95", "max", "Late")) {
      h.element("th", th);
    }
    h.close("tr").close("thead").open("tbody");
    for (UploadLag l : lags) {
      String key = l.cinema().map(Bin::value).orElse("");
      @Nullable UploadFlags f = flags.get(key);
      long late = f == null ? 0 : f.late();
      h.open("tr", "data-key", key.isEmpty() ? "overall" : key, "data-sales",
          Long.toString(l.sales()), "data-p50", Long.toString(l.p50().toMillis()), "data-p95",
          Long.toString(l.p95().toMillis()), "data-max", Long.toString(l.max().toMillis()),
          "data-late", Long.toString(late), "class", late > 0 ? "warn" : "ok");
      h.element("td", key.isEmpty() ? "All cinemas" : cinemaName(cinemas, key));
      h.element("td", Long.toString(l.sales()), "class", "num");
      h.element("td", duration(l.p50()), "class", "num");
      h.element("td", duration(l.p95()), "class", "num");
      h.element("td", duration(l.max()), "class", "num");
      h.element("td", Long.toString(late), "class", "num");
      h.close("tr");
    }
    h.close("tbody").close("table");
    h.close("section");
  }

  private void silence(DashboardHtml h, Map<Bin, Cinema> cinemas) {
    List<SilentCinema> silent = registry.monitoring().silentCinemas(
        Duration.ofMinutes(OperatorApi.SILENCE_MINUTES),
        Duration.ofMinutes(OperatorApi.SCREENING_MINUTES));
    List<Anomaly> terminals = OperatorApi.select(queries.anomalies(),
        AnomalyCode.SILENT_TERMINAL, true, null, null);
    section(h, "silent", "Gone silent while screenings run");
    h.element("p", "Now: cinemas with a screening that started in the last "
        + OperatorApi.SCREENING_MINUTES / 60 + " hours and no sale registered for "
        + OperatorApi.SILENCE_MINUTES + " minutes; and open SILENT_TERMINAL anomalies.",
        "class", "hint");
    h.open("ul", "data-list", "silent-cinemas");
    for (SilentCinema c : silent) {
      h.element("li", c.name() + " (" + c.cinema().value() + "): " + c.runningScreenings()
          + " screenings running, last sale registered "
          + c.lastRegistration().map(Dashboard::local).orElse("never"), "data-key",
          c.cinema().value());
    }
    if (silent.isEmpty()) {
      h.element("li", "No cinema is silent now.");
    }
    h.close("ul");
    anomalyList(h, "silent-terminals", terminals, cinemas);
    h.close("section");
  }

  private void refundsAfterStart(DashboardHtml h, Period period, Map<Bin, Cinema> cinemas) {
    List<Anomaly> refunds = OperatorApi.select(queries.anomalies(),
        AnomalyCode.REFUND_AFTER_START, null, null, period);
    section(h, "refunds-after-start", "Refunds after the screening start");
    anomalyList(h, "refunds-after-start", refunds, cinemas);
    h.element("p", "Anomalies as of " + local(queries.anomaliesAsOf()).substring(11)
        + " (Almaty), judged again at most every "
        + MonitoringQueries.ANOMALY_REUSE.toSeconds() + " s.", "class", "hint");
    h.close("section");
  }

  private static void anomalyList(DashboardHtml h, String id, List<Anomaly> anomalies,
      Map<Bin, Cinema> cinemas) {
    h.element("p", anomalies.size() + (anomalies.size() == 1 ? " finding" : " findings")
        + (anomalies.size() > MAX_LISTED ? "; the first " + MAX_LISTED + " listed" : ""),
        "data-count", Integer.toString(anomalies.size()), "id", id + "-count");
    h.open("ul", "data-list", id);
    for (Anomaly a : anomalies.subList(0, Math.min(MAX_LISTED, anomalies.size()))) {
      h.element("li", local(a.firstSeen()) + " — " + cinemaName(cinemas, a.cinema().value())
          + ": " + a.detail(), "data-key", a.cinema().value());
    }
    h.close("ul");
  }

  /** The most complaints the dashboard lists; the count covers them all. */
  static final int COMPLAINTS_LISTED = 50;

  /**
   * Complaints from the verification page ("Report this ticket"), newest first: for the
   * state's follow-up of the fine. The visitor's words and contact are shown as text (the
   * writer escapes them), cut to a line each in the list.
   */
  private void complaints(DashboardHtml h, Map<Bin, Cinema> cinemas) {
    section(h, "complaints", "Complaints from visitors");
    if (complaints == null) {
      h.element("p", "This server keeps no complaint store: the verification page offers no "
          + "report form.", "class", "hint", "id", "complaints-count", "data-count", "0");
      h.close("section");
      return;
    }
    long count = complaints.count();
    List<Complaint> recent = complaints.recent(COMPLAINTS_LISTED);
    h.element("p", count + " complaint" + (count == 1 ? "" : "s") + " received"
        + (count > recent.size() ? "; the newest " + recent.size() + " listed" : ""),
        "id", "complaints-count", "data-count", Long.toString(count));
    h.open("ul", "data-list", "complaints");
    for (Complaint c : recent) {
      Complaint.Report r = c.report();
      String cinema = r.cinema().map(b -> cinemaName(cinemas, b.value()))
          .orElse("cinema unknown (the code did not verify)");
      h.element("li", local(c.receivedAt()) + " — " + r.verdict() + " — " + cinema
          + r.ticketId().map(t -> ", ticket " + t).orElse("")
          + (r.message().isEmpty() ? "" : ": " + oneLine(r.message()))
          + r.contact().map(x -> " (contact: " + oneLine(x) + ")").orElse(""),
          "data-key", Long.toString(c.id()));
    }
    h.close("ul");
    h.close("section");
  }

  /** A visitor's text on one line of at most 200 characters. */
  private static String oneLine(String text) {
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() > 200 ? line.substring(0, 199) + "…" : line;
  }

  private void checkpoint(DashboardHtml h) {
    String note = registry.checkpoint();
    String[] lines = note.split("\n", 4);
    section(h, "checkpoint", "Current checkpoint");
    h.open("dl", "class", "checkpoint");
    h.element("dt", "Log");
    h.element("dd", lines[0]);
    h.element("dt", "Size");
    h.element("dd", lines.length > 1 ? lines[1] : "", "id", "tree-size");
    h.element("dt", "Root");
    h.element("dd", lines.length > 2 ? lines[2] : "", "class", "hash");
    h.element("dt", "Signature");
    h.element("dd", signatureChecks(note, lines[0])
        ? "checks with the trust list's registry key" : "DOES NOT CHECK with the trust list",
        "id", "checkpoint-signature");
    h.element("dt", "Witnesses");
    h.element("dd", "this registry holds no witness cosignatures yet; run ekino monitor and "
        + "ekino witness against /api/v1/checkpoint to compare");
    h.close("dl");
    h.close("section");
  }

  private boolean signatureChecks(String note, String origin) {
    for (TrustedKey k : registry.trustList().keys()) {
      if (k.role() == KeyRole.REGISTRY) {
        try {
          Checkpoint.parseSigned(note, origin, k.key());
          return true;
        } catch (CheckpointException | IllegalArgumentException e) {
          // another key, or not this one's
        }
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------
  // Names and numbers as people read them

  private String regionName(String code) {
    try {
      return Region.ofCode(code).englishName();
    } catch (IllegalArgumentException e) {
      return code;
    }
  }

  private static String filmTitle(Map<RentalCertificate, Film> films, String certificate) {
    @Nullable Film f = null;
    try {
      f = films.get(RentalCertificate.of(certificate));
    } catch (IllegalArgumentException e) {
      // not a certificate: shown as it is
    }
    if (f == null) {
      return certificate;
    }
    @Nullable String title = f.titles().en() != null ? f.titles().en()
        : f.titles().ru() != null ? f.titles().ru() : f.titles().kk();
    return title == null ? certificate : title + " (" + certificate + ")";
  }

  private static String cinemaName(Map<Bin, Cinema> cinemas, String bin) {
    for (Map.Entry<Bin, Cinema> e : cinemas.entrySet()) {
      if (e.getKey().value().equals(bin)) {
        return e.getValue().name();
      }
    }
    return bin;
  }

  /** Tiyn as tenge with two decimals and thin groups: 1 234 567.89 ₸. */
  static String tenge(long tiyn) {
    String sign = tiyn < 0 ? "-" : "";
    long abs = Math.abs(tiyn);
    String whole = Long.toString(abs / 100);
    StringBuilder grouped = new StringBuilder();
    for (int i = 0; i < whole.length(); i++) {
      if (i > 0 && (whole.length() - i) % 3 == 0) {
        grouped.append('\u202f');
      }
      grouped.append(whole.charAt(i));
    }
    return sign + grouped + String.format(Locale.ROOT, ".%02d", abs % 100) + " ₸";
  }

  private static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
  }

  private static String duration(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return s / 60 + " min";
    }
    return String.format(Locale.ROOT, "%.1f h", s / 3600.0);
  }

  static String local(Instant i) {
    return LOCAL.format(i.atZone(MonitoringQueries.ALMATY));
  }

  private static String day(Instant i) {
    return LocalDate.ofInstant(i, MonitoringQueries.ALMATY).toString();
  }

  private static final String CSS = String.join("\n",
      "*{box-sizing:border-box}",
      "body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
          + "color:#1c2733;background:#f4f6f9}",
      "header{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;"
          + "gap:8px;padding:12px 16px;background:#1f3a5f;color:#fff}",
      "header h1{font-size:20px;margin:0}",
      "header button{margin-left:8px}",
      "form.period{display:flex;flex-wrap:wrap;gap:8px;align-items:center;padding:12px 16px;"
          + "background:#fff;border-bottom:1px solid #d5dbe3}",
      "p.hint{color:#5a6b7d;font-size:13px;margin:4px 16px}",
      "main{display:grid;grid-template-columns:1fr;gap:12px;padding:12px}",
      "@media (min-width:900px){main{grid-template-columns:1fr 1fr}"
          + "#totals,#uploads,#checkpoint{grid-column:1 / -1}}",
      "section{background:#fff;border:1px solid #d5dbe3;border-radius:6px;padding:12px;"
          + "min-width:0;overflow-x:auto}",
      "section h2{font-size:17px;margin:0 0 8px}",
      "section p.hint{margin:4px 0}",
      "dl.totals{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:8px;"
          + "margin:0}",
      "dl.totals dt{font-size:13px;color:#5a6b7d}",
      "dl.totals dd{margin:0 0 8px;font-size:22px;font-weight:600}",
      "dl.checkpoint dd{margin:0 0 6px;word-break:break-all}",
      "table{border-collapse:collapse;width:100%;font-size:14px}",
      "th,td{text-align:left;padding:4px 6px;border-bottom:1px solid #e6eaef}",
      ".num{text-align:right;font-variant-numeric:tabular-nums}",
      "tr.warn td{background:#fff4e0}",
      "svg.chart{display:block;max-width:100%;margin:4px 0 8px}",
      "p.share{font-weight:600}",
      "p.problem{color:#a01818;font-weight:600}",
      "main.login{display:block;max-width:420px;margin:10vh auto;background:#fff;padding:20px;"
          + "border:1px solid #d5dbe3;border-radius:6px}",
      "main.login input{display:block;width:100%;margin:6px 0 12px;padding:8px;font-size:16px}",
      "button{padding:6px 14px;font-size:15px}",
      "");
}
