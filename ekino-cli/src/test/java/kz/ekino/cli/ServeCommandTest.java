package kz.ekino.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.registry.Registry;
import kz.ekino.registry.RegistryConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ekino serve}: a fresh data directory on a free port, answered over HTTP, stopped. */
class ServeCommandTest {
  private static final Pattern URL = Pattern.compile("on (http://127\\.0\\.0\\.1:\\d+)");

  @Test
  void servesAFreshDataDirectoryAndStopsCleanly(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    Clock clock = Clock.systemUTC();
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text, true);
    CompletableFuture<Void> stop = new CompletableFuture<>();
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() ->
        new CommandLine(new ServeCommand(clock, out, stop))
            .execute("--data", data.toString(), "--port", "0"));
    String base = null;
    for (int i = 0; i < 1200 && base == null; i++) {
      Matcher m = URL.matcher(text.toString());
      if (m.find()) {
        base = m.group(1);
      } else {
        assertThat(exit).isNotDone();
        Thread.sleep(50);
      }
    }
    assertThat(base).as(text.toString()).isNotNull();
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/readyz"))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    HttpResponse<String> note = http.send(HttpRequest.newBuilder(
        URI.create(base + "/api/v1/checkpoint")).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    // The verification page, and the complaints file beside the registry.
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/T/AAAA"))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(data.resolve("complaints.db")).exists();
    // The root-signed trust list, byte for byte the directory's trust.json.
    HttpResponse<byte[]> signed = http.send(HttpRequest.newBuilder(
        URI.create(base + "/api/v1/trust-list/signed")).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(signed.statusCode()).isEqualTo(200);
    assertThat(signed.body()).isEqualTo(java.nio.file.Files.readAllBytes(
        data.resolve("trust.json")));
    assertThat(text.toString()).contains("/T/");
    // The operators file and the first admin token, printed with its path at each start.
    for (int i = 0; i < 100 && !text.toString().contains("Stop with"); i++) {
      Thread.sleep(50);
    }
    Matcher token = Pattern.compile("operator token: (\\S+)").matcher(text.toString());
    assertThat(token.find()).as(text.toString()).isTrue();
    assertThat(text.toString()).contains(data.resolve("operator-token").toString());
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
        java.nio.file.Files.getPosixFilePermissions(data.resolve("operators"))))
        .isEqualTo("rw-------");
    for (String path : new String[] {"/api/v1/monitoring/box-office", "/metrics"}) {
      HttpRequest.Builder asked = HttpRequest.newBuilder(URI.create(base + path))
          .timeout(Duration.ofSeconds(5));
      assertThat(http.send(asked.build(), HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(401);
      assertThat(http.send(asked.header("Authorization", "Bearer " + token.group(1)).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
    DataDir keys = DataDir.open(data, false, clock);
    long size = Checkpoint.parseSigned(note.body(), RegistryConfig.DEFAULT_ORIGIN,
        keys.registry.verificationKey()).treeSize();

    stop.complete(null);
    assertThat(exit.get(20, TimeUnit.SECONDS)).isEqualTo(Main.OK);
    assertThat(text.toString()).contains("ekino serve: stopped");
    // The registry was closed: its writer lock is free for the next process.
    try (Registry again = keys.openRegistry(clock)) {
      assertThat(again.size()).isEqualTo(size);
    }
  }
}
