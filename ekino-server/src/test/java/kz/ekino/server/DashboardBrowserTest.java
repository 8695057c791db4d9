package kz.ekino.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real Chromium, at phone and desktop sizes: the login form, the page with
 * its inline SVG charts (no script, no other host, no console error), a period change through
 * the form, and signing out. Screenshots: target/screenshots/dashboard-*.png.
 */
class DashboardBrowserTest {
  private static Browser browser;
  private OperatorWorld w;

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
    w = new OperatorWorld(dir);
    w.seed();
  }

  @AfterEach
  void stop() {
    if (w != null) {
      w.close();
    }
  }

  /** Waits up to 20 s for the window's URL to satisfy {@code ok}. */
  private static void waitForUrl(java.util.function.Predicate<String> ok, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!ok.test(browser.driver().getCurrentUrl()) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    if (!ok.test(browser.driver().getCurrentUrl())) {
      browser.screenshot("dashboard-failed");
      System.err.println("FAILED at " + browser.driver().getCurrentUrl() + ":\n"
          + browser.driver().getPageSource());
    }
    assertThat(browser.driver().getCurrentUrl()).as(what).matches(ok);
  }

  @Test
  void loginChartsPeriodChangeAndLogoutAtPhoneAndDesktopSizes() throws Exception {
    for (Browser.Size size : Browser.Size.values()) {
      String name = size.name().toLowerCase(Locale.ROOT);
      browser.size(size);
      browser.open(w.base + "/dashboard");
      waitForUrl(u -> u.equals(w.base + "/login"), "the login page");
      browser.assertClean(w.base);
      browser.screenshot("dashboard-login-" + name);

      browser.driver().findElement(By.id("token")).sendKeys(OperatorWorld.VIEWER);
      browser.driver().findElement(By.cssSelector("form[action='/login'] button")).click();
      waitForUrl(u -> u.equals(w.base + "/dashboard"), "the dashboard");
      assertThat(browser.driver().findElements(By.cssSelector("svg.chart"))).hasSize(4);
      for (String chart : new String[] {"region", "day", "film", "genre"}) {
        WebElement svg = browser.driver().findElement(By.cssSelector(
            "svg[data-chart='" + chart + "']"));
        assertThat(svg.isDisplayed()).as(chart).isTrue();
        assertThat(svg.getSize().getWidth()).as(chart)
            .isLessThanOrEqualTo(size.width).isGreaterThan(200);
        assertThat(svg.findElements(By.tagName("rect"))).as(chart).isNotEmpty();
      }
      assertThat(browser.driver().findElement(By.id("total-tiyn")).getAttribute("data-value"))
          .isEqualTo("4819300");
      // The page fits the window: no horizontal scrolling of the whole page.
      Number scrollWidth = (Number) java.util.Objects.requireNonNull(browser.driver()
          .executeScript("return document.documentElement.scrollWidth"));
      assertThat(scrollWidth.intValue()).isLessThanOrEqualTo(size.width);
      browser.assertClean(w.base);
      Path shot = browser.screenshot("dashboard-" + name);
      assertThat(Files.size(shot)).isGreaterThan(1000);

      // A period change through the form: one day.
      WebElement from = browser.driver().findElement(By.id("from"));
      WebElement to = browser.driver().findElement(By.id("to"));
      browser.driver().executeScript("arguments[0].value = '2026-11-24'; "
          + "arguments[1].value = '2026-11-25';", from, to);
      browser.driver().findElement(By.cssSelector("form.period button")).click();
      waitForUrl(u -> u.contains("from=2026-11-24"), "the changed period");
      assertThat(browser.driver().findElement(By.id("total-tiyn")).getAttribute("data-value"))
          .isEqualTo("1606100");
      assertThat(browser.driver().findElements(By.cssSelector(
          "svg[data-chart='day'] rect"))).hasSize(1);
      browser.assertClean(w.base);
      browser.screenshot("dashboard-one-day-" + name);

      browser.driver().findElement(By.cssSelector("form.logout button")).click();
      waitForUrl(u -> u.equals(w.base + "/login"), "the login page");
      browser.open(w.base + "/dashboard");
      waitForUrl(u -> u.equals(w.base + "/login"), "the login page");
      browser.assertClean(w.base);
    }
  }
}
