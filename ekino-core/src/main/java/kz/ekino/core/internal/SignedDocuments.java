package kz.ekino.core.internal;

import kz.ekino.core.trust.TrustList;
import kz.ekino.core.trust.TrustedKey;
import kz.ekino.core.verify.RejectedException;
import kz.ekino.core.verify.RejectionReason;

/**
 * Opens the typed COSE_Sign1 documents other than tickets (submissions, refunds, revocation
 * lists) the same way: bounded size, strict envelope with the expected content type, a trusted
 * key by kid, the key's algorithm, the signature over the bytes received, and the version
 * claim. What the content means and who may sign it is the caller's to check.
 */
public final class SignedDocuments {
  private SignedDocuments() {}

  /** The payload and the trusted key whose signature over it verified. */
  public static final class Opened {
    private final byte[] payload;
    private final TrustedKey signer;

    Opened(byte[] payload, TrustedKey signer) {
      this.payload = payload;
      this.signer = signer;
    }

    public byte[] payload() {
      return payload;
    }

    public TrustedKey signer() {
      return signer;
    }
  }

  public static Opened open(byte[] document, String contentType, int maxBytes, TrustList trust,
      long version) throws RejectedException {
    if (document.length > maxBytes) {
      throw new RejectedException(RejectionReason.MALFORMED,
          "document is larger than " + maxBytes + " bytes");
    }
    CoseSign1.Parsed envelope;
    try {
      envelope = CoseSign1.parse(document, contentType);
    } catch (CborException e) {
      throw new RejectedException(RejectionReason.MALFORMED, e.getMessage());
    }
    TrustedKey signer = trust.find(envelope.keyId()).orElseThrow(() ->
        new RejectedException(RejectionReason.UNKNOWN_KEY,
            "no trusted key has id " + envelope.keyId()));
    if (envelope.algorithm() != signer.key().algorithm().coseId()) {
      throw new RejectedException(RejectionReason.ALGORITHM_MISMATCH, "header names COSE "
          + "algorithm " + envelope.algorithm() + ", key is " + signer.key().algorithm());
    }
    if (!signer.key().verify(envelope.toBeSigned(), envelope.signature())) {
      throw new RejectedException(RejectionReason.BAD_SIGNATURE,
          "signature does not verify with key " + signer.keyId());
    }
    try {
      CborReader r = new CborReader(envelope.payload());
      if (r.readMapHeader() < 1 || r.readMapKeyAfter(-1) != 0) {
        throw new CborException("the map must start with the version (key 0)");
      }
      long found = r.readUint();
      if (found != version) {
        throw new RejectedException(RejectionReason.UNSUPPORTED_VERSION,
            "document version " + found);
      }
    } catch (CborException e) {
      throw new RejectedException(RejectionReason.MALFORMED, e.getMessage());
    }
    return new Opened(envelope.payload(), signer);
  }
}
