package kz.ekino.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.opentest4j.TestAbortedException;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven by
 * Selenium, for browser tests of the server's pages. Absent browser: the test is skipped with
 * the reason, except on CI ({@code CI} set), where .ci/run installs both and absence fails.
 *
 * <p>Every page is checked the same way: {@link #assertClean(String)} fails on a console error
 * or on any request the page made to a host other than the server's. Screenshots go to
 * {@code target/screenshots/}, kept as test artifacts.
 *
 * <p>Use one per test class ({@code @BeforeAll} / {@code @AfterAll}): a start costs about a
 * second.
 */
public final class Browser implements AutoCloseable {
  /** Window sizes the pages must work at, in CSS pixels. */
  public enum Size {
    PHONE(390, 844),
    DESKTOP(1366, 900);

    final int width;
    final int height;

    Size(int width, int height) {
      this.width = width;
      this.height = height;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SCREENSHOTS = Paths.get("target", "screenshots");

  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Starts a headless Chromium at the phone size, or skips the test (see the class). */
  public static Browser start() {
    Path chromium = onPath("chromium");
    Path chromedriver = onPath("chromedriver");
    if (chromium == null || chromedriver == null) {
      String reason = "browser tests skipped: Debian's chromium and chromium-driver are not "
          + "installed (apt-get install chromium chromium-driver; .ci/run does this)";
      if (System.getenv("CI") != null) {
        throw new IllegalStateException("on CI, " + reason);
      }
      throw new TestAbortedException(reason);
    }
    Path profile;
    try {
      profile = Files.createTempDirectory("ekino-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    // As root and without a display; the network flags keep Chromium's own background
    // requests (updates, sync, safe browsing) from reaching for hosts this machine cannot see.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
        "--window-size=" + Size.PHONE.width + "," + Size.PHONE.height);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(chromedriver.toFile())
        .usingAnyFreePort()
        .build();
    return new Browser(new ChromeDriver(service, options), profile);
  }

  /** The driver, for finding elements and clicking. */
  public ChromeDriver driver() {
    return driver;
  }

  /** Resizes the window. */
  public void size(Size size) {
    driver.manage().window().setSize(new Dimension(size.width, size.height));
  }

  /**
   * Opens {@code url} and waits for the page to load. The logs of what came before (the
   * browser's own start page) are dropped first, so {@link #assertClean} judges this page.
   */
  public void open(String url) {
    driver.manage().logs().get(LogType.BROWSER);
    driver.manage().logs().get(LogType.PERFORMANCE);
    driver.get(url);
  }

  /** Saves a screenshot of the window as {@code target/screenshots/<name>.png}. */
  public Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Fails if, since the last call, the page logged a console error (a script error, a
   * resource that failed to load) or requested anything from a host other than
   * {@code serverOrigin} (such as {@code http://127.0.0.1:8080}); {@code data:} URLs are the
   * page's own. Reads and clears the browser's logs.
   */
  public void assertClean(String serverOrigin) {
    List<String> errors = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
        errors.add(e.getMessage());
      }
    }
    assertThat(errors).as("console errors").isEmpty();
    assertThat(requestsElsewhere(serverOrigin)).as("requests to hosts other than "
        + serverOrigin).isEmpty();
  }

  private List<String> requestsElsewhere(String serverOrigin) {
    URI server = URI.create(serverOrigin);
    List<String> elsewhere = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
      JsonNode message;
      try {
        message = JSON.readTree(e.getMessage()).path("message");
      } catch (IOException notJson) {
        continue;
      }
      if (!"Network.requestWillBeSent".equals(message.path("method").asText())) {
        continue;
      }
      String url = message.path("params").path("request").path("url").asText();
      if (!sameOrigin(url, server)) {
        elsewhere.add(url);
      }
    }
    return elsewhere;
  }

  private static boolean sameOrigin(String url, URI server) {
    String lower = url.toLowerCase(Locale.ROOT);
    // data: is the page's own; about: and chrome: are the browser's, never the network.
    if (lower.startsWith("data:") || lower.startsWith("about:") || lower.startsWith("chrome:")) {
      return true;
    }
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return server.getScheme().equalsIgnoreCase(String.valueOf(u.getScheme()))
        && server.getHost().equalsIgnoreCase(String.valueOf(u.getHost()))
        && server.getPort() == u.getPort();
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a temporary profile left behind is harmless
      }
    }
  }

  private static @Nullable Path onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(java.io.File.pathSeparator, -1)) {
      Path p = Paths.get(dir, program);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
