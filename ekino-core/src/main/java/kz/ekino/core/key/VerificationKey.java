package kz.ekino.core.key;

import java.io.IOException;
import java.util.Arrays;
import kz.ekino.core.internal.Pem;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A public key that fixes its own algorithm and key id. Immutable and safe for concurrent use:
 * the decoded curve point is prepared once, so each verification does only the signature math.
 */
public final class VerificationKey {
  private final Algorithm algorithm;
  private final KeyId keyId;
  private final byte[] spki;
  private final SignatureCheck check;

  @FunctionalInterface
  private interface SignatureCheck {
    boolean verify(byte[] message, int offset, int length, byte[] signature);
  }

  private VerificationKey(Algorithm algorithm, byte[] canonicalSpki, SignatureCheck check) {
    this.algorithm = algorithm;
    this.spki = canonicalSpki;
    this.keyId = KeyId.ofSpki(canonicalSpki);
    this.check = check;
  }

  /** Parses a PEM "PUBLIC KEY" block (SubjectPublicKeyInfo, RFC 5280 / RFC 8410). */
  public static VerificationKey fromPem(String pem) throws KeyFormatException {
    byte[] der;
    try {
      der = Pem.decode("PUBLIC KEY", pem);
    } catch (IllegalArgumentException e) {
      throw new KeyFormatException(e.getMessage(), e);
    }
    return fromSpki(der);
  }

  /** Parses SubjectPublicKeyInfo DER. Only Ed25519 and P-256 keys are accepted. */
  public static VerificationKey fromSpki(byte[] der) throws KeyFormatException {
    if (der.length > 1024) {
      throw new KeyFormatException("public key DER is longer than 1024 bytes");
    }
    SubjectPublicKeyInfo info;
    try {
      // fromByteArray refuses trailing bytes after the one DER structure.
      info = SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
    } catch (IOException | RuntimeException e) {
      throw new KeyFormatException("not a SubjectPublicKeyInfo public key (RFC 5280 DER)", e);
    }
    if (info == null) {
      throw new KeyFormatException("not a SubjectPublicKeyInfo public key (RFC 5280 DER)");
    }
    ASN1ObjectIdentifier oid = info.getAlgorithm().getAlgorithm();
    if (!oid.equals(SigningKey.ID_ED25519) && !oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
      throw new KeyFormatException("unsupported key algorithm " + SigningKey.algorithmName(oid)
          + " (expected Ed25519 or EC P-256)");
    }
    AsymmetricKeyParameter params;
    try {
      params = PublicKeyFactory.createKey(info);
    } catch (IOException | RuntimeException e) {
      throw new KeyFormatException("not a valid " + SigningKey.algorithmName(oid)
          + " public key", e);
    }
    if (params.isPrivate()) {
      throw new KeyFormatException("expected a public key, found a private key");
    }
    if (params instanceof Ed25519PublicKeyParameters) {
      return ed25519(((Ed25519PublicKeyParameters) params).getEncoded());
    }
    if (params instanceof ECPublicKeyParameters) {
      return p256(P256.publicKey((ECPublicKeyParameters) params));
    }
    throw new KeyFormatException("unsupported key algorithm " + SigningKey.algorithmName(oid)
        + " (expected Ed25519 or EC P-256)");
  }

  static VerificationKey ed25519(byte[] publicKey) throws KeyFormatException {
    // Full validation rejects points off the curve and of small order, so no signature made
    // without the private key can pass (RFC 8032 §5.1.7 leaves this to the implementation).
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(publicKey, 0);
    if (point == null) {
      throw new KeyFormatException("Ed25519 public key is not a valid curve point");
    }
    byte[] spki = encode(new Ed25519PublicKeyParameters(publicKey));
    return new VerificationKey(Algorithm.ED25519, spki,
        (m, off, len, sig) -> sig.length == Ed25519.SIGNATURE_SIZE
            && Ed25519.verify(sig, 0, point, m, off, len));
  }

  static VerificationKey p256(ECPublicKeyParameters key) {
    return new VerificationKey(Algorithm.ES256, encode(key),
        (m, off, len, sig) -> P256.verify(key, m, off, len, sig));
  }

  private static byte[] encode(AsymmetricKeyParameter key) {
    try {
      return SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(key).getEncoded("DER");
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a valid public key", e);
    }
  }

  public Algorithm algorithm() {
    return algorithm;
  }

  public KeyId keyId() {
    return keyId;
  }

  /** Checks {@code signature} (COSE form, 64 bytes) over exactly {@code message}. */
  public boolean verify(byte[] message, byte[] signature) {
    return check.verify(message, 0, message.length, signature);
  }

  /** Checks {@code signature} over {@code message[offset, offset + length)}. */
  public boolean verify(byte[] message, int offset, int length, byte[] signature) {
    return check.verify(message, offset, length, signature);
  }

  /** The canonical SubjectPublicKeyInfo DER that the key id is computed over. */
  public byte[] toSpki() {
    return spki.clone();
  }

  public String toPem() {
    return Pem.encode("PUBLIC KEY", spki);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerificationKey && Arrays.equals(spki, ((VerificationKey) o).spki);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(spki);
  }

  @Override
  public String toString() {
    return "VerificationKey[" + algorithm + ", kid=" + keyId.toHex() + "]";
  }
}
