package kz.ekino.core.log;

import java.util.Arrays;
import kz.ekino.core.key.Algorithm;
import kz.ekino.core.key.VerificationKey;

/**
 * A witness as a verifier knows it: its key name and its Ed25519 public key
 * (c2sp.org/tlog-cosignature). Together they fix the cosignature/v1 key ID,
 * SHA-256(name || 0x0A || 0x04 || 32-byte public key)[:4].
 */
public record WitnessKey(String name, VerificationKey key) {
  /** The signed-note signature type of timestamped Ed25519 cosignatures (cosignature/v1). */
  static final byte COSIGNATURE_V1 = 0x04;

  public WitnessKey {
    if (!Checkpoint.isKeyName(name)) {
      throw new IllegalArgumentException("a witness name is 1 to 256 characters without spaces "
          + "or '+', got '" + name + "'");
    }
    if (key.algorithm() != Algorithm.ED25519) {
      throw new IllegalArgumentException("cosignature/v1 keys are Ed25519, not "
          + key.algorithm());
    }
  }

  /** The 4-byte key ID of this witness's cosignature lines. */
  byte[] keyId() {
    return Checkpoint.keyId(name, COSIGNATURE_V1, key);
  }

  /** Whether {@code id} is this witness's key ID (a selector, not an authenticator). */
  boolean hasKeyId(byte[] id) {
    return Arrays.equals(id, keyId());
  }
}
