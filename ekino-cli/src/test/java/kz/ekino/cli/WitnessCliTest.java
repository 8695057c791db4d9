package kz.ekino.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.MerkleHashing;
import kz.ekino.registry.RegistryConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ekino prove --consistency-from}, {@code ekino witness cosign} and {@code verify}. */
class WitnessCliTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final String ORIGIN = RegistryConfig.DEFAULT_ORIGIN;

  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  private static Run ekino(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new Main(Clock.fixed(NOW, ZoneOffset.UTC), new PrintWriter(out, true),
        new PrintWriter(err, true)).run(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  private Run cosign(Path proof, String... more) {
    String[] base = {"witness", "cosign", "--key", dir.resolve("w1.key.pem").toString(),
        "--name", "witness.example/w1", "--state", dir.resolve("w1.state").toString(),
        "--log-key", dir.resolve("data/keys/registry.pub.pem").toString(),
        "--proof", proof.toString()};
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return ekino(all);
  }

  private Run verify(Path checkpoint, String... quorum) {
    String[] base = {"witness", "verify", "--checkpoint", checkpoint.toString(),
        "--log-key", dir.resolve("data/keys/registry.pub.pem").toString(),
        "--witness", "witness.example/w1=" + dir.resolve("w1.pub.pem")};
    String[] all = new String[base.length + quorum.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(quorum, 0, all, base.length, quorum.length);
    return ekino(all);
  }

  @Test
  void aWitnessFollowsTheRegistryAndAVerifierRequiresItsCosignature() throws Exception {
    String data = dir.resolve("data").toString();
    assertThat(ekino("demo", "--data", data, "--sales", "20").exit()).isZero();
    assertThat(ekino("keygen", "--out", dir.resolve("w1").toString()).exit()).isZero();
    Path note = write("checkpoint.txt", ekino("checkpoint", "--data", data).out());
    long size = Checkpoint.parseSigned(Files.readString(note), ORIGIN,
        kz.ekino.cli.Inputs.verificationKey(dir.resolve("data/keys/registry.pub.pem")))
        .treeSize();

    Run proof0 = ekino("prove", "--data", data, "--consistency-from", "0");
    assertThat(proof0.exit()).as(proof0.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(proof0.out());
    assertThat(json.get("size2").asLong()).isEqualTo(size);
    assertThat(json.get("verified").asBoolean()).isTrue();

    // A verifier requiring the witness refuses the registry's checkpoint alone.
    Run uncosigned = verify(note);
    assertThat(uncosigned.exit()).isEqualTo(1);
    assertThat(uncosigned.err()).contains("TOO_FEW_COSIGNATURES", "0 valid cosignatures of the 1");

    Run first = cosign(write("proof0.json", proof0.out()));
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).startsWith(Files.readString(note)).contains("\u2014 witness.example/w1 ");
    Run valid = verify(write("cosigned.txt", first.out()), "--quorum", "1");
    assertThat(valid.exit()).as(valid.err()).isZero();
    assertThat(valid.out()).startsWith("VALID: " + ORIGIN + " size " + size);

    // The registry grows; the witness follows with a proof from the size it cosigned.
    assertThat(ekino("demo", "--data", data, "--sales", "20").exit()).isZero();
    Run stale = cosign(write("proof0b.json", ekino("prove", "--data", data,
        "--consistency-from", "0").out()));
    assertThat(stale.exit()).isEqualTo(1);
    assertThat(stale.err()).contains("WRONG_OLD_SIZE", "from size " + size);
    Run next = cosign(write("proof1.json", ekino("prove", "--data", data,
        "--consistency-from", Long.toString(size)).out()));
    assertThat(next.exit()).as(next.err()).isZero();

    // A second history signed with the registry's own key, at the size the witness cosigned.
    SigningKey registryKey = Inputs.signingKey(dir.resolve("data/keys/registry.key.pem"));
    Checkpoint grown = Checkpoint.parseSigned(next.out(), ORIGIN, registryKey.verificationKey());
    Path fork = write("fork.txt", new Checkpoint(ORIGIN, grown.treeSize(),
        MerkleHashing.leafHash(new byte[] {1})).sign(registryKey));
    Run equivocation = cosign(write("proofN.json", "{\"size1\": " + grown.treeSize()
        + ", \"size2\": " + grown.treeSize() + ", \"proof\": []}"), "--checkpoint",
        fork.toString());
    assertThat(equivocation.exit()).isEqualTo(1);
    assertThat(equivocation.err()).startsWith("ekino: witness refuses: EQUIVOCATION")
        .doesNotContain("Exception", "\tat ");
    assertThat(equivocation.err().strip()).doesNotContain("\n");
    Run rollback = cosign(dir.resolve("proof0.json"));
    assertThat(rollback.exit()).isEqualTo(1);
    assertThat(rollback.err()).contains("ROLLBACK");
  }

  @Test
  void badFilesAreUsageErrorsOfOneLine() throws Exception {
    assertThat(ekino("keygen", "--out", dir.resolve("w1").toString()).exit()).isZero();
    assertThat(ekino("demo", "--data", dir.resolve("data").toString(), "--sales", "20").exit())
        .isZero();
    for (String bad : new String[] {"not json", "{\"size1\": 0, \"size2\": 1, \"proof\": [], "
        + "\"size1\": 0}", "{\"size1\": 0, \"size2\": 1, \"proof\": [\"AAAA\"]}",
        "{\"size1\": 2, \"size2\": 1, \"proof\": []}", "{\"size1\": 0, \"size2\": 1, "
        + "\"proof\": [], \"extra\": 1}", "[]"}) {
      Run run = cosign(write("bad.json", bad));
      assertThat(run.exit()).as(bad).isEqualTo(2);
      assertThat(run.err()).as(bad).startsWith("ekino: ").doesNotContain("Exception");
      assertThat(run.err().strip()).as(bad).doesNotContain("\n");
    }
    Run noCheckpoint = cosign(write("p.json", "{\"size1\": 0, \"size2\": 1, \"proof\": []}"));
    assertThat(noCheckpoint.exit()).isEqualTo(2);
    assertThat(noCheckpoint.err()).contains("give --checkpoint");
    Run badQuorum = verify(write("c.txt", "x"), "--quorum", "2");
    assertThat(badQuorum.exit()).isEqualTo(2);
    assertThat(ekino("prove", "--data", dir.resolve("data").toString(), "--consistency-from",
        "100000").exit()).isEqualTo(2);
  }
}
