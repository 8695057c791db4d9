package kz.ekino.core.trust;

/** What a trusted key may sign. */
public enum KeyRole {
  /** The state registry: REGISTERED receipts (and SPECIMEN tokens). */
  REGISTRY,
  /** A ticketing vendor: PROVISIONAL and SPECIMEN tokens for its own sales, in its cinemas. */
  VENDOR,
  /**
   * A key pinned by hand for development and tests, trusted for every token kind, vendor and
   * cinema. A signed trust list never contains one.
   */
  DEVELOPMENT
}
