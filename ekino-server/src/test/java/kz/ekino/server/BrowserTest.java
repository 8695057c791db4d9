package kz.ekino.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The browser fixture's own checks can fail: a page that logs a console error, or that loads
 * an image from another host, is caught; a clean page passes and is photographed.
 */
class BrowserTest {
  private static Browser browser;
  private static HttpServer pages;
  private static String origin;

  @BeforeAll
  static void start() throws Exception {
    browser = Browser.start();
    pages = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    page("/clean", "<p id=ok>clean</p>");
    page("/console", "<script>console.error('broken')</script><p>x</p>");
    // 192.0.2.1 is TEST-NET-1: never routed, so the request is attempted and logged.
    page("/elsewhere", "<img src='http://192.0.2.1/pixel.png' alt=''>");
    pages.start();
    origin = "http://127.0.0.1:" + pages.getAddress().getPort();
  }

  private static void page(String path, String body) {
    byte[] html = ("<!doctype html><html><head><meta charset=utf-8>"
        + "<link rel=icon href='data:,'><title>t</title></head><body>" + body
        + "</body></html>").getBytes(StandardCharsets.UTF_8);
    pages.createContext(path, exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, html.length);
      exchange.getResponseBody().write(html);
      exchange.close();
    });
  }

  @AfterAll
  static void stop() {
    if (pages != null) {
      pages.stop(0);
    }
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void cleanPagePassesAndIsPhotographedAtBothSizes() throws Exception {
    for (Browser.Size size : Browser.Size.values()) {
      browser.size(size);
      browser.open(origin + "/clean");
      assertThat(browser.driver().findElement(org.openqa.selenium.By.id("ok")).getText())
          .isEqualTo("clean");
      browser.assertClean(origin);
      Path shot = browser.screenshot("browser-fixture-" + size.name().toLowerCase(java.util.Locale.ROOT));
      assertThat(Files.size(shot)).isGreaterThan(100);
    }
  }

  @Test
  void consoleErrorIsCaught() {
    browser.open(origin + "/console");
    assertThatThrownBy(() -> browser.assertClean(origin)).hasMessageContaining("broken");
  }

  @Test
  void requestToAnotherHostIsCaught() {
    browser.open(origin + "/elsewhere");
    assertThatThrownBy(() -> browser.assertClean(origin)).hasMessageContaining("192.0.2.1");
  }
}
