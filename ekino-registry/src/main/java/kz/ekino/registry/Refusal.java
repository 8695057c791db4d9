package kz.ekino.registry;

/** Why the registry refused a submission. */
public enum Refusal {
  // The reasons of signature verification (docs/spec/token-v1.md §6), for the vendor's
  // signature on the submission.
  MALFORMED,
  TRUST_LIST_EXPIRED,
  UNKNOWN_KEY,
  ALGORITHM_MISMATCH,
  BAD_SIGNATURE,
  UNSUPPORTED_VERSION,
  KEY_NOT_VALID,
  ISSUED_IN_FUTURE,
  /** The cinema is not in the registry's cinema directory. */
  UNKNOWN_CINEMA,
  /** The cinema has no hall with that id. */
  UNKNOWN_HALL,
  /** The vendor registered this ticket id before with different content. */
  CONFLICT,
  /** A refund names a serial that is not a registered sale. */
  UNKNOWN_SALE,
  /** A refund for another vendor's sale. */
  NOT_YOUR_SALE,
  /** A refund whose ticket id or amount does not match the sale. */
  INVALID_REFUND,
  /** The registry could not store the record now (storage failure): retry. */
  UNAVAILABLE,
  /** No answer within the registry's timeout: the outcome is unknown, a retry is safe. */
  TIMEOUT,
  /** The registry is closed or its writer stopped: retry later, or elsewhere. */
  CLOSED;

  /** Whether the same submission may succeed later: registration is idempotent. */
  public boolean retryable() {
    return this == UNAVAILABLE || this == TIMEOUT || this == CLOSED;
  }
}
