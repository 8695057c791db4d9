package kz.ekino.core.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import kz.ekino.core.cose.CoseSign1;
import kz.ekino.core.json.v1.SaleJson;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.key.VerificationKey;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Counter;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.SaleCorrection;
import kz.ekino.core.model.Schedule;
import kz.ekino.core.model.TerminalId;
import kz.ekino.core.submission.Signed;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.testing.TestKeys;
import kz.ekino.core.token.UrlBase;
import kz.ekino.core.trust.TrustList;
import kz.ekino.core.trust.TrustedKey;
import kz.ekino.core.verify.RejectedException;
import kz.ekino.core.verify.VerificationPolicy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every vector of docs/spec/vectors/submission-v2.json against the implementation. */
class SubmissionVectorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonNode file;

  @BeforeAll
  static void load() throws IOException {
    if (Boolean.getBoolean("ekino.writeVectors")) {
      SubmissionVectors.main(new String[0]);
    }
    file = JSON.readTree(Files.readString(SubmissionVectors.FILE, StandardCharsets.UTF_8));
  }

  @Test
  void committedFileIsWhatTheGeneratorProducesFromTheTestKey() throws IOException {
    assertThat(Files.readString(SubmissionVectors.FILE, StandardCharsets.UTF_8))
        .as("regenerate with -Dekino.writeVectors=true (see SubmissionVectors)")
        .isEqualTo(SubmissionVectors.generate());
  }

  @Test
  void theKeyIsTheLabelledTestKey() throws Exception {
    JsonNode key = file.get("key");
    SigningKey vendor = TestKeys.signing(TestKeys.VENDOR_ED25519);
    assertThat(key.get("label").asText()).startsWith("TEST-ONLY-");
    assertThat(SigningKey.fromPkcs8Pem(key.get("privateKeyPem").asText()).verificationKey())
        .isEqualTo(vendor.verificationKey());
    assertThat(VerificationKey.fromPem(key.get("publicKeyPem").asText()).keyId().toHex())
        .isEqualTo(key.get("kidHex").asText());
    assertThat(key.get("coseAlg").asInt()).isEqualTo(-19);
  }

  /**
   * Each accepted vector opens, under the file's trust entry and clock, to the document its
   * model fields describe, with its counter and content digest; the stored-submission reader
   * agrees, and the payload is the one the envelope carries.
   */
  @TestFactory
  Stream<DynamicTest> everyAcceptedVectorOpensToItsModel() {
    return vectors("accepted").stream().map(v -> DynamicTest.dynamicTest(id(v), () -> {
      byte[] signed = HexFormat.of().parseHex(v.get("signedHex").asText());
      String type = v.get("contentType").asText();
      byte[] payload = CoseSign1.parse(signed, type).payload();
      assertThat(HexFormat.of().formatHex(payload)).isEqualTo(v.get("payloadHex").asText());
      assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload)))
          .isEqualTo(v.get("contentDigest").asText());
      assertThat(Submissions.contentDigest(signed)).isEqualTo(v.get("contentDigest").asText());

      Signed<?> opened = open(v.get("document").asText(), signed);
      assertThat(opened.contentDigest()).isEqualTo(v.get("contentDigest").asText());
      assertThat(opened.signer().keyId().toHex()).isEqualTo(file.get("key").get("kidHex")
          .asText());
      assertThat(opened.counter()).isEqualTo(Optional.ofNullable(counter(v)));
      assertThat(modelOf(opened.content())).isEqualTo(v.get("model"));
      Submissions.Stored<?> stored = read(v.get("document").asText(), signed);
      assertThat(stored.content()).isEqualTo(opened.content());
      assertThat(stored.counter()).isEqualTo(counter(v));
    }));
  }

  @TestFactory
  Stream<DynamicTest> everyRefusedVectorGetsItsReason() {
    return vectors("refused").stream().map(v -> DynamicTest.dynamicTest(id(v), () -> {
      byte[] signed = HexFormat.of().parseHex(v.get("signedHex").asText());
      assertThat(HexFormat.of().formatHex(CoseSign1.parse(signed, v.get("contentType")
          .asText()).payload())).isEqualTo(v.get("payloadHex").asText());
      assertThatThrownBy(() -> open(v.get("document").asText(), signed))
          .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.reason().name())
              .as(e.getMessage()).isEqualTo(v.get("expect").asText()));
    }));
  }

  /** Sales from their sale JSON and counter, signed by the library, are the vector bytes. */
  @Test
  void salesSignedFromTheirModelAreTheVectorBytes() throws Exception {
    SigningKey vendor = TestKeys.signing(TestKeys.VENDOR_ED25519);
    int sales = 0;
    for (JsonNode v : vectors("accepted")) {
      if (!v.get("document").asText().equals("sale")) {
        continue;
      }
      Sale sale = SaleJson.read(JSON.writeValueAsBytes(v.get("model")));
      Counter counter = counter(v);
      byte[] signed = counter == null ? Submissions.signSale(sale, vendor)
          : Submissions.signSale(sale, counter, vendor);
      assertThat(HexFormat.of().formatHex(signed)).as(id(v))
          .isEqualTo(v.get("signedHex").asText());
      sales++;
    }
    assertThat(sales).isEqualTo(3);
  }

  /** One terminal's submissions name each other: 1, then 2 after 1, then 3 after 2. */
  @Test
  void theTerminalsSubmissionsChainByContentDigest() {
    JsonNode first = vector("sale-v2-first");
    JsonNode second = vector("sale-v2-second");
    JsonNode refund = vector("refund-v2");
    assertThat(first.get("counter").get("sequence").asLong()).isEqualTo(1);
    assertThat(first.get("counter").get("previous").isNull()).isTrue();
    assertThat(second.get("counter").get("sequence").asLong()).isEqualTo(2);
    assertThat(second.get("counter").get("previous").asText())
        .isEqualTo(first.get("contentDigest").asText());
    assertThat(refund.get("counter").get("sequence").asLong()).isEqualTo(3);
    assertThat(refund.get("counter").get("previous").asText())
        .isEqualTo(second.get("contentDigest").asText());
    assertThat(Set.of(first, second, refund).stream().map(v -> v.get("counter").get("terminal")
        .asText()).distinct()).hasSize(1);
  }

  @Test
  void coversEveryContentTypeAndScheduleKind() {
    Set<String> types = new HashSet<>();
    Set<String> kinds = new HashSet<>();
    for (JsonNode v : vectors("accepted")) {
      types.add(v.get("contentType").asText());
      if (v.get("document").asText().equals("schedule")) {
        kinds.add(v.get("model").get("kind").asText());
      }
    }
    assertThat(types).containsExactlyInAnyOrder(Submissions.SALE_TYPE,
        Submissions.SALE_V2_TYPE, Submissions.REFUND_V2_TYPE, Submissions.SCHEDULE_TYPE,
        Submissions.CORRECTION_TYPE);
    assertThat(kinds).containsExactlyInAnyOrder("DECLARE", "CANCEL", "NO_SCREENINGS");
    Set<String> reasons = new HashSet<>();
    vectors("refused").forEach(v -> reasons.add(v.get("expect").asText()));
    assertThat(reasons).containsExactlyInAnyOrder("MALFORMED", "UNSUPPORTED_VERSION",
        "KEY_NOT_VALID");
  }

  private static Signed<?> open(String document, byte[] signed) throws RejectedException {
    VerificationPolicy policy = policy();
    return switch (document) {
      case "sale" -> Submissions.openSale(signed, policy);
      case "refund" -> Submissions.openRefund(signed, policy);
      case "schedule" -> Submissions.openSchedule(signed, policy);
      case "correction" -> Submissions.openCorrection(signed, policy);
      default -> throw new IllegalArgumentException("no document " + document);
    };
  }

  private static Submissions.Stored<?> read(String document, byte[] signed)
      throws RejectedException {
    return switch (document) {
      case "sale" -> Submissions.readSale(signed);
      case "refund" -> Submissions.readRefund(signed);
      case "schedule" -> Submissions.readSchedule(signed);
      case "correction" -> Submissions.readCorrection(signed);
      default -> throw new IllegalArgumentException("no document " + document);
    };
  }

  /** The model fields of a document as the file writes them (read back, as numbers read). */
  private static JsonNode modelOf(Object content) throws IOException {
    JsonNode model;
    if (content instanceof Sale s) {
      model = JSON.readTree(SaleJson.write(s));
    } else if (content instanceof Refund r) {
      model = SubmissionVectors.refundJson(r);
    } else if (content instanceof Schedule s) {
      model = SubmissionVectors.scheduleJson(s);
    } else {
      model = SubmissionVectors.correctionJson((SaleCorrection) content);
    }
    return JSON.readTree(JSON.writeValueAsString(model));
  }

  private static Counter counter(JsonNode v) {
    JsonNode c = v.get("counter");
    if (c == null) {
      return null;
    }
    return new Counter(TerminalId.of(c.get("terminal").asText()), c.get("sequence").asLong(),
        c.get("previous").isNull() ? null : c.get("previous").asText());
  }

  /** The file's trust entry for its key, on the registry's clock at the file's instant. */
  private static VerificationPolicy policy() {
    JsonNode t = file.get("trust");
    Set<Bin> cinemas = new HashSet<>();
    t.get("cinemas").forEach(c -> cinemas.add(Bin.of(c.asText())));
    try {
      Instant from = Instant.parse(t.get("validFrom").asText());
      TrustedKey key = TrustedKey.vendor(VerificationKey.fromPem(file.get("key")
          .get("publicKeyPem").asText()), Bin.of(t.get("vendorBin").asText()), cinemas, from,
          Optional.empty());
      return VerificationPolicy.builder(TrustList.of(1, from, Instant.MAX, List.of(key)),
              Clock.fixed(Instant.parse(file.get("at").asText()), ZoneOffset.UTC))
          .officialBase(UrlBase.of(UrlBase.DEFAULT)).build();
    } catch (kz.ekino.core.key.KeyFormatException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<JsonNode> vectors(String group) {
    List<JsonNode> out = new ArrayList<>();
    file.get(group).forEach(out::add);
    return out;
  }

  private static JsonNode vector(String id) {
    return vectors("accepted").stream().filter(v -> id(v).equals(id)).findFirst().orElseThrow();
  }

  private static String id(JsonNode v) {
    return v.get("id").asText();
  }
}
