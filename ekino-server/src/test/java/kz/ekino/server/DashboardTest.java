package kz.ekino.server;

import static kz.ekino.server.OperatorWorld.VIEWER;
import static kz.ekino.server.OperatorWorld.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.ekino.registry.testing.Fixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard over real HTTP: login, logout, session expiry, the Origin check, the page with
 * its charts, a period change, and its figures against the operator API's, to the tiyn.
 */
class DashboardTest {
  private static final Pattern ROW = Pattern.compile("<tr data-key=\"([^\"]*)\" data-tiyn=\""
      + "(-?\\d+)\" data-net=\"(-?\\d+)\" data-admissions=\"(\\d+)\">");
  private OperatorWorld w;
  private String origin;

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    w = new OperatorWorld(dir);
    w.seed();
    origin = w.base;
  }

  @AfterEach
  void stop() {
    w.close();
  }

  private HttpResponse<String> login(String token) throws Exception {
    return w.post("/login", "application/x-www-form-urlencoded",
        "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8), "Origin", origin);
  }

  /** Logs in; the session cookie as a Cookie header value. */
  private String session() throws Exception {
    HttpResponse<String> r = login(VIEWER);
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).contains("/dashboard");
    String set = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(set).startsWith(DashboardSessions.COOKIE + "=").contains("HttpOnly")
        .containsIgnoringCase("SameSite=Strict").contains("Path=/");
    return set.substring(0, set.indexOf(';'));
  }

  private HttpResponse<String> dashboard(String cookie, String query) throws Exception {
    return w.get("/dashboard" + query, "Cookie", cookie);
  }

  private static void html(HttpResponse<String> r) {
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(r.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("default-src 'self'").contains("script-src 'none'");
    assertThat(r.body()).doesNotContain("<script").doesNotContain("style=\"")
        .doesNotContain("src=").doesNotContain("href=\"http");
  }

  @Test
  void theDashboardNeedsALogin() throws Exception {
    HttpResponse<String> r = w.get("/dashboard");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).contains("/login");
    HttpResponse<String> form = w.get("/login");
    assertThat(form.statusCode()).isEqualTo(200);
    html(form);
    assertThat(form.body()).contains("<form method=\"post\" action=\"/login\">")
        .contains("type=\"password\"");
    // A bearer token is not a session.
    assertThat(w.as(VIEWER, "/dashboard").statusCode()).isEqualTo(303);
    assertThat(dashboard(DashboardSessions.COOKIE + "=" + "A".repeat(43), "").statusCode())
        .isEqualTo(303);
  }

  @Test
  void loginRefusesWrongTokensAndForeignOrigins() throws Exception {
    HttpResponse<String> wrong = login(VIEWER + "x");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(wrong.body()).contains("not an operator token").doesNotContain(VIEWER);
    assertThat(login("").statusCode()).isEqualTo(401);
    assertThat(login("<script>").body()).doesNotContain("<script>");

    String form = "token=" + VIEWER;
    assertThat(w.post("/login", "application/x-www-form-urlencoded", form).statusCode())
        .isEqualTo(403);
    assertThat(w.post("/login", "application/x-www-form-urlencoded", form, "Origin",
        "http://evil.example").statusCode()).isEqualTo(403);
    assertThat(w.post("/login", "application/x-www-form-urlencoded", form, "Origin", "null")
        .statusCode()).isEqualTo(403);
    assertThat(w.post("/login", "text/plain", form, "Origin", origin).statusCode())
        .isEqualTo(415);
    assertThat(w.post("/login", "application/x-www-form-urlencoded", form + "&token=" + VIEWER,
        "Origin", origin).statusCode()).isEqualTo(401);
    assertThat(w.post("/login", "application/x-www-form-urlencoded", "token=" + "a".repeat(3000),
        "Origin", origin).statusCode()).isEqualTo(413);
  }

  @Test
  void logoutEndsTheSessionAndSessionsExpire() throws Exception {
    String cookie = session();
    assertThat(dashboard(cookie, "").statusCode()).isEqualTo(200);
    // Logging out from elsewhere is refused, and the session goes on.
    assertThat(w.post("/logout", "application/x-www-form-urlencoded", "", "Cookie", cookie,
        "Origin", "http://evil.example").statusCode()).isEqualTo(403);
    assertThat(dashboard(cookie, "").statusCode()).isEqualTo(200);
    HttpResponse<String> out = w.post("/logout", "application/x-www-form-urlencoded", "",
        "Cookie", cookie, "Origin", origin);
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(out.headers().firstValue("Set-Cookie").orElse(""))
        .startsWith(DashboardSessions.COOKIE + "=;").contains("Expires=Thu, 01 Jan 1970");
    assertThat(dashboard(cookie, "").statusCode()).isEqualTo(303);

    String idle = session();
    w.fx.clock.advance(DashboardSessions.IDLE.minusMinutes(1));
    assertThat(dashboard(idle, "").statusCode()).isEqualTo(200);
    w.fx.clock.advance(DashboardSessions.IDLE.minusMinutes(1));
    assertThat(dashboard(idle, "").statusCode()).isEqualTo(200); // used: idle time restarted
    w.fx.clock.advance(DashboardSessions.IDLE);
    assertThat(dashboard(idle, "").statusCode()).isEqualTo(303);

    String old = session();
    for (int i = 0; i < DashboardSessions.MAX_AGE.toMinutes() / 20 - 1; i++) {
      w.fx.clock.advance(Duration.ofMinutes(20));
      assertThat(dashboard(old, "?from=2026-11-20&to=2026-11-26").statusCode()).isEqualTo(200);
    }
    w.fx.clock.advance(Duration.ofMinutes(20));
    assertThat(dashboard(old, "").statusCode()).isEqualTo(303);
  }

  @Test
  void theDashboardShowsThePeriodWithChartsAndChangesIt() throws Exception {
    String cookie = session();
    HttpResponse<String> r = dashboard(cookie, "");
    assertThat(r.statusCode()).isEqualTo(200);
    html(r);
    String page = r.body();
    for (String chart : List.of("region", "day", "film", "genre")) {
      assertThat(page).contains("data-chart=\"" + chart + "\"");
    }
    assertThat(page).contains("<svg").contains("Almaty city").contains("Astana")
        .contains("id=\"total-tiyn\" data-value=\"4819300\"")
        .contains("48\u202f193.00 ₸")
        .contains("id=\"complaints-count\" data-count=\"0\"")
        .contains("id=\"checkpoint-signature\">checks with")
        .contains("name=\"from\" value=\"2026-11-12\"")
        .contains("name=\"to\" value=\"2026-11-26\"")
        .contains("id=\"refunds-after-start-count\"")
        .contains("data-table=\"upload-lag\"");

    HttpResponse<String> oneDay = dashboard(cookie, "?from=2026-11-24&to=2026-11-25");
    assertThat(oneDay.statusCode()).isEqualTo(200);
    assertThat(oneDay.body()).contains("id=\"total-tiyn\" data-value=\"1606100\"")
        .contains("name=\"from\" value=\"2026-11-24\"")
        .contains("Anomalies as of ");
    HttpResponse<String> bad = dashboard(cookie, "?from=tomorrow");
    assertThat(bad.statusCode()).isEqualTo(400);
    html(bad);
    assertThat(bad.body()).contains("from must be a date");
    assertThat(dashboard(cookie, "?from=2020-01-01&to=2026-01-01").statusCode()).isEqualTo(400);
    assertThat(dashboard(cookie, "?x=1").statusCode()).isEqualTo(400);
    for (String extreme : List.of("?to=%2B1000000000-12-31T23:59:59Z",
        "?from=-1000000000-01-01T00:00:00Z")) {
      HttpResponse<String> far = dashboard(cookie, extreme);
      assertThat(far.statusCode()).isEqualTo(400);
      assertThat(far.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    }
    // An empty form field is the default.
    assertThat(dashboard(cookie, "?from=&to=").statusCode()).isEqualTo(200);
  }

  @Test
  void theDashboardsFiguresAreTheApisToTheTiyn() throws Exception {
    String cookie = session();
    for (String period : List.of("", "from=2026-11-24&to=2026-11-26",
        "from=2026-11-23T10:00:00Z&to=2026-11-25T12:00:00Z")) {
      String page = dashboard(cookie, period.isEmpty() ? "" : "?" + period).body();
      String q = period.isEmpty() ? "" : "&" + period;
      JsonNode total = json(w.as(VIEWER, "/api/v1/monitoring/box-office?x=1".replace("?x=1",
          period.isEmpty() ? "" : "?" + period))).get("rows").get(0);
      assertThat(page).contains("id=\"total-tiyn\" data-value=\""
          + total.get("boxOfficeTiyn").asLong() + "\"")
          .contains("id=\"total-net\" data-value=\"" + total.get("netTickets").asLong() + "\"")
          .contains("id=\"total-admissions\" data-value=\"" + total.get("admissions").asLong()
              + "\"")
          .contains(Dashboard.tenge(total.get("boxOfficeTiyn").asLong()));
      for (String[] t : List.of(new String[] {"region", "REGION"}, new String[] {"day", "DAY"},
          new String[] {"genre", "GENRE"}, new String[] {"language", "LANGUAGE"},
          new String[] {"country", "COUNTRY"}, new String[] {"film", "FILM"})) {
        Map<String, long[]> shown = table(page, t[0]);
        JsonNode rows = json(w.as(VIEWER, "/api/v1/monitoring/box-office?groupBy=" + t[1] + q))
            .get("rows");
        Map<String, long[]> api = new LinkedHashMap<>();
        for (JsonNode row : rows) {
          api.put(row.get(t[0]).asText(), new long[] {row.get("boxOfficeTiyn").asLong(),
              row.get("netTickets").asLong(), row.get("admissions").asLong()});
        }
        assertThat(shown.keySet()).as(t[0] + " " + period).isEqualTo(api.keySet());
        api.forEach((k, v) -> assertThat(shown.get(k)).as(t[0] + " " + k).containsExactly(v));
      }
      JsonNode shares = json(w.as(VIEWER, "/api/v1/monitoring/shares"
          + (period.isEmpty() ? "" : "?" + period)));
      assertThat(page).contains("id=\"kazakh-tickets\" class=\"share\" data-part=\""
          + shares.get("kazakhTickets").get("part").asLong() + "\" data-total=\""
          + shares.get("kazakhTickets").get("total").asLong() + "\"");
      assertThat(page).contains("id=\"national-tiyn\" class=\"share\" data-part=\""
          + shares.get("nationalTiyn").get("part").asLong() + "\" data-total=\""
          + shares.get("nationalTiyn").get("total").asLong() + "\"");
      JsonNode lag = json(w.as(VIEWER, "/api/v1/monitoring/upload-lag"
          + (period.isEmpty() ? "" : "?" + period)));
      for (JsonNode c : lag.get("cinemas")) {
        assertThat(page).contains("<tr data-key=\"" + c.get("cinema").asText()
            + "\" data-sales=\"" + c.get("sales").asLong() + "\" data-p50=\""
            + c.get("p50Millis").asLong() + "\" data-p95=\"" + c.get("p95Millis").asLong()
            + "\" data-max=\"" + c.get("maxMillis").asLong() + "\"");
      }
    }
  }

  /** The rows of one of the page's tables: key to box office, net tickets, admissions. */
  private static Map<String, long[]> table(String page, String id) {
    int start = page.indexOf("data-table=\"" + id + "\"");
    assertThat(start).as("table " + id).isPositive();
    String table = page.substring(start, page.indexOf("</table>", start));
    Map<String, long[]> rows = new LinkedHashMap<>();
    Matcher m = ROW.matcher(table);
    while (m.find()) {
      rows.put(m.group(1), new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
          Long.parseLong(m.group(4))});
    }
    return rows;
  }

  @Test
  void complaintsAreListedEscapedAndCountedAsTheApiCountsThem() throws Exception {
    String hostile = "<script>alert(1)</script>\"' & <img src=x onerror=alert(2)>";
    w.complaints.record(new Complaint.Report("NOT_REGISTERED",
        java.util.Optional.of(Fixture.ALMATY), java.util.Optional.of("T-<b>1</b>"),
        "HTTPS://QR.EKINO.KZ/T/AAAA", "{}", java.util.Optional.of("+7 <701>"), hostile, "ru"),
        w.fx.clock.instant());
    w.complaints.record(new Complaint.Report("FORGED", java.util.Optional.empty(),
        java.util.Optional.empty(), "HTTPS://QR.EKINO.KZ/T/BBBB", "{}",
        java.util.Optional.empty(), "", "kk"), w.fx.clock.instant());

    String page = dashboard(session(), "").body();
    assertThat(page).contains("id=\"complaints-count\" data-count=\"2\"")
        .contains("NOT_REGISTERED").contains("FORGED")
        .contains("cinema unknown (the code did not verify)")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>").doesNotContain("<img src=x").doesNotContain("<b>1</b>");

    JsonNode api = OperatorWorld.json(w.as(OperatorWorld.VIEWER, "/api/v1/complaints?max=1"));
    assertThat(api.get("count").asLong()).isEqualTo(2);
    assertThat(api.get("complaints")).hasSize(1);
    assertThat(api.get("complaints").get(0).get("verdict").asText()).isEqualTo("FORGED");
    assertThat(w.get("/api/v1/complaints").statusCode()).isEqualTo(401);
    assertThat(w.as(OperatorWorld.VIEWER, "/api/v1/complaints?max=0").statusCode())
        .isEqualTo(400);
  }

  @Test
  void theHtmlWriterEscapesEverything() {
    String html = new DashboardHtml().element("p", "<script>alert('x')</script> & \"q\"",
        "title", "\"><img src=x onerror=alert(1)>").toString();
    assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;")
        .contains("title=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\"")
        .doesNotContain("<script").doesNotContain("<img");
    assertThatThrownBy(() -> new DashboardHtml().open("p onclick=x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DashboardHtml().open("p", "on click", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Dashboard.tenge(123_456_789)).isEqualTo("1\u202f234\u202f567.89 ₸");
    assertThat(Dashboard.tenge(5)).isEqualTo("0.05 ₸");
    assertThat(Dashboard.formValue("a=1&token=x%2By&b", "token")).isEqualTo("x+y");
    assertThat(Dashboard.formValue("token=1&token=2", "token")).isNull();
    assertThat(Dashboard.formValue("token=%zz", "token")).isNull();
  }
}
