package kz.ekino.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import kz.ekino.core.internal.Sha256;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.testing.TestKeys;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

class CheckpointTest {
  private static final String ORIGIN = "qr.ekino.kz/registry";
  private final SigningKey key = TestKeys.signing(TestKeys.REGISTRY_ED25519);
  private final Checkpoint checkpoint = new Checkpoint(ORIGIN, 20852163,
      TreeHash.fromBase64("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="));

  @Test
  void noteTextIsTheC2spCheckpointBody() {
    assertThat(checkpoint.noteText()).isEqualTo(
        "qr.ekino.kz/registry\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n");
  }

  @Test
  void signedNoteRoundTripsAndCarriesTheC2spKeyId() throws Exception {
    String note = checkpoint.sign(key);

    assertThat(Checkpoint.parseSigned(note, ORIGIN, key.verificationKey())).isEqualTo(checkpoint);
    String line = note.substring(note.lastIndexOf("\n\n") + 2);
    assertThat(line).startsWith("\u2014 " + ORIGIN + " ").endsWith("\n");
    byte[] sig = Base64.getDecoder().decode(line.substring(line.lastIndexOf(' ') + 1).strip());
    assertThat(sig).hasSize(68);
    // key ID = SHA-256(name || 0x0A || 0x01 || public key)[:4], computed here independently.
    byte[] spki = key.verificationKey().toSpki();
    byte[] name = ORIGIN.getBytes(StandardCharsets.UTF_8);
    byte[] input = new byte[name.length + 34];
    System.arraycopy(name, 0, input, 0, name.length);
    input[name.length] = '\n';
    input[name.length + 1] = 1;
    System.arraycopy(spki, 12, input, name.length + 2, 32);
    assertThat(Arrays.copyOf(sig, 4)).isEqualTo(Arrays.copyOf(Sha256.digest(input), 4));
    assertThat(key.verificationKey().verify(
        checkpoint.noteText().getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(sig, 4, 68)))
        .isTrue();
  }

  @Test
  void otherKeysSignaturesAreIgnoredButTheExpectedOneIsRequired() throws Exception {
    String note = checkpoint.sign(key);
    String withWitness = note + new Checkpoint("witness.example", 1, checkpoint.rootHash())
        .sign(TestKeys.signing(TestKeys.OTHER_ED25519)).lines()
        .filter(l -> l.startsWith("\u2014")).findFirst().orElseThrow() + "\n";
    assertThat(Checkpoint.parseSigned(withWitness, ORIGIN, key.verificationKey()))
        .isEqualTo(checkpoint);

    String byOther = checkpoint.sign(TestKeys.signing(TestKeys.OTHER_ED25519));
    assertRefused(() -> Checkpoint.parseSigned(byOther, ORIGIN, key.verificationKey()),
        CheckpointException.Reason.NOT_SIGNED);
  }

  @Test
  void anyChangeToTheTextFailsTheSignature() {
    String note = checkpoint.sign(key);
    String changed = note.replace("20852163", "20852164");
    assertRefused(() -> Checkpoint.parseSigned(changed, ORIGIN, key.verificationKey()),
        CheckpointException.Reason.BAD_SIGNATURE);
    assertRefused(() -> Checkpoint.parseSigned(note, "other.example/log", key.verificationKey()),
        CheckpointException.Reason.WRONG_ORIGIN);
  }

  @Test
  void malformedNotesAreRefused() {
    String note = checkpoint.sign(key);
    String[] bad = {
        "", note.replace("\n\n", "\n"), note.replace(ORIGIN + "\n20852163", ORIGIN + "\n020852163"),
        note.replace("q2I=\n\n", "q2I=\nextension\n\n"), note.replace("\u2014 ", "- "),
        note.replace("CsUY", "!sUY"), note.replace("\n", "\r\n"),
        note + "x".repeat(Checkpoint.MAX_NOTE_BYTES)};
    for (String b : bad) {
      assertRefused(() -> Checkpoint.parseSigned(b, ORIGIN, key.verificationKey()),
          CheckpointException.Reason.MALFORMED);
    }
  }

  @Test
  void onlyEd25519KeysSignCheckpoints() {
    assertThatThrownBy(() -> checkpoint.sign(TestKeys.signing(TestKeys.REGISTRY_ES256)))
        .hasMessageContaining("Ed25519");
    assertThatThrownBy(() -> new Checkpoint("has space", 1, checkpoint.rootHash()))
        .hasMessageContaining("origin");
  }

  @Test
  void logEntriesRoundTripAndHashAsLeaves() {
    LogEntry e = new LogEntry(7, Instant.parse("2026-11-25T10:00:00Z"), LogEntry.Kind.REFUND,
        new byte[] {1, 2, 3});
    assertThat(LogEntry.decode(e.encode())).isEqualTo(e);
    assertThat(e.leafHash()).isEqualTo(MerkleHashing.leafHash(e.encode()));
    byte[] trailing = Arrays.copyOf(e.encode(), e.encode().length + 1);
    assertThatThrownBy(() -> LogEntry.decode(trailing)).hasMessageContaining("not a log entry");
  }

  /** docs/spec/log-v1.md §2 byte for byte: the kind code is inside every leaf hash. */
  @Test
  void logEntriesHaveFixedBytesAndKindCodes() {
    LogEntry refund = new LogEntry(1, Instant.parse("2026-11-25T10:12:10Z"),
        LogEntry.Kind.REFUND, new byte[] {1});
    assertThat(HexFormat.of().formatHex(refund.encode()))
        .isEqualTo("a500010101021a6b06b47a0301044101");
    assertThat(LogEntry.Kind.SALE.code()).isZero();
    assertThat(LogEntry.Kind.REFUND.code()).isEqualTo(1);
    assertThat(LogEntry.Kind.ofCode(1)).isEqualTo(LogEntry.Kind.REFUND);
    assertThat(LogEntry.Kind.ADMISSION.code()).isEqualTo(2);
    assertThat(LogEntry.Kind.FILM.code()).isEqualTo(3);
    assertThat(LogEntry.Kind.CINEMA.code()).isEqualTo(4);
    assertThat(LogEntry.Kind.CORRECTION.code()).isEqualTo(5);
    assertThat(LogEntry.Kind.TRUST_LIST.code()).isEqualTo(6);
    assertThat(LogEntry.Kind.SCHEDULE.code()).isEqualTo(7);
    assertThat(LogEntry.Kind.TERMINAL.code()).isEqualTo(8);
    assertThat(LogEntry.Kind.SALE_CORRECTION.code()).isEqualTo(9);
    assertThatThrownBy(() -> LogEntry.Kind.ofCode(10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kind 10");
    byte[] kind10 = HexFormat.of().parseHex("a500010101021a6b06b47a030a044101");
    assertThatThrownBy(() -> LogEntry.decode(kind10)).hasMessageContaining("kind 10");
  }

  private static void assertRefused(ThrowableAssert.ThrowingCallable call,
      CheckpointException.Reason reason) {
    assertThatThrownBy(call).isInstanceOfSatisfying(CheckpointException.class,
        e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
