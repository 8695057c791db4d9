package kz.ekino.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.registration.Gate;
import kz.ekino.core.registration.Registration;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.token.TicketToken;
import kz.ekino.core.token.UrlBase;
import kz.ekino.registry.Registry;
import kz.ekino.registry.testing.Fixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The verification page in a real Chromium (the {@link Browser} fixture), at phone and desktop
 * sizes, with screenshots under {@code target/screenshots/page-*.png}: every page loads with
 * no console error (the CSP refuses nothing it needs) and no request to another host.
 */
class PageBrowserTest {
  private static final UrlBase BASE = UrlBase.of(UrlBase.DEFAULT);
  private static Browser browser;
  private final Fixture fx = new Fixture();
  private Registry registry;
  private Complaints complaints;
  private RegistryServer server;
  private String origin;

  @BeforeAll
  static void startBrowser() {
    browser = Browser.start();
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    registry = fx.openWithCinemas("jdbc:sqlite:" + dir.resolve("registry.db"));
    complaints = Complaints.inDirectory(dir);
    server = RegistryServer.start(registry, "127.0.0.1", 0, Limits.defaults(), Operators.none(), complaints);
    origin = "http://127.0.0.1:" + server.port();
    // A fresh cookie jar: the language of one test does not leak into the next.
    browser.open(origin + "/page/icon.svg");
    browser.driver().manage().deleteAllCookies();
  }

  @AfterEach
  void stop() {
    server.stop();
    registry.close();
  }

  private static Sale sale(String ticket) {
    return Fixture.sale(ticket, Fixture.almatyTonight(), 250_000, Fixture.START);
  }

  private String registered(String ticket) throws Exception {
    Registration r = registry.register(Submissions.signSale(sale(ticket), fx.vendorA));
    return path(r.token().qrText(BASE));
  }

  private static String path(String qr) {
    return qr.substring(qr.indexOf("/T/"));
  }

  private String h1() {
    return browser.driver().findElement(By.tagName("h1")).getText();
  }

  private String verdictClass() {
    return String.valueOf(browser.driver().findElement(By.cssSelector("section.verdict"))
        .getDomAttribute("class"));
  }

  /** Opens the page at both sizes, checks it is clean, photographs it; ends at phone size. */
  private void photograph(String url, String serverOrigin, String name) {
    for (Browser.Size size : new Browser.Size[] {Browser.Size.DESKTOP, Browser.Size.PHONE}) {
      browser.size(size);
      browser.open(url);
      browser.assertClean(serverOrigin);
      browser.screenshot("page-" + name + "-" + size.name().toLowerCase(Locale.ROOT));
    }
  }

  @Test
  void aValidTicketInEachLanguageAndTheSwitch() throws Exception {
    String page = origin + registered("BROWSER-1");
    String[][] languages = {{"kk", "Тіркелген"}, {"ru", "Зарегистрирован"}, {"en", "Registered"}};
    for (String[] l : languages) {
      photograph(page + "?lang=" + l[0], origin, "valid-" + l[0]);
      assertThat(h1()).isEqualTo(l[1]);
      assertThat(verdictClass()).contains("ok");
      assertThat(String.valueOf(browser.driver().findElement(By.tagName("html"))
          .getDomAttribute("lang")))
          .isEqualTo(l[0]);
      assertThat(browser.driver().findElement(By.cssSelector("dl.ticket")).getText())
          .contains("Kinopark Esentai").contains("25.11.2026, 19:30").contains("2");
    }
    // The switch: a link, no script; the choice stays for the next visit (the cookie).
    browser.open(page + "?lang=kk");
    browser.driver().findElement(By.linkText("Русский")).click();
    assertThat(h1()).isEqualTo("Зарегистрирован");
    browser.open(page);
    assertThat(h1()).isEqualTo("Зарегистрирован");
    browser.driver().findElement(By.linkText("English")).click();
    assertThat(h1()).isEqualTo("Registered");
    browser.assertClean(origin);
  }

  @Test
  void tamperedAndLookAlikeCodesAreRed() throws Exception {
    String p = registered("BROWSER-2");
    int i = p.length() - 6;
    String tampered = p.substring(0, i) + (p.charAt(i) == 'A' ? 'B' : 'A') + p.substring(i + 1);
    photograph(origin + tampered + "?lang=en", origin, "tampered-en");
    assertThat(h1()).isEqualTo("Forged or altered code");
    assertThat(verdictClass()).contains("bad");
    assertThat(browser.driver().findElements(By.tagName("form"))).hasSize(1);

    // Chromium resolves every *.localhost name to loopback itself: a look-alike host that
    // reaches this server without any DNS.
    String lookAlike = "http://qr.ekin0.localhost:" + server.port();
    photograph(lookAlike + p + "?lang=ru", lookAlike, "lookalike-ru");
    assertThat(h1()).isEqualTo("Неофициальный адрес");
    assertThat(verdictClass()).contains("bad");
    assertThat(browser.driver().findElement(By.tagName("main")).getText())
        .contains("qr.ekin0.localhost").contains("qr.ekino.kz").doesNotContain("Kinopark");

    photograph(origin + "/T/NOT-A-TICKET?lang=kk", origin, "malformed-kk");
    assertThat(h1()).isEqualTo("Бұл билет коды емес");
  }

  @Test
  void refundedAndAdmittedTickets() throws Exception {
    Registration sold = registry.register(Submissions.signSale(sale("BROWSER-3"), fx.vendorA));
    fx.clock.set(Fixture.START.plus(Duration.ofMinutes(20)));
    registry.refund(Submissions.signRefund(new Refund(sold.serial(),
        sale("BROWSER-3").ticketId(), Fixture.VENDOR_A, fx.clock.instant(), 250_000,
        "returned"), fx.vendorA));
    photograph(origin + path(sold.token().qrText(BASE)) + "?lang=en", origin, "refunded-en");
    assertThat(h1()).isEqualTo("Refunded");
    assertThat(verdictClass()).contains("bad");

    String admitted = registered("BROWSER-4");
    fx.clock.set(Fixture.almatyTonight().start().minus(Duration.ofMinutes(30)));
    registry.admit(BASE.prefix() + admitted.substring(3), new Gate(Fixture.ALMATY, "door-2"));
    photograph(origin + admitted + "?lang=ru", origin, "admitted-ru");
    assertThat(h1()).isEqualTo("Уже использован");
    assertThat(verdictClass()).contains("warn");
  }

  @Test
  void provisionalPendingThenOverdueAndTheReportForm() throws Exception {
    String p = path(TicketToken.issue(TicketClaims.provisional(sale("BROWSER-5")), fx.vendorA)
        .qrText(BASE));
    fx.clock.set(Fixture.START.plus(Duration.ofHours(2)));
    photograph(origin + p + "?lang=kk", origin, "provisional-kk");
    assertThat(h1()).isEqualTo("Тіркеуді күтуде");
    assertThat(verdictClass()).contains("warn");
    assertThat(browser.driver().findElements(By.tagName("form"))).isEmpty();

    fx.clock.set(Fixture.START.plus(Duration.ofDays(4)));
    photograph(origin + p + "?lang=en", origin, "overdue-en");
    assertThat(h1()).isEqualTo("Not registered in time");
    WebElement form = browser.driver().findElement(By.tagName("form"));
    form.findElement(By.id("contact")).sendKeys("visitor@example.kz");
    form.findElement(By.id("message")).sendKeys("<script>alert(1)</script> no receipt");
    browser.screenshot("page-report-form-phone");
    form.findElement(By.tagName("button")).click();
    assertThat(h1()).isEqualTo("Report received");
    browser.assertClean(origin);
    browser.screenshot("page-report-done-phone");
    assertThat(complaints.count()).isEqualTo(1);
    Complaint c = complaints.recent(1).get(0);
    assertThat(c.report().verdict()).isEqualTo("OVERDUE");
    assertThat(c.report().contact()).contains("visitor@example.kz");
    assertThat(c.report().message()).isEqualTo("<script>alert(1)</script> no receipt");
    assertThat(c.report().language()).isEqualTo("en");
  }
}
