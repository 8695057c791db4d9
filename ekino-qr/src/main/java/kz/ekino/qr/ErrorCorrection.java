package kz.ekino.qr;

/**
 * QR error-correction level. M restores about 15% of damaged codewords and keeps a typical
 * token at version 10; Q restores about 25% at the cost of a larger symbol (version 13).
 */
public enum ErrorCorrection {
  M,
  Q
}
