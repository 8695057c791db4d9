package kz.ekino.core.json.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.ekino.core.log.ConsistencyProof;
import kz.ekino.core.log.InclusionProof;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.log.MerkleHashing;
import kz.ekino.core.log.TreeHash;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.registration.AdmissionResult;
import kz.ekino.core.registration.AdmissionResult.Outcome;
import kz.ekino.core.registration.Gate;
import kz.ekino.core.registration.RefundReceipt;
import kz.ekino.core.registration.Refusal;
import kz.ekino.core.registration.Registration;
import kz.ekino.core.registration.RegistrationException;
import kz.ekino.core.registration.TicketStatus;
import kz.ekino.core.registration.TicketStatus.Status;
import kz.ekino.core.revocation.RevocationList;
import kz.ekino.core.testing.Samples;
import kz.ekino.core.testing.TestKeys;
import kz.ekino.core.token.TicketToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryJsonTest {
  private static final ObjectMapper JACKSON = new ObjectMapper();
  private static final Instant AT = Instant.parse("2026-11-28T14:12:40Z");
  private static final Gate GATE = new Gate(Samples.CINEMA, "hall-3");
  private static final TicketToken TOKEN = TicketToken.issue(TicketClaims.registered(
      Samples.sale(), Samples.SERIAL, Samples.REGISTERED_AT),
      TestKeys.signing(TestKeys.REGISTRY_ED25519));
  private static final Registration REGISTRATION =
      new Registration(Samples.SERIAL, Samples.REGISTERED_AT, TOKEN, false);
  private static final String REGISTRATION_JSON = text(RegistryJson.write(REGISTRATION));

  /** Each example of docs/spec/registry-api-v1.md, read and written back, unchanged. */
  @Test
  void everyDocumentedExampleReadsAndIsWrittenBackAsDocumented() throws Exception {
    Map<String, String> examples = examples();
    assertThat(examples).hasSize(11);
    for (Map.Entry<String, String> e : examples.entrySet()) {
      byte[] json = e.getValue().getBytes(StandardCharsets.UTF_8);
      byte[] again = switch (e.getKey().replaceFirst("-(retryable|unknown|invalid)$", "")) {
        case "registration" -> RegistryJson.write(RegistryJson.readRegistration(json));
        case "refusal" -> RegistryJson.write(RegistryJson.readRefusal(json));
        case "refund-receipt" -> RegistryJson.write(RegistryJson.readRefundReceipt(json));
        case "ticket-status" -> RegistryJson.write(RegistryJson.readTicketStatus(json));
        case "admission-result" -> RegistryJson.write(RegistryJson.readAdmissionResult(json));
        case "inclusion-proof" -> RegistryJson.write(RegistryJson.readInclusionProof(json));
        case "consistency-proof" -> RegistryJson.write(RegistryJson.readConsistencyProof(json));
        case "signed-revocation-list" -> RegistryJson.writeSignedRevocationList(
            RegistryJson.readSignedRevocationList(json));
        default -> throw new AssertionError("no reader for example " + e.getKey());
      };
      assertThat(text(again)).as(e.getKey())
          .isEqualTo(JACKSON.writeValueAsString(JACKSON.readTree(json)));
    }
  }

  @Test
  void theDocumentedProofsVerifyAgainstTheDocumentedRoots() throws Exception {
    Map<String, String> examples = examples();
    InclusionProof inclusion = RegistryJson.readInclusionProof(
        bytes(examples.getOrDefault("inclusion-proof", "")));
    ConsistencyProof consistency = RegistryJson.readConsistencyProof(
        bytes(examples.getOrDefault("consistency-proof", "")));
    TreeHash root3 = TreeHash.fromBase64("QtK43xOFzmwT3ZChMEtnmuqwpw+R+4U6rqerdyncVn8=");
    TreeHash root2 = TreeHash.fromBase64("TtH0XFU2OyYfpQXEWAxeM6nmjlo/nJE7/tkvts+h8xc=");

    assertThat(inclusion.entry().serial()).isEqualTo(2);
    assertThat(inclusion.verify(root3)).isTrue();
    assertThat(consistency.verify(root2, root3)).isTrue();
    assertThat(consistency.verify(root3, root3)).isFalse();
  }

  @Test
  void theRegistrationCarriesTheTokenBytesInBase64url() throws Exception {
    Registration back = RegistryJson.readRegistration(bytes(REGISTRATION_JSON));

    assertThat(back).isEqualTo(REGISTRATION);
    assertThat(back.token().toHex()).isEqualTo(TOKEN.toHex());
    assertThat(REGISTRATION_JSON).contains("\"token\":\""
        + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(TOKEN.bytes()) + "\"");
    Registration again = new Registration(7, Samples.REGISTERED_AT, TOKEN, true);
    assertThat(RegistryJson.readRegistration(RegistryJson.write(again))).isEqualTo(again);
  }

  @ParameterizedTest
  @EnumSource(Refusal.class)
  void everyRefusalRoundTripsWithItsRetryability(Refusal refusal) throws Exception {
    RegistrationException back = RegistryJson.readRefusal(
        RegistryJson.write(new RegistrationException(refusal, "why")));

    assertThat(back.refusal()).isEqualTo(refusal);
    assertThat(back.detail()).isEqualTo("why");
    assertThat(text(RegistryJson.write(back))).contains(
        "\"retryable\":" + refusal.retryable());
  }

  @Test
  void statusesAdmissionsReceiptsAndProofsRoundTrip() throws Exception {
    Optional<Instant> at = Optional.of(AT);
    Optional<Instant> none = Optional.empty();
    for (TicketStatus s : List.of(
        new TicketStatus(3, Status.REGISTERED, at, none, none, Optional.empty()),
        new TicketStatus(3, Status.REFUNDED, at, at, at, Optional.of(GATE)),
        new TicketStatus(3, Status.REFUNDED, at, at, none, Optional.empty()),
        new TicketStatus(0, Status.UNKNOWN, none, none, none, Optional.empty()))) {
      assertThat(RegistryJson.readTicketStatus(RegistryJson.write(s))).isEqualTo(s);
    }
    for (AdmissionResult a : List.of(
        new AdmissionResult(Outcome.ADMITTED, OptionalLong.of(3), at, Optional.of(GATE), "ok"),
        new AdmissionResult(Outcome.REFUNDED, OptionalLong.of(3), at, Optional.empty(), "r"),
        AdmissionResult.of(Outcome.NOT_REGISTERED, "not yet"))) {
      assertThat(RegistryJson.readAdmissionResult(RegistryJson.write(a))).isEqualTo(a);
    }
    RefundReceipt receipt = new RefundReceipt(9, 3, AT, true);
    assertThat(RegistryJson.readRefundReceipt(RegistryJson.write(receipt))).isEqualTo(receipt);
    ConsistencyProof empty = new ConsistencyProof(4, 4, List.of());
    assertThat(RegistryJson.readConsistencyProof(RegistryJson.write(empty))).isEqualTo(empty);
    InclusionProof only = new InclusionProof(entry(1), 1, List.of());
    assertThat(RegistryJson.readInclusionProof(RegistryJson.write(only))).isEqualTo(only);
  }

  @Test
  void theSignedRevocationListIsCarriedByteForByte() throws Exception {
    byte[] signed = RevocationList.sign(1, AT, List.of(5L, 9L),
        TestKeys.signing(TestKeys.REGISTRY_ED25519));

    assertThat(RegistryJson.readSignedRevocationList(
        RegistryJson.writeSignedRevocationList(signed))).isEqualTo(signed);
  }

  /** The example of §9 is a list the registry's test key signed, and it opens (issue 10). */
  @Test
  void theDocumentedRevocationListIsGenuineAndCarriesItsSequence() throws Exception {
    Instant issued = Instant.parse("2026-11-28T12:00:00Z");
    byte[] documented = RegistryJson.readSignedRevocationList(
        bytes(examples().getOrDefault("signed-revocation-list", "")));
    byte[] signed = RevocationList.sign(1_204_530, issued, List.of(1_204_518L, 1_204_529L),
        TestKeys.signing(TestKeys.REGISTRY_ED25519));
    assertThat(text(RegistryJson.writeSignedRevocationList(documented)))
        .isEqualTo(text(RegistryJson.writeSignedRevocationList(signed)));

    kz.ekino.core.verify.VerificationPolicy policy = kz.ekino.core.verify.VerificationPolicy
        .builder(kz.ekino.core.trust.TrustList.of(1, Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2027-01-01T00:00:00Z"), List.of(kz.ekino.core.trust.TrustedKey
                .registry(TestKeys.verification(TestKeys.REGISTRY_ED25519),
                    Instant.parse("2026-01-01T00:00:00Z"), Optional.empty()))),
            java.time.Clock.fixed(issued, java.time.ZoneOffset.UTC))
        .officialBase(kz.ekino.core.token.UrlBase.of(kz.ekino.core.token.UrlBase.DEFAULT))
        .build();
    RevocationList list = RevocationList.open(documented, policy);
    assertThat(list.sequence()).isEqualTo(1_204_530);
    assertThat(list.isRevoked(1_204_529)).isTrue();
  }

  @Test
  void enumsAreWrittenAsTheDocumentedStrings() {
    assertThat(text(RegistryJson.write(new TicketStatus(1, Status.ADMITTED, Optional.of(AT),
        Optional.empty(), Optional.of(AT), Optional.of(GATE))))).contains("\"status\":\"ADMITTED\"");
    assertThat(text(RegistryJson.write(AdmissionResult.of(Outcome.ALREADY_ADMITTED, 1, "x"))))
        .contains("\"outcome\":\"ALREADY_ADMITTED\"");
    assertThat(text(RegistryJson.write(new RegistrationException(Refusal.NOT_YOUR_SALE, "x"))))
        .isEqualTo("{\"reason\":\"NOT_YOUR_SALE\",\"retryable\":false,\"detail\":\"x\"}");
  }

  @Test
  void unknownFieldsDuplicatesTrailingDataAndWrongTypesAreRefused() {
    String base = REGISTRATION_JSON.substring(0, REGISTRATION_JSON.length() - 1);
    refused(base + ",\"qr\":\"HTTPS://X\"}", "qr: unknown field");
    refused(base + ",\"serial\":5}", "Duplicate field 'serial'");
    refused(REGISTRATION_JSON + " {}", "not valid JSON");
    refused(REGISTRATION_JSON.replace("\"serial\":1204518", "\"serial\":\"1204518\""),
        "serial: expected an integer");
    refused(REGISTRATION_JSON.replace("\"serial\":1204518", "\"serial\":1204518.5"),
        "serial: expected an integer");
    refused(REGISTRATION_JSON.replace("false}", "\"false\"}"),
        "alreadyRegistered: expected true or false");
    refused(REGISTRATION_JSON.replace("\"serial\":1204518", "\"serial\":0"),
        "serial: serial must be positive");
    refused("[" + REGISTRATION_JSON + "]", "expected a JSON object");
  }

  @Test
  void documentsBeyondJacksonsLimitsAreRefusedLikeAnyOther() {
    refused("{\"serial\":" + "9".repeat(30) + "}",
        "not valid JSON: a number is longer than 24 characters (line 1, column ");
    refused("{\"serial\":" + "[".repeat(20) + "]".repeat(20) + "}",
        "not valid JSON: nested deeper than 16 levels (line 1, column ");
  }

  @Test
  void documentsOverTheLimitAreRefusedUnread() {
    byte[] big = new byte[RegistryJson.MAX_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    assertThatThrownBy(() -> RegistryJson.readTicketStatus(big))
        .isInstanceOf(WireFormatException.class).hasMessageContaining("larger than");
    String longDetail = "{\"outcome\":\"UNKNOWN\",\"detail\":\"" + "d".repeat(2001) + "\"}";
    assertThatThrownBy(() -> RegistryJson.readAdmissionResult(bytes(longDetail)))
        .isInstanceOf(WireFormatException.class).hasMessageContaining("detail: longer than");
    assertThat(text(RegistryJson.write(AdmissionResult.of(Outcome.UNKNOWN, "d".repeat(5000)))))
        .hasSize(RegistryJson.MAX_DETAIL_CHARS + "{\"outcome\":\"UNKNOWN\",\"detail\":\"\"}"
            .length());
  }

  @ParameterizedTest
  @ValueSource(strings = {"=", "==", "+", "/"})
  void tokenBytesHaveOneSpelling(String change) {
    String token = REGISTRATION_JSON.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
    String mutated = change.startsWith("=") ? token + change
        : token.substring(0, 10) + change + token.substring(11);
    refused(REGISTRATION_JSON.replace(token, mutated), "token: ");
  }

  @Test
  void leftoverBitsInTheLastBase64urlCharacterAreRefused() throws Exception {
    // "AA" is the one byte 0x00; "AB" spells it with a leftover bit set.
    assertThat(RegistryJson.readSignedRevocationList(bytes("{\"signedList\":\"AA\"}")))
        .containsExactly(0);
    assertThatThrownBy(() -> RegistryJson.readSignedRevocationList(
        bytes("{\"signedList\":\"AB\"}")))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("signedList: not canonical base64url: the last character has "
            + "unused bits set");
  }

  @Test
  void tokensThatAreNotCoseEnvelopesAreRefused() {
    refused("{\"serial\":1,\"registeredAt\":\"2026-11-25T10:12:10Z\",\"token\":\"AAAA\","
        + "\"alreadyRegistered\":false}", "token: not a ticket token");
  }

  @Test
  void enumStringsOutsideTheTablesAreRefused() {
    assertThatThrownBy(() -> RegistryJson.readRefusal(
        bytes("{\"reason\":\"conflict\",\"retryable\":false,\"detail\":\"x\"}")))
        .isInstanceOf(WireFormatException.class).hasMessageContaining("reason: unknown value");
    assertThatThrownBy(() -> RegistryJson.readTicketStatus(bytes(
        "{\"serial\":1,\"status\":\"LOST\"}")))
        .isInstanceOf(WireFormatException.class).hasMessageContaining("status: unknown value");
    assertThatThrownBy(() -> RegistryJson.readAdmissionResult(bytes(
        "{\"outcome\":\"WELCOME\",\"detail\":\"\"}")))
        .isInstanceOf(WireFormatException.class).hasMessageContaining("outcome: unknown");
  }

  @Test
  void aRefusalWhoseRetryabilityContradictsItsReasonIsRefused() {
    assertThatThrownBy(() -> RegistryJson.readRefusal(
        bytes("{\"reason\":\"CONFLICT\",\"retryable\":true,\"detail\":\"x\"}")))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("retryable: CONFLICT is not retryable");
  }

  @Test
  void aStatusWithInstantsItsStatusLacksIsRefused() {
    assertThatThrownBy(() -> RegistryJson.readTicketStatus(bytes("{\"serial\":1,"
        + "\"status\":\"REGISTERED\",\"registeredAt\":\"2026-11-25T10:12:10Z\","
        + "\"refundedAt\":\"2026-11-26T10:12:10Z\"}")))
        .isInstanceOf(WireFormatException.class).hasMessageContaining("status: ");
    assertThatThrownBy(() -> RegistryJson.readTicketStatus(bytes("{\"serial\":1,"
        + "\"status\":\"UNKNOWN\",\"gate\":{\"cinemaBin\":\"050140001238\",\"id\":\"a b\"}}")))
        .isInstanceOf(WireFormatException.class).hasMessageContaining("gate: gate id");
  }

  @Test
  void proofsWithBadHashesOrImpossibleShapesAreRefused() {
    String h = MerkleHashing.EMPTY_ROOT.toBase64();
    String unpadded = h.substring(0, h.length() - 1);
    assertThatThrownBy(() -> RegistryJson.readConsistencyProof(bytes(
        "{\"size1\":1,\"size2\":2,\"path\":[\"" + unpadded + "\"]}")))
        .isInstanceOf(WireFormatException.class).hasMessageContaining("path[0]");
    assertThatThrownBy(() -> RegistryJson.readConsistencyProof(bytes(
        "{\"size1\":3,\"size2\":2,\"path\":[]}")))
        .isInstanceOf(WireFormatException.class).hasMessageContaining("size2: ");
    String entry = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(entry(5).encode());
    assertThatThrownBy(() -> RegistryJson.readInclusionProof(bytes(
        "{\"treeSize\":4,\"entry\":\"" + entry + "\",\"path\":[]}")))
        .isInstanceOf(WireFormatException.class).hasMessageContaining("treeSize: record 5");
    assertThatThrownBy(() -> RegistryJson.readInclusionProof(bytes(
        "{\"treeSize\":9,\"entry\":\"AAAA\",\"path\":[]}")))
        .isInstanceOf(WireFormatException.class).hasMessageContaining("entry: not a log entry");
    List<String> many = new ArrayList<>();
    for (int i = 0; i <= InclusionProof.MAX_PATH; i++) {
      many.add("\"" + h + "\"");
    }
    assertThatThrownBy(() -> RegistryJson.readInclusionProof(bytes(
        "{\"treeSize\":9,\"entry\":\"" + entry + "\",\"path\":[" + String.join(",", many)
            + "]}")))
        .isInstanceOf(WireFormatException.class).hasMessageContaining("path: more than 64");
  }

  private static LogEntry entry(long serial) {
    return new LogEntry(serial, Samples.REGISTERED_AT, LogEntry.Kind.SALE, new byte[] {1, 2});
  }

  private static void refused(String json, String message) {
    assertThatThrownBy(() -> RegistryJson.readRegistration(bytes(json)))
        .isInstanceOf(WireFormatException.class).hasMessageContaining(message);
  }

  /** The JSON blocks of the spec, each after its {@code <!-- example: NAME -->} marker. */
  static Map<String, String> examples() throws IOException {
    Path p = Path.of("docs", "spec", "registry-api-v1.md");
    String doc = Files.readString(Files.exists(p) ? p : Path.of("..").resolve(p));
    Matcher m = Pattern.compile("<!-- example: ([a-z-]+) -->\\n```json\\n(.*?)\\n```",
        Pattern.DOTALL).matcher(doc);
    Map<String, String> out = new LinkedHashMap<>();
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
