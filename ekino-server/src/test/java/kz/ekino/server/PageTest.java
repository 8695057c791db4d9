package kz.ekino.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.Screening;
import kz.ekino.core.model.Seat;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.registration.Gate;
import kz.ekino.core.registration.Registration;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.testing.TestKeys;
import kz.ekino.core.token.TicketToken;
import kz.ekino.core.token.UrlBase;
import kz.ekino.registry.Registry;
import kz.ekino.registry.testing.Fixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verification page and "Report this ticket" over real HTTP on loopback, with a real
 * SQLite complaints file. Each test has its own registry: several move the fixture's clock.
 */
class PageTest {
  private static final UrlBase BASE = UrlBase.of(UrlBase.DEFAULT);
  private static final String NBSP = "\u00a0";
  private final Fixture fx = new Fixture();
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private Path dir;
  private Registry registry;
  private Complaints complaints;
  private RegistryServer server;
  private String base;

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    this.dir = dir;
    registry = fx.openWithCinemas("jdbc:sqlite:" + dir.resolve("registry.db"));
    complaints = Complaints.inDirectory(dir);
    server = RegistryServer.start(registry, "127.0.0.1", 0, Limits.defaults(), Operators.none(), complaints);
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() {
    server.stop();
    registry.close();
  }

  // ---------------------------------------------------------------------------------------
  // Helpers

  private static Sale sale(String ticket) {
    return Fixture.sale(ticket, Fixture.almatyTonight(), 250_000, Fixture.START);
  }

  private Registration register(String ticket) throws Exception {
    return registry.register(Submissions.signSale(sale(ticket), fx.vendorA));
  }

  private static String path(String qr) {
    return qr.substring(qr.indexOf("/T/"));
  }

  private String provisionalPath(String ticket) {
    return path(TicketToken.issue(TicketClaims.provisional(sale(ticket)), fx.vendorA)
        .qrText(BASE));
  }

  private static String tamper(String path, int fromEnd) {
    int i = path.length() - fromEnd;
    return path.substring(0, i) + (path.charAt(i) == 'A' ? 'B' : 'A') + path.substring(i + 1);
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(10)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> report(String pagePath, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pagePath + "/report"))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> reportFromPage(String pagePath, String body) throws Exception {
    return report(pagePath, body, "Origin", base, "Accept-Language", "en");
  }

  private static String form(String contact, String message) {
    return "lang=en&contact=" + URLEncoder.encode(contact, StandardCharsets.UTF_8)
        + "&message=" + URLEncoder.encode(message, StandardCharsets.UTF_8);
  }

  /** A request with a Host header of our choosing (java.net.http does not let one set it). */
  private String raw(String path, String host) throws Exception {
    try (Socket s = new Socket(java.net.InetAddress.getLoopbackAddress(), server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept-Language: en\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      return all.toString(StandardCharsets.UTF_8);
    }
  }

  /** Every page: HTML with the strict CSP, no stack trace, no script. */
  private static String page(HttpResponse<String> r) {
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(r.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("default-src 'none'").contains("style-src 'self'")
        .contains("frame-ancestors 'none'").doesNotContain("unsafe");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(r.body()).startsWith("<!DOCTYPE html>").doesNotContain("Exception")
        .doesNotContain("\tat ").doesNotContain("<script").doesNotContain("http://")
        .doesNotContain("https://");
    return r.body();
  }

  private static String h1(String page) {
    int from = page.indexOf("<h1>") + 4;
    return page.substring(from, page.indexOf("</h1>", from));
  }

  // ---------------------------------------------------------------------------------------
  // The page

  @Test
  void aRegisteredTicketInEachLanguage() throws Exception {
    String p = path(register("PAGE-1").token().qrText(BASE));
    String[][] expected = {
        {"kk", "Тіркелген", "Қараша түні", "Алматы қаласы", "5-қатар, 9-орын", "Kinopark Esentai"},
        {"ru", "Зарегистрирован", "Ноябрьская ночь", "город Алматы", "Ряд 5, место 9", "Зал 3"},
        {"en", "Registered", "November Night", "Almaty", "Row 5, seat 9", "25.11.2026, 19:30"},
    };
    for (String[] e : expected) {
      HttpResponse<String> r = get(p, "Accept-Language", e[0] + ";q=0.9, de;q=0.5");
      assertThat(r.statusCode()).isEqualTo(200);
      String html = page(r);
      assertThat(html).contains("<html lang=\"" + e[0] + "\">");
      assertThat(h1(html)).isEqualTo(e[1]);
      assertThat(html).contains("class=\"verdict ok\"").contains(e[2]).contains(e[3])
          .contains(e[4]).contains(e[5]).contains("Kinopark Esentai").contains("Зал 3")
          .contains("25.11.2026, 19:30").contains("PAGE-1")
          // The other titles of the film, each marked with its language.
          .contains("<span lang=\"kk\"").contains("<span lang=\"en\"")
          // No report form for a registered ticket.
          .doesNotContain("<form");
      // Registered at the fixture's clock, 12:00 in Almaty.
      assertThat(html).contains("25.11.2026, 12:00");
    }
    assertThat(page(get(p, "Accept-Language", "en"))).contains("2,500" + NBSP + "₸");
    assertThat(page(get(p, "Accept-Language", "ru"))).contains("2" + NBSP + "500" + NBSP + "₸");
  }

  @Test
  void theSwitchSetsACookieThatWinsOverAcceptLanguage() throws Exception {
    String p = path(register("PAGE-2").token().qrText(BASE));
    HttpResponse<String> switched = get(p + "?lang=ru", "Accept-Language", "en");
    assertThat(h1(page(switched))).isEqualTo("Зарегистрирован");
    String cookie = switched.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).startsWith("ekino_lang=ru;").contains("Path=/").contains("SameSite=Lax");
    // The switch is three links, each to this page in its language; the current one marked.
    assertThat(switched.body()).contains("href=\"?lang=kk\"").contains("href=\"?lang=en\"")
        .contains("aria-current=\"true\">Русский</a>");

    assertThat(h1(page(get(p, "Accept-Language", "en", "Cookie", "ekino_lang=ru"))))
        .isEqualTo("Зарегистрирован");
    // Without a choice: Accept-Language decides, with its weights.
    assertThat(h1(page(get(p, "Accept-Language", "de-DE,de;q=0.9,en;q=0.8,ru;q=0.7"))))
        .isEqualTo("Registered");
    assertThat(h1(page(get(p, "Accept-Language", "ru-RU,ru;q=0.9")))).isEqualTo("Зарегистрирован");
    assertThat(h1(page(get(p, "Accept-Language", "kk-KZ")))).isEqualTo("Тіркелген");
    // Nothing usable, or a bad cookie or switch value: Kazakh, the state language.
    assertThat(h1(page(get(p, "Accept-Language", "fr, ;;;=q")))).isEqualTo("Тіркелген");
    HttpResponse<String> bad = get(p + "?lang=xx", "Cookie", "ekino_lang=%3Cscript%3E");
    assertThat(h1(page(bad))).isEqualTo("Тіркелген");
    assertThat(bad.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void refundedAndAdmittedTicketsShowTheirLiveStatus() throws Exception {
    Registration sold = register("PAGE-3");
    String refunded = path(sold.token().qrText(BASE));
    fx.clock.set(Fixture.START.plus(Duration.ofMinutes(20)));
    registry.refund(Submissions.signRefund(new Refund(sold.serial(), sale("PAGE-3").ticketId(),
        Fixture.VENDOR_A, Fixture.START.plus(Duration.ofMinutes(20)), 250_000, "returned"),
        fx.vendorA));
    String html = page(get(refunded, "Accept-Language", "en"));
    assertThat(h1(html)).isEqualTo("Refunded");
    assertThat(html).contains("class=\"verdict bad\"").contains("25.11.2026, 12:20")
        .doesNotContain("<form");

    String admitted = path(register("PAGE-4").token().qrText(BASE));
    fx.clock.set(Fixture.almatyTonight().start().minus(Duration.ofMinutes(30)));
    registry.admit(BASE.prefix() + admitted.substring(3), new Gate(Fixture.ALMATY, "door-2"));
    String ru = page(get(admitted, "Accept-Language", "ru"));
    assertThat(h1(ru)).isEqualTo("Уже использован");
    assertThat(ru).contains("class=\"verdict warn\"").contains("25.11.2026, 19:00")
        .contains("door-2");
  }

  @Test
  void aProvisionalTicketIsPendingThenOverdueAndReportable() throws Exception {
    String p = provisionalPath("PAGE-5");
    fx.clock.set(Fixture.START.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(5)));
    String pending = page(get(p, "Accept-Language", "en"));
    assertThat(h1(pending)).isEqualTo("Registration pending");
    assertThat(pending).contains("class=\"verdict warn\"").contains("2 h 5 min ago")
        .contains("within 3 d").contains("November Night").doesNotContain("<form");
    assertThat(h1(page(get(p, "Accept-Language", "kk")))).isEqualTo("Тіркеуді күтуде");

    // Past the registry's allowed delay (72 h): overdue, with the ticket still shown.
    fx.clock.set(Fixture.START.plus(Duration.ofDays(3)).plus(Duration.ofHours(1)));
    for (String lang : List.of("kk", "ru", "en")) {
      String html = page(get(p, "Accept-Language", lang));
      assertThat(html).contains("class=\"verdict bad\"").contains("Kinopark Esentai")
          .contains("<form method=\"post\" action=\"" + p + "/report\"");
    }
    String overdue = page(get(p, "Accept-Language", "en"));
    assertThat(h1(overdue)).isEqualTo("Not registered in time");
    assertThat(overdue).contains("3 d 1 h ago").contains("The screening has already taken place");

    HttpResponse<String> sent = reportFromPage(p, form("+7 701 000 00 00",
        "The cashier said the system was down."));
    assertThat(sent.statusCode()).isEqualTo(200);
    assertThat(h1(page(sent))).isEqualTo("Report received");
    assertThat(complaints.count()).isEqualTo(1);
    Complaint c = complaints.recent(10).get(0);
    assertThat(c.report().verdict()).isEqualTo("OVERDUE");
    assertThat(c.report().cinema()).contains(Fixture.ALMATY);
    assertThat(c.report().ticketId()).contains("PAGE-5");
    assertThat(c.report().contact()).contains("+7 701 000 00 00");
    assertThat(c.report().message()).isEqualTo("The cashier said the system was down.");
    assertThat(c.report().language()).isEqualTo("en");
    assertThat(c.report().qrText()).isEqualTo(BASE.prefix() + p.substring(3));
    assertThat(c.report().ticketJson()).contains("PROVISIONAL").contains("PAGE-5");
    assertThat(c.receivedAt()).isEqualTo(fx.clock.instant());
    assertThat(sent.body()).contains("number " + c.id());

    // Durable: the file holds it for the next server.
    assertThat(Complaints.inDirectory(dir).recent(5)).containsExactly(c);
  }

  @Test
  void aProvisionalTicketShowsItsSaleOnceItHasArrived() throws Exception {
    String p = provisionalPath("PAGE-20");
    assertThat(h1(page(get(p, "Accept-Language", "en")))).isEqualTo("Registration pending");
    fx.clock.set(Fixture.START.plus(Duration.ofHours(1)));
    register("PAGE-20");
    String html = page(get(p, "Accept-Language", "en"));
    assertThat(h1(html)).isEqualTo("Registered");
    assertThat(html).contains("25.11.2026, 13:00").contains("Sold").doesNotContain("<form");

    // The same ticket id registered with another price: not the sale the visitor paid for.
    String other = provisionalPath("PAGE-21");
    registry.register(Submissions.signSale(Fixture.sale("PAGE-21", Fixture.almatyTonight(),
        150_000, Fixture.START), fx.vendorA));
    String different = page(get(other, "Accept-Language", "ru"));
    assertThat(h1(different)).isEqualTo("Зарегистрирован с другими данными");
    assertThat(different).contains("class=\"verdict bad\"").contains("<form");
    assertThat(reportFromPage(other, form("", "price was 2500")).statusCode()).isEqualTo(200);
    assertThat(complaints.recent(1).get(0).report().verdict()).isEqualTo("DIFFERENT");
  }

  @Test
  void aProvisionalTicketWhoseIdWasRegisteredWithAnotherFilmOrSeatIsNotGreen()
      throws Exception {
    fx.clock.set(Fixture.START.plus(Duration.ofHours(1)));
    // Attack: the cinema prints the visitor a PROVISIONAL ticket, then registers the same
    // ticket id with the same cinema, start and price but another film (or another seat).
    String film = provisionalPath("PAGE-30");
    Sale printed = sale("PAGE-30");
    Screening otherFilm = Fixture.screening(Fixture.ALMATY, "S-ALA-1930",
        Fixture.IMPORTED_ACTION, printed.screening().start(), "kk");
    registry.register(Submissions.signSale(new Sale(printed.ticketId(), printed.vendor(),
        otherFilm, printed.seat(), printed.priceTiyn(), printed.soldAt(), printed.channel(),
        false), fx.vendorA));
    String seat = provisionalPath("PAGE-31");
    Sale printedSeat = sale("PAGE-31");
    registry.register(Submissions.signSale(new Sale(printedSeat.ticketId(),
        printedSeat.vendor(), printedSeat.screening(), Seat.assigned(7, 3),
        printedSeat.priceTiyn(), printedSeat.soldAt(), printedSeat.channel(), false),
        fx.vendorA));
    for (String p : List.of(film, seat)) {
      String html = page(get(p, "Accept-Language", "en"));
      assertThat(html).doesNotContain("class=\"verdict ok\"").contains("class=\"verdict bad\"")
          .contains("<form");
      assertThat(h1(html)).isNotEqualTo("Registered");
    }
  }

  @Test
  void tamperedForeignLookAlikeAndMalformedCodesGetARedPageInTheVisitorsLanguage()
      throws Exception {
    String p = path(register("PAGE-6").token().qrText(BASE));
    HttpResponse<String> tampered = get(tamper(p, 6), "Accept-Language", "ru");
    assertThat(tampered.statusCode()).isEqualTo(200);
    assertThat(h1(page(tampered))).isEqualTo("Поддельный или изменённый код");
    assertThat(tampered.body()).contains("class=\"verdict bad\"").doesNotContain("PAGE-6")
        .doesNotContain("Kinopark");

    // Signed by a key the registry does not trust: another registry's code, or a forgery.
    String foreign = path(TicketToken.issue(TicketClaims.provisional(sale("PAGE-7")),
        TestKeys.signing(TestKeys.OTHER_ED25519)).qrText(BASE));
    assertThat(h1(page(get(foreign, "Accept-Language", "kk"))))
        .isEqualTo("Жалған немесе өзгертілген код");

    for (String bad : List.of("/T/NOT-BASE32", "/T/AAAA", "/T/%3Cscript%3Ealert(1)",
        "/T/" + "A".repeat(3000), "/T/")) {
      HttpResponse<String> r = get(bad, "Accept-Language", "en");
      assertThat(r.statusCode()).as(bad).isEqualTo(200);
      assertThat(h1(page(r))).as(bad).isEqualTo("Not a ticket code");
      assertThat(r.body()).doesNotContain("<form");
    }

    // Through a look-alike host (a zero for the O): refused before anything is verified.
    String lookAlike = raw(p, "qr.ekin0.kz");
    assertThat(lookAlike).startsWith("HTTP/1.1 200").contains("Not the official address")
        .contains("qr.ekin0.kz").contains("qr.ekino.kz").doesNotContain("Kinopark")
        .doesNotContain("<form");
    String hostile = raw(p, "evil.example\"><b>x");
    assertThat(hostile).doesNotContain("<b>x").doesNotContain("Kinopark");
    // Through the official host, or loopback, it is the ticket.
    assertThat(raw(p, "QR.EKINO.KZ")).contains("<h1>Registered</h1>");
    assertThat(raw(p, "qr.ekino.kz:443")).contains("<h1>Registered</h1>");
    assertThat(raw(p, "localhost:8080")).contains("<h1>Registered</h1>");
  }

  @Test
  void aForgedCodeCanBeReportedWithoutACinema() throws Exception {
    String forged = tamper(path(register("PAGE-8").token().qrText(BASE)), 7);
    assertThat(page(get(forged, "Accept-Language", "en"))).contains("<form");
    HttpResponse<String> r = reportFromPage(forged, form("", "fake QR at the box office"));
    assertThat(r.statusCode()).isEqualTo(200);
    Complaint c = complaints.recent(1).get(0);
    assertThat(c.report().verdict()).isEqualTo("FORGED");
    assertThat(c.report().cinema()).isEmpty();
    assertThat(c.report().contact()).isEmpty();
    assertThat(c.report().ticketJson()).contains("BAD_SIGNATURE");
  }

  // ---------------------------------------------------------------------------------------
  // Reports refused

  @Test
  void aValidTicketCannotBeReported() throws Exception {
    String p = path(register("PAGE-9").token().qrText(BASE));
    HttpResponse<String> r = reportFromPage(p, form("a@b.kz", "I just want to"));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(h1(page(r))).isEqualTo("Report not sent");
    // A malformed code is not a ticket either.
    assertThat(reportFromPage("/T/AAAA", form("", "x")).statusCode()).isEqualTo(403);
    assertThat(complaints.count()).isZero();
  }

  @Test
  void aReportFromAnotherSiteIsRefused() throws Exception {
    String p = forgedPath(1);
    String body = form("", "x");
    assertThat(report(p, body).statusCode()).isEqualTo(403);
    assertThat(report(p, body, "Origin", "https://evil.example").statusCode()).isEqualTo(403);
    assertThat(report(p, body, "Origin", "null").statusCode()).isEqualTo(403);
    assertThat(report(p, body, "Origin", "http://127.0.0.1.evil.example").statusCode())
        .isEqualTo(403);
    assertThat(report(p, body, "Referer", "https://evil.example/" + base).statusCode())
        .isEqualTo(403);
    assertThat(complaints.count()).isZero();
    // A Referer from this server's page will do when a browser sends no Origin.
    assertThat(report(p, body, "Referer", base + p).statusCode()).isEqualTo(200);
    assertThat(complaints.count()).isEqualTo(1);
  }

  private String forgedPath(int n) throws Exception {
    return tamper(path(register("FORGED-" + n).token().qrText(BASE)), 6);
  }

  @Test
  void hostileAndOversizeReportsAreCleanedOrRefused() throws Exception {
    String p = forgedPath(2);
    String hostile = "<script>alert('x')</script>\u0000\u0007 \u202Egnp.exe\u200B\r\nline two"
        + "\"'&";
    HttpResponse<String> r = reportFromPage(p, form("<img src=x onerror=alert(1)>\nx",
        hostile));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(page(r)).doesNotContain("<img").doesNotContain("alert");
    Complaint c = complaints.recent(1).get(0);
    // Stored as text (escaped wherever it is shown), without controls or bidi overrides.
    assertThat(c.report().message())
        .isEqualTo("<script>alert('x')</script> gnp.exe\nline two\"'&");
    assertThat(c.report().contact()).contains("<img src=x onerror=alert(1)> x");

    String other = forgedPath(3);
    assertThat(reportFromPage(other, form("", "x".repeat(2001))).statusCode()).isEqualTo(413);
    assertThat(reportFromPage(other, form("c".repeat(201), "")).statusCode()).isEqualTo(413);
    assertThat(reportFromPage(other, "message=" + "x".repeat(30_000)).statusCode())
        .isEqualTo(413);
    assertThat(reportFromPage(other, "message=%ZZ").statusCode()).isEqualTo(400);
    assertThat(reportFromPage(other, "message=a&message=b").statusCode()).isEqualTo(400);
    assertThat(reportFromPage(other, "admin=1").statusCode()).isEqualTo(400);
    HttpResponse<String> json = http.send(HttpRequest.newBuilder(URI.create(base + other
        + "/report")).header("Origin", base).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(json.statusCode()).isEqualTo(415);
    assertThat(complaints.count()).isEqualTo(1);
  }

  @Test
  void reportsAreRateLimitedPerClientAndPerTicket() throws Exception {
    String one = forgedPath(10);
    for (int i = 0; i < PageRoutes.MAX_REPORTS_PER_TICKET; i++) {
      assertThat(reportFromPage(one, form("", "again " + i)).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> again = reportFromPage(one, form("", "flood"));
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(h1(page(again))).isEqualTo("Report not sent");
    assertThat(again.body()).contains("add your contact to be reached")
        .doesNotContain("has your report");
    assertThat(complaints.count()).isEqualTo(PageRoutes.MAX_REPORTS_PER_TICKET);

    // The client has used its burst of 5 (3 stored, 1 refused as repeated, this one).
    assertThat(reportFromPage(forgedPath(11), form("", "x")).statusCode()).isEqualTo(200);
    HttpResponse<String> limited = reportFromPage(forgedPath(12), form("", "x"));
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertThat(page(limited)).contains("Too many reports");
    assertThat(complaints.count()).isEqualTo(PageRoutes.MAX_REPORTS_PER_TICKET + 1);
  }

  @Test
  void reportsFiledInAdvanceDoNotBlockAVisitorWhoLeavesAContact() throws Exception {
    String p = forgedPath(20);
    // Attack: someone files contactless junk up to the per-ticket cap (from other addresses).
    for (int i = 0; i < PageRoutes.MAX_REPORTS_PER_TICKET; i++) {
      assertThat(reportFromPage(p, form("", "junk " + i)).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> real = reportFromPage(p, form("visitor@example.kz", "I paid cash"));
    assertThat(real.statusCode()).isEqualTo(200);
    assertThat(h1(page(real))).isEqualTo("Report received");
    assertThat(complaints.count()).isEqualTo(PageRoutes.MAX_REPORTS_PER_TICKET + 1);
    assertThat(complaints.recent(1).get(0).report().contact()).contains("visitor@example.kz");
  }

  @Test
  void withoutAComplaintsStoreThePageOffersNoForm() throws Exception {
    try (RegistryServer plain = RegistryServer.start(registry, "127.0.0.1", 0,
        Limits.defaults())) {
      String p = forgedPath(20);
      String url = "http://127.0.0.1:" + plain.port();
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + p)).GET()
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(page(r)).contains("class=\"verdict bad\"").doesNotContain("<form");
      HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(url + p
          + "/report")).header("Origin", url).header("Content-Type",
          "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
          "message=x")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(404);
    }
  }

  @Test
  void aStorageFailureIsA503PageNotAStackTrace() throws Exception {
    String p = path(register("PAGE-30").token().qrText(BASE));
    registry.close(); // the database is gone; the page still verifies offline, then asks it
    HttpResponse<String> r = get(p, "Accept-Language", "en");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
    assertThat(h1(page(r))).isEqualTo("Cannot check right now");
  }

  @Test
  void aVisitorOverThePerClientRateGetsAPageNotJson() throws Exception {
    try (RegistryServer strict = RegistryServer.start(registry, "127.0.0.1", 0,
        Limits.defaults().withRate(0.01, 1), Operators.none(), complaints)) {
      String url = "http://127.0.0.1:" + strict.port() + "/T/AAAA";
      HttpRequest request = HttpRequest.newBuilder(URI.create(url))
          .header("Accept-Language", "ru").GET().build();
      assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
      HttpResponse<String> limited = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After")).isPresent();
      assertThat(h1(page(limited))).isEqualTo("Сервис занят, попробуйте ещё раз");
    }
  }

  @Test
  void theStyleSheetAndIconAreServedHere() throws Exception {
    HttpResponse<String> css = get("/page/ekino.css");
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().firstValue("Content-Type").orElse("")).startsWith("text/css");
    assertThat(css.body()).doesNotContain("http").doesNotContain("@import")
        .doesNotContain("url(");
    assertThat(get("/page/icon.svg").headers().firstValue("Content-Type"))
        .contains("image/svg+xml");
    assertThat(get("/favicon.ico").statusCode()).isEqualTo(200);
  }

  // ---------------------------------------------------------------------------------------
  // Pieces

  @Test
  void everyLanguageHasEveryKey() {
    Set<String> keys = new HashSet<>();
    for (PageText t : PageText.values()) {
      t.keys().forEach(keys::add);
    }
    for (PageText t : PageText.values()) {
      for (String k : keys) {
        assertThat(t.has(k)).as(t.tag + " lacks " + k).isTrue();
      }
    }
    for (PageVerdict.Outcome o : PageVerdict.Outcome.values()) {
      assertThat(keys).contains("verdict." + o + ".title", "verdict." + o + ".text");
    }
    for (kz.ekino.core.model.Region r : kz.ekino.core.model.Region.values()) {
      assertThat(keys).contains("region." + r.code());
    }
  }

  @Test
  void theWriterEscapesEveryValue() {
    PageHtml h = new PageHtml();
    h.open("p", "title", "\"><script>").text("<b>&'\u0000\u0085").close("p");
    assertThat(h.finish()).isEqualTo("<!DOCTYPE html>\n<p title=\"&quot;&gt;&lt;script&gt;\">"
        + "&lt;b&gt;&amp;&#39;\uFFFD\uFFFD</p>");
    assertThat(PageText.EN.tenge(123_456_705)).isEqualTo("1,234,567.05" + NBSP + "₸");
    assertThat(PageText.KK.tenge(0)).isEqualTo("0" + NBSP + "₸");
    assertThat(PageText.RU.tenge(100_050)).isEqualTo("1" + NBSP + "000,50" + NBSP + "₸");
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new PageHtml().open("p onclick"));
  }
}
