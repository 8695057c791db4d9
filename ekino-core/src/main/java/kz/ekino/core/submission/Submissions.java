package kz.ekino.core.submission;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import kz.ekino.core.cose.CoseSign1;
import kz.ekino.core.document.SignedDocuments;
import kz.ekino.core.internal.CborException;
import kz.ekino.core.internal.Sha256;
import kz.ekino.core.key.KeyId;
import kz.ekino.core.key.Signer;
import kz.ekino.core.model.Counter;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.SaleCorrection;
import kz.ekino.core.model.Schedule;
import kz.ekino.core.submission.v1.SaleCbor;
import kz.ekino.core.trust.KeyUse;
import kz.ekino.core.verify.RejectedException;
import kz.ekino.core.verify.RejectionReason;
import kz.ekino.core.verify.VerificationPolicy;
import org.jspecify.annotations.Nullable;

/**
 * What a vendor sends the registry: its sale or refund, its screening schedule and its price
 * corrections as canonical CBOR, signed with its vendor key in a COSE_Sign1 whose protected
 * header names the document type (docs/spec/submission-v1.md, submission-v2.md,
 * schedule-v1.md). The registry stores these bytes verbatim as evidence.
 */
public final class Submissions {
  /** Content type of a signed sale without a terminal's counter (the transition format). */
  public static final String SALE_TYPE = "application/ekino-sale+cbor;v=1";
  /** Content type of a signed refund without a counter. */
  public static final String REFUND_TYPE = "application/ekino-refund+cbor;v=1";
  /** Content type of a signed sale carrying its terminal's counter. */
  public static final String SALE_V2_TYPE = "application/ekino-sale+cbor;v=2";
  /** Content type of a signed refund carrying its terminal's counter. */
  public static final String REFUND_V2_TYPE = "application/ekino-refund+cbor;v=2";
  /** Content type of a screening declared, cancelled, or a day without screenings. */
  public static final String SCHEDULE_TYPE = "application/ekino-schedule+cbor;v=1";
  /** Content type of a correction of a registered sale's price. */
  public static final String CORRECTION_TYPE = "application/ekino-correction+cbor;v=1";
  /** A submission is about 400 bytes; anything far larger is refused before parsing. */
  public static final int MAX_BYTES = 8 * 1024;

  private static final Map<String, Long> SALES =
      Map.of(SALE_TYPE, (long) SaleCbor.VERSION, SALE_V2_TYPE, (long) SaleCbor.VERSION_2);
  private static final Map<String, Long> REFUNDS =
      Map.of(REFUND_TYPE, (long) SaleCbor.VERSION, REFUND_V2_TYPE, (long) SaleCbor.VERSION_2);

  private Submissions() {}

  /** Signs the canonical CBOR of {@code sale} as version 1, without a terminal's counter. */
  public static byte[] signSale(Sale sale, Signer vendorKey) {
    return CoseSign1.sign(SaleCbor.encode(sale), vendorKey, SALE_TYPE);
  }

  /** Signs {@code sale} as version 2, counted by its terminal. */
  public static byte[] signSale(Sale sale, Counter counter, Signer vendorKey) {
    return CoseSign1.sign(SaleCbor.encode(sale, counter), vendorKey, SALE_V2_TYPE);
  }

  public static byte[] signRefund(Refund refund, Signer vendorKey) {
    return CoseSign1.sign(SaleCbor.encode(refund), vendorKey, REFUND_TYPE);
  }

  /** Signs {@code refund} as version 2, counted by its terminal. */
  public static byte[] signRefund(Refund refund, Counter counter, Signer vendorKey) {
    return CoseSign1.sign(SaleCbor.encode(refund, counter), vendorKey, REFUND_V2_TYPE);
  }

  public static byte[] signSchedule(Schedule schedule, Signer vendorKey) {
    return CoseSign1.sign(SaleCbor.encode(schedule), vendorKey, SCHEDULE_TYPE);
  }

  public static byte[] signCorrection(SaleCorrection correction, Signer vendorKey) {
    return CoseSign1.sign(SaleCbor.encode(correction), vendorKey, CORRECTION_TYPE);
  }

  /**
   * The content digest of a signed submission (SHA-256 of its payload, 64 hex digits): what
   * the terminal's next submission names as its previous one ({@link Counter#next}), and what
   * the registry compares to tell a resent submission from a different one. The signature is
   * not checked.
   */
  public static String contentDigest(byte[] submission) {
    try {
      return HexFormat.of().formatHex(Sha256.digest(CoseSign1.parse(submission,
          List.of(SALE_TYPE, SALE_V2_TYPE, REFUND_TYPE, REFUND_V2_TYPE, SCHEDULE_TYPE,
              CORRECTION_TYPE)).payload()));
    } catch (CborException e) {
      throw new IllegalArgumentException("not a signed submission: " + e.getMessage(), e);
    }
  }

  /**
   * Checks a signed sale, version 1 or 2: structure, a trusted key, its algorithm and
   * signature, the sale's validity, and that the key may sell for this vendor and cinema at
   * the sale instant.
   */
  public static Signed<Sale> openSale(byte[] submission, VerificationPolicy policy)
      throws RejectedException {
    SignedDocuments.Opened opened = SignedDocuments.open(submission, SALES, MAX_BYTES, policy);
    SaleCbor.Counted<Sale> sale;
    try {
      sale = SaleCbor.decodeCountedSale(opened.payload());
    } catch (CborException e) {
      throw new RejectedException(RejectionReason.MALFORMED, "sale: " + e.getMessage());
    }
    SignedDocuments.authorise(opened.signer(), KeyUse.sale(sale.content()), policy);
    return new Signed<>(sale.content(), opened.signer(), Sha256.digest(opened.payload()),
        sale.counter());
  }

  /**
   * Checks a signed refund like {@link #openSale}. Whether the key may sell for the sale's
   * cinema is the registry's to check ({@code TrustedKey.maySellFor}): only it knows the sale.
   */
  public static Signed<Refund> openRefund(byte[] submission, VerificationPolicy policy)
      throws RejectedException {
    SignedDocuments.Opened opened = SignedDocuments.open(submission, REFUNDS, MAX_BYTES,
        policy);
    SaleCbor.Counted<Refund> refund;
    try {
      refund = SaleCbor.decodeCountedRefund(opened.payload());
    } catch (CborException e) {
      throw new RejectedException(RejectionReason.MALFORMED, "refund: " + e.getMessage());
    }
    SignedDocuments.authorise(opened.signer(), KeyUse.refund(refund.content()), policy);
    return new Signed<>(refund.content(), opened.signer(), Sha256.digest(opened.payload()),
        refund.counter());
  }

  /** Checks a signed schedule document; the key must sell for its cinema. */
  public static Signed<Schedule> openSchedule(byte[] submission, VerificationPolicy policy)
      throws RejectedException {
    SignedDocuments.Opened opened = SignedDocuments.open(submission, SCHEDULE_TYPE, MAX_BYTES,
        policy, SaleCbor.VERSION);
    Schedule schedule;
    try {
      schedule = SaleCbor.decodeSchedule(opened.payload());
    } catch (CborException e) {
      throw new RejectedException(RejectionReason.MALFORMED, "schedule: " + e.getMessage());
    }
    SignedDocuments.authorise(opened.signer(), KeyUse.schedule(schedule), policy);
    return new Signed<>(schedule, opened.signer(), Sha256.digest(opened.payload()), null);
  }

  /** Checks a signed sale correction; the registry checks the sale's cinema, as for refunds. */
  public static Signed<SaleCorrection> openCorrection(byte[] submission,
      VerificationPolicy policy) throws RejectedException {
    SignedDocuments.Opened opened = SignedDocuments.open(submission, CORRECTION_TYPE,
        MAX_BYTES, policy, SaleCbor.VERSION);
    SaleCorrection correction;
    try {
      correction = SaleCbor.decodeCorrection(opened.payload());
    } catch (CborException e) {
      throw new RejectedException(RejectionReason.MALFORMED, "correction: " + e.getMessage());
    }
    SignedDocuments.authorise(opened.signer(), KeyUse.correction(correction), policy);
    return new Signed<>(correction, opened.signer(), Sha256.digest(opened.payload()), null);
  }

  /**
   * A stored submission as its bytes say, read without a trust list: its content, the kid of
   * the key that signed it, the content digest and the terminal's count (null in version 1).
   * The signature is NOT checked here; it is for those who re-derive the registry's tables
   * from its log (the audit, a monitor), where the log's checkpoint vouches for the bytes and
   * the signer's key may have retired since.
   */
  public record Stored<T>(T content, KeyId signer, String contentDigest,
      @Nullable Counter counter) {}

  /** Reads a stored sale submission, version 1 or 2; anything else is MALFORMED. */
  public static Stored<Sale> readSale(byte[] submission) throws RejectedException {
    CoseSign1.Parsed envelope = parse(submission, List.of(SALE_TYPE, SALE_V2_TYPE));
    try {
      SaleCbor.Counted<Sale> sale = SaleCbor.decodeCountedSale(envelope.payload());
      requireVersion(envelope, SALE_V2_TYPE, sale.counter());
      return stored(envelope, sale.content(), sale.counter());
    } catch (CborException e) {
      throw new RejectedException(RejectionReason.MALFORMED, "sale: " + e.getMessage());
    }
  }

  /** Reads a stored refund submission, version 1 or 2; anything else is MALFORMED. */
  public static Stored<Refund> readRefund(byte[] submission) throws RejectedException {
    CoseSign1.Parsed envelope = parse(submission, List.of(REFUND_TYPE, REFUND_V2_TYPE));
    try {
      SaleCbor.Counted<Refund> refund = SaleCbor.decodeCountedRefund(envelope.payload());
      requireVersion(envelope, REFUND_V2_TYPE, refund.counter());
      return stored(envelope, refund.content(), refund.counter());
    } catch (CborException e) {
      throw new RejectedException(RejectionReason.MALFORMED, "refund: " + e.getMessage());
    }
  }

  /** Reads a stored schedule document; anything else is MALFORMED. */
  public static Stored<Schedule> readSchedule(byte[] submission) throws RejectedException {
    CoseSign1.Parsed envelope = parse(submission, List.of(SCHEDULE_TYPE));
    try {
      return stored(envelope, SaleCbor.decodeSchedule(envelope.payload()), null);
    } catch (CborException e) {
      throw new RejectedException(RejectionReason.MALFORMED, "schedule: " + e.getMessage());
    }
  }

  /** Reads a stored sale correction; anything else is MALFORMED. */
  public static Stored<SaleCorrection> readCorrection(byte[] submission)
      throws RejectedException {
    CoseSign1.Parsed envelope = parse(submission, List.of(CORRECTION_TYPE));
    try {
      return stored(envelope, SaleCbor.decodeCorrection(envelope.payload()), null);
    } catch (CborException e) {
      throw new RejectedException(RejectionReason.MALFORMED, "correction: " + e.getMessage());
    }
  }

  /** The content type names the version: a v1 type around a v2 payload is not one or other. */
  private static void requireVersion(CoseSign1.Parsed envelope, String v2Type,
      @Nullable Counter counter) throws CborException {
    if (v2Type.equals(envelope.contentType()) != (counter != null)) {
      throw new CborException("content type " + envelope.contentType()
          + " does not match the payload's version");
    }
  }

  private static <T> Stored<T> stored(CoseSign1.Parsed envelope, T content,
      @Nullable Counter counter) {
    return new Stored<>(content, envelope.keyId(),
        HexFormat.of().formatHex(Sha256.digest(envelope.payload())), counter);
  }

  private static CoseSign1.Parsed parse(byte[] submission, List<String> types)
      throws RejectedException {
    if (submission.length > MAX_BYTES) {
      throw new RejectedException(RejectionReason.MALFORMED,
          "submission is larger than " + MAX_BYTES + " bytes");
    }
    try {
      return CoseSign1.parse(submission, types);
    } catch (CborException e) {
      throw new RejectedException(RejectionReason.MALFORMED, e.getMessage());
    }
  }
}
