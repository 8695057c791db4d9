package kz.ekino.core.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import kz.ekino.core.internal.Pem;
import kz.ekino.core.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeysTest {
  private static final byte[] MESSAGE = "ekino".getBytes(StandardCharsets.US_ASCII);

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void generatedKeysSignAndVerifyAndSurvivePem(Algorithm alg) throws Exception {
    SigningKey key = SigningKey.generate(alg, new SecureRandom());
    SigningKey reloaded = SigningKey.fromPkcs8Pem(key.exportPkcs8Pem());
    VerificationKey pub = VerificationKey.fromPem(key.verificationKey().toPem());

    assertThat(key.algorithm()).isEqualTo(alg);
    assertThat(reloaded.verificationKey()).isEqualTo(key.verificationKey());
    assertThat(pub.keyId()).isEqualTo(key.keyId());
    byte[] sig = reloaded.sign(MESSAGE);
    assertThat(sig).hasSize(64);
    assertThat(pub.verify(MESSAGE, sig)).isTrue();
    assertThat(pub.verify("ekinO".getBytes(StandardCharsets.US_ASCII), sig)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void keyIdIsTheFirstEightBytesOfSha256OverTheJdkEncodedSpki(Algorithm alg) throws Exception {
    SigningKey key = SigningKey.generate(alg);
    PublicKey jdk = KeyFactory.getInstance(alg == Algorithm.ED25519 ? "Ed25519" : "EC")
        .generatePublic(new X509EncodedKeySpec(key.verificationKey().toSpki()));
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(jdk.getEncoded());

    assertThat(jdk.getEncoded()).isEqualTo(key.verificationKey().toSpki());
    assertThat(key.keyId().toBytes()).isEqualTo(Arrays.copyOf(digest, 8));
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void jdkVerifiesEkinoSignaturesAndEkinoVerifiesJdkSignatures(Algorithm alg) throws Exception {
    String jdkAlg = alg == Algorithm.ED25519 ? "Ed25519" : "SHA256withECDSAinP1363Format";
    KeyPairGenerator generator =
        KeyPairGenerator.getInstance(alg == Algorithm.ED25519 ? "Ed25519" : "EC");
    if (alg == Algorithm.ES256) {
      generator.initialize(new ECGenParameterSpec("secp256r1"));
    }
    KeyPair jdkPair = generator.generateKeyPair();
    SigningKey ours = SigningKey.fromPkcs8Pem(
        Pem.encode("PRIVATE KEY", jdkPair.getPrivate().getEncoded()));
    VerificationKey ourPub = VerificationKey.fromPem(
        Pem.encode("PUBLIC KEY", jdkPair.getPublic().getEncoded()));

    Signature verifier = Signature.getInstance(jdkAlg);
    verifier.initVerify(jdkPair.getPublic());
    verifier.update(MESSAGE);
    assertThat(verifier.verify(ours.sign(MESSAGE))).isTrue();

    Signature signer = Signature.getInstance(jdkAlg);
    PrivateKey jdkPrivate = KeyFactory.getInstance(alg == Algorithm.ED25519 ? "Ed25519" : "EC")
        .generatePrivate(new PKCS8EncodedKeySpec(jdkPair.getPrivate().getEncoded()));
    signer.initSign(jdkPrivate);
    signer.update(MESSAGE);
    assertThat(ourPub.verify(MESSAGE, signer.sign())).isTrue();
    assertThat(ourPub.keyId()).isEqualTo(ours.keyId());
  }

  @Test
  void toStringNeverShowsTheSecret() {
    SigningKey key = TestKeys.signing(TestKeys.REGISTRY_ED25519);
    String pem = key.exportPkcs8Pem();
    String body = pem.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);

    assertThat(key.toString()).isEqualTo("SigningKey[ED25519, kid=" + key.keyId().toHex() + "]");
    assertThat(key.toString()).doesNotContain(body.substring(20, 40));
  }

  @Test
  void refusesOtherCurves() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPair p384 = generator.generateKeyPair();

    assertThatThrownBy(() -> VerificationKey.fromPem(
        Pem.encode("PUBLIC KEY", p384.getPublic().getEncoded())))
        .isInstanceOf(KeyFormatException.class).hasMessageContaining("P-256");
    assertThatThrownBy(() -> SigningKey.fromPkcs8Pem(
        Pem.encode("PRIVATE KEY", p384.getPrivate().getEncoded())))
        .isInstanceOf(KeyFormatException.class).hasMessageContaining("P-256");
  }

  @Test
  void refusesRsaKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(1024);
    KeyPair rsa = generator.generateKeyPair();

    assertThatThrownBy(() -> VerificationKey.fromPem(
        Pem.encode("PUBLIC KEY", rsa.getPublic().getEncoded())))
        .isInstanceOf(KeyFormatException.class).hasMessageContaining("unsupported");
  }

  @Test
  void namesTheWrongPemLabel() {
    String publicPem = TestKeys.pem(TestKeys.REGISTRY_ED25519, "pub");
    String privatePem = TestKeys.pem(TestKeys.REGISTRY_ED25519, "key");

    assertThatThrownBy(() -> SigningKey.fromPkcs8Pem(publicPem))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageContaining("expected a 'PRIVATE KEY' PEM block, found 'PUBLIC KEY'");
    assertThatThrownBy(() -> VerificationKey.fromPem(privatePem))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageContaining("found 'PRIVATE KEY'");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "hello", "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----",
      "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA!!\n-----END PUBLIC KEY-----",
      "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
      "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----",
  })
  void garbageIsAKeyFormatException(String text) {
    assertThatThrownBy(() -> VerificationKey.fromPem(text))
        .isInstanceOf(KeyFormatException.class);
    assertThatThrownBy(() -> SigningKey.fromPkcs8Pem(text.replace("PUBLIC", "PRIVATE")))
        .isInstanceOf(KeyFormatException.class);
  }

  @Test
  void refusesAnEd25519PointOfSmallOrder() {
    // The identity point (y = 1) has order 1: any "signature" would be forgeable against it.
    byte[] identity = new byte[32];
    identity[0] = 1;
    byte[] spki = new byte[44];
    System.arraycopy(Base64.getDecoder().decode("MCowBQYDK2VwAyEA"), 0, spki, 0, 12);
    System.arraycopy(identity, 0, spki, 12, 32);

    assertThatThrownBy(() -> VerificationKey.fromSpki(spki))
        .isInstanceOf(KeyFormatException.class);
  }

  @Test
  void wrongLengthSignaturesAreFalseNotExceptions() {
    VerificationKey ed = TestKeys.verification(TestKeys.REGISTRY_ED25519);
    VerificationKey ec = TestKeys.verification(TestKeys.REGISTRY_ES256);

    assertThat(ed.verify(MESSAGE, new byte[63])).isFalse();
    assertThat(ec.verify(MESSAGE, new byte[65])).isFalse();
    assertThat(ec.verify(MESSAGE, new byte[64])).isFalse();
  }
}
