package kz.ekino.core.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Keys and signatures crossed with the real {@code openssl} command (OpenSSL 3.0 or later), the
 * tool vendors use for key handling and HSM import. Skipped where openssl is not installed; on
 * CI (the CI variable set) a missing openssl is a failure.
 */
class OpenSslInteropTest {
  private static final byte[] MESSAGE = "ekino ticket".getBytes(StandardCharsets.US_ASCII);

  @TempDir
  Path dir;

  @BeforeAll
  static void requireOpenssl() {
    boolean available;
    try {
      Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      available = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException notThere) {
      available = false;
    }
    if (System.getenv("CI") != null) {
      assertThat(available).as("openssl must be installed on CI").isTrue();
    }
    Assumptions.assumeTrue(available,
        "openssl is not installed (apt-get install openssl); CI runs these tests");
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void opensslReadsTheKeysEkinoWritesAsTheSameKey(Algorithm alg) throws Exception {
    SigningKey key = SigningKey.generate(alg);
    Path pem = write("ekino.key.pem", key.exportPkcs8Pem());

    openssl("pkey", "-in", pem.toString(), "-noout");
    assertThat(text(openssl("pkey", "-in", pem.toString(), "-pubout")))
        .isEqualTo(key.verificationKey().toPem());
  }

  @Test
  void opensslSignsWithAnEkinoEd25519KeyExactlyAsEkinoDoes() throws Exception {
    SigningKey key = SigningKey.generate(Algorithm.ED25519);
    Path pem = write("ekino.key.pem", key.exportPkcs8Pem());
    Path message = Files.write(dir.resolve("message"), MESSAGE);

    byte[] signature = openssl("pkeyutl", "-sign", "-inkey", pem.toString(), "-rawin",
        "-in", message.toString());
    assertThat(signature).isEqualTo(key.sign(MESSAGE));
  }

  @Test
  void es256SignaturesCrossBetweenEkinoAndOpenssl() throws Exception {
    SigningKey key = SigningKey.generate(Algorithm.ES256);
    Path pem = write("ekino.key.pem", key.exportPkcs8Pem());
    Path pub = write("ekino.pub.pem", key.verificationKey().toPem());
    Path message = Files.write(dir.resolve("message"), MESSAGE);

    byte[] der = openssl("dgst", "-sha256", "-sign", pem.toString(), message.toString());
    assertThat(key.verificationKey().verify(MESSAGE, rawOf(der))).isTrue();

    Path ours = Files.write(dir.resolve("sig.der"), derOf(key.sign(MESSAGE)));
    assertThat(text(openssl("dgst", "-sha256", "-verify", pub.toString(), "-signature",
        ours.toString(), message.toString()))).contains("Verified OK");
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void ekinoReadsKeysFreshFromOpensslGenpkey(Algorithm alg) throws Exception {
    Path pem = dir.resolve("openssl.key.pem");
    if (alg == Algorithm.ED25519) {
      openssl("genpkey", "-algorithm", "ed25519", "-out", pem.toString());
    } else {
      openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
          "-out", pem.toString());
    }
    SigningKey key = SigningKey.fromPkcs8Pem(Files.readString(pem, StandardCharsets.US_ASCII));
    byte[] spki = openssl("pkey", "-in", pem.toString(), "-pubout", "-outform", "DER");

    assertThat(key.algorithm()).isEqualTo(alg);
    assertThat(key.verificationKey().toSpki()).isEqualTo(spki);
    assertThat(key.keyId().toBytes())
        .isEqualTo(Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(spki), 8));
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
  }

  private static String text(byte[] out) {
    return new String(out, StandardCharsets.US_ASCII);
  }

  /** Runs openssl and returns its stdout; a non-zero exit fails the test with its stderr. */
  private byte[] openssl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Path err = dir.resolve("openssl.err");
    Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("openssl finished").isTrue();
    assertThat(p.exitValue()).as("%s: %s", command, Files.readString(err)).isZero();
    return out;
  }

  /** DER ECDSA-Sig-Value (RFC 3279) to the raw r‖s form ekino uses. */
  private static byte[] rawOf(byte[] der) {
    ASN1Sequence seq = ASN1Sequence.getInstance(der);
    byte[] raw = new byte[64];
    for (int i = 0; i < 2; i++) {
      byte[] v = ASN1Integer.getInstance(seq.getObjectAt(i)).getPositiveValue().toByteArray();
      int len = Math.min(v.length, 32);
      System.arraycopy(v, v.length - len, raw, 32 * i + 32 - len, len);
    }
    return raw;
  }

  private static byte[] derOf(byte[] raw) throws IOException {
    return new DERSequence(new ASN1Integer[] {
        new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 0, 32))),
        new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 32, 64)))}).getEncoded();
  }
}
