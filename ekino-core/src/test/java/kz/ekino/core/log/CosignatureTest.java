package kz.ekino.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import kz.ekino.core.internal.Sha256;
import kz.ekino.core.key.Algorithm;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.key.VerificationKey;
import kz.ekino.core.testing.TestKeys;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

/** cosignature/v1 (c2sp.org/tlog-cosignature) lines and k-of-n verification. */
class CosignatureTest {
  private static final String ORIGIN = "qr.ekino.kz/registry";
  private static final Instant T = Instant.parse("2026-11-25T12:00:00Z");
  private final SigningKey log = TestKeys.signing(TestKeys.REGISTRY_ED25519);
  private final Checkpoint checkpoint = new Checkpoint(ORIGIN, 610,
      TreeHash.fromBase64("YE730d4jXn6aFyMng+k0xq5q6UTvOLBaRuQivHDFMWM="));
  private final String note = checkpoint.sign(log);
  private final List<SigningKey> keys = List.of(SigningKey.generate(Algorithm.ED25519),
      SigningKey.generate(Algorithm.ED25519), SigningKey.generate(Algorithm.ED25519));
  private final List<WitnessKey> witnesses = List.of(
      new WitnessKey("witness.example/w1", keys.get(0).verificationKey()),
      new WitnessKey("witness.example/w2", keys.get(1).verificationKey()),
      new WitnessKey("witness.example/w3", keys.get(2).verificationKey()));

  /** The committed vectors, made from the C2SP texts by another implementation. */
  @Test
  void cosignaturesMatchTheCommittedVectorsByteForByte() throws Exception {
    Path file = Path.of("docs", "spec", "vectors", "cosignature-v1.json");
    JsonNode v = new ObjectMapper().readTree(
        (Files.exists(file) ? file : Path.of("..").resolve(file)).toFile());
    String origin = v.get("origin").asText();
    VerificationKey logKey = VerificationKey.fromPem(v.get("logPublicKeyPem").asText());
    Checkpoint cp = Checkpoint.parseSigned(v.get("checkpointNote").asText(), origin, logKey);
    List<WitnessKey> vectorWitnesses = new ArrayList<>();
    for (JsonNode c : v.get("cosignatures")) {
      SigningKey key = SigningKey.fromPkcs8Pem(c.get("witnessPrivateKeyPem").asText());
      WitnessKey w = new WitnessKey(c.get("witnessName").asText(), key.verificationKey());
      assertThat(key.verificationKey()).isEqualTo(
          VerificationKey.fromPem(c.get("witnessPublicKeyPem").asText()));
      assertThat(HexFormat.of().formatHex(w.keyId())).as(c.get("id").asText())
          .isEqualTo(c.get("keyIdHex").asText());
      long t = c.get("timestamp").asLong();
      assertThat(new String(Cosignature.message(cp, t), StandardCharsets.UTF_8))
          .isEqualTo(c.get("signedMessage").asText());
      Cosignature made = Cosignature.sign(cp, w.name(), key, Instant.ofEpochSecond(t));
      assertThat(made.toLine()).as(c.get("id").asText())
          .isEqualTo(c.get("cosignatureLine").asText());
      assertThat(made.time()).isEqualTo(Instant.ofEpochSecond(t));
      vectorWitnesses.add(w);
    }
    String cosigned = v.get("cosignedNote").asText();
    assertThat(Checkpoint.parseCosigned(cosigned, origin, logKey,
        new WitnessQuorum(2, vectorWitnesses))).isEqualTo(cp);
    assertRefused(() -> Checkpoint.parseCosigned(v.get("checkpointNote").asText(), origin,
        logKey, new WitnessQuorum(1, vectorWitnesses)),
        CheckpointException.Reason.TOO_FEW_COSIGNATURES);
  }

  /** SHA-256(name || 0x0A || 0x04 || key)[:4], computed here from the spec text. */
  @Test
  void theKeyIdIsOfSignatureType4AndTheLineCarriesTimeAndSignature() {
    Cosignature c = Cosignature.sign(checkpoint, "witness.example/w1", keys.get(0), T);
    String line = c.toLine();
    assertThat(line).startsWith("\u2014 witness.example/w1 ").endsWith("\n");
    byte[] sig = Base64.getDecoder().decode(line.substring(line.lastIndexOf(' ') + 1).strip());
    assertThat(sig).hasSize(76);
    byte[] name = "witness.example/w1".getBytes(StandardCharsets.UTF_8);
    byte[] spki = keys.get(0).verificationKey().toSpki();
    byte[] input = new byte[name.length + 34];
    System.arraycopy(name, 0, input, 0, name.length);
    input[name.length] = '\n';
    input[name.length + 1] = 4;
    System.arraycopy(spki, 12, input, name.length + 2, 32);
    assertThat(Arrays.copyOf(sig, 4)).isEqualTo(Arrays.copyOf(Sha256.digest(input), 4));
    assertThat(java.nio.ByteBuffer.wrap(sig, 4, 8).getLong()).isEqualTo(T.getEpochSecond());
    byte[] message = ("cosignature/v1\ntime " + T.getEpochSecond() + "\n" + checkpoint.noteText())
        .getBytes(StandardCharsets.UTF_8);
    assertThat(keys.get(0).verificationKey().verify(message, Arrays.copyOfRange(sig, 12, 76)))
        .isTrue();
  }

  @Test
  void aVerifierRequiringOneCosignatureRefusesAnUncosignedCheckpoint() throws Exception {
    WitnessQuorum oneOfOne = WitnessQuorum.of(1, witnesses.get(0));

    assertThatThrownBy(() -> Checkpoint.parseCosigned(note, ORIGIN, log.verificationKey(),
        oneOfOne)).isInstanceOfSatisfying(CheckpointException.class, e -> {
          assertThat(e.reason()).isEqualTo(CheckpointException.Reason.TOO_FEW_COSIGNATURES);
          assertThat(e.getMessage()).contains("0 valid cosignatures of the 1 required");
        });
    assertThat(Checkpoint.parseCosigned(note + cosign(0), ORIGIN, log.verificationKey(),
        oneOfOne)).isEqualTo(checkpoint);
    // The registry's own signature is still required.
    assertRefused(() -> Checkpoint.parseCosigned(note.replace("610", "611") + cosign(0), ORIGIN,
        log.verificationKey(), oneOfOne), CheckpointException.Reason.BAD_SIGNATURE);
  }

  @Test
  void twoOfThreeRefusesOneCosignatureEvenRepeatedAndAcceptsTwo() throws Exception {
    WitnessQuorum twoOfThree = new WitnessQuorum(2, witnesses);
    String once = note + cosign(0);
    String sameWitnessTwice = once + Cosignature.sign(checkpoint, "witness.example/w1",
        keys.get(0), T.plusSeconds(60)).toLine();

    assertThatThrownBy(() -> Checkpoint.parseCosigned(once, ORIGIN, log.verificationKey(),
        twoOfThree)).hasMessageContaining("1 valid cosignature of the 2 required");
    assertThatThrownBy(() -> Checkpoint.parseCosigned(sameWitnessTwice, ORIGIN,
        log.verificationKey(), twoOfThree))
        .hasMessageContaining("1 valid cosignature of the 2 required");
    assertThat(Checkpoint.parseCosigned(once + cosign(2), ORIGIN, log.verificationKey(),
        twoOfThree)).isEqualTo(checkpoint);
    assertThat(Checkpoint.parseCosigned(note + cosign(2) + cosign(1) + cosign(0), ORIGIN,
        log.verificationKey(), twoOfThree)).isEqualTo(checkpoint);
  }

  @Test
  void unknownSignatureLinesAreIgnored() throws Exception {
    SigningKey stranger = SigningKey.generate(Algorithm.ED25519);
    String noise = note
        // another witness, not in the quorum
        + Cosignature.sign(checkpoint, "witness.example/other", stranger, T).toLine()
        // a quorum witness's name with another key (another key ID)
        + Cosignature.sign(checkpoint, "witness.example/w1", stranger, T).toLine()
        // a quorum witness's key as a plain Ed25519 note signature (type 0x01, another key ID)
        + new Checkpoint(ORIGIN, 610, checkpoint.rootHash()).sign(keys.get(0)).lines()
            .filter(l -> l.startsWith("\u2014")).findFirst().orElseThrow()
            .replace(ORIGIN, "witness.example/w1") + "\n";
    WitnessQuorum oneOfOne = WitnessQuorum.of(1, witnesses.get(0));

    assertRefused(() -> Checkpoint.parseCosigned(noise, ORIGIN, log.verificationKey(), oneOfOne),
        CheckpointException.Reason.TOO_FEW_COSIGNATURES);
    assertThat(Checkpoint.parseCosigned(noise + cosign(0), ORIGIN, log.verificationKey(),
        oneOfOne)).isEqualTo(checkpoint);
  }

  @Test
  void aFailingCosignatureOfAQuorumWitnessRejectsTheNote() {
    WitnessQuorum twoOfThree = new WitnessQuorum(2, witnesses);
    // w1's genuine cosignature of another checkpoint, copied under this one.
    String copied = Cosignature.sign(new Checkpoint(ORIGIN, 611, checkpoint.rootHash()),
        "witness.example/w1", keys.get(0), T).toLine();
    String line = cosign(0);
    byte[] sig = Base64.getDecoder().decode(line.substring(line.lastIndexOf(' ') + 1).strip());
    sig[20] ^= 1;
    String flipped = "\u2014 witness.example/w1 " + Base64.getEncoder().encodeToString(sig)
        + "\n";
    byte[] later = sig.clone();
    later[20] ^= 1;
    later[11] ^= 1; // the timestamp is signed too
    String retimed = "\u2014 witness.example/w1 " + Base64.getEncoder().encodeToString(later)
        + "\n";
    String truncated = "\u2014 witness.example/w1 "
        + Base64.getEncoder().encodeToString(Arrays.copyOf(sig, 68)) + "\n";

    for (String bad : List.of(copied, flipped, retimed, truncated)) {
      assertRefused(() -> Checkpoint.parseCosigned(note + cosign(1) + cosign(2) + bad, ORIGIN,
          log.verificationKey(), twoOfThree), CheckpointException.Reason.BAD_COSIGNATURE);
    }
  }

  /** cosignature/v1 does not sign the witness's name: one key may not pose as two witnesses. */
  @Test
  void oneKeyUnderTwoNamesIsNotAQuorumOfTwo() {
    WitnessKey alias = new WitnessKey("witness.example/alias", keys.get(0).verificationKey());
    assertThatThrownBy(() -> WitnessQuorum.of(2, witnesses.get(0), alias))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("its own key");
    assertThatThrownBy(() -> WitnessQuorum.of(0, witnesses.get(0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WitnessQuorum.of(2, witnesses.get(0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WitnessKey("has space", keys.get(0).verificationKey()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WitnessKey("w",
        TestKeys.verification(TestKeys.REGISTRY_ES256))).hasMessageContaining("Ed25519");
    assertThatThrownBy(() -> Cosignature.sign(checkpoint, "w",
        TestKeys.signing(TestKeys.REGISTRY_ES256), T)).hasMessageContaining("Ed25519");
  }

  private String cosign(int witness) {
    return Cosignature.sign(checkpoint, witnesses.get(witness).name(), keys.get(witness), T)
        .toLine();
  }

  private static void assertRefused(ThrowableAssert.ThrowingCallable call,
      CheckpointException.Reason reason) {
    assertThatThrownBy(call).isInstanceOfSatisfying(CheckpointException.class,
        e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
