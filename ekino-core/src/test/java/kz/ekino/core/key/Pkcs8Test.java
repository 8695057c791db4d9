package kz.ekino.core.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import kz.ekino.core.internal.Pem;
import kz.ekino.core.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The PKCS#8 files ekino reads and writes. The {@code TEST-ONLY-openssl-*} fixtures were made by
 * OpenSSL 3.0 ({@code openssl genpkey}); their key ids and the signature below are what OpenSSL
 * reported for them (see test-keys/README.md), so these tests need no OpenSSL to run.
 */
class Pkcs8Test {
  private static final byte[] MESSAGE = "ekino".getBytes(StandardCharsets.US_ASCII);
  /** RFC 8410 §7: SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING (32) } }. */
  private static final String ED25519_V1_PREFIX = "302e020100300506032b657004220420";
  private static final HexFormat HEX = HexFormat.of();

  @ParameterizedTest
  @CsvSource({"openssl-ed25519, ED25519, fd835ef6cdb487b2",
      "openssl-es256, ES256, e4759eebfb125a69"})
  void opensslMadeKeysReadWithThePublicKeyAndKeyIdOpensslReports(String name, Algorithm alg,
      String opensslKeyId) throws Exception {
    SigningKey key = SigningKey.fromPkcs8Pem(TestKeys.pem(name, "key"));
    String opensslPub = TestKeys.pem(name, "pub");

    assertThat(key.algorithm()).isEqualTo(alg);
    assertThat(key.verificationKey().toPem()).isEqualTo(opensslPub);
    assertThat(key.keyId().toHex()).isEqualTo(opensslKeyId);
    byte[] sha256 = MessageDigest.getInstance("SHA-256")
        .digest(Pem.decode("PUBLIC KEY", opensslPub));
    assertThat(key.keyId().toBytes()).isEqualTo(Arrays.copyOf(sha256, 8));
    assertThat(key.verificationKey().verify(MESSAGE, key.sign(MESSAGE))).isTrue();
  }

  @Test
  void signsExactlyAsOpensslDoesWithItsEd25519Key() throws Exception {
    SigningKey key = SigningKey.fromPkcs8Pem(TestKeys.pem("openssl-ed25519", "key"));
    // printf ekino | openssl pkeyutl -sign -inkey TEST-ONLY-openssl-ed25519.key.pem -rawin
    assertThat(HEX.formatHex(key.sign(MESSAGE))).isEqualTo("8686034c7866f29882ddb49792292f6f"
        + "65627abef3270767f9620a3b57537ee4f750fa32f6c31a122086546a756157dfaa71e9f3cd8cf4e2b6"
        + "0b9ae371b4510a");
  }

  @Test
  void ed25519IsWrittenInTheVersion1FormOpensslWrites() throws Exception {
    String opensslPem = TestKeys.pem("openssl-ed25519", "key");
    assertThat(SigningKey.fromPkcs8Pem(opensslPem).exportPkcs8Pem())
        .as("byte for byte what openssl genpkey wrote").isEqualTo(opensslPem);

    byte[] der = Pem.decode("PRIVATE KEY", SigningKey.generate(Algorithm.ED25519).exportPkcs8Pem());
    assertThat(der).hasSize(48);
    assertThat(HEX.formatHex(der, 0, 16)).isEqualTo(ED25519_V1_PREFIX);
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void everyExportIsVersion1WithoutAnEmbeddedV2PublicKeyAndTheJdkReadsIt(Algorithm alg)
      throws Exception {
    SigningKey key = SigningKey.generate(alg);
    byte[] der = Pem.decode("PRIVATE KEY", key.exportPkcs8Pem());
    org.bouncycastle.asn1.pkcs.PrivateKeyInfo info =
        org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(der);

    assertThat(info.getVersion().intValueExact()).isZero();
    assertThat(info.getPublicKeyData()).isNull();
    PrivateKey jdk = KeyFactory.getInstance(alg == Algorithm.ED25519 ? "Ed25519" : "EC")
        .generatePrivate(new PKCS8EncodedKeySpec(der));
    assertThat(jdk.getEncoded()).isNotEmpty();
    assertThat(SigningKey.fromPkcs8Pem(key.exportPkcs8Pem()).keyId()).isEqualTo(key.keyId());
  }

  /** Earlier ekino versions wrote Ed25519 keys as RFC 5958 v2 with the public key; they still load. */
  @Test
  void version2KeysWrittenByEarlierEkinoStillRead() throws Exception {
    String old = TestKeys.pem(TestKeys.REGISTRY_ED25519, "key");
    org.bouncycastle.asn1.pkcs.PrivateKeyInfo info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo
        .getInstance(Pem.decode("PRIVATE KEY", old));
    assertThat(info.getVersion().intValueExact()).as("the fixture is still v2").isEqualTo(1);
    assertThat(info.getPublicKeyData()).isNotNull();

    SigningKey key = SigningKey.fromPkcs8Pem(old);
    assertThat(key.verificationKey()).isEqualTo(TestKeys.verification(TestKeys.REGISTRY_ED25519));
    assertThat(Pem.decode("PRIVATE KEY", key.exportPkcs8Pem())).hasSize(48);
  }

  @Test
  void aV2Ed25519KeyWhoseEmbeddedPublicKeyIsAnotherKeysIsRefused() throws Exception {
    byte[] der = Pem.decode("PRIVATE KEY", TestKeys.pem(TestKeys.REGISTRY_ED25519, "key"));
    byte[] other = TestKeys.verification(TestKeys.OTHER_ED25519).toSpki();
    // The v2 file ends with the 32-byte public key, as does the SPKI.
    System.arraycopy(other, other.length - 32, der, der.length - 32, 32);

    assertThatThrownBy(() -> SigningKey.fromPkcs8Pem(Pem.encode("PRIVATE KEY", der)))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageContaining("PKCS#8 publicKey field does not match the private key");
  }

  @Test
  void anEcKeyWhoseEmbeddedPublicKeyIsAnotherKeysIsRefused() throws Exception {
    byte[] der = Pem.decode("PRIVATE KEY", TestKeys.pem(TestKeys.REGISTRY_ES256, "key"));
    byte[] other = TestKeys.verification(TestKeys.VENDOR_ES256).toSpki();
    // Both end with the 65-byte uncompressed point.
    System.arraycopy(other, other.length - 65, der, der.length - 65, 65);

    assertThatThrownBy(() -> SigningKey.fromPkcs8Pem(Pem.encode("PRIVATE KEY", der)))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageContaining("EC private key's publicKey field does not match the private key");
  }

  @Test
  void sec1AndEncryptedKeysAreRefusedWithTheWayToConvertThem() {
    assertThatThrownBy(() -> SigningKey.fromPkcs8Pem(TestKeys.pem("openssl-es256", "sec1")))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageContaining("found 'EC PRIVATE KEY'")
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt -in KEY.pem -out KEY.pkcs8.pem");
    String encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAA=\n"
        + "-----END ENCRYPTED PRIVATE KEY-----\n";
    assertThatThrownBy(() -> SigningKey.fromPkcs8Pem(encrypted))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageContaining("the key is encrypted");
  }

  @ParameterizedTest
  @CsvSource({"RSA, RSA", "X25519, X25519", "Ed448, Ed448"})
  void privateKeysOfOtherAlgorithmsAreNamedAndRefused(String jdkAlgorithm, String named)
      throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(jdkAlgorithm);
    if (jdkAlgorithm.equals("RSA")) {
      generator.initialize(1024);
    }
    String pem = Pem.encode("PRIVATE KEY", generator.generateKeyPair().getPrivate().getEncoded());

    assertThatThrownBy(() -> SigningKey.fromPkcs8Pem(pem))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageContaining("unsupported private key algorithm " + named)
        .hasMessageContaining("expected Ed25519 or EC P-256");
  }

  @Test
  void aP384KeyIsRefused() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp384r1"));
    String pem = Pem.encode("PRIVATE KEY", generator.generateKeyPair().getPrivate().getEncoded());

    assertThatThrownBy(() -> SigningKey.fromPkcs8Pem(pem))
        .isInstanceOf(KeyFormatException.class).hasMessageContaining("only P-256");
  }

  @Test
  void trailingBytesAfterTheKeyAreRefused() throws Exception {
    byte[] der = Pem.decode("PRIVATE KEY", TestKeys.pem("openssl-ed25519", "key"));
    byte[] longer = Arrays.copyOf(der, der.length + 2);

    assertThatThrownBy(() -> SigningKey.fromPkcs8Pem(Pem.encode("PRIVATE KEY", longer)))
        .isInstanceOf(KeyFormatException.class).hasMessageContaining("not a PKCS#8 private key");
  }

  @Test
  void aHugePemIsRefusedBeforeDecoding() {
    String huge = "-----BEGIN PRIVATE KEY-----\n" + "A".repeat(1 << 20)
        + "\n-----END PRIVATE KEY-----\n";
    assertThatThrownBy(() -> SigningKey.fromPkcs8Pem(huge))
        .isInstanceOf(KeyFormatException.class).hasMessageContaining("longer than");
  }

  /** Any change to the DER of a v1, v2 or EC key is a KeyFormatException or still that key. */
  @Test
  void derMutationsOnlyThrowKeyFormatException() throws Exception {
    Random random = new Random(8410);
    String[] pems = {TestKeys.pem("openssl-ed25519", "key"), TestKeys.pem("openssl-es256", "key"),
        TestKeys.pem(TestKeys.REGISTRY_ED25519, "key"), TestKeys.pem(TestKeys.REGISTRY_ES256, "key")};
    int refused = 0;
    for (String pem : pems) {
      SigningKey original = SigningKey.fromPkcs8Pem(pem);
      byte[] der = Pem.decode("PRIVATE KEY", pem);
      for (int i = 0; i < 800; i++) {
        byte[] m = der.clone();
        for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
          m[random.nextInt(m.length)] ^= (byte) (1 << random.nextInt(8));
        }
        if (random.nextInt(8) == 0) {
          m = Arrays.copyOf(m, random.nextInt(m.length));
        }
        if (m.length == 0) {
          continue;
        }
        try {
          SigningKey read = SigningKey.fromPkcs8Pem(Pem.encode("PRIVATE KEY", m));
          // A flip in the secret makes another valid key; it must then be consistent.
          assertThat(read.verificationKey().verify(MESSAGE, read.sign(MESSAGE))).isTrue();
          if (Arrays.equals(m, der)) {
            assertThat(read.keyId()).isEqualTo(original.keyId());
          }
        } catch (KeyFormatException expected) {
          assertThat(expected.getMessage()).isNotBlank();
          refused++;
        }
      }
    }
    assertThat(refused).as("most mutations are refused").isGreaterThan(4 * 800 / 2);
  }
}
