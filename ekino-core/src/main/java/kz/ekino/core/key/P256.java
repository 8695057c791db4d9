package kz.ekino.core.key;

import java.math.BigInteger;
import java.security.SecureRandom;
import kz.ekino.core.internal.Sha256;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;

/**
 * ECDSA over P-256 with BouncyCastle's lightweight API and its specialised P-256 field arithmetic.
 * Key parameter objects are immutable and shared; {@link ECDSASigner} is not thread-safe, so each
 * operation makes its own (it is a few fields, the point math dominates).
 */
final class P256 {
  /** The named-curve form, so SubjectPublicKeyInfo carries the OID rather than explicit params. */
  static final ECNamedDomainParameters DOMAIN = new ECNamedDomainParameters(
      SECObjectIdentifiers.secp256r1, CustomNamedCurves.getByName("secp256r1"));

  private static final int FIELD_BYTES = 32;

  private P256() {}

  static AsymmetricCipherKeyPair generate(SecureRandom random) {
    ECKeyPairGenerator generator = new ECKeyPairGenerator();
    generator.init(new ECKeyGenerationParameters(DOMAIN, random));
    return generator.generateKeyPair();
  }

  /** Re-homes an imported public key on {@link #DOMAIN}, refusing any curve but P-256. */
  static ECPublicKeyParameters publicKey(ECPublicKeyParameters key) throws KeyFormatException {
    requireP256(key.getParameters());
    try {
      return new ECPublicKeyParameters(
          DOMAIN.getCurve().decodePoint(key.getQ().getEncoded(false)), DOMAIN);
    } catch (IllegalArgumentException e) {
      throw new KeyFormatException("EC public key is not a valid P-256 point", e);
    }
  }

  static ECPrivateKeyParameters privateKey(ECPrivateKeyParameters key) throws KeyFormatException {
    requireP256(key.getParameters());
    BigInteger d = key.getD();
    if (d.signum() <= 0 || d.compareTo(DOMAIN.getN()) >= 0) {
      throw new KeyFormatException("EC private key is out of range for P-256");
    }
    return new ECPrivateKeyParameters(d, DOMAIN);
  }

  static ECPublicKeyParameters publicOf(ECPrivateKeyParameters key) {
    return new ECPublicKeyParameters(DOMAIN.getG().multiply(key.getD()).normalize(), DOMAIN);
  }

  private static void requireP256(ECDomainParameters params) throws KeyFormatException {
    if (!DOMAIN.getCurve().equals(params.getCurve()) || !DOMAIN.getG().equals(params.getG())
        || !DOMAIN.getN().equals(params.getN())) {
      throw new KeyFormatException("unsupported elliptic curve (only P-256 is accepted)");
    }
  }

  /** Deterministic ECDSA (RFC 6979): no reliance on a good random source at signing time. */
  static byte[] sign(ECPrivateKeyParameters key, byte[] message) {
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, key);
    BigInteger[] rs = signer.generateSignature(Sha256.digest(message, 0, message.length));
    byte[] out = new byte[2 * FIELD_BYTES];
    BigIntegers.asUnsignedByteArray(rs[0], out, 0, FIELD_BYTES);
    BigIntegers.asUnsignedByteArray(rs[1], out, FIELD_BYTES, FIELD_BYTES);
    return out;
  }

  static boolean verify(ECPublicKeyParameters key, byte[] m, int off, int len, byte[] sig) {
    if (sig.length != 2 * FIELD_BYTES) {
      return false;
    }
    BigInteger r = BigIntegers.fromUnsignedByteArray(sig, 0, FIELD_BYTES);
    BigInteger s = BigIntegers.fromUnsignedByteArray(sig, FIELD_BYTES, FIELD_BYTES);
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, key);
    // verifySignature rejects r or s outside [1, n-1].
    return verifier.verifySignature(Sha256.digest(m, off, len), r, s);
  }
}
