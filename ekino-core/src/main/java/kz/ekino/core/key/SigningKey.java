package kz.ekino.core.key;

import java.io.IOException;
import java.security.SecureRandom;
import kz.ekino.core.internal.Pem;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A private key held in memory. It fixes its algorithm and key id, is safe for concurrent use,
 * and never prints its secret: {@link #toString()} shows only the algorithm and key id, and the
 * only way out is the explicitly named {@link #exportPkcs8Pem()}.
 */
public final class SigningKey implements Signer {
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

  /** Parses a PEM "PRIVATE KEY" block (PKCS#8, RFC 5208 / RFC 8410) of an Ed25519 or P-256 key. */
  public static SigningKey fromPkcs8Pem(String pem) throws KeyFormatException {
    byte[] der;
    try {
      der = Pem.decode("PRIVATE KEY", pem);
    } catch (IllegalArgumentException e) {
      throw new KeyFormatException(e.getMessage(), e);
    }
    AsymmetricKeyParameter params;
    try {
      params = PrivateKeyFactory.createKey(der);
    } catch (IOException | RuntimeException e) {
      throw new KeyFormatException("not a PKCS#8 private key", e);
    } finally {
      java.util.Arrays.fill(der, (byte) 0);
    }
    if (params instanceof Ed25519PrivateKeyParameters) {
      return ed25519((Ed25519PrivateKeyParameters) params);
    }
    if (params instanceof ECPrivateKeyParameters) {
      ECPrivateKeyParameters key = P256.privateKey((ECPrivateKeyParameters) params);
      return p256(key, P256.publicOf(key));
    }
    throw new KeyFormatException("unsupported private key type "
        + params.getClass().getSimpleName() + " (expected Ed25519 or EC P-256)");
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

  /** Exports the secret as a PEM "PRIVATE KEY" block. Handle the result as the secret it is. */
  public String exportPkcs8Pem() {
    try {
      byte[] der = PrivateKeyInfoFactory.createPrivateKeyInfo(secret).getEncoded("DER");
      try {
        return Pem.encode("PRIVATE KEY", der);
      } finally {
        java.util.Arrays.fill(der, (byte) 0);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a valid private key", e);
    }
  }

  @Override
  public String toString() {
    return "SigningKey[" + algorithm() + ", kid=" + keyId().toHex() + "]";
  }
}
