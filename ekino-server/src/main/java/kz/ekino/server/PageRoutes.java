package kz.ekino.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import kz.ekino.core.model.Cinema;
import kz.ekino.core.model.Film;
import kz.ekino.core.model.Hall;
import kz.ekino.core.model.Seat;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.model.Titles;
import kz.ekino.core.registration.TicketStatus;
import kz.ekino.registry.Registry;
import kz.ekino.registry.StorageException;
import org.jspecify.annotations.Nullable;

/**
 * The page every QR opens, {@code GET /T/<base32>}, and "Report this ticket",
 * {@code POST /T/<base32>/report} (docs/server.md, "The verification page"). HTML through
 * {@link PageHtml} only; words from {@link PageText}. Every answer is a page, never a stack
 * trace: bad input is a red verdict, a storage failure a 503 page.
 */
final class PageRoutes {
  /** Nothing but the server's own style sheet and icon; no script at all; no framing. */
  static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; "
      + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  /** A ticket is reported at most this many times; more would only flood the follow-up. */
  static final int MAX_REPORTS_PER_TICKET = 3;
  /** Reports one client may send: 5 at once, then one every 10 minutes. */
  static final double REPORT_RATE_PER_SECOND = 1.0 / 600;
  static final int REPORT_BURST = 5;
  /** The longest report form body: the two fields at their limits, percent-encoded. */
  static final int MAX_FORM_BYTES = 24 * 1024;
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z2-7]{1,2000}");
  private static final String FORM_TYPE = "application/x-www-form-urlencoded";
  private static final System.Logger LOG = System.getLogger(PageRoutes.class.getName());

  private final Registry registry;
  private final @Nullable Complaints complaints;
  private final RateLimiter reportLimiter;
  private final byte[] css;
  private final byte[] icon;

  PageRoutes(Registry registry, @Nullable Complaints complaints, RateLimiter reportLimiter) {
    this.registry = registry;
    this.complaints = complaints;
    this.reportLimiter = reportLimiter;
    this.css = resource("page.css");
    this.icon = resource("icon.svg");
  }

  private static byte[] resource(String name) {
    try (InputStream in = PageRoutes.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the build lost " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + name, e);
    }
  }

  void routes(RoutesConfig routes, UnaryOperator<Handler> tracked) {
    routes.get("/T/{token}", tracked.apply(guarded(this::page)));
    routes.get("/T/", tracked.apply(guarded(ctx -> page(ctx, ""))));
    if (complaints != null) {
      routes.post("/T/{token}/report", tracked.apply(guarded(this::report)));
    }
    routes.get("/page/ekino.css", ctx -> asset(ctx, "text/css; charset=utf-8", css));
    routes.get("/page/icon.svg", ctx -> asset(ctx, "image/svg+xml", icon));
    routes.get("/favicon.ico", ctx -> asset(ctx, "image/svg+xml", icon));
  }

  private static void asset(Context ctx, String type, byte[] bytes) {
    ctx.header("Cache-Control", "public, max-age=86400")
        .header("X-Content-Type-Options", "nosniff")
        .contentType(type).result(bytes);
  }

  /** Every failure a page: a storage failure 503, anything unexpected 500 without detail. */
  private Handler guarded(Handler handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (StorageException e) {
        LOG.log(Level.WARNING, "ekino page: storage failed: {0}", e.getMessage());
        ctx.header("Retry-After", "30");
        message(ctx, language(ctx), 503, "bad", "error.unavailable.title",
            "error.unavailable.text", null);
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "ekino page: " + ctx.method() + " " + ctx.path() + " failed", e);
        message(ctx, language(ctx), 500, "bad", "error.internal.title", "error.internal.text",
            null);
      }
    };
  }

  /**
   * A refusal before a page's handler runs (RegistryServer's per-client limit, a server that
   * is stopping), as a page in the visitor's language. {@code code} and {@code message} are
   * the API's words for it; the page says it in its own.
   */
  static void refusal(Context ctx, int status, String code, String message) {
    PageText t = language(ctx);
    PageHtml h = head(t, t.get("error.busy.title"));
    languageSwitch(h, t, "");
    h.open("main");
    h.open("section", "class", "verdict info", "role", "status");
    h.element("h1", t.get("error.busy.title"));
    h.element("p", t.get("error.busy.text"));
    h.close("section");
    h.close("main");
    send(ctx, status, h);
  }

  // ---------------------------------------------------------------------------------------
  // The page

  private void page(Context ctx) {
    page(ctx, ctx.pathParam("token"));
  }

  private void page(Context ctx, String token) {
    PageText t = language(ctx);
    PageVerdict v = PageVerdict.of(registry, ctx.header("Host"), token);
    PageHtml h = head(t, t.get("verdict." + v.outcome + ".title"));
    languageSwitch(h, t, "");
    h.open("main");
    verdict(h, t, v);
    if (v.ticket.isPresent()) {
      details(h, t, v);
    }
    if (v.outcome.reportable && complaints != null) {
      reportForm(h, t, token);
    }
    officialNote(h, t, v);
    h.close("main");
    send(ctx, v.outcome == PageVerdict.Outcome.UNAVAILABLE ? 503 : 200, h);
  }

  private void verdict(PageHtml h, PageText t, PageVerdict v) {
    h.open("section", "class", "verdict " + v.outcome.css, "role", "status");
    h.element("h1", t.get("verdict." + v.outcome + ".title"));
    String key = "verdict." + v.outcome + ".text";
    switch (v.outcome) {
      case REGISTERED:
        h.element("p", t.format(key, PageText.time(v.status.orElseThrow().registeredAt()
            .orElseThrow())));
        break;
      case ADMITTED: {
        TicketStatus s = v.status.orElseThrow();
        h.element("p", t.format(key, PageText.time(s.admittedAt().orElseThrow()),
            s.admittedAtGate().map(g -> g.id()).orElse("?")));
        break;
      }
      case REFUNDED:
        h.element("p", t.format(key, PageText.time(v.status.orElseThrow().refundedAt()
            .orElseThrow())));
        break;
      case PENDING:
      case OVERDUE:
        h.element("p", t.format(key, t.format("ago", t.duration(v.sinceSale)),
            t.duration(v.allowedDelay)));
        break;
      case FOREIGN:
        h.element("p", t.format(key, v.requestHost.length() > 80
            ? v.requestHost.substring(0, 80) + "…" : v.requestHost, v.officialHost));
        break;
      default:
        h.element("p", t.get(key));
    }
    if (v.screeningOver) {
      h.element("p", t.get("note.screeningOver"), "class", "note");
    }
    h.close("section");
  }

  private void details(PageHtml h, PageText t, PageVerdict v) {
    TicketClaims c = v.ticket.orElseThrow().claims();
    Optional<Cinema> cinema = Optional.ofNullable(registry.cinemas().get(c.cinema()));
    Optional<Film> film = Optional.ofNullable(registry.films().get(c.film()));
    h.open("dl", "class", "ticket");
    h.element("dt", t.get("field.film"));
    h.open("dd", "class", "film");
    if (film.isPresent()) {
      titles(h, t, film.get().titles());
    } else {
      h.text(t.format("field.film.certificate", c.film().value()));
    }
    h.close("dd");
    h.element("dt", t.get("field.cinema"));
    h.element("dd", cinema.map(Cinema::name).orElse(t.format("field.bin", c.cinema().value())));
    if (cinema.isPresent()) {
      h.element("dt", t.get("field.region"));
      h.element("dd", t.get("region." + cinema.get().region().code()));
    }
    h.element("dt", t.get("field.hall"));
    h.element("dd", cinema.flatMap(x -> x.hall(c.hall())).map(Hall::name)
        .orElse(c.hall().value()));
    h.element("dt", t.get("field.time"));
    h.element("dd", PageText.time(c.screeningStart()), "class", "time");
    h.element("dt", t.get("field.seat"));
    h.element("dd", seat(t, c.seat()));
    h.element("dt", t.get("field.price"));
    h.element("dd", t.tenge(c.priceTiyn()), "class", "price");
    h.element("dt", t.get("field.ticket"));
    h.element("dd", c.ticketId().value(), "class", "id");
    c.soldAt().ifPresent(sold -> {
      h.element("dt", t.get("field.soldAt"));
      h.element("dd", PageText.time(sold));
    });
    c.serial().ifPresent(serial -> {
      h.element("dt", t.get("field.serial"));
      h.element("dd", Long.toString(serial));
    });
    h.close("dl");
  }

  /** The title in the visitor's language first, then the film's others, each marked. */
  private static void titles(PageHtml h, PageText t, Titles titles) {
    Map<String, @Nullable String> all = new java.util.LinkedHashMap<>();
    all.put(t.tag, pick(titles, t.tag));
    for (PageText other : PageText.values()) {
      all.putIfAbsent(other.tag, pick(titles, other.tag));
    }
    boolean first = true;
    for (Map.Entry<String, @Nullable String> e : all.entrySet()) {
      String title = e.getValue();
      if (title != null) {
        h.element("span", title, "lang", e.getKey(), "class", first ? "title" : "title other");
        first = false;
      }
    }
  }

  private static @Nullable String pick(Titles titles, String tag) {
    switch (tag) {
      case "kk":
        return titles.kk();
      case "ru":
        return titles.ru();
      default:
        return titles.en();
    }
  }

  private static String seat(PageText t, Seat seat) {
    if (seat instanceof Seat.Assigned) {
      Seat.Assigned a = (Seat.Assigned) seat;
      return t.format("seat.assigned", Integer.toString(a.row()), Integer.toString(a.number()));
    }
    return t.get("seat.free");
  }

  private static void reportForm(PageHtml h, PageText t, String token) {
    h.open("section", "class", "report");
    h.element("h2", t.get("report.title"));
    h.element("p", t.get("report.intro"));
    h.open("form", "method", "post", "action", "/T/" + token + "/report");
    h.open("input", "type", "hidden", "name", "lang", "value", t.tag);
    h.element("label", t.get("report.contact"), "for", "contact");
    h.open("input", "type", "text", "id", "contact", "name", "contact", "maxlength",
        Integer.toString(Complaint.Report.MAX_CONTACT), "autocomplete", "email");
    h.element("label", t.get("report.message"), "for", "message");
    h.open("textarea", "id", "message", "name", "message", "rows", "4", "maxlength",
        Integer.toString(Complaint.Report.MAX_MESSAGE)).close("textarea");
    h.element("button", t.get("report.send"), "type", "submit");
    h.close("form");
    h.close("section");
  }

  private static void officialNote(PageHtml h, PageText t, PageVerdict v) {
    h.element("p", t.format("official", v.officialHost), "class", "official");
  }

  // ---------------------------------------------------------------------------------------
  // Report this ticket

  private void report(Context ctx) {
    Complaints store = complaints;
    String token = ctx.pathParam("token");
    PageText t = language(ctx);
    if (store == null) {
      message(ctx, t, 404, "bad", "report.refused.title", "report.refused.closed", token);
      return;
    }
    if (!sameOrigin(ctx)) {
      message(ctx, t, 403, "bad", "report.refused.title", "report.refused.origin", token);
      return;
    }
    String type = ctx.header("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).strip().startsWith(FORM_TYPE)) {
      message(ctx, t, 415, "bad", "report.refused.title", "report.refused.form", token);
      return;
    }
    Map<String, String> form;
    try {
      form = form(new String(Api.body(ctx, MAX_FORM_BYTES), StandardCharsets.UTF_8));
    } catch (Problems.BadRequest e) {
      message(ctx, t, e.status, "bad", "report.refused.title",
          e.status == 413 ? "report.refused.long" : "report.refused.form", token);
      return;
    }
    PageText chosen = PageText.of(form.get("lang"));
    if (chosen != null) {
      t = chosen;
    }
    String contact = clean(form.getOrDefault("contact", ""), true);
    String text = clean(form.getOrDefault("message", ""), false);
    if (contact.length() > Complaint.Report.MAX_CONTACT
        || text.length() > Complaint.Report.MAX_MESSAGE) {
      message(ctx, t, 413, "bad", "report.refused.title", "report.refused.long", token);
      return;
    }
    PageVerdict v = PageVerdict.of(registry, ctx.header("Host"), token);
    if (!v.outcome.reportable) {
      message(ctx, t, 403, "bad", "report.refused.title", "report.refused.eligible", token);
      return;
    }
    // Counted here, once a report would be stored: a malformed or ineligible one stores
    // nothing and costs what any request does under the per-client API limit.
    long wait = reportLimiter.secondsToWait(ctx.ip());
    if (wait > 0) {
      ctx.header("Retry-After", Long.toString(wait));
      message(ctx, t, 429, "bad", "report.refused.title", "report.refused.rate", token);
      return;
    }
    // The per-ticket cap only holds back contactless reports: one that brings a contact is
    // always stored, so reports filed in advance cannot keep the visitor from being reached.
    if (contact.isEmpty() && store.countFor(v.qrText) >= MAX_REPORTS_PER_TICKET) {
      message(ctx, t, 409, "warn", "report.refused.title", "report.refused.again", token);
      return;
    }
    Optional<TicketClaims> claims = v.ticket.map(x -> x.claims());
    Complaint saved = store.record(new Complaint.Report(v.outcome.name(),
        claims.map(TicketClaims::cinema), claims.map(c -> c.ticketId().value()), v.qrText,
        v.verdictJson, contact.isEmpty() ? Optional.empty() : Optional.of(contact), text, t.tag),
        registry.verificationPolicy().clock().instant());
    PageHtml h = head(t, t.get("report.done.title"));
    languageSwitch(h, t, safeToken(token));
    h.open("main");
    h.open("section", "class", "verdict ok", "role", "status");
    h.element("h1", t.get("report.done.title"));
    h.element("p", t.format("report.done.text", Long.toString(saved.id())));
    h.close("section");
    h.open("p").element("a", t.get("back"), "href", "/T/" + safeToken(token)).close("p");
    h.close("main");
    send(ctx, 200, h);
  }

  /**
   * A form post comes from this server's own page: its Origin (or, without one, its Referer)
   * names the host the request was sent to. A page elsewhere cannot post reports in a
   * visitor's name. {@code Origin: null} (a sandboxed or privacy-stripped request) is refused.
   */
  static boolean sameOrigin(Context ctx) {
    String host = ctx.header("Host");
    String from = ctx.header("Origin");
    if (from == null) {
      from = ctx.header("Referer");
    }
    if (host == null || from == null) {
      return false;
    }
    try {
      String authority = URI.create(from).getRawAuthority();
      return authority != null
          && PageVerdict.asciiLower(authority).equals(PageVerdict.asciiLower(host));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** {@code a=1&b=2}, percent-decoded as UTF-8; a repeated or unknown field is refused. */
  static Map<String, String> form(String body) {
    Map<String, String> out = new HashMap<>();
    if (body.isEmpty()) {
      return out;
    }
    for (String pair : body.split("&", -1)) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      if (!name.equals("lang") && !name.equals("contact") && !name.equals("message")) {
        throw new Problems.BadRequest("unknown form field");
      }
      try {
        if (out.put(name, URLDecoder.decode(value, StandardCharsets.UTF_8)) != null) {
          throw new Problems.BadRequest("form field repeated: " + name);
        }
      } catch (IllegalArgumentException e) {
        throw new Problems.BadRequest("bad percent-encoding in the form");
      }
    }
    return out;
  }

  /**
   * A visitor's words as stored: line ends unified, control and format characters (bidi
   * overrides, zero-width characters), unassigned and private-use code points dropped,
   * NFC-normalised, trimmed; a {@code singleLine} field has its line breaks and tabs as spaces.
   */
  static String clean(String s, boolean singleLine) {
    String in = s.replace("\r\n", "\n").replace('\r', '\n');
    StringBuilder b = new StringBuilder(in.length());
    in.codePoints().forEach(cp -> {
      if (cp == '\n' || cp == '\t') {
        b.append(singleLine ? ' ' : (char) cp);
        return;
      }
      int type = Character.getType(cp);
      if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
          || type == Character.PRIVATE_USE || type == Character.UNASSIGNED) {
        return;
      }
      b.appendCodePoint(cp);
    });
    return Normalizer.normalize(b, Normalizer.Form.NFC).strip();
  }

  // ---------------------------------------------------------------------------------------
  // Shared pieces

  /** The visitor's language; a valid {@code ?lang=} is kept in a cookie for a year. */
  private static PageText language(Context ctx) {
    String query = ctx.queryParam("lang");
    PageText t = PageText.choose(query, ctx.cookie(PageText.COOKIE),
        ctx.header("Accept-Language"));
    if (PageText.of(query) != null) {
      ctx.header("Set-Cookie", PageText.COOKIE + "=" + t.tag
          + "; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly");
    }
    return t;
  }

  private static String safeToken(String token) {
    return TOKEN.matcher(token).matches() ? token : "";
  }

  private static PageHtml head(PageText t, String title) {
    PageHtml h = new PageHtml();
    h.open("html", "lang", t.tag);
    h.open("head");
    h.open("meta", "charset", "utf-8");
    h.open("meta", "name", "viewport", "content", "width=device-width, initial-scale=1");
    h.open("meta", "name", "robots", "content", "noindex");
    h.element("title", title + " — " + t.get("site"));
    h.open("link", "rel", "stylesheet", "href", "/page/ekino.css");
    h.open("link", "rel", "icon", "href", "/page/icon.svg", "type", "image/svg+xml");
    h.close("head");
    h.open("body");
    return h;
  }

  /** Links to this page in each language: {@code ?lang=}, or {@code /T/<token>?lang=}. */
  private static void languageSwitch(PageHtml h, PageText t, String token) {
    h.open("header", "class", "top");
    h.element("span", t.get("site"), "class", "brand");
    h.open("nav", "class", "langs", "aria-label", t.get("language"));
    for (PageText other : PageText.values()) {
      String href = (token.isEmpty() ? "" : "/T/" + token) + "?lang=" + other.tag;
      if (other == t) {
        h.element("a", other.get("language.name"), "href", href, "lang", other.tag,
            "hreflang", other.tag, "aria-current", "true");
      } else {
        h.element("a", other.get("language.name"), "href", href, "lang", other.tag,
            "hreflang", other.tag);
      }
    }
    h.close("nav");
    h.close("header");
  }

  private void message(Context ctx, PageText t, int status, String css, String titleKey,
      String textKey, @Nullable String token) {
    PageHtml h = head(t, t.get(titleKey));
    String safe = token == null ? "" : safeToken(token);
    languageSwitch(h, t, safe);
    h.open("main");
    h.open("section", "class", "verdict " + css, "role", "status");
    h.element("h1", t.get(titleKey));
    h.element("p", t.get(textKey));
    h.close("section");
    if (!safe.isEmpty()) {
      h.open("p").element("a", t.get("back"), "href", "/T/" + safe).close("p");
    }
    h.close("main");
    send(ctx, status, h);
  }

  private static void send(Context ctx, int status, PageHtml h) {
    h.close("body").close("html");
    ctx.status(status)
        .header("Content-Security-Policy", CSP)
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "same-origin")
        .header("X-Frame-Options", "DENY")
        .header("Cache-Control", "no-store")
        .header("Vary", "Accept-Language, Cookie")
        .contentType("text/html; charset=utf-8")
        .result(h.finish());
  }
}
