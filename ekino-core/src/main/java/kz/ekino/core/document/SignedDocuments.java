package kz.ekino.core.document;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import kz.ekino.core.cose.CoseSign1;
import kz.ekino.core.internal.CborException;
import kz.ekino.core.internal.CborReader;
import kz.ekino.core.trust.KeyUse;
import kz.ekino.core.trust.TrustedKey;
import kz.ekino.core.verify.RejectedException;
import kz.ekino.core.verify.RejectionReason;
import kz.ekino.core.verify.VerificationPolicy;

/**
 * Opens the typed COSE_Sign1 documents other than tickets (submissions, refunds, revocation
 * lists) the same way: a trust list that has not expired, bounded size, a strict envelope with
 * the expected content type, a trusted key by kid, the key's algorithm, the signature over the
 * bytes received, and the version claim. The caller decodes the content and then has
 * {@link #authorise} check the signer against it.
 */
public final class SignedDocuments {
  private SignedDocuments() {}

  /** The payload and the trusted key whose signature over it verified. */
  public static final class Opened {
    private final String contentType;
    private final byte[] payload;
    private final TrustedKey signer;

    Opened(@Nullable String contentType, byte[] payload, TrustedKey signer) {
      this.contentType = java.util.Objects.requireNonNull(contentType);
      this.payload = payload;
      this.signer = signer;
    }

    public String contentType() {
      return contentType;
    }

    public byte[] payload() {
      return payload;
    }

    public TrustedKey signer() {
      return signer;
    }
  }

  public static Opened open(byte[] document, String contentType, int maxBytes,
      VerificationPolicy policy, long version) throws RejectedException {
    return open(document, Map.of(contentType, version), maxBytes, policy);
  }

  /**
   * Opens a document of any of the content types given, each with the version its payload
   * must claim (key 0); {@link Opened#contentType} tells which arrived.
   */
  public static Opened open(byte[] document, Map<String, Long> versions, int maxBytes,
      VerificationPolicy policy) throws RejectedException {
    if (policy.trust().isExpiredAt(policy.clock().instant())) {
      throw new RejectedException(RejectionReason.TRUST_LIST_EXPIRED,
          "the trust list expired at " + policy.trust().expiresAt());
    }
    if (document.length > maxBytes) {
      throw new RejectedException(RejectionReason.MALFORMED,
          "document is larger than " + maxBytes + " bytes");
    }
    CoseSign1.Parsed envelope;
    try {
      envelope = CoseSign1.parse(document, versions.keySet().stream().sorted().toList());
    } catch (CborException e) {
      throw new RejectedException(RejectionReason.MALFORMED, e.getMessage());
    }
    TrustedKey signer = policy.trust().find(envelope.keyId()).orElseThrow(() ->
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
      Long expected = versions.get(envelope.contentType());
      if (!Long.valueOf(found).equals(expected)) {
        throw new RejectedException(RejectionReason.UNSUPPORTED_VERSION,
            "document version " + found + " under content type '" + envelope.contentType()
                + "', which is version " + expected);
      }
    } catch (CborException e) {
      throw new RejectedException(RejectionReason.MALFORMED, e.getMessage());
    }
    return new Opened(envelope.contentType(), envelope.payload(), signer);
  }

  /**
   * Checks that the signer of an opened document may have signed it ({@link
   * TrustedKey#authorise}: at the instant it claims), that the key is still valid now by the
   * policy's clock, and that the document is not dated beyond the policy's clock skew.
   *
   * <p>The instant a signer writes is its claim, not a fact (issue 10): a key retired
   * (validUntil passed) or revoked stops vouching at once, even for a sale it dates before
   * its retirement. The claimed instant is still checked, so a signer cannot date a document
   * before its key's validFrom.
   */
  public static void authorise(TrustedKey signer, KeyUse use, VerificationPolicy policy)
      throws RejectedException {
    var problem = signer.authorise(use);
    if (problem.isPresent()) {
      throw new RejectedException(RejectionReason.KEY_NOT_VALID, problem.get());
    }
    Instant now = policy.clock().instant();
    if (!signer.isValidAt(now)) {
      throw new RejectedException(RejectionReason.KEY_NOT_VALID, "key " + signer.keyId()
          + " is not valid now (" + now + "; valid from " + signer.validFrom()
          + signer.validUntil().map(t -> " until " + t).orElse("") + ")");
    }
    if (use.signedAt().isAfter(now.plus(policy.clockSkew()))) {
      throw new RejectedException(RejectionReason.ISSUED_IN_FUTURE,
          "dated " + use.signedAt() + ", now is " + now);
    }
  }
}
