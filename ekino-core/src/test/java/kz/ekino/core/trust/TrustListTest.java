package kz.ekino.core.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.testing.Samples;
import kz.ekino.core.testing.TestKeys;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

class TrustListTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant ISSUED = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant EXPIRES = Instant.parse("2026-12-01T00:00:00Z");

  private final SigningKey root = TestKeys.signing(TestKeys.ROOT_ED25519);
  private final TrustedKey registry = TrustedKey.registry(
      TestKeys.verification(TestKeys.REGISTRY_ED25519), ISSUED, Optional.empty());
  private final TrustedKey vendor = TrustedKey.vendor(
      TestKeys.verification(TestKeys.VENDOR_ES256), Samples.VENDOR,
      Set.of(Samples.CINEMA, Samples.OTHER_CINEMA), ISSUED, Optional.of(EXPIRES));
  private final TrustList list = TrustList.of(1, ISSUED, EXPIRES,
      List.of(registry, vendor, TrustedKey.registry(TestKeys.verification(
          TestKeys.REGISTRY_ES256), ISSUED, Optional.empty()).revoked()));

  @Test
  void signedListRoundTrips() throws Exception {
    TrustList parsed = TrustList.parseSigned(list.toSignedJson(root), root.verificationKey());

    assertThat(parsed.keys()).containsExactlyElementsOf(list.keys());
    assertThat(parsed.sequence()).isEqualTo(1);
    assertThat(parsed.issuedAt()).isEqualTo(ISSUED);
    assertThat(parsed.expiresAt()).isEqualTo(EXPIRES);
    assertThat(parsed.find(vendor.keyId())).contains(vendor);
  }

  @Test
  void aParsedListKeepsItsSignedDocumentAndABuiltOneHasNone() throws Exception {
    byte[] document = list.toSignedJson(root);
    TrustList parsed = TrustList.parseSigned(document, root.verificationKey());

    byte[] kept = parsed.signedDocument().orElseThrow();
    assertThat(kept).isEqualTo(document);
    kept[0] ^= 1; // the caller's copy: the list's own is untouched
    assertThat(parsed.signedDocument().orElseThrow()).isEqualTo(document);
    assertThat(TrustList.parseSigned(document, root.verificationKey(), parsed).signedDocument())
        .hasValueSatisfying(d -> assertThat(d).isEqualTo(document));
    assertThat(list.signedDocument()).isEmpty();
    assertThat(TrustList.parseUnsigned(list.toUnsignedJson()).signedDocument()).isEmpty();
  }

  @Test
  void aChangedPayloadFailsTheSignature() throws Exception {
    ObjectNode jws = jws();
    String payload = new String(Base64.getUrlDecoder().decode(jws.get("payload").asText()),
        StandardCharsets.UTF_8);
    String forged = payload.replace("2026-12-01", "2027-12-01");
    jws.put("payload", Base64.getUrlEncoder().withoutPadding()
        .encodeToString(forged.getBytes(StandardCharsets.UTF_8)));

    assertRefused(() -> parse(jws), TrustListException.Reason.BAD_SIGNATURE);
  }

  @Test
  void onlyThePinnedRootIsAccepted() {
    byte[] byOther = list.toSignedJson(TestKeys.signing(TestKeys.OTHER_ED25519));
    assertRefused(() -> TrustList.parseSigned(byOther, root.verificationKey()),
        TrustListException.Reason.WRONG_ROOT);
  }

  @Test
  void theHeaderMayNotChooseTheAlgorithm() throws Exception {
    ObjectNode jws = jws();
    String header = "{\"alg\":\"ES256\",\"kid\":\"" + root.keyId().toHex()
        + "\",\"typ\":\"ekino-trust-list+json\"}";
    jws.put("protected", Base64.getUrlEncoder().withoutPadding()
        .encodeToString(header.getBytes(StandardCharsets.UTF_8)));

    assertRefused(() -> parse(jws), TrustListException.Reason.ALGORITHM_MISMATCH);
  }

  @Test
  void unknownFieldsAndDuplicateNamesAreMalformed() throws Exception {
    ObjectNode extra = jws();
    extra.put("x5c", "whatever");
    assertRefused(() -> parse(extra), TrustListException.Reason.MALFORMED);

    String json = new String(list.toSignedJson(root), StandardCharsets.UTF_8);
    String duplicated = json.replaceFirst("\\{", "{\"payload\":\"e30\",");
    assertRefused(() -> TrustList.parseSigned(duplicated.getBytes(StandardCharsets.UTF_8),
        root.verificationKey()), TrustListException.Reason.MALFORMED);
  }

  @Test
  void payloadRulesAreCheckedAfterTheSignature() {
    assertRefused(() -> signedPayload("{\"version\":2,\"issuedAt\":\"2026-11-01T00:00:00Z\","
        + "\"expiresAt\":\"2026-12-01T00:00:00Z\",\"keys\":[]}"),
        TrustListException.Reason.UNSUPPORTED_VERSION);
    String key = TestKeys.verification(TestKeys.REGISTRY_ED25519).keyId().toHex();
    String spki = Base64.getEncoder().encodeToString(
        TestKeys.verification(TestKeys.REGISTRY_ED25519).toSpki());
    assertRefusedWith(() -> signedPayload(payloadWithKey("{\"kid\":\"0000000000000000\","
        + "\"role\":\"REGISTRY\",\"publicKey\":\"" + spki + "\",\"validFrom\":"
        + "\"2026-11-01T00:00:00Z\",\"status\":\"ACTIVE\"}")), "keys[0].kid: does not match");
    assertRefusedWith(() -> signedPayload(payloadWithKey("{\"kid\":\"" + key + "\","
        + "\"role\":\"DEVELOPMENT\",\"publicKey\":\"" + spki + "\",\"validFrom\":"
        + "\"2026-11-01T00:00:00Z\",\"status\":\"ACTIVE\"}")), "keys[0].role");
    assertRefusedWith(() -> signedPayload(payloadWithKey("{\"kid\":\"" + key + "\","
        + "\"role\":\"VENDOR\",\"publicKey\":\"" + spki + "\",\"validFrom\":"
        + "\"2026-11-01T00:00:00Z\",\"status\":\"ACTIVE\"}")), "vendor key needs");
  }

  /**
   * The rollback attack (issue 10): the verifier holds list 2, which dropped a key; list 1,
   * still unexpired and genuinely signed by the root, is replayed to bring that key back.
   */
  @Test
  void anOlderUnexpiredListAfterANewerOneIsRefused() throws Exception {
    byte[] older = list.toSignedJson(root);
    TrustList newer = TrustList.of(2, ISSUED.plusSeconds(3600), EXPIRES, List.of(registry));
    TrustList held = TrustList.parseSigned(newer.toSignedJson(root), root.verificationKey(),
        list);

    assertThat(TrustList.parseSigned(older, root.verificationKey()).isExpiredAt(ISSUED))
        .as("the replayed list is genuine and unexpired").isFalse();
    assertThatThrownBy(() -> TrustList.parseSigned(older, root.verificationKey(), held))
        .isInstanceOfSatisfying(TrustListException.class, e -> {
          assertThat(e.reason()).isEqualTo(TrustListException.Reason.ROLLBACK);
          assertThat(e.getMessage()).contains("sequence 1", "held list's 2");
        });
    assertThatThrownBy(() -> list.checkReplaces(held)).isInstanceOf(TrustListException.class);
  }

  @Test
  void theSameSequenceWithOtherContentIsRefusedAndTheSameListAgainAccepted() throws Exception {
    TrustList sameNumber = TrustList.of(1, ISSUED, EXPIRES.plusSeconds(1), list.keys());

    assertRefused(() -> TrustList.parseSigned(sameNumber.toSignedJson(root),
        root.verificationKey(), list), TrustListException.Reason.SEQUENCE_REUSED);
    assertThat(TrustList.parseSigned(list.toSignedJson(root), root.verificationKey(), list)
        .sequence()).isEqualTo(1);
    TrustList higher = TrustList.of(7, ISSUED, EXPIRES, list.keys());
    assertThat(TrustList.parseSigned(higher.toSignedJson(root), root.verificationKey(), list)
        .sequence()).isEqualTo(7);
  }

  @Test
  void theSequenceIsMandatoryAndPositive() {
    assertRefusedWith(() -> signedPayload("{\"version\":1,\"issuedAt\":\"2026-11-01T00:00:00Z\","
        + "\"expiresAt\":\"2026-12-01T00:00:00Z\",\"keys\":[]}"), "sequence");
    for (String bad : List.of("0", "-1", "1.5", "\"1\"", "9007199254740992")) {
      assertRefusedWith(() -> signedPayload("{\"version\":1,\"sequence\":" + bad
          + ",\"issuedAt\":\"2026-11-01T00:00:00Z\",\"expiresAt\":\"2026-12-01T00:00:00Z\","
          + "\"keys\":[]}"), "sequence");
    }
    assertThatThrownBy(() -> TrustList.of(0, ISSUED, EXPIRES, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence");
    assertThat(TrustList.of(TrustList.MAX_SEQUENCE, ISSUED, EXPIRES, List.of()).sequence())
        .isEqualTo(9007199254740991L);
  }

  @Test
  void developmentKeysNeverGoIntoASignedList() {
    TrustList dev = TrustList.of(1, ISSUED, EXPIRES, List.of(TrustedKey.development(
        TestKeys.verification(TestKeys.OTHER_ED25519))));
    assertThatThrownBy(() -> dev.toSignedJson(root)).hasMessageContaining("development key");
  }

  @Test
  void expiryIsReported() {
    assertThat(list.isExpiredAt(EXPIRES.minusSeconds(1))).isFalse();
    assertThat(list.isExpiredAt(EXPIRES)).isTrue();
    assertThat(TrustList.pinned(registry.key()).isExpiredAt(Instant.parse("2099-01-01T00:00:00Z")))
        .isFalse();
  }

  /** Its base64url payload is far over 64 KiB, the limit strings once had in JsonIn. */
  @Test
  void aListOfAThousandVendorKeysRoundTrips() throws Exception {
    List<TrustedKey> keys = new java.util.ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      keys.add(TrustedKey.vendor(SigningKey.generate(kz.ekino.core.key.Algorithm.ED25519)
          .verificationKey(), Samples.VENDOR, Set.of(Samples.CINEMA), ISSUED, Optional.empty()));
    }
    byte[] doc = TrustList.of(1, ISSUED, EXPIRES, keys).toSignedJson(root);

    assertThat(doc.length).isGreaterThan(200 * 1024);
    assertThat(TrustList.parseSigned(doc, root.verificationKey()).keys()).hasSize(1000);
  }

  @Test
  void duplicateKeysAreRefused() {
    assertThatThrownBy(() -> TrustList.of(1, ISSUED, EXPIRES, List.of(registry, registry)))
        .hasMessageContaining("twice");
  }

  private static String payloadWithKey(String key) {
    return "{\"version\":1,\"sequence\":1,\"issuedAt\":\"2026-11-01T00:00:00Z\",\"expiresAt\":"
        + "\"2026-12-01T00:00:00Z\",\"keys\":[" + key + "]}";
  }

  private TrustList signedPayload(String payload) throws TrustListException {
    String header = "{\"alg\":\"Ed25519\",\"kid\":\"" + root.keyId().toHex()
        + "\",\"typ\":\"ekino-trust-list+json\"}";
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String p = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8));
    String q = b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    String sig = b64.encodeToString(root.sign((p + "." + q).getBytes(StandardCharsets.US_ASCII)));
    String doc = "{\"protected\":\"" + p + "\",\"payload\":\"" + q + "\",\"signature\":\""
        + sig + "\"}";
    return TrustList.parseSigned(doc.getBytes(StandardCharsets.UTF_8), root.verificationKey());
  }

  private ObjectNode jws() throws Exception {
    return (ObjectNode) JSON.readTree(list.toSignedJson(root));
  }

  private TrustList parse(ObjectNode jws) throws Exception {
    return TrustList.parseSigned(JSON.writeValueAsBytes(jws), root.verificationKey());
  }

  private static void assertRefused(ThrowableAssert.ThrowingCallable call,
      TrustListException.Reason reason) {
    assertThatThrownBy(call).isInstanceOfSatisfying(TrustListException.class,
        e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private static void assertRefusedWith(ThrowableAssert.ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(TrustListException.class)
        .hasMessageContaining(message);
  }
}
