package kz.ekino.core.submission;

import java.time.Instant;
import java.util.Optional;
import kz.ekino.core.internal.CborException;
import kz.ekino.core.internal.CoseSign1;
import kz.ekino.core.internal.Sha256;
import kz.ekino.core.internal.SignedDocuments;
import kz.ekino.core.key.Signer;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.Sale;
import kz.ekino.core.submission.v1.SaleCbor;
import kz.ekino.core.trust.KeyRole;
import kz.ekino.core.trust.KeyStatus;
import kz.ekino.core.trust.TrustedKey;
import kz.ekino.core.verify.RejectedException;
import kz.ekino.core.verify.RejectionReason;
import kz.ekino.core.verify.VerificationPolicy;

/**
 * What a vendor sends the registry: its sale or refund as canonical CBOR, signed with its
 * vendor key in a COSE_Sign1 whose protected header names the document type
 * (docs/spec/submission-v1.md). The registry stores these bytes verbatim as evidence.
 */
public final class Submissions {
  /** Content type of a signed sale. */
  public static final String SALE_TYPE = "application/ekino-sale+cbor;v=1";
  /** Content type of a signed refund. */
  public static final String REFUND_TYPE = "application/ekino-refund+cbor;v=1";
  /** A submission is about 400 bytes; anything far larger is refused before parsing. */
  public static final int MAX_BYTES = 8 * 1024;

  private Submissions() {}

  /** Signs the canonical CBOR of {@code sale}; instants are carried to the second. */
  public static byte[] signSale(Sale sale, Signer vendorKey) {
    return CoseSign1.sign(SaleCbor.encode(sale), vendorKey, SALE_TYPE);
  }

  public static byte[] signRefund(Refund refund, Signer vendorKey) {
    return CoseSign1.sign(SaleCbor.encode(refund), vendorKey, REFUND_TYPE);
  }

  /**
   * Checks a signed sale: structure, a trusted key, its algorithm and signature, the sale's
   * validity, and that the key may sell for this vendor and cinema at the sale instant.
   */
  public static Signed<Sale> openSale(byte[] submission, VerificationPolicy policy)
      throws RejectedException {
    SignedDocuments.Opened opened = open(submission, SALE_TYPE, policy);
    Sale sale;
    try {
      sale = SaleCbor.decode(opened.payload());
    } catch (CborException e) {
      throw new RejectedException(RejectionReason.MALFORMED, "sale: " + e.getMessage());
    }
    authorise(opened.signer(), sale.vendor(), Optional.of(sale.cinema()), sale.soldAt(),
        policy);
    return new Signed<>(sale, opened.signer(), Sha256.digest(opened.payload()));
  }

  /**
   * Checks a signed refund like {@link #openSale}. Whether the key may sell for the sale's
   * cinema is the registry's to check: only it knows the sale.
   */
  public static Signed<Refund> openRefund(byte[] submission, VerificationPolicy policy)
      throws RejectedException {
    SignedDocuments.Opened opened = open(submission, REFUND_TYPE, policy);
    Refund refund;
    try {
      refund = SaleCbor.decodeRefund(opened.payload());
    } catch (CborException e) {
      throw new RejectedException(RejectionReason.MALFORMED, "refund: " + e.getMessage());
    }
    authorise(opened.signer(), refund.vendor(), Optional.empty(), refund.refundedAt(), policy);
    return new Signed<>(refund, opened.signer(), Sha256.digest(opened.payload()));
  }

  /** Whether {@code key} may sign for {@code cinema}: a vendor key naming it, or a dev key. */
  public static boolean maySellFor(TrustedKey key, Bin cinema) {
    return key.role() == KeyRole.DEVELOPMENT
        || (key.role() == KeyRole.VENDOR && key.cinemas().contains(cinema));
  }

  private static SignedDocuments.Opened open(byte[] submission, String type,
      VerificationPolicy policy) throws RejectedException {
    if (policy.trust().isExpiredAt(policy.clock().instant())) {
      throw new RejectedException(RejectionReason.TRUST_LIST_EXPIRED,
          "the trust list expired at " + policy.trust().expiresAt());
    }
    return SignedDocuments.open(submission, type, MAX_BYTES, policy.trust(), SaleCbor.VERSION);
  }

  private static void authorise(TrustedKey key, Bin vendor, Optional<Bin> cinema,
      Instant signedAt, VerificationPolicy policy) throws RejectedException {
    String problem = null;
    if (key.status() == KeyStatus.REVOKED) {
      problem = "key " + key.keyId() + " is revoked";
    } else if (key.role() == KeyRole.REGISTRY) {
      problem = "a registry key does not sign vendor submissions";
    } else if (key.role() == KeyRole.VENDOR && !key.vendor().orElseThrow().equals(vendor)) {
      problem = "key " + key.keyId() + " belongs to vendor " + key.vendor().get() + ", not "
          + vendor;
    } else if (cinema.isPresent() && !maySellFor(key, cinema.get())) {
      problem = "vendor key " + key.keyId() + " may not sell for cinema " + cinema.get();
    } else if (!key.isValidAt(signedAt)) {
      problem = "key " + key.keyId() + " was not valid at " + signedAt;
    }
    if (problem != null) {
      throw new RejectedException(RejectionReason.KEY_NOT_VALID, problem);
    }
    Instant latest = policy.clock().instant().plus(policy.clockSkew());
    if (signedAt.isAfter(latest)) {
      throw new RejectedException(RejectionReason.ISSUED_IN_FUTURE,
          "dated " + signedAt + ", now is " + policy.clock().instant());
    }
  }
}
