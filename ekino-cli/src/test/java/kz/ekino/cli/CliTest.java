package kz.ekino.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import kz.ekino.core.json.v1.SaleJson;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.key.VerificationKey;
import kz.ekino.core.testing.Samples;
import kz.ekino.core.testing.TestKeys;
import kz.ekino.core.testing.Vectors;
import kz.ekino.core.trust.TrustList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  @TempDir
  Path dir;

  /** What one run of the command printed and returned. */
  record Run(int exit, String out, String err) {
    JsonNode json() throws IOException {
      return JSON.readTree(out);
    }
  }

  private static Run ekino(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new Main(Clock.fixed(NOW, ZoneOffset.UTC), new PrintWriter(out, true),
        new PrintWriter(err, true)).run(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void keygenWritesAPrivateFileOnlyTheOwnerCanReadAndNeverOverwrites() throws Exception {
    String prefix = dir.resolve("keys/registry").toString();
    Run run = ekino("keygen", "--alg", "es256", "--out", prefix);

    assertThat(run.exit()).isZero();
    SigningKey key = SigningKey.fromPkcs8Pem(Files.readString(Path.of(prefix + ".key.pem")));
    assertThat(run.out().strip()).isEqualTo(key.keyId().toHex());
    assertThat(VerificationKey.fromPem(Files.readString(Path.of(prefix + ".pub.pem"))))
        .isEqualTo(key.verificationKey());
    assertThat(Files.getPosixFilePermissions(Path.of(prefix + ".key.pem")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    Run again = ekino("keygen", "--out", prefix);
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.err()).contains("already exists");
    assertThat(SigningKey.fromPkcs8Pem(Files.readString(Path.of(prefix + ".key.pem"))).keyId())
        .as("the existing key is untouched").isEqualTo(key.keyId());
    assertThat(ekino("keygen", "--out", prefix, "--force").exit()).isZero();
  }

  @Test
  void tokenThenVerifyIsValidForBothAlgorithms() throws Exception {
    for (String alg : List.of("ed25519", "es256")) {
      String prefix = dir.resolve(alg).toString();
      ekino("keygen", "--alg", alg, "--out", prefix);
      Run token = ekino("token", "--key", prefix + ".key.pem", "--sale", sale().toString(),
          "--serial", "42");
      assertThat(token.exit()).isZero();
      String qr = token.out().strip();

      Run verify = ekino("verify", "--key", prefix + ".pub.pem", qr);
      assertThat(verify.exit()).isZero();
      assertThat(verify.json().get("verdict").asText()).isEqualTo("VALID");
      assertThat(verify.json().at("/ticket/serial").asLong()).isEqualTo(42);
      assertThat(verify.json().at("/ticket/registeredAt").asText()).isEqualTo(NOW.toString());
      assertThat(verify.json().at("/signer/algorithm").asText()).isEqualTo(alg.toUpperCase(java.util.Locale.ROOT));
    }
  }

  @Test
  void provisionalAndSpecimenVerifyAsWhatTheyAreWithTheirOwnExitCodes() throws Exception {
    String prefix = dir.resolve("vendor").toString();
    ekino("keygen", "--out", prefix);
    String qr = ekino("token", "--key", prefix + ".key.pem", "--sale", sale().toString(),
        "--kind", "provisional").out().strip();

    Run verify = ekino("verify", "--key", prefix + ".pub.pem", qr);
    assertThat(verify.exit()).isEqualTo(Main.REGISTRATION_PENDING);
    assertThat(verify.json().get("verdict").asText()).isEqualTo("PROVISIONAL");

    Path specimen = dir.resolve("specimen.json");
    Files.writeString(specimen, SaleJson.write(Samples.specimenSale()));
    String sqr = ekino("token", "--key", prefix + ".key.pem", "--sale", specimen.toString())
        .out().strip();
    Run specimenRun = ekino("verify", "--key", prefix + ".pub.pem", sqr);
    assertThat(specimenRun.json().get("verdict").asText()).isEqualTo("SPECIMEN");
    assertThat(specimenRun.exit()).isEqualTo(Main.SPECIMEN);
  }

  /** Every vector through the command, with its trust entry as a signed trust list. */
  @Test
  void everyVectorGetsItsVerdictFromTheCommand() throws Exception {
    SigningKey root = TestKeys.signing(TestKeys.ROOT_ED25519);
    Path rootPub = dir.resolve("root.pub.pem");
    Files.writeString(rootPub, root.verificationKey().toPem());
    int n = 0;
    for (JsonNode v : Vectors.all()) {
      Path trust = dir.resolve("trust-" + n++ + ".json");
      Files.write(trust, TrustList.of(1, Instant.parse("2026-01-01T00:00:00Z"),
          Instant.parse("2099-01-01T00:00:00Z"), List.of(Vectors.trustedKey(v))).toSignedJson(root));

      Run run = ekino("verify", "--trust", trust.toString(), "--root", rootPub.toString(),
          "--at", v.get("at").asText(), "--base", v.get("base").asText(), v.get("qr").asText());

      String expect = v.get("expect").asText();
      assertThat(run.json().get("verdict").asText()).as(v.get("id").asText()).isEqualTo(expect);
      assertThat(run.exit()).isEqualTo(switch (expect) {
        case "VALID" -> Main.OK;
        case "PROVISIONAL" -> Main.REGISTRATION_PENDING;
        case "SPECIMEN" -> Main.SPECIMEN;
        default -> Main.NOT_VALID;
      });
      if (v.has("claims")) {
        assertThat(run.json().get("ticket")).isEqualTo(v.get("claims"));
      }
    }
    assertThat(n).isGreaterThan(30);
  }

  @Test
  void changingAnySingleByteOfAValidTokenIsNotValid() throws Exception {
    JsonNode v = Vectors.byId("valid-ed25519");
    Path pub = dir.resolve("registry.pub.pem");
    Files.writeString(pub, v.get("publicKeyPem").asText());
    byte[] token = hex(v.get("tokenHex").asText());
    Set<String> verdicts = new HashSet<>();
    for (int i = 0; i < token.length; i++) {
      byte[] changed = token.clone();
      changed[i] ^= (byte) 0x01;
      Run run = ekino("verify", "--key", pub.toString(), "--at", v.get("at").asText(),
          "HTTPS://QR.EKINO.KZ/T/" + base32(changed));
      assertThat(run.exit()).as("byte %d", i).isEqualTo(1);
      verdicts.add(run.json().get("verdict").asText());
    }
    assertThat(verdicts).doesNotContain("VALID").contains("BAD_SIGNATURE", "MALFORMED");
    assertThat(ekino("verify", "--key", pub.toString(), "--at", v.get("at").asText(),
        v.get("qr").asText()).exit()).as("the unchanged token").isZero();
  }

  @Test
  void trustListsFromTheCommandVerifyAndTamperingIsCaught() throws Exception {
    Path root = dir.resolve("root");
    Path registry = dir.resolve("registry");
    ekino("keygen", "--out", root.toString());
    ekino("keygen", "--out", registry.toString());
    Path trust = dir.resolve("trust.json");
    Run made = ekino("trustlist", "--root", root + ".key.pem", "--registry",
        registry + ".pub.pem", "--expires", "2026-12-25T00:00:00Z", "--out", trust.toString());
    assertThat(made.exit()).as(made.err()).isZero();
    String qr = ekino("token", "--key", registry + ".key.pem", "--sale", sale().toString(),
        "--serial", "7").out().strip();

    assertThat(ekino("verify", "--trust", trust.toString(), "--root", root + ".pub.pem", qr)
        .exit()).isZero();
    Run expired = ekino("verify", "--trust", trust.toString(), "--root", root + ".pub.pem",
        "--at", "2026-12-25T00:00:00Z", qr);
    assertThat(expired.json().get("verdict").asText()).isEqualTo("TRUST_LIST_EXPIRED");

    Files.writeString(trust, Files.readString(trust).replace("\"signature\" : \"",
        "\"signature\" : \"AA"));
    Run tampered = ekino("verify", "--trust", trust.toString(), "--root", root + ".pub.pem", qr);
    assertThat(tampered.exit()).isEqualTo(2);
    assertThat(tampered.err()).contains("BAD_SIGNATURE").doesNotContain("\tat ");
  }

  @Test
  void trustlistNumbersListsByIssueTimeUnlessToldAndRefusesZero() throws Exception {
    Path root = dir.resolve("root");
    ekino("keygen", "--out", root.toString());
    Path byTime = dir.resolve("by-time.json");
    Path told = dir.resolve("told.json");
    Run made = ekino("trustlist", "--root", root + ".key.pem", "--out", byTime.toString());
    assertThat(made.out()).contains("sequence " + NOW.getEpochSecond());
    ekino("trustlist", "--root", root + ".key.pem", "--sequence", "7", "--out",
        told.toString());
    kz.ekino.core.key.VerificationKey rootKey = kz.ekino.core.key.VerificationKey.fromPem(
        Files.readString(dir.resolve("root.pub.pem")));

    assertThat(TrustList.parseSigned(Files.readAllBytes(byTime), rootKey).sequence())
        .isEqualTo(NOW.getEpochSecond());
    assertThat(TrustList.parseSigned(Files.readAllBytes(told), rootKey).sequence())
        .isEqualTo(7);
    Run zero = ekino("trustlist", "--root", root + ".key.pem", "--sequence", "0", "--out",
        dir.resolve("zero.json").toString());
    assertThat(zero.exit()).isEqualTo(Main.USAGE);
    assertThat(zero.err()).contains("sequence");
    assertThat(Files.exists(dir.resolve("zero.json"))).isFalse();
  }

  @Test
  void usageErrorsAreOneLineWithExitCodeTwo() throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"ticketId\": 5}");
    Path pem = dir.resolve("k");
    ekino("keygen", "--out", pem.toString());
    List<Run> runs = new ArrayList<>();
    runs.add(ekino("verify", "x"));
    runs.add(ekino("verify", "--key", dir.resolve("missing.pem").toString(), "x"));
    runs.add(ekino("token", "--key", pem + ".pub.pem", "--sale", sale().toString()));
    runs.add(ekino("token", "--key", pem + ".key.pem", "--sale", bad.toString(),
        "--serial", "1"));
    runs.add(ekino("token", "--key", pem + ".key.pem", "--sale", sale().toString()));
    runs.add(ekino("verify", "--key", pem + ".pub.pem", "--at", "yesterday", "x"));
    runs.add(ekino("verify", "--key", pem + ".pub.pem", "--base", "ftp://x", "x"));
    runs.add(ekino("keygen", "--alg", "rsa", "--out", pem + "2"));
    runs.add(ekino("nonsense"));
    for (Run run : runs) {
      assertThat(run.exit()).as(run.err()).isEqualTo(2);
      assertThat(run.err()).startsWith("ekino: ").doesNotContain("\tat ")
          .doesNotContain("Exception");
      assertThat(run.err().strip().lines().count()).isEqualTo(1);
    }
    assertThat(runs.get(3).err()).contains("bad.json: ticketId: expected a string");
  }

  @Test
  void qrImagesRoundTripThroughVerify() throws Exception {
    String prefix = dir.resolve("registry").toString();
    ekino("keygen", "--out", prefix);
    String qr = ekino("token", "--key", prefix + ".key.pem", "--sale", sale().toString(),
        "--serial", "9").out().strip();
    Path png = dir.resolve("t.png");
    Path svg = dir.resolve("t.svg");
    Path print = dir.resolve("print.png");

    Run made = ekino("qr", "--out", png.toString(), qr);
    assertThat(made.exit()).as(made.err()).isZero();
    assertThat(made.out()).contains("QR version 10-M");
    assertThat(ekino("qr", "--out", svg.toString(), "--mm", "30", qr).exit()).isZero();
    assertThat(Files.readString(svg)).startsWith("<?xml").contains("width=\"30.00mm\"");
    Run printed = ekino("qr", "--out", print.toString(), "--mm", "25", "--dpi", "203",
        "--ecc", "q", qr);
    assertThat(printed.out()).containsPattern("QR version 1[0-9]-Q").contains("at 203 dpi");

    Run verify = ekino("verify", "--key", prefix + ".pub.pem", "--image", png.toString());
    assertThat(verify.exit()).isZero();
    assertThat(verify.json().get("verdict").asText()).isEqualTo("VALID");
    assertThat(ekino("verify", "--key", prefix + ".pub.pem", "--image", print.toString())
        .exit()).isZero();
  }

  @Test
  void anImageWithoutACodeIsNoQrFoundAndNonImagesAreUsageErrors() throws Exception {
    String prefix = dir.resolve("registry").toString();
    ekino("keygen", "--out", prefix);
    Path blank = dir.resolve("blank.png");
    javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(200, 100,
        java.awt.image.BufferedImage.TYPE_INT_RGB), "png", blank.toFile());

    Run none = ekino("verify", "--key", prefix + ".pub.pem", "--image", blank.toString());
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.json().get("verdict").asText()).isEqualTo("NO_QR_FOUND");

    Run notImage = ekino("verify", "--key", prefix + ".pub.pem", "--image", sale().toString());
    assertThat(notImage.exit()).isEqualTo(2);
    assertThat(notImage.err()).contains("not a PNG or JPEG image");
    assertThat(ekino("verify", "--key", prefix + ".pub.pem", "--image", blank.toString(),
        "TEXT").exit()).isEqualTo(2);
    assertThat(ekino("qr", "--out", dir.resolve("x.png").toString(), "lower case").err())
        .contains("upper-case QR alphanumeric");
  }

  @Test
  void demoRunsTwiceOnTheSameLogAndTheProofsCheckOut() throws Exception {
    Path data = dir.resolve("data");
    Run first = ekino("demo", "--data", data.toString(), "--sales", "60");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).contains("60 sales registered", "already registered: true",
        ".png: VALID", "PROVISIONAL (printed during the outage)", "one case of every anomaly",
        "ALREADY_ADMITTED", "REFUNDED", "WRONG_VENUE", "verifies: true",
        "Kazakh-language screenings");
    assertThat(first.out()).doesNotContain("verifies: false");

    Run second = ekino("demo", "--data", data.toString(), "--sales", "60");
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(second.out()).contains("run 2", "consistency from the previous run's checkpoint")
        .doesNotContain("verifies: false");

    Run checkpoint = ekino("checkpoint", "--data", data.toString());
    String note = checkpoint.out();
    assertThat(note).startsWith(kz.ekino.registry.RegistryConfig.DEFAULT_ORIGIN + "\n");
    Run prove = ekino("prove", "--data", data.toString(), "--serial", "7");
    assertThat(prove.exit()).isZero();
    assertThat(prove.json().get("verified").asBoolean()).isTrue();
    assertThat(prove.json().get("checkpoint").asText()).isEqualTo(note);
    assertThat(ekino("prove", "--data", data.toString(), "--serial", "100000").exit())
        .isEqualTo(2);
    assertThat(ekino("checkpoint", "--data", dir.resolve("none").toString()).err())
        .contains("holds no ekino registry");
  }

  @Test
  void oversizedFilesAreRefusedWithoutReadingThemWhole() throws Exception {
    Path big = dir.resolve("big.pem");
    Files.write(big, new byte[Inputs.MAX_KEY_FILE + 1]);
    Run run = ekino("verify", "--key", big.toString(), "x");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("larger than");
  }

  private Path sale() throws IOException {
    Path p = dir.resolve("sale.json");
    if (!Files.exists(p)) {
      Files.copy(Path.of("..", "docs", "examples", "sale.json"), p);
    }
    return p;
  }

  private static byte[] hex(String s) {
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  /** RFC 4648 base32 without padding, written out here so the test does not trust the codec. */
  private static String base32(byte[] data) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
    }
    return new String(out.toString().getBytes(StandardCharsets.US_ASCII),
        StandardCharsets.US_ASCII);
  }
}
