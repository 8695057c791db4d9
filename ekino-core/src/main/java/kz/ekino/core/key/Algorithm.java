package kz.ekino.core.key;

/**
 * The signature algorithms ekino supports. A key fixes its algorithm; a token or document that
 * names another one is rejected, never obeyed.
 *
 * <p>The COSE identifiers are the fully-specified ones of RFC 9864 (the polymorphic EdDSA -8 and
 * ES256 -7 leave the curve to the key and are deprecated there).
 */
public enum Algorithm {
  /** EdDSA over edwards25519 (RFC 8032 §5.1): COSE -19 "Ed25519", JOSE "Ed25519". */
  ED25519(-19, "Ed25519"),
  /** ECDSA over NIST P-256 with SHA-256, raw r‖s signatures: COSE -9 "ESP256", JOSE "ES256". */
  ES256(-9, "ES256");

  private final int coseId;
  private final String joseName;

  Algorithm(int coseId, String joseName) {
    this.coseId = coseId;
    this.joseName = joseName;
  }

  /** The value of the COSE {@code alg} header parameter (RFC 9052 §3.1) for this algorithm. */
  public int coseId() {
    return coseId;
  }

  /** The value of the JOSE {@code alg} header parameter (RFC 7515 §4.1.1) for this algorithm. */
  public String joseName() {
    return joseName;
  }

  /** Both algorithms produce 64-byte signatures: Ed25519 R‖S, and P-256 r‖s as COSE requires. */
  public int signatureLength() {
    return 64;
  }

  /** Parses the command-line and JSON spelling: {@code ed25519} or {@code es256}, any case. */
  public static Algorithm parse(String name) {
    for (Algorithm a : values()) {
      if (a.name().equalsIgnoreCase(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown algorithm '" + name + "' (expected ed25519 or es256)");
  }
}
