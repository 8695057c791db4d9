package kz.ekino.core.token;

/** What a token vouches for, and so which kind of key may sign it. */
public enum TokenKind {
  /** The registry registered the sale; signed by a registry key; carries a serial. */
  REGISTERED(0),
  /** Sold while the registry was unreachable; signed by the vendor; registration pending. */
  PROVISIONAL(1),
  /** A training or demonstration ticket; never counts as a sale. */
  SPECIMEN(2);

  private final int code;

  TokenKind(int code) {
    this.code = code;
  }

  /** The value of the kind claim in token format v1. */
  public int code() {
    return code;
  }

  public static TokenKind ofCode(long code) {
    for (TokenKind k : values()) {
      if (k.code == code) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown token kind " + code);
  }
}
