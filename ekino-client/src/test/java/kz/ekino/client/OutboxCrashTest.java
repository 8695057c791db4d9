package kz.ekino.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import kz.ekino.core.model.TicketId;
import kz.ekino.registry.testing.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox across real processes: a second process is refused the file while the first
 * holds it, and gets it once the first is killed; a process killed with SIGKILL while selling
 * through an outage has every ticket it printed in the file.
 */
class OutboxCrashTest {
  private static Process start(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), OutboxProcess.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static String ticket(String line) {
    assertThat(line).startsWith("PRINTED ");
    assertThat(line.split(" ", -1)[2]).isEqualTo("PROVISIONAL");
    return line.split(" ", -1)[1];
  }

  private static String closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return Integer.toString(s.getLocalPort());
    }
  }

  @Test
  void aSecondProcessIsRefusedTheFileUntilTheFirstDies(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("outbox.db");
    String port = closedPort();
    Process first = start("open", file.toString(), port);
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream(),
          StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("OPEN");
      Process second = start("open", file.toString(), port);
      String answer = new BufferedReader(new InputStreamReader(second.getInputStream(),
          StandardCharsets.UTF_8)).readLine();
      assertThat(answer).isEqualTo("REFUSED LOCKED");
      assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    // The dead process's lock went with it.
    Process third = start("open", file.toString(), port);
    try {
      assertThat(new BufferedReader(new InputStreamReader(third.getInputStream(),
          StandardCharsets.UTF_8)).readLine()).isEqualTo("OPEN");
    } finally {
      third.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aProcessKilledWhileSellingHasEveryPrintedTicketInItsOutbox(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("outbox.db");
    Process seller = start("sell", file.toString(), closedPort());
    List<String> printed = new ArrayList<>();
    BufferedReader out = new BufferedReader(new InputStreamReader(seller.getInputStream(),
        StandardCharsets.UTF_8));
    try {
      assertThat(out.readLine()).isEqualTo("OPEN");
      while (printed.size() < 25) {
        printed.add(ticket(out.readLine()));
      }
      // SIGKILL, in the middle of a sale; then what it printed before it died, still in the
      // pipe, up to the end of the stream (its death closes the pipe).
      new ProcessBuilder("kill", "-9", Long.toString(seller.pid())).start().waitFor();
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("PRINTED ") && line.split(" ", -1).length == 4) {
          printed.add(ticket(line));
        }
      }
    } finally {
      seller.destroyForcibly();
      assertThat(seller.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    Fixture fx = new Fixture();
    RegistryClient client = RegistryClient.builder(URI.create("http://127.0.0.1:" + closedPort()))
        .retry(RetryPolicy.none()).build();
    try (Outbox outbox = Outbox.builder(file, client).clock(fx.clock)
        .drainEvery(Duration.ZERO).open()) {
      for (String t : printed) {
        assertThat(outbox.entry(Fixture.VENDOR_A, TicketId.of(t)))
            .as(t).hasValueSatisfying(e ->
                assertThat(e.state()).isEqualTo(OutboxEntry.State.PENDING));
      }
      // At most the sale in progress when killed is there beyond what was printed.
      assertThat(outbox.stats().pending()).isBetween((long) printed.size(),
          (long) printed.size() + 1);
    }
  }
}
