package kz.ekino.core.key;

import java.io.IOException;
import java.security.SecureRandom;
import kz.ekino.core.internal.Pem;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.jspecify.annotations.Nullable;

/**
 * A private key held in memory. It fixes its algorithm and key id, is safe for concurrent use,
 * and never prints its secret: {@link #toString()} shows only the algorithm and key id, and the
 * only way out is the explicitly named {@link #exportPkcs8Pem()}.
 */
public final class SigningKey implements Signer {
  /** RFC 8410 §3 (BouncyCastle keeps its constant in a package that its module does not export). */
  static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");

  private final VerificationKey verificationKey;
  private final AsymmetricKeyParameter secret;
  private final RawSigner raw;

  @FunctionalInterface
  private interface RawSigner {
    byte[] sign(byte[] message);
  }

  private SigningKey(VerificationKey verificationKey, AsymmetricKeyParameter secret,
      RawSigner raw) {
    this.verificationKey = verificationKey;
    this.secret = secret;
    this.raw = raw;
  }

  public static SigningKey generate(Algorithm algorithm, SecureRandom random) {
    switch (algorithm) {
      case ED25519:
        return ed25519(new Ed25519PrivateKeyParameters(random));
      case ES256:
        AsymmetricCipherKeyPair pair = P256.generate(random);
        return p256((ECPrivateKeyParameters) pair.getPrivate(),
            (ECPublicKeyParameters) pair.getPublic());
      default:
        throw new AssertionError(algorithm);
    }
  }

  public static SigningKey generate(Algorithm algorithm) {
    return generate(algorithm, new SecureRandom());
  }

  /**
   * Parses a PEM "PRIVATE KEY" block (PKCS#8: RFC 5208 PrivateKeyInfo or RFC 5958
   * OneAsymmetricKey) of an Ed25519 (RFC 8410) or P-256 (RFC 5915) key, as written by
   * {@link #exportPkcs8Pem()}, by {@code openssl genpkey} or by earlier ekino versions. A public
   * key embedded in the file must be the one the private key yields: a mismatch means a damaged
   * or tampered file, and is refused rather than trusted or silently ignored.
   */
  public static SigningKey fromPkcs8Pem(String pem) throws KeyFormatException {
    byte[] der;
    try {
      der = Pem.decode("PRIVATE KEY", pem);
    } catch (IllegalArgumentException e) {
      throw new KeyFormatException(e.getMessage() + hintFor(pem), e);
    }
    try {
      PrivateKeyInfo info;
      try {
        // fromByteArray refuses trailing bytes after the one DER structure.
        info = PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
      } catch (IOException | RuntimeException e) {
        throw new KeyFormatException("not a PKCS#8 private key", e);
      }
      ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
      if (!oid.equals(ID_ED25519) && !oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
        throw new KeyFormatException("unsupported private key algorithm " + algorithmName(oid)
            + " (expected Ed25519 or EC P-256)");
      }
      AsymmetricKeyParameter params;
      try {
        params = PrivateKeyFactory.createKey(info);
      } catch (IOException | RuntimeException e) {
        throw new KeyFormatException("not a valid " + algorithmName(oid) + " private key", e);
      }
      SigningKey key;
      byte[] embedded;
      if (params instanceof Ed25519PrivateKeyParameters) {
        key = ed25519((Ed25519PrivateKeyParameters) params);
        embedded = null;
      } else if (params instanceof ECPrivateKeyParameters) {
        ECPrivateKeyParameters ec = P256.privateKey((ECPrivateKeyParameters) params);
        key = p256(ec, P256.publicOf(ec));
        embedded = sec1PublicKey(info);
      } else {
        throw new KeyFormatException("unsupported private key algorithm " + algorithmName(oid)
            + " (expected Ed25519 or EC P-256)");
      }
      ASN1BitString v2 = info.getPublicKeyData();
      if (v2 != null) {
        key.requireSamePublicKey(v2, "PKCS#8 publicKey field");
      }
      if (embedded != null) {
        key.requireSamePublicKey(new DERBitString(embedded), "EC private key's publicKey field");
      }
      return key;
    } finally {
      java.util.Arrays.fill(der, (byte) 0);
    }
  }

  /** Why a PEM block that is not "PRIVATE KEY" was refused, and how to convert it. */
  private static String hintFor(String pem) {
    if (pem.contains("-----BEGIN EC PRIVATE KEY-----")
        || pem.contains("-----BEGIN EC PARAMETERS-----")) {
      return "; this is the SEC1 form, convert it to PKCS#8 with "
          + "'openssl pkcs8 -topk8 -nocrypt -in KEY.pem -out KEY.pkcs8.pem'";
    }
    if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      return "; the key is encrypted, and ekino reads unencrypted PKCS#8 only "
          + "('openssl pkey -in KEY.pem -out PLAIN.pem' decrypts it)";
    }
    return "";
  }

  /** A key algorithm by name for messages; never a library class name. */
  static String algorithmName(ASN1ObjectIdentifier oid) {
    switch (oid.getId()) {
      case "1.3.101.112":
        return "Ed25519";
      case "1.2.840.10045.2.1":
        return "EC";
      case "1.3.101.113":
        return "Ed448";
      case "1.3.101.110":
      case "1.3.101.111":
        return "X25519/X448 (key agreement, not signatures)";
      case "1.2.840.113549.1.1.1":
      case "1.2.840.113549.1.1.10":
        return "RSA";
      case "1.2.840.10040.4.1":
        return "DSA";
      default:
        return "OID " + oid.getId();
    }
  }

  /** The optional publicKey [1] inside an RFC 5915 ECPrivateKey, or null. */
  private static byte @Nullable [] sec1PublicKey(PrivateKeyInfo info) throws KeyFormatException {
    try {
      ASN1BitString pub = ECPrivateKey.getInstance(info.parsePrivateKey()).getPublicKey();
      return pub == null ? null : pub.getOctets();
    } catch (IOException | RuntimeException e) {
      throw new KeyFormatException("not a valid EC private key", e);
    }
  }

  private void requireSamePublicKey(ASN1BitString found, String where) throws KeyFormatException {
    boolean same;
    try {
      byte[] bytes = found.getOctets();
      same = algorithm() == Algorithm.ED25519
          ? java.util.Arrays.equals(bytes, ((Ed25519PrivateKeyParameters) secret)
              .generatePublicKey().getEncoded())
          : P256.DOMAIN.getCurve().decodePoint(bytes)
              .equals(P256.publicOf((ECPrivateKeyParameters) secret).getQ());
    } catch (RuntimeException e) {
      same = false;
    }
    if (!same) {
      throw new KeyFormatException("the " + where + " does not match the private key "
          + "(damaged or tampered key file)");
    }
  }

  private static SigningKey ed25519(Ed25519PrivateKeyParameters key) {
    byte[] seed = key.getEncoded();
    byte[] publicKey = key.generatePublicKey().getEncoded();
    VerificationKey pub;
    try {
      pub = VerificationKey.ed25519(publicKey);
    } catch (KeyFormatException e) {
      throw new IllegalStateException("a private key always yields a valid public key", e);
    }
    // The low-level API with the public key passed in skips re-deriving it on every signature,
    // which roughly doubles the signing rate (see docs/performance.md).
    return new SigningKey(pub, key, message -> {
      byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
      Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, sig, 0);
      return sig;
    });
  }

  private static SigningKey p256(ECPrivateKeyParameters key, ECPublicKeyParameters pub) {
    return new SigningKey(VerificationKey.p256(pub), key, message -> P256.sign(key, message));
  }

  @Override
  public VerificationKey verificationKey() {
    return verificationKey;
  }

  @Override
  public byte[] sign(byte[] message) {
    return raw.sign(message);
  }

  /**
   * Exports the secret as a PEM "PRIVATE KEY" block: a version 1 PKCS#8 PrivateKeyInfo
   * (RFC 5208), the form {@code openssl genpkey} writes and OpenSSL 3.0, python-cryptography
   * and the JDK read. Ed25519 is RFC 8410 §7 exactly (the 32-byte seed, no embedded public key:
   * OpenSSL 3.0 refuses the RFC 5958 v2 form with one as "unsupported"); P-256 is an RFC 5915
   * ECPrivateKey with the curve and public key. Handle the result as the secret it is.
   */
  public String exportPkcs8Pem() {
    byte[] der;
    try {
      if (secret instanceof Ed25519PrivateKeyParameters) {
        byte[] seed = ((Ed25519PrivateKeyParameters) secret).getEncoded();
        try {
          der = new PrivateKeyInfo(new AlgorithmIdentifier(ID_ED25519),
              new DEROctetString(seed)).getEncoded(ASN1Encoding.DER);
        } finally {
          java.util.Arrays.fill(seed, (byte) 0);
        }
      } else {
        der = PrivateKeyInfoFactory.createPrivateKeyInfo(secret).getEncoded(ASN1Encoding.DER);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a valid private key", e);
    }
    try {
      return Pem.encode("PRIVATE KEY", der);
    } finally {
      java.util.Arrays.fill(der, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "SigningKey[" + algorithm() + ", kid=" + keyId().toHex() + "]";
  }
}
