package kz.ekino.core.trust;

/** Whether the trust list still vouches for a key. */
public enum KeyStatus {
  ACTIVE,
  /** Withdrawn, for instance after a compromise: nothing it signed verifies any more. */
  REVOKED
}
