package kz.ekino.core.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import kz.ekino.core.internal.Pem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Published vectors: RFC 8032 §7.1 for Ed25519 and RFC 6979 §A.2.5 for deterministic P-256. */
class KnownAnswerTest {
  /** PKCS#8 PrivateKeyInfo prefix for an Ed25519 seed (RFC 8410 §7). */
  private static final String ED25519_PKCS8_PREFIX = "302e020100300506032b657004220420";
  /** SubjectPublicKeyInfo prefix for an Ed25519 public key (RFC 8410 §4). */
  private static final String ED25519_SPKI_PREFIX = "302a300506032b6570032100";

  @ParameterizedTest(name = "RFC 8032 §7.1 {0}")
  @CsvSource({
      "TEST 1, 9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60,"
          + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a, '',"
          + "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e"
          + "39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
      "TEST 2, 4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb,"
          + "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c, 72,"
          + "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f"
          + "3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
      "TEST 3, c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7,"
          + "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025, af82,"
          + "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f7"
          + "60984dc6594a7c15e9716ed28dc027beceea1ec40a",
      "TEST SHA(abc), 833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42,"
          + "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf,"
          + "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c"
          + "23a3feebbd454d4423643ce80e2a9ac94fa54ca49f,"
          + "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7"
          + "c66431e0303dca179c138ac17ad9bef1177331a704",
  })
  void ed25519Rfc8032(String name, String secret, String publicKey, String message,
      String signature) throws Exception {
    SigningKey key = SigningKey.fromPkcs8Pem(
        Pem.encode("PRIVATE KEY", HexFormat.of().parseHex(ED25519_PKCS8_PREFIX + secret)));
    byte[] m = HexFormat.of().parseHex(message);

    assertThat(HexFormat.of().formatHex(key.verificationKey().toSpki()))
        .isEqualTo(ED25519_SPKI_PREFIX + publicKey);
    assertThat(HexFormat.of().formatHex(key.sign(m))).isEqualTo(signature);

    VerificationKey pub = VerificationKey.fromPem(
        Pem.encode("PUBLIC KEY", HexFormat.of().parseHex(ED25519_SPKI_PREFIX + publicKey)));
    assertThat(pub.verify(m, HexFormat.of().parseHex(signature))).isTrue();
    byte[] tampered = HexFormat.of().parseHex(signature);
    tampered[0] ^= 1;
    assertThat(pub.verify(m, tampered)).isFalse();
  }

  @Test
  void p256DeterministicSignatureRfc6979() throws Exception {
    BigInteger x = new BigInteger(
        "C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721", 16);
    AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
    params.init(new ECGenParameterSpec("secp256r1"));
    byte[] pkcs8 = KeyFactory.getInstance("EC")
        .generatePrivate(new ECPrivateKeySpec(x, params.getParameterSpec(ECParameterSpec.class)))
        .getEncoded();
    SigningKey key = SigningKey.fromPkcs8Pem(Pem.encode("PRIVATE KEY", pkcs8));

    byte[] sig = key.sign("sample".getBytes(StandardCharsets.US_ASCII));

    assertThat(HexFormat.of().formatHex(Arrays.copyOfRange(sig, 0, 32)))
        .isEqualTo("efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716");
    assertThat(HexFormat.of().formatHex(Arrays.copyOfRange(sig, 32, 64)))
        .isEqualTo("f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8");
    assertThat(key.verificationKey().verify("sample".getBytes(StandardCharsets.US_ASCII), sig))
        .isTrue();
  }
}
