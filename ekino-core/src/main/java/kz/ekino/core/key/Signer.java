package kz.ekino.core.key;

/**
 * Something that signs with one private key: a {@link SigningKey} in memory, or a key that never
 * leaves a PKCS#11 token or HSM. Implementations must be safe for concurrent use.
 */
public interface Signer {
  /** The public half; it fixes the algorithm and the key id. */
  VerificationKey verificationKey();

  /**
   * Signs {@code message} and returns the signature in COSE form: 64 bytes, Ed25519 R‖S or
   * P-256 r‖s (each 32 bytes, big-endian).
   */
  byte[] sign(byte[] message);

  default Algorithm algorithm() {
    return verificationKey().algorithm();
  }

  default KeyId keyId() {
    return verificationKey().keyId();
  }
}
