package kz.ekino.core.submission;

import java.util.HexFormat;
import kz.ekino.core.cose.CoseSign1;
import kz.ekino.core.document.SignedDocuments;
import kz.ekino.core.internal.CborException;
import kz.ekino.core.internal.Sha256;
import kz.ekino.core.key.KeyId;
import kz.ekino.core.key.Signer;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.Sale;
import kz.ekino.core.submission.v1.SaleCbor;
import kz.ekino.core.trust.KeyUse;
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
    SignedDocuments.Opened opened = SignedDocuments.open(submission, SALE_TYPE, MAX_BYTES,
        policy, SaleCbor.VERSION);
    Sale sale;
    try {
      sale = SaleCbor.decode(opened.payload());
    } catch (CborException e) {
      throw new RejectedException(RejectionReason.MALFORMED, "sale: " + e.getMessage());
    }
    SignedDocuments.authorise(opened.signer(), KeyUse.sale(sale), policy);
    return new Signed<>(sale, opened.signer(), Sha256.digest(opened.payload()));
  }

  /**
   * Checks a signed refund like {@link #openSale}. Whether the key may sell for the sale's
   * cinema is the registry's to check ({@code TrustedKey.maySellFor}): only it knows the sale.
   */
  public static Signed<Refund> openRefund(byte[] submission, VerificationPolicy policy)
      throws RejectedException {
    SignedDocuments.Opened opened = SignedDocuments.open(submission, REFUND_TYPE, MAX_BYTES,
        policy, SaleCbor.VERSION);
    Refund refund;
    try {
      refund = SaleCbor.decodeRefund(opened.payload());
    } catch (CborException e) {
      throw new RejectedException(RejectionReason.MALFORMED, "refund: " + e.getMessage());
    }
    SignedDocuments.authorise(opened.signer(), KeyUse.refund(refund), policy);
    return new Signed<>(refund, opened.signer(), Sha256.digest(opened.payload()));
  }

  /**
   * A stored submission as its bytes say, read without a trust list: its content, the kid of
   * the key that signed it and the content digest. The signature is NOT checked here; it is
   * for those who re-derive the registry's tables from its log (the audit, a monitor), where
   * the log's checkpoint vouches for the bytes and the signer's key may have retired since.
   */
  public record Stored<T>(T content, KeyId signer, String contentDigest) {}

  /** Reads a stored sale submission; anything but a v1 sale is MALFORMED. */
  public static Stored<Sale> readSale(byte[] submission) throws RejectedException {
    CoseSign1.Parsed envelope = parse(submission, SALE_TYPE);
    byte[] payload = envelope.payload();
    try {
      return new Stored<>(SaleCbor.decode(payload), envelope.keyId(),
          HexFormat.of().formatHex(Sha256.digest(payload)));
    } catch (CborException e) {
      throw new RejectedException(RejectionReason.MALFORMED, "sale: " + e.getMessage());
    }
  }

  /** Reads a stored refund submission; anything but a v1 refund is MALFORMED. */
  public static Stored<Refund> readRefund(byte[] submission) throws RejectedException {
    CoseSign1.Parsed envelope = parse(submission, REFUND_TYPE);
    byte[] payload = envelope.payload();
    try {
      return new Stored<>(SaleCbor.decodeRefund(payload), envelope.keyId(),
          HexFormat.of().formatHex(Sha256.digest(payload)));
    } catch (CborException e) {
      throw new RejectedException(RejectionReason.MALFORMED, "refund: " + e.getMessage());
    }
  }

  private static CoseSign1.Parsed parse(byte[] submission, String type)
      throws RejectedException {
    if (submission.length > MAX_BYTES) {
      throw new RejectedException(RejectionReason.MALFORMED,
          "submission is larger than " + MAX_BYTES + " bytes");
    }
    try {
      return CoseSign1.parse(submission, type);
    } catch (CborException e) {
      throw new RejectedException(RejectionReason.MALFORMED, e.getMessage());
    }
  }
}
