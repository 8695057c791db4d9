package kz.ekino.core.model;

/**
 * What a ticket token vouches for, and so which kind of key may sign it. Its code in a token
 * is the token format's business (token format v1: {@code token.v1.ClaimsV1}).
 */
public enum TokenKind {
  /** The registry registered the sale; signed by a registry key; carries a serial. */
  REGISTERED,
  /** Sold while the registry was unreachable; signed by the vendor; registration pending. */
  PROVISIONAL,
  /** A training or demonstration ticket; never counts as a sale. */
  SPECIMEN
}
