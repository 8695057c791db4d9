package kz.ekino.core;

import static kz.ekino.core.testing.Payloads.counter;
import static kz.ekino.core.testing.Payloads.dayOff;
import static kz.ekino.core.testing.Payloads.refundWithCounter;
import static kz.ekino.core.testing.Payloads.saleWithCounter;
import static kz.ekino.core.testing.Payloads.schedule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import kz.ekino.core.cose.CoseSign1;
import kz.ekino.core.internal.CborException;
import kz.ekino.core.internal.CborWriter;
import kz.ekino.core.json.v1.RegistryJson;
import kz.ekino.core.json.v1.SaleFormatException;
import kz.ekino.core.json.v1.SaleJson;
import kz.ekino.core.json.v1.WireFormatException;
import kz.ekino.core.key.KeyFormatException;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.key.VerificationKey;
import kz.ekino.core.log.Checkpoint;
import kz.ekino.core.log.CheckpointException;
import kz.ekino.core.log.ConsistencyProof;
import kz.ekino.core.log.Cosignature;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.log.TreeHash;
import kz.ekino.core.log.WitnessKey;
import kz.ekino.core.log.WitnessQuorum;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.Schedule;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.monitor.ExportDirectory;
import kz.ekino.core.monitor.ExportFormatException;
import kz.ekino.core.revocation.RevocationList;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.submission.v1.SaleCbor;
import kz.ekino.core.testing.Payloads;
import kz.ekino.core.testing.Samples;
import kz.ekino.core.testing.TestKeys;
import kz.ekino.core.token.TicketToken;
import kz.ekino.core.token.UrlBase;
import kz.ekino.core.token.v1.ClaimsV1;
import kz.ekino.core.trust.TrustList;
import kz.ekino.core.trust.TrustListException;
import kz.ekino.core.trust.TrustedKey;
import kz.ekino.core.verify.RejectedException;
import kz.ekino.core.verify.TicketVerifier;
import kz.ekino.core.verify.VerificationPolicy;
import kz.ekino.core.verify.VerificationResult;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The library half of issue 12's bad-input catalogue: hostile input for every entry point that
 * reads data from outside, each with the exception type the entry point declares and a fragment
 * of its message. No message may show a Java, Jackson or BouncyCastle class name or setting: the
 * person who reads it wrote the input, not ekino.
 */
class BadInputCatalogueTest {
  /** What a message to the author of an input must never contain. */
  static final Pattern LEAK = Pattern.compile(
      "java\\.|javax\\.|com\\.fasterxml|org\\.bouncycastle|Exception|FAIL_ON_|Parameters\\b");
  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  static final String ORIGIN = "qr.ekino.kz/registry";
  static final String FAR_FUTURE = "+999999999-12-31T23:59:59Z";

  @TempDir
  static Path dir;

  @FunctionalInterface
  interface Call {
    Object call() throws Exception;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("catalogue")
  void failsTheDeclaredWayWithAReadableMessage(String name, Call call,
      Class<? extends Exception> declared, String fragment) {
    Throwable thrown = catchThrowable(call::call);

    assertThat(thrown).as(name).isInstanceOf(declared);
    assertThat(thrown.getMessage()).as(name).contains(fragment)
        .doesNotContainPattern(LEAK).doesNotContain("\n");
  }

  static Stream<Arguments> catalogue() throws Exception {
    List<Arguments> all = new ArrayList<>();
    json(all);
    sale(all);
    keys(all);
    base64(all);
    checkpoints(all);
    cborAndCose(all);
    signedDocuments(all);
    times(all);
    return all.stream();
  }

  // --- JSON: the same hostile documents against every JSON reader ----------------------------

  private record JsonReader(String name, Function<byte[], Call> read,
      Class<? extends Exception> declared) {}

  static List<Object[]> hostileJson() {
    return List.of(
        new Object[] {"empty", bytes(""), "expected a JSON object"},
        new Object[] {"garbage", bytes("hello"),
            "not valid JSON: Unrecognized token 'hello'"},
        new Object[] {"30-digit number", bytes("{\"a\": " + "9".repeat(30) + "}"),
            "not valid JSON: a number is longer than 24 characters (line 1, column "},
        new Object[] {"17 levels", bytes(nested(17)),
            "not valid JSON: nested deeper than 16 levels (line 1, column "},
        new Object[] {"1000 levels", bytes(nested(1000)),
            "not valid JSON: nested deeper than 16 levels (line 1, column "},
        new Object[] {"trailing tokens", bytes("{} {}"),
            "not valid JSON: unexpected data after the JSON object (line 1, column 4)"},
        new Object[] {"duplicate keys", bytes("{\"a\": 1,\n \"a\": 2}"),
            "not valid JSON: Duplicate field 'a' (line 2, column "},
        new Object[] {"non-UTF-8", new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'},
            "not valid JSON: Invalid UTF-8 start byte 0xff (line 1, column "},
        new Object[] {"truncated", bytes("{\"a\": [1, 2"),
            "not valid JSON: the document ends before its last array, object or string is "
                + "closed (line 1, column "},
        new Object[] {"oversized", bytes("{\"a\": \"" + "x".repeat(9 << 20) + "\"}"),
            "larger than "});
  }

  private static void json(List<Arguments> all) throws IOException {
    VerificationKey root = TestKeys.verification(TestKeys.ROOT_ED25519);
    List<JsonReader> readers = List.of(
        new JsonReader("SaleJson.read", b -> () -> SaleJson.read(b), SaleFormatException.class),
        new JsonReader("TrustList.parseSigned", b -> () -> TrustList.parseSigned(b, root),
            TrustListException.class),
        new JsonReader("TrustList.parseUnsigned", b -> () -> TrustList.parseUnsigned(b),
            TrustListException.class),
        new JsonReader("RegistryJson.readRegistration", b -> () -> RegistryJson
            .readRegistration(b), WireFormatException.class),
        new JsonReader("RegistryJson.readRefusal", b -> () -> RegistryJson.readRefusal(b),
            WireFormatException.class),
        new JsonReader("RegistryJson.readTicketStatus", b -> () -> RegistryJson
            .readTicketStatus(b), WireFormatException.class),
        new JsonReader("RegistryJson.readInclusionProof", b -> () -> RegistryJson
            .readInclusionProof(b), WireFormatException.class),
        new JsonReader("RegistryJson.readConsistencyProof", b -> () -> RegistryJson
            .readConsistencyProof(b), WireFormatException.class),
        new JsonReader("RegistryJson.readSignedRevocationList", b -> () -> RegistryJson
            .readSignedRevocationList(b), WireFormatException.class),
        new JsonReader("ExportDirectory.report", b -> () -> exportReport(b),
            ExportFormatException.class));
    for (JsonReader r : readers) {
      for (Object[] h : hostileJson()) {
        all.add(Arguments.of(r.name() + ", " + h[0], r.read().apply((byte[]) h[1]),
            r.declared(), h[2]));
      }
    }
  }

  private static Object exportReport(byte[] json) throws Exception {
    Path export = Files.createTempDirectory(dir, "export");
    Files.write(export.resolve(ExportDirectory.MONITORING), json);
    return ExportDirectory.of(export).report();
  }

  private static void sale(List<Arguments> all) {
    String sale = SaleJson.write(Samples.sale());
    String soldAt = Samples.SOLD_AT.toString();
    String start = Samples.SCREENING_START.toString();
    all.add(Arguments.of("sale JSON, soldAt in the year 999999999",
        (Call) () -> SaleJson.read(bytes(sale.replace(soldAt, FAR_FUTURE))),
        SaleFormatException.class, "soldAt: sold-at must be between"));
    all.add(Arguments.of("sale JSON, soldAt in the year -999999999",
        (Call) () -> SaleJson.read(bytes(sale.replace(soldAt, "-999999999-01-01T00:00:00Z"))),
        SaleFormatException.class, "soldAt: sold-at must be between"));
    all.add(Arguments.of("sale JSON, screening start in the year 999999999",
        (Call) () -> SaleJson.read(bytes(sale.replace(start, FAR_FUTURE))),
        SaleFormatException.class, "screening.start: screening start must be between"));
    all.add(Arguments.of("sale JSON, a negative price",
        (Call) () -> SaleJson.read(bytes(sale.replace("250000", "-1"))),
        SaleFormatException.class, "priceTiyn: "));
    all.add(Arguments.of("sale JSON, a 20-digit price",
        (Call) () -> SaleJson.read(bytes(sale.replace("250000", "9".repeat(20)))),
        SaleFormatException.class, "priceTiyn: expected an integer"));
    all.add(Arguments.of("sale JSON, a fractional price",
        (Call) () -> SaleJson.read(bytes(sale.replace("250000", "2500.5"))),
        SaleFormatException.class, "priceTiyn: expected an integer"));
  }

  // --- keys ------------------------------------------------------------------------------------

  private static void keys(List<Arguments> all) throws GeneralSecurityException {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
    p384.initialize(new ECGenParameterSpec("secp384r1"));
    Object[][] others = {
        {"RSA", rsa.generateKeyPair(), "unsupported key algorithm RSA"},
        {"X25519", KeyPairGenerator.getInstance("X25519").generateKeyPair(),
            "unsupported key algorithm X25519/X448 (key agreement, not signatures)"},
        {"Ed448", KeyPairGenerator.getInstance("Ed448").generateKeyPair(),
            "unsupported key algorithm Ed448"},
        {"EC P-384", p384.generateKeyPair(), "unsupported elliptic curve"}};
    for (Object[] o : others) {
      KeyPair kp = (KeyPair) o[1];
      String pub = pem("PUBLIC KEY", kp.getPublic().getEncoded());
      String priv = pem("PRIVATE KEY", kp.getPrivate().getEncoded());
      all.add(Arguments.of("public key PEM, " + o[0], (Call) () -> VerificationKey.fromPem(pub),
          KeyFormatException.class, o[2]));
      all.add(Arguments.of("private key PEM, " + o[0],
          (Call) () -> SigningKey.fromPkcs8Pem(priv), KeyFormatException.class,
          ((String) o[2]).replace("key algorithm", "private key algorithm")
              .replace("private key algorithm X25519", "private key algorithm X25519")));
    }
    String pub = TestKeys.pem(TestKeys.REGISTRY_ED25519, "pub");
    byte[] spki = TestKeys.verification(TestKeys.REGISTRY_ED25519).toSpki();
    Object[][] badPem = {
        {"empty", "", "not PEM"},
        {"garbage", "hello", "not PEM"},
        {"private key where a public key belongs",
            TestKeys.pem(TestKeys.REGISTRY_ED25519, "key"), "expected a 'PUBLIC KEY' PEM block"},
        {"truncated", pub.substring(0, pub.length() / 2), "PEM block does not end with"},
        {"oversized", pub + "#".repeat(20_000), "longer than"},
        {"body not base64", pub.replace("MCowBQYDK2Vw", "MCowBQYD*2Vw"),
            "PEM body is not base64: character '*'"},
        {"body with stray bits", pem("PUBLIC KEY", spki).replace("=\n", "").replace("\n-----END",
            "=\n-----END").replace("==", "="), "PEM body is"},
        {"DER with a trailing byte", pem("PUBLIC KEY", java.util.Arrays.copyOf(spki,
            spki.length + 1)), "not a SubjectPublicKeyInfo public key"},
        {"DER cut short", pem("PUBLIC KEY", java.util.Arrays.copyOf(spki, spki.length - 1)),
            "not a SubjectPublicKeyInfo public key"}};
    for (Object[] o : badPem) {
      all.add(Arguments.of("public key PEM, " + o[0],
          (Call) () -> VerificationKey.fromPem((String) o[1]), KeyFormatException.class, o[2]));
    }
    all.add(Arguments.of("private key PEM, garbage",
        (Call) () -> SigningKey.fromPkcs8Pem("-----BEGIN PRIVATE KEY-----\nAAAA\n"
            + "-----END PRIVATE KEY-----\n"), KeyFormatException.class,
        "not a PKCS#8 private key"));
  }

  // --- base64: one spelling wherever a signature or hash is read ------------------------------

  private static void base64(List<Arguments> all) {
    String hash = TreeHash.of(new byte[32]).toBase64();
    for (String[] bad : nonCanonical(hash, false)) {
      all.add(Arguments.of("TreeHash.fromBase64, " + bad[0],
          (Call) () -> TreeHash.fromBase64(bad[1]), IllegalArgumentException.class, bad[2]));
      all.add(Arguments.of("consistency proof path, " + bad[0],
          (Call) () -> RegistryJson.readConsistencyProof(bytes("{\"size1\":1,\"size2\":2,"
              + "\"path\":[\"" + bad[1] + "\"]}")), WireFormatException.class,
          "path[0]: " + bad[2]));
    }
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {1, 2, 3, 4});
    for (String[] bad : nonCanonical(token, true)) {
      all.add(Arguments.of("signed revocation list JSON, " + bad[0],
          (Call) () -> RegistryJson.readSignedRevocationList(bytes("{\"signedList\":\""
              + bad[1] + "\"}")), WireFormatException.class, "signedList: " + bad[2]));
    }
    byte[] signed = trustList().toSignedJson(TestKeys.signing(TestKeys.ROOT_ED25519));
    String doc = new String(signed, StandardCharsets.UTF_8);
    String signature = doc.replaceAll("(?s).*\"signature\" : \"([^\"]+)\".*", "$1");
    for (String[] bad : nonCanonical(signature, true)) {
      all.add(Arguments.of("signed trust list, signature " + bad[0],
          (Call) () -> TrustList.parseSigned(bytes(doc.replace(signature, bad[1])),
              TestKeys.verification(TestKeys.ROOT_ED25519)), TrustListException.class,
          "signature: " + bad[2]));
    }
    String unsigned = new String(trustList().toUnsignedJson(), StandardCharsets.UTF_8);
    String key = unsigned.replaceAll(".*\"publicKey\":\"([^\"]+)\".*", "$1");
    for (String[] bad : nonCanonical(key, false)) {
      all.add(Arguments.of("trust list publicKey, " + bad[0],
          (Call) () -> TrustList.parseUnsigned(bytes(unsigned.replace(key, bad[1]))),
          TrustListException.class, "keys[0].publicKey: " + bad[2]));
    }
  }

  /** Spellings of {@code canonical} that decode to the same bytes, or nearly, but are not it. */
  static List<String[]> nonCanonical(String canonical, boolean url) {
    String alphabet = url
        ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    String data = canonical.replace("=", "");
    String padding = canonical.substring(data.length());
    char last = data.charAt(data.length() - 1);
    String stray = data.substring(0, data.length() - 1)
        + alphabet.charAt(alphabet.indexOf(last) | 1) + padding;
    String kind = url ? "base64url" : "base64";
    List<String[]> out = new ArrayList<>();
    out.add(new String[] {"stray bits", stray,
        "not canonical " + kind + ": the last character has unused bits set"});
    out.add(new String[] {"a space", data.substring(0, 4) + " " + data.substring(4) + padding,
        "not " + kind + ": character U+0020 at position 4"});
    if (url) {
      out.add(new String[] {"padded", canonical + "=".repeat((4 - data.length() % 4) % 4),
          "not base64url: character '='"});
      out.add(new String[] {"standard alphabet", data.substring(0, 2) + "+" + data.substring(3),
          "not base64url: character '+'"});
    } else {
      out.add(new String[] {"padding missing", data,
          "not canonical base64: padding missing or wrong"});
      out.add(new String[] {"url alphabet", data.substring(0, 2) + "-" + data.substring(3)
          + padding, "not base64: character '-'"});
    }
    return out;
  }

  // --- checkpoints and cosignatures -----------------------------------------------------------

  private static void checkpoints(List<Arguments> all) {
    SigningKey log = TestKeys.signing(TestKeys.REGISTRY_ED25519);
    VerificationKey key = log.verificationKey();
    Checkpoint cp = new Checkpoint(ORIGIN, 12, TreeHash.of(new byte[32]));
    String note = cp.sign(log);
    String sigLine = note.substring(note.lastIndexOf('\n', note.length() - 2) + 1).strip();
    String sig = sigLine.substring(sigLine.lastIndexOf(' ') + 1);
    for (String[] bad : nonCanonical(sig, false)) {
      all.add(Arguments.of("checkpoint signature line, " + bad[0],
          (Call) () -> Checkpoint.parseSigned(note.replace(sig, bad[1]), ORIGIN, key),
          CheckpointException.class, "MALFORMED: the signature of " + ORIGIN + ": " + bad[2]));
    }
    String root = cp.rootHash().toBase64();
    for (String[] bad : nonCanonical(root, false)) {
      all.add(Arguments.of("checkpoint root hash, " + bad[0],
          (Call) () -> Checkpoint.parseSigned(note.replace(root, bad[1]), ORIGIN, key),
          CheckpointException.class, "MALFORMED: root hash: " + bad[2]));
    }
    SigningKey witness = TestKeys.signing(TestKeys.OTHER_ED25519);
    WitnessQuorum quorum = WitnessQuorum.of(1,
        new WitnessKey("witness.example/w1", witness.verificationKey()));
    String cosig = Cosignature.sign(cp, "witness.example/w1", witness, NOW).toLine();
    String cosigned = note + cosig;
    String cb64 = cosig.strip().substring(cosig.strip().lastIndexOf(' ') + 1);
    for (String[] bad : nonCanonical(cb64, false)) {
      all.add(Arguments.of("cosignature line, " + bad[0],
          (Call) () -> Checkpoint.parseCosigned(cosigned.replace(cb64, bad[1]), ORIGIN, key,
              quorum), CheckpointException.class,
          "MALFORMED: the signature of witness.example/w1: " + bad[2]));
    }
    Object[][] notes = {
        {"empty", "", "a signed note is text"},
        {"garbage", "hello\n", "a signed note is text"},
        {"tree size of 30 digits", note.replace("\n12\n", "\n" + "9".repeat(30) + "\n"),
            "tree size '999999999999999999999999999999' is not a decimal"},
        {"tree size above 2^63", note.replace("\n12\n", "\n" + "9".repeat(19) + "\n"),
            "tree size 9999999999999999999 is larger than 9223372036854775807"},
        {"oversized", note + "x".repeat(Checkpoint.MAX_NOTE_BYTES), "note is longer than"},
        {"truncated", note.substring(0, note.length() / 2), "a signed note is text"}};
    for (Object[] o : notes) {
      all.add(Arguments.of("checkpoint, " + o[0],
          (Call) () -> Checkpoint.parseSigned((String) o[1], ORIGIN, key),
          CheckpointException.class, o[2]));
    }
  }

  // --- CBOR, COSE and tokens -------------------------------------------------------------------

  private static void cborAndCose(List<Arguments> all) {
    VerificationPolicy policy = policy();
    byte[][] inputs = {new byte[0], bytes("hello"), {(byte) 0xbf}, {(byte) 0x5b, -1, -1, -1, -1,
        -1, -1, -1, -1}, {(byte) 0x84, 0x40, (byte) 0xa0, 0x40}};
    String[] names = {"empty", "garbage", "indefinite map", "byte string of 2^64 - 1 bytes",
        "COSE_Sign1 without a tag"};
    for (int i = 0; i < inputs.length; i++) {
      byte[] in = inputs[i];
      all.add(Arguments.of("CoseSign1.parse, " + names[i], (Call) () -> CoseSign1.parse(in),
          CborException.class, ""));
      all.add(Arguments.of("ClaimsV1.decode, " + names[i], (Call) () -> ClaimsV1.decode(in),
          CborException.class, ""));
      all.add(Arguments.of("SaleCbor.decode, " + names[i], (Call) () -> SaleCbor.decode(in),
          CborException.class, ""));
      all.add(Arguments.of("Submissions.readSale, " + names[i],
          (Call) () -> Submissions.readSale(in), RejectedException.class, "MALFORMED"));
      all.add(Arguments.of("Submissions.readRefund, " + names[i],
          (Call) () -> Submissions.readRefund(in), RejectedException.class, "MALFORMED"));
      all.add(Arguments.of("Submissions.readSchedule, " + names[i],
          (Call) () -> Submissions.readSchedule(in), RejectedException.class, "MALFORMED"));
      all.add(Arguments.of("Submissions.readCorrection, " + names[i],
          (Call) () -> Submissions.readCorrection(in), RejectedException.class, "MALFORMED"));
      all.add(Arguments.of("SaleCbor.decodeCountedSale, " + names[i],
          (Call) () -> SaleCbor.decodeCountedSale(in), CborException.class, ""));
      all.add(Arguments.of("SaleCbor.decodeCountedRefund, " + names[i],
          (Call) () -> SaleCbor.decodeCountedRefund(in), CborException.class, ""));
      all.add(Arguments.of("SaleCbor.decodeSchedule, " + names[i],
          (Call) () -> SaleCbor.decodeSchedule(in), CborException.class, ""));
      all.add(Arguments.of("SaleCbor.decodeCorrection, " + names[i],
          (Call) () -> SaleCbor.decodeCorrection(in), CborException.class, ""));
      all.add(Arguments.of("RevocationList.open, " + names[i],
          (Call) () -> RevocationList.open(in, policy), RejectedException.class, "MALFORMED"));
      all.add(Arguments.of("LogEntry.decode, " + names[i], (Call) () -> LogEntry.decode(in),
          IllegalArgumentException.class, "not a log entry"));
      all.add(Arguments.of("TicketVerifier.verifyToken, " + names[i],
          (Call) () -> rejection(TicketVerifier.verifyToken(in, policy)),
          RejectedException.class, "MALFORMED"));
    }
    String base = UrlBase.DEFAULT;
    Object[][] texts = {{"empty", ""}, {"garbage", "hello"}, {"non-base32", base + "a*b"},
        {"impossible length", base + "A"}, {"stray bits", base + "AB"},
        {"oversized", base + "A".repeat(10_000)}};
    for (Object[] t : texts) {
      all.add(Arguments.of("TicketVerifier.verify, " + t[0],
          (Call) () -> rejection(TicketVerifier.verify((String) t[1], policy)),
          RejectedException.class, ""));
    }
  }

  // --- signed submissions v2, schedules and corrections (issue 13) ------------------------------

  /**
   * Each document correctly signed by a vendor key the policy trusts, so that only the content
   * is hostile: the terminal's counter, the schedule's kind and day, the correction's fields.
   */
  private static void signedDocuments(List<Arguments> all) {
    VerificationPolicy policy = vendorPolicy();
    SigningKey vendor = TestKeys.signing(TestKeys.VENDOR_ED25519);
    byte[] d32 = new byte[32];
    Object[][] counters = {
        {"sequence 0", counter(2, "KP8-BOX-03", 0, null),
            "sequence must be 1 to 9007199254740991, got 0"},
        {"sequence 2^53", counter(2, "KP8-BOX-03", 1L << 53, null),
            "sequence must be 1 to 9007199254740991, got 9007199254740992"},
        {"sequence 2^64 - 1", new byte[] {(byte) 0xa2, 0x01, 0x61, 'T', 0x02, 0x1b, -1, -1, -1,
            -1, -1, -1, -1, -1}, "unsigned integer out of range"},
        {"previous digest on sequence 1", counter(3, "KP8-BOX-03", 1, d32),
            "sequence 1 has no previous submission"},
        {"no previous digest on sequence 5", counter(2, "KP8-BOX-03", 5, null),
            "sequence 5 needs the previous submission's digest"},
        {"previous digest of 31 bytes", counter(3, "KP8-BOX-03", 5, new byte[31]),
            "the previous digest must be 32 bytes, got 31"},
        {"unknown key 4", new CborWriter().writeMapHeader(3).writeUint(1).writeText("T")
            .writeUint(2).writeUint(1).writeUint(4).writeUint(0).toByteArray(),
            "unknown key 4"},
        {"keys out of order", new CborWriter().writeMapHeader(2).writeUint(2).writeUint(1)
            .writeUint(1).writeText("T").toByteArray(), "missing key 1"},
        {"a key twice", new CborWriter().writeMapHeader(3).writeUint(1).writeText("T")
            .writeUint(1).writeText("U").writeUint(2).writeUint(1).toByteArray(),
            "map key 1 is out of canonical order or repeated"},
        {"not a map", new CborWriter().writeArrayHeader(2).writeText("T").writeUint(1)
            .toByteArray(), "expected a map"},
        {"terminal id of 33 characters", counter(2, "T".repeat(33), 1, null),
            "terminal id must be 1 to 32 characters"},
        {"terminal id with a line break", counter(2, "KP8\nBOX", 1, null),
            "terminal id must be printable ASCII without spaces"}};
    for (Object[] c : counters) {
      byte[] map = (byte[]) c[1];
      all.add(Arguments.of("sale v2, counter " + c[0], (Call) () -> Submissions.openSale(
          CoseSign1.sign(saleWithCounter(map), vendor, Submissions.SALE_V2_TYPE), policy),
          RejectedException.class, "MALFORMED: sale: " + c[2]));
      all.add(Arguments.of("refund v2, counter " + c[0], (Call) () -> Submissions.openRefund(
          CoseSign1.sign(refundWithCounter(map), vendor, Submissions.REFUND_V2_TYPE), policy),
          RejectedException.class, "MALFORMED: refund: " + c[2]));
    }
    byte[] v2 = SaleCbor.encode(Samples.sale(), Samples.firstCount());
    byte[] v1 = SaleCbor.encode(Samples.sale());
    byte[] v2WithoutCounter = v1.clone();
    v2WithoutCounter[2] = 2;
    byte[] v1WithCounter = v2.clone();
    v1WithCounter[2] = 1;
    Object[][] sales = {
        {"sale v2 payload under the v1 content type", v2, Submissions.SALE_TYPE,
            "UNSUPPORTED_VERSION: document version 2 under content type "
                + "'application/ekino-sale+cbor;v=1', which is version 1"},
        {"sale v1 payload under the v2 content type", v1, Submissions.SALE_V2_TYPE,
            "UNSUPPORTED_VERSION: document version 1 under content type "
                + "'application/ekino-sale+cbor;v=2', which is version 2"},
        {"sale v2 without its counter", v2WithoutCounter, Submissions.SALE_V2_TYPE,
            "MALFORMED: sale: missing key 9"},
        {"sale v1 with a counter", v1WithCounter, Submissions.SALE_TYPE,
            "MALFORMED: sale: unknown key 9"}};
    for (Object[] c : sales) {
      byte[] signed = CoseSign1.sign((byte[]) c[1], vendor, (String) c[2]);
      all.add(Arguments.of((String) c[0], (Call) () -> Submissions.openSale(signed, policy),
          RejectedException.class, c[3]));
    }
    byte[] forged = CoseSign1.sign(v2, vendor, "application/ekino-sale+cbor;v=2\nOK");
    all.add(Arguments.of("sale, a content type with a line break", (Call) () -> Submissions
        .openSale(forged, policy), RejectedException.class,
        "MALFORMED: content type is 'application/ekino-sale+cbor;v=2\\u000aOK', expected"));
    byte[] longType = CoseSign1.sign(v2, vendor, "x".repeat(5000));
    all.add(Arguments.of("sale, a content type of 5000 characters", (Call) () -> Submissions
        .openSale(longType, policy), RejectedException.class,
        "MALFORMED: content type is '" + "x".repeat(48) + "…', expected"));
    all.add(Arguments.of("stored sale, v2 payload under the v1 content type",
        (Call) () -> Submissions.readSale(CoseSign1.sign(v2, vendor, Submissions.SALE_TYPE)),
        RejectedException.class, "MALFORMED: sale: content type application/ekino-sale+cbor;v=1"
            + " does not match the payload's version"));

    long tooLate = Long.MAX_VALUE;
    Object[][] schedules = {
        {"unknown kind 3", schedule(3).with(4, w -> w.writeUint(Samples.CINEMA.toNumber()))
            .encode(), "MALFORMED: schedule: unknown schedule kind 3"},
        {"day 2026-2-1", dayOff("2026-2-1"),
            "MALFORMED: schedule: day must be YYYY-MM-DD, got '2026-2-1'"},
        {"day 2026-02-30", dayOff("2026-02-30"),
            "MALFORMED: schedule: Text '2026-02-30' could not be parsed: Invalid date"},
        {"day 1999-12-31", dayOff("1999-12-31"),
            "MALFORMED: schedule: day must be in the years 2000 to 9999, got 1999-12-31"},
        {"day with a line break", dayOff("2026-11-30\n"), "MALFORMED: schedule: day must be "
            + "YYYY-MM-DD, got '2026-11-30"},
        {"cancellation without a reason", Payloads.cancellation().without(6).encode(),
            "MALFORMED: schedule: missing key 6"},
        {"cancellation reason with a control character", Payloads.cancellation()
            .with(6, w -> w.writeText("a\u0007b")).encode(),
            "MALFORMED: schedule: cancellation reason must not contain control characters"},
        {"signed at epoch second 2^63 - 1", schedule(2, Instant.EPOCH)
            .with(3, w -> w.writeUint(tooLate)).with(4, w -> w.writeUint(
                Samples.CINEMA.toNumber())).with(5, w -> w.writeText("2026-11-30")).encode(),
            "MALFORMED: schedule: signed-at 9223372036854775807 is not a representable time"},
        {"version 2", schedule(2).with(0, w -> w.writeUint(2)).encode(),
            "UNSUPPORTED_VERSION: document version 2"}};
    for (Object[] c : schedules) {
      byte[] signed = CoseSign1.sign((byte[]) c[1], vendor, Submissions.SCHEDULE_TYPE);
      all.add(Arguments.of("schedule, " + c[0],
          (Call) () -> Submissions.openSchedule(signed, policy), RejectedException.class, c[2]));
    }
    Schedule.NoScreenings elsewhere = new Schedule.NoScreenings(Samples.VENDOR,
        Samples.OTHER_CINEMA, Samples.dayWithoutScreenings().day(),
        Samples.dayWithoutScreenings().signedAt());
    all.add(Arguments.of("schedule, a cinema the key may not sell for",
        (Call) () -> Submissions.openSchedule(Submissions.signSchedule(elsewhere, vendor),
            policy), RejectedException.class,
        "KEY_NOT_VALID: vendor key " + vendor.keyId() + " may not sell for cinema "
            + Samples.OTHER_CINEMA));

    Object[][] corrections = {
        {"price above the maximum", Payloads.correction().with(5, w -> w.writeUint(
            Sale.MAX_PRICE_TIYN + 1)).encode(), "MALFORMED: correction: price must be 0 to "
            + Sale.MAX_PRICE_TIYN + " tiyn, got " + (Sale.MAX_PRICE_TIYN + 1)},
        {"price of 2^64 - 1", Payloads.correction().with(5, w -> w.writeRaw(new byte[] {0x1b,
            -1, -1, -1, -1, -1, -1, -1, -1})).encode(),
            "MALFORMED: correction: unsigned integer out of range"},
        {"sale serial 0", Payloads.correction().with(1, w -> w.writeUint(0)).encode(),
            "MALFORMED: correction: sale serial must be positive, got 0"},
        {"unknown key 7", Payloads.correction().with(7, w -> w.writeUint(0)).encode(),
            "MALFORMED: correction: unknown key 7"},
        {"corrected at epoch second 2^63 - 1", Payloads.correction()
            .with(4, w -> w.writeUint(tooLate)).encode(), "MALFORMED: correction: corrected-at "
            + "9223372036854775807 is not a representable time"}};
    for (Object[] c : corrections) {
      byte[] signed = CoseSign1.sign((byte[]) c[1], vendor, Submissions.CORRECTION_TYPE);
      all.add(Arguments.of("correction, " + c[0],
          (Call) () -> Submissions.openCorrection(signed, policy), RejectedException.class,
          c[2]));
    }
  }

  /** A rejection as the exception it would be, so that the catalogue checks its detail. */
  private static Object rejection(VerificationResult result) throws RejectedException {
    if (result instanceof VerificationResult.Rejected r) {
      throw new RejectedException(r.reason(), r.detail());
    }
    return result;
  }

  // --- instants beyond what java.time holds -----------------------------------------------------

  private static void times(List<Arguments> all) {
    VerificationPolicy policy = policy();
    SigningKey registry = TestKeys.signing(TestKeys.REGISTRY_ED25519);
    for (long t : new long[] {Instant.MAX.getEpochSecond(), Instant.MAX.getEpochSecond() + 1,
        Long.MAX_VALUE}) {
      byte[] payload = new CborWriter(64).writeMapHeader(4).writeUint(0).writeUint(1)
          .writeUint(1).writeUint(t).writeUint(2).writeArrayHeader(0).writeUint(3).writeUint(1)
          .toByteArray();
      byte[] doc = CoseSign1.sign(payload, registry, RevocationList.CONTENT_TYPE);
      all.add(Arguments.of("revocation list issued at epoch second " + t,
          (Call) () -> RevocationList.open(doc, policy), RejectedException.class,
          t == Instant.MAX.getEpochSecond() ? "ISSUED_IN_FUTURE" : "MALFORMED: issue time "));
    }
    byte[] entry = new CborWriter(64).writeMapHeader(5).writeUint(0).writeUint(1)
        .writeUint(1).writeUint(1).writeUint(2).writeUint(Long.MAX_VALUE).writeUint(3)
        .writeUint(0).writeUint(4).writeBytes(new byte[1]).toByteArray();
    all.add(Arguments.of("log entry registered at epoch second 2^63 - 1",
        (Call) () -> LogEntry.decode(entry), IllegalArgumentException.class,
        "not a log entry: registeredAt 9223372036854775807 is not a representable time"));
    TicketClaims claims = TicketClaims.registered(Samples.sale(), Samples.SERIAL,
        Samples.REGISTERED_AT);
    byte[] token = TicketToken.issue(claims, registry).bytes();
    all.add(Arguments.of("ticket token, untouched (control)",
        (Call) () -> rejection(TicketVerifier.verifyToken(token, policy)) == null
            ? null : failWith("accepted"), IllegalStateException.class, "accepted"));
  }

  private static Object failWith(String message) {
    throw new IllegalStateException(message);
  }

  // --- fixtures ----------------------------------------------------------------------------------

  static TrustList trustList() {
    Instant from = Instant.parse("2026-01-01T00:00:00Z");
    return TrustList.of(1, from, Instant.parse("2027-01-01T00:00:00Z"), List.of(
        TrustedKey.registry(TestKeys.verification(TestKeys.REGISTRY_ED25519), from,
            Optional.empty())));
  }

  /** The sample vendor's test key, trusted to sell for the sample cinema. */
  static VerificationPolicy vendorPolicy() {
    Instant from = Instant.parse("2026-01-01T00:00:00Z");
    return VerificationPolicy.builder(TrustList.of(1, from, Instant.parse("2027-01-01T00:00:00Z"),
            List.of(TrustedKey.vendor(TestKeys.verification(TestKeys.VENDOR_ED25519),
                Samples.VENDOR, java.util.Set.of(Samples.CINEMA), from, Optional.empty()))),
            Clock.fixed(NOW, ZoneOffset.UTC))
        .officialBase(UrlBase.of(UrlBase.DEFAULT)).build();
  }

  static VerificationPolicy policy() {
    return VerificationPolicy.builder(trustList(), Clock.fixed(NOW, ZoneOffset.UTC))
        .officialBase(UrlBase.of(UrlBase.DEFAULT)).build();
  }

  static String nested(int depth) {
    return "{\"a\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
        .encodeToString(der) + "\n-----END " + label + "-----\n";
  }
}
