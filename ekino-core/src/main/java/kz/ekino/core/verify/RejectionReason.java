package kz.ekino.core.verify;

/**
 * Why a ticket or another signed document did not verify. For tickets, the order is the order
 * in which the verifier checks (token-v1 §6); the last two are verdicts on revocation lists.
 */
public enum RejectionReason {
  /** The verifier's own trust list has expired: it cannot vouch for anything until refreshed. */
  TRUST_LIST_EXPIRED,
  /** A URL, but not a ticket URL under one of the official bases. */
  FOREIGN_URL,
  /** Not a token: bad base32, bad CBOR, wrong structure, oversized, or claims out of range. */
  MALFORMED,
  /** No key in the trust list has the token's key id. */
  UNKNOWN_KEY,
  /** The header names an algorithm other than the trusted key's. */
  ALGORITHM_MISMATCH,
  /** The signature does not verify over the bytes received. */
  BAD_SIGNATURE,
  /** A token format version this verifier does not understand. */
  UNSUPPORTED_VERSION,
  /** The key is revoked, was outside its validity when signing, or may not sign this token. */
  KEY_NOT_VALID,
  /** The token says it was signed later than now (beyond the allowed clock skew). */
  ISSUED_IN_FUTURE,
  /**
   * A PROVISIONAL token signed longer ago than the policy's provisional max age (72 hours by
   * default): its sale should have been registered by now.
   */
  PROVISIONAL_EXPIRED,
  /** The screening started longer ago than the policy's grace period. */
  SCREENING_OVER,
  /**
   * Not a ticket verdict: a revocation list issued longer ago than the policy's maximum age
   * (24 hours by default).
   */
  STALE_LIST,
  /**
   * Not a ticket verdict: a revocation list older than the one the verifier holds (a lower
   * sequence, or the same sequence issued earlier).
   */
  LIST_ROLLBACK
}
