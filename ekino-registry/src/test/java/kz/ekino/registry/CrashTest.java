package kz.ekino.registry;

import kz.ekino.core.registration.TicketStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.LogProofs;
import kz.ekino.registry.testing.Databases;
import kz.ekino.registry.testing.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry in another JVM is killed with SIGKILL while four threads register. After a
 * restart every acknowledged registration is there, serials are gapless, the whole log audits,
 * and the last checkpoint the dead process published is consistent with the new log.
 */
class CrashTest {
  @TempDir
  Path dir;

  @Test
  void acknowledgedRegistrationsSurviveSigkill() throws Exception {
    String url = Databases.sqlite(dir);
    Map<Long, String> acked = new HashMap<>();
    String lastCheckpoint = null;
    for (int round = 0; round < 2; round++) {
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString(), "-cp", System.getProperty("java.class.path"),
          CrashChild.class.getName(), url)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      int acksThisRound = 0;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("ACK ")) {
            String[] parts = line.split(" ", -1);
            acked.put(Long.parseLong(parts[1]), parts[2]);
            acksThisRound++;
          } else if (line.startsWith("CHECKPOINT ")) {
            lastCheckpoint = new String(Base64.getDecoder().decode(line.substring(11)),
                StandardCharsets.UTF_8);
          }
          if (acksThisRound >= 400) {
            // Kill it mid-flight: requests are queued and a batch may be committing.
            child.destroyForcibly();
            break;
          }
        }
      }
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(acksThisRound).as("round %d acknowledged work before the kill", round)
          .isEqualTo(400);
    }

    Fixture f = new Fixture();
    try (Registry registry = f.open(url)) {
      long size = registry.size();
      assertThat(size).isGreaterThanOrEqualTo(acked.size());
      for (Map.Entry<Long, String> e : acked.entrySet()) {
        assertThat(registry.status(e.getKey()).status()).isEqualTo(TicketStatus.Status.REGISTERED);
        assertThat(registry.entry(e.getKey())).isPresent();
      }
      // Opening checked count = max serial = log size; the audit recomputes every leaf.
      assertThat(registry.audit()).isEqualTo(size);
      assertThat(lastCheckpoint).as("the child published a checkpoint").isNotNull();
      Checkpoint published = Checkpoint.parseSigned(java.util.Objects.requireNonNull(
          lastCheckpoint),
          RegistryConfig.DEFAULT_ORIGIN, f.registryKey.verificationKey());
      Checkpoint now = Checkpoint.parseSigned(registry.checkpoint(),
          RegistryConfig.DEFAULT_ORIGIN, f.registryKey.verificationKey());
      assertThat(LogProofs.verifyConsistency(published.treeSize(), now.treeSize(),
          published.rootHash(), now.rootHash(),
          registry.consistencyProof(published.treeSize(), now.treeSize()).path())).isTrue();
      System.out.printf("crash test: %d acknowledged, %d in the log, last published "
          + "checkpoint at %d%n", acked.size(), size, published.treeSize());
    }
  }
}
