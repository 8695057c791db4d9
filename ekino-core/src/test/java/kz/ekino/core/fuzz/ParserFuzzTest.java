package kz.ekino.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import kz.ekino.core.internal.Base32;
import kz.ekino.core.json.v1.RegistryJson;
import kz.ekino.core.json.v1.WireFormatException;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.CheckpointException;
import kz.ekino.core.log.Cosignature;
import kz.ekino.core.log.ConsistencyProof;
import kz.ekino.core.log.InclusionProof;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.log.MerkleHashing;
import kz.ekino.core.log.WitnessKey;
import kz.ekino.core.model.Counter;
import kz.ekino.core.log.WitnessQuorum;
import kz.ekino.core.log.TreeHash;
import kz.ekino.core.registration.AdmissionResult;
import kz.ekino.core.registration.Gate;
import kz.ekino.core.registration.RefundReceipt;
import kz.ekino.core.registration.Refusal;
import kz.ekino.core.registration.Registration;
import kz.ekino.core.registration.RegistrationException;
import kz.ekino.core.registration.TicketStatus;
import kz.ekino.core.revocation.RevocationList;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.verify.RejectedException;
import kz.ekino.core.json.v1.SaleFormatException;
import kz.ekino.core.json.v1.SaleJson;
import kz.ekino.core.key.KeyFormatException;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.key.VerificationKey;
import kz.ekino.core.testing.Samples;
import kz.ekino.core.testing.TestKeys;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.token.TicketToken;
import kz.ekino.core.token.UrlBase;
import kz.ekino.core.trust.TrustList;
import kz.ekino.core.trust.TrustListException;
import kz.ekino.core.verify.TicketVerifier;
import kz.ekino.core.verify.VerificationPolicy;
import kz.ekino.core.verify.VerificationResult;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of every parser: only the declared outcome may come out (a verdict, or
 * the parser's own exception type), and no mutated token ever verifies. The default iteration
 * count keeps {@code mvn verify} fast; {@code scripts/fuzz.sh} runs millions.
 */
class ParserFuzzTest {
  private static final int ITERATIONS = Integer.getInteger("ekino.fuzz.iterations", 20_000);
  private static final long SEED = Long.getLong("ekino.fuzz.seed", 20261125L);
  private static final UrlBase BASE = UrlBase.of(UrlBase.DEFAULT);

  private final Random random = new Random(SEED);

  @Test
  void mutatedTokensNeverVerifyAndNeverThrow() {
    SigningKey key = TestKeys.signing(TestKeys.REGISTRY_ED25519);
    byte[] token = TicketToken.issue(
        TicketClaims.registered(Samples.sale(), Samples.SERIAL, Samples.REGISTERED_AT), key)
        .bytes();
    VerificationPolicy policy = VerificationPolicy.builder(TrustList.pinned(
            key.verificationKey()), Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"),
            ZoneOffset.UTC))
        .officialBase(BASE).build();
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] mutated = mutate(token);
      VerificationResult r = TicketVerifier.verifyToken(mutated, policy);
      if (r.ticket().isPresent()) {
        assertThat(mutated).as("only the untouched token may verify").isEqualTo(token);
      }
      String text = random.nextInt(4) == 0
          ? randomText(random.nextInt(400))
          : BASE.prefix() + mutateText(Base32.encode(mutated));
      VerificationResult fromText = TicketVerifier.verify(text, policy);
      if (fromText.ticket().isPresent()) {
        assertThat(text).isEqualTo(BASE.prefix() + Base32.encode(token));
      }
    }
  }

  @Test
  void saleJsonOnlyThrowsSaleFormatException() {
    byte[] sale = SaleJson.write(Samples.sale()).getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < ITERATIONS / 4; i++) {
      byte[] mutated = mutate(sale);
      try {
        SaleJson.read(mutated);
      } catch (SaleFormatException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  @Test
  void trustListsOnlyThrowTrustListException() {
    SigningKey root = TestKeys.signing(TestKeys.ROOT_ED25519);
    byte[] doc = TrustList.of(1, Instant.parse("2026-11-01T00:00:00Z"),
            Instant.parse("2026-12-01T00:00:00Z"),
            java.util.List.of(kz.ekino.core.trust.TrustedKey.registry(
                TestKeys.verification(TestKeys.REGISTRY_ED25519),
                Instant.parse("2026-11-01T00:00:00Z"), java.util.Optional.empty())))
        .toSignedJson(root);
    for (int i = 0; i < ITERATIONS / 4; i++) {
      try {
        TrustList.parseSigned(mutate(doc), root.verificationKey());
      } catch (TrustListException expected) {
        assertThat(expected.reason()).isNotNull();
      }
    }
  }

  @Test
  void keysOnlyThrowKeyFormatException() {
    byte[] pub = TestKeys.pem(TestKeys.REGISTRY_ES256, "pub").getBytes(StandardCharsets.US_ASCII);
    byte[] priv = TestKeys.pem(TestKeys.REGISTRY_ES256, "key").getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < ITERATIONS / 4; i++) {
      try {
        VerificationKey.fromPem(new String(mutate(pub), StandardCharsets.ISO_8859_1));
      } catch (KeyFormatException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
      try {
        SigningKey.fromPkcs8Pem(new String(mutate(priv), StandardCharsets.ISO_8859_1));
      } catch (KeyFormatException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  @Test
  void submissionsCheckpointsAndLogEntriesOnlyFailTheDeclaredWay() {
    SigningKey vendor = TestKeys.signing(TestKeys.VENDOR_ED25519);
    SigningKey registry = TestKeys.signing(TestKeys.REGISTRY_ED25519);
    VerificationPolicy policy = VerificationPolicy.builder(TrustList.pinned(
            vendor.verificationKey()), Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"),
            ZoneOffset.UTC))
        .officialBase(BASE).build();
    byte[] sale = Submissions.signSale(Samples.sale(), vendor);
    byte[] revocations = RevocationList.sign(1, Instant.parse("2026-11-25T12:00:00Z"),
        java.util.List.of(3L, 9L, 12L), vendor);
    String checkpoint = new Checkpoint("qr.ekino.kz/registry", 12,
        MerkleHashing.leafHash(new byte[] {1})).sign(registry);
    byte[] entry = new LogEntry(3, Instant.parse("2026-11-25T12:00:00Z"), LogEntry.Kind.SALE,
        sale).encode();
    for (int i = 0; i < ITERATIONS / 4; i++) {
      byte[] mutated = mutate(sale);
      try {
        assertThat(Submissions.openSale(mutated, policy).content()).isNotNull();
        assertThat(mutated).isEqualTo(sale);
      } catch (RejectedException expected) {
        assertThat(expected.reason()).isNotNull();
      }
      try {
        RevocationList.open(mutate(revocations), policy);
      } catch (RejectedException expected) {
        assertThat(expected.reason()).isNotNull();
      }
      try {
        Checkpoint.parseSigned(new String(mutate(checkpoint.getBytes(StandardCharsets.UTF_8)),
            StandardCharsets.UTF_8), "qr.ekino.kz/registry", registry.verificationKey());
      } catch (CheckpointException expected) {
        assertThat(expected.reason()).isNotNull();
      }
      try {
        LogEntry.decode(mutate(entry));
      } catch (IllegalArgumentException expected) {
        assertThat(expected.getMessage()).startsWith("not a log entry");
      }
    }
  }

  /**
   * Sale and refund v2, the three schedule documents and a correction, mutated: opening and
   * reading either give the document or a RejectedException, and a document that opens is
   * the one signed (the signature covers every byte that decides its content).
   */
  @Test
  void signedDocumentsOfIssue13OnlyFailTheDeclaredWay() {
    SigningKey vendor = TestKeys.signing(TestKeys.VENDOR_ED25519);
    VerificationPolicy policy = VerificationPolicy.builder(TrustList.pinned(
            vendor.verificationKey()), Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"),
            ZoneOffset.UTC))
        .officialBase(BASE).build();
    byte[] sale = Submissions.signSale(Samples.sale(), Samples.firstCount(), vendor);
    Counter second = Samples.firstCount().next(Submissions.contentDigest(sale));
    List<byte[]> documents = List.of(sale,
        Submissions.signRefund(Samples.refund(), second, vendor),
        Submissions.signSchedule(Samples.declaration(), vendor),
        Submissions.signSchedule(Samples.cancellation(), vendor),
        Submissions.signSchedule(Samples.dayWithoutScreenings(), vendor),
        Submissions.signCorrection(Samples.correction(), vendor));
    List<Open> opens = List.of(
        b -> Submissions.openSale(b, policy).content(),
        b -> Submissions.openRefund(b, policy).content(),
        b -> Submissions.openSchedule(b, policy).content(),
        b -> Submissions.openCorrection(b, policy).content(),
        b -> Submissions.readSale(b).content(),
        b -> Submissions.readRefund(b).content(),
        b -> Submissions.readSchedule(b).content(),
        b -> Submissions.readCorrection(b).content());
    for (int i = 0; i < ITERATIONS / 8; i++) {
      byte[] original = documents.get(i % documents.size());
      byte[] mutated = mutate(original);
      for (int o = 0; o < opens.size(); o++) {
        try {
          assertThat(opens.get(o).open(mutated)).isNotNull();
          if (o < 4) {
            assertThat(mutated).as("only the untouched document may open").isEqualTo(original);
          }
        } catch (RejectedException expected) {
          assertThat(expected.reason()).isNotNull();
          assertThat(expected.getMessage()).doesNotContain("\n");
        }
      }
    }
  }

  @FunctionalInterface
  private interface Open {
    Object open(byte[] document) throws RejectedException;
  }

  /** A mutated cosigned checkpoint fails as a CheckpointException, or is the same one. */
  @Test
  void cosignedCheckpointsOnlyFailTheDeclaredWay() throws Exception {
    SigningKey registry = TestKeys.signing(TestKeys.REGISTRY_ED25519);
    SigningKey w1 = TestKeys.signing(TestKeys.VENDOR_ED25519);
    SigningKey w2 = TestKeys.signing(TestKeys.OTHER_ED25519);
    Checkpoint cp = new Checkpoint("qr.ekino.kz/registry", 12,
        MerkleHashing.leafHash(new byte[] {1}));
    Instant t = Instant.parse("2026-11-25T12:00:00Z");
    String note = cp.sign(registry) + Cosignature.sign(cp, "w1.example", w1, t).toLine()
        + Cosignature.sign(cp, "w2.example", w2, t).toLine();
    WitnessQuorum quorum = WitnessQuorum.of(2, new WitnessKey("w1.example",
        w1.verificationKey()), new WitnessKey("w2.example", w2.verificationKey()));
    assertThat(Checkpoint.parseCosigned(note, cp.origin(), registry.verificationKey(), quorum))
        .isEqualTo(cp);
    for (int i = 0; i < ITERATIONS / 4; i++) {
      try {
        assertThat(Checkpoint.parseCosigned(new String(mutate(note.getBytes(
            StandardCharsets.UTF_8)), StandardCharsets.UTF_8), cp.origin(),
            registry.verificationKey(), quorum)).isEqualTo(cp);
      } catch (CheckpointException expected) {
        assertThat(expected.reason()).isNotNull();
      }
    }
  }

  @Test
  void registryJsonOnlyThrowsWireFormatException() {
    Instant at = Instant.parse("2026-11-25T12:00:00Z");
    SigningKey registry = TestKeys.signing(TestKeys.REGISTRY_ED25519);
    Gate gate = new Gate(Samples.CINEMA, "hall-3");
    LogEntry entry = new LogEntry(2, at, LogEntry.Kind.SALE,
        Submissions.signSale(Samples.sale(), TestKeys.signing(TestKeys.VENDOR_ED25519)));
    List<TreeHash> path = List.of(MerkleHashing.leafHash(new byte[] {1}),
        MerkleHashing.leafHash(new byte[] {3}));
    List<WireReader> readers = List.of(
        wire(RegistryJson.write(new Registration(Samples.SERIAL, at, TicketToken.issue(
            TicketClaims.registered(Samples.sale(), Samples.SERIAL, at), registry), true)),
            RegistryJson::readRegistration),
        wire(RegistryJson.write(new RefundReceipt(9, 3, at, false)),
            RegistryJson::readRefundReceipt),
        wire(RegistryJson.write(new RegistrationException(Refusal.TIMEOUT, "late")),
            RegistryJson::readRefusal),
        wire(RegistryJson.write(new TicketStatus(3, TicketStatus.Status.REFUNDED,
            Optional.of(at), Optional.of(at), Optional.of(at), Optional.of(gate))),
            RegistryJson::readTicketStatus),
        wire(RegistryJson.write(new AdmissionResult(AdmissionResult.Outcome.ALREADY_ADMITTED,
            OptionalLong.of(3), Optional.of(at), Optional.of(gate), "twice")),
            RegistryJson::readAdmissionResult),
        wire(RegistryJson.write(new InclusionProof(entry, 3, path)),
            RegistryJson::readInclusionProof),
        wire(RegistryJson.write(new ConsistencyProof(2, 3, path)),
            RegistryJson::readConsistencyProof),
        wire(RegistryJson.writeSignedRevocationList(RevocationList.sign(1, at, List.of(3L, 9L),
            registry)), RegistryJson::readSignedRevocationList));
    for (int i = 0; i < ITERATIONS / 4; i++) {
      for (WireReader r : readers) {
        try {
          r.read(mutate(r.valid()));
        } catch (WireFormatException expected) {
          assertThat(expected.getMessage()).isNotBlank();
        }
      }
    }
  }

  /** A valid document and the reader that must take it or throw WireFormatException. */
  private interface WireReader {
    byte[] valid();

    void read(byte[] json) throws WireFormatException;
  }

  @FunctionalInterface
  private interface Parse {
    Object parse(byte[] json) throws WireFormatException;
  }

  private static WireReader wire(byte[] valid, Parse parse) {
    return new WireReader() {
      @Override
      public byte[] valid() {
        return valid;
      }

      @Override
      public void read(byte[] json) throws WireFormatException {
        assertThat(parse.parse(json)).isNotNull();
      }
    };
  }

  /** One to four edits: flip, set, insert, delete or duplicate a run of bytes. */
  private byte[] mutate(byte[] input) {
    byte[] data = input.clone();
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int at = data.length == 0 ? 0 : random.nextInt(data.length);
      switch (random.nextInt(5)) {
        case 0:
          if (data.length > 0) {
            data[at] ^= (byte) (1 << random.nextInt(8));
          }
          break;
        case 1:
          if (data.length > 0) {
            data[at] = (byte) random.nextInt(256);
          }
          break;
        case 2:
          data = splice(data, at, 0, new byte[] {(byte) random.nextInt(256)});
          break;
        case 3:
          data = splice(data, at, Math.min(data.length - at, 1 + random.nextInt(8)),
              new byte[0]);
          break;
        default:
          int len = Math.min(data.length - at, 1 + random.nextInt(16));
          data = splice(data, at, 0, java.util.Arrays.copyOfRange(data, at, at + len));
          break;
      }
    }
    return data;
  }

  private static byte[] splice(byte[] data, int at, int remove, byte[] insert) {
    byte[] out = new byte[data.length - remove + insert.length];
    System.arraycopy(data, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(data, at + remove, out, at + insert.length, data.length - at - remove);
    return out;
  }

  private String mutateText(String s) {
    return random.nextBoolean() ? s : new String(mutate(s.getBytes(StandardCharsets.ISO_8859_1)),
        StandardCharsets.ISO_8859_1);
  }

  private String randomText(int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append((char) (random.nextInt(3) == 0 ? random.nextInt(0x3000) : 0x20 + random.nextInt(95)));
    }
    return b.toString();
  }
}
