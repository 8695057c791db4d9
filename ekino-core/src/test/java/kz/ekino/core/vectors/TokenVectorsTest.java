package kz.ekino.core.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import kz.ekino.core.internal.Base32;
import java.util.HexFormat;
import kz.ekino.core.json.v1.TicketJson;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.testing.Samples;
import kz.ekino.core.testing.TestKeys;
import kz.ekino.core.testing.Vectors;
import kz.ekino.core.token.TicketToken;
import kz.ekino.core.token.UrlBase;
import kz.ekino.core.verify.RejectionReason;
import kz.ekino.core.verify.TicketVerifier;
import kz.ekino.core.verify.VerificationPolicy;
import kz.ekino.core.verify.VerificationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every vector of docs/spec/vectors/token-v1.json against the implementation. */
class TokenVectorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static List<JsonNode> vectors;

  @BeforeAll
  static void load() throws IOException {
    if (Boolean.getBoolean("ekino.writeVectors")) {
      TokenVectors.main(new String[0]);
    }
    vectors = new ArrayList<>();
    JSON.readTree(Files.readString(TokenVectors.FILE, StandardCharsets.UTF_8))
        .forEach(vectors::add);
  }

  @Test
  void committedFileIsWhatTheGeneratorProducesFromTheTestKeys() throws IOException {
    assertThat(Files.readString(TokenVectors.FILE, StandardCharsets.UTF_8))
        .as("regenerate with -Dekino.writeVectors=true (see TokenVectors)")
        .isEqualTo(TokenVectors.generate());
  }

  @TestFactory
  Stream<DynamicTest> everyVectorGetsItsExpectedVerdict() {
    return vectors.stream().map(v -> DynamicTest.dynamicTest(v.get("id").asText(), () -> {
      VerificationResult result = TicketVerifier.verify(v.get("qr").asText(), policy(v));

      assertThat(result.verdict()).as(result.toString()).isEqualTo(v.get("expect").asText());
      if (v.has("claims")) {
        assertThat(JSON.readTree(TicketJson.claims(result.ticket().orElseThrow().claims())))
            .isEqualTo(v.get("claims"));
      } else {
        assertThat(result.ticket()).isEmpty();
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> tokenHexIsTheTokenTheTextCarries() {
    return vectors.stream().filter(v -> !v.get("tokenHex").isNull())
        .map(v -> DynamicTest.dynamicTest(v.get("id").asText(), () -> {
          String qr = v.get("qr").asText();
          String token = qr.substring(qr.toUpperCase(Locale.ROOT).indexOf(UrlBase.TOKEN_PATH) + 3);
          assertThat(HexFormat.of().formatHex(Base32.decode(token))).isEqualTo(v.get("tokenHex").asText());
        }));
  }

  @Test
  void coversEveryAlgorithmKindAndReason() {
    Set<String> validAlgs = new HashSet<>();
    Set<String> verdicts = new HashSet<>();
    for (JsonNode v : vectors) {
      verdicts.add(v.get("expect").asText());
      if (v.get("expect").asText().equals("VALID")) {
        validAlgs.add(v.get("alg").asText());
      }
    }
    assertThat(validAlgs).containsExactlyInAnyOrder("ED25519", "ES256");
    assertThat(verdicts).contains("VALID", "PROVISIONAL", "SPECIMEN");
    // STALE_LIST and LIST_ROLLBACK are verdicts on revocation lists (RevocationListTest).
    for (RejectionReason r : EnumSet.complementOf(EnumSet.of(RejectionReason.TRUST_LIST_EXPIRED,
        RejectionReason.STALE_LIST, RejectionReason.LIST_ROLLBACK))) {
      assertThat(verdicts).as("a vector for " + r).contains(r.name());
    }
  }

  @Test
  void theLibraryIssuesExactlyTheValidVectorTokens() {
    for (String id : List.of("valid-ed25519", "valid-es256")) {
      JsonNode v = vector(id);
      String key = id.endsWith("es256") ? TestKeys.REGISTRY_ES256 : TestKeys.REGISTRY_ED25519;
      TicketToken token = TicketToken.issue(
          TicketClaims.registered(Samples.sale(),
              Samples.SERIAL, Samples.REGISTERED_AT),
          TestKeys.signing(key));

      assertThat(token.toHex()).isEqualTo(v.get("tokenHex").asText());
      assertThat(token.qrText(UrlBase.of(v.get("base").asText()))).isEqualTo(v.get("qr").asText());
    }
  }

  @Test
  void typicalEd25519TokenIsAtMost170Bytes() {
    assertThat(vector("valid-ed25519").get("tokenHex").asText().length() / 2)
        .isLessThanOrEqualTo(170);
  }

  /** Any single changed byte of a VALID token, to any other value, must not verify as VALID. */
  @Test
  void noSingleByteChangeOfAValidTokenStaysValid() {
    for (String id : List.of("valid-ed25519", "valid-es256")) {
      JsonNode v = vector(id);
      VerificationPolicy policy = policy(v);
      UrlBase base = UrlBase.of(v.get("base").asText());
      byte[] token = HexFormat.of().parseHex(v.get("tokenHex").asText());
      int changes = 0;
      for (int i = 0; i < token.length; i++) {
        for (int delta = 1; delta < 256; delta++) {
          byte[] changed = token.clone();
          changed[i] = (byte) (changed[i] + delta);
          VerificationResult r =
              TicketVerifier.verify(base.prefix() + Base32.encode(changed), policy);
          assertThat(r.verdict()).as("%s byte %d + %d", id, i, delta).isNotEqualTo("VALID");
          changes++;
        }
      }
      assertThat(changes).isEqualTo(token.length * 255);
    }
  }

  private static JsonNode vector(String id) {
    return vectors.stream().filter(v -> v.get("id").asText().equals(id)).findFirst()
        .orElseThrow();
  }

  private static VerificationPolicy policy(JsonNode v) {
    return Vectors.policy(v);
  }
}
