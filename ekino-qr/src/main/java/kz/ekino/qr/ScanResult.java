package kz.ekino.qr;

import java.util.Objects;
import kz.ekino.core.verify.VerificationResult;

/** What scanning an image gave: no QR code, or a QR text and its verification. */
public sealed interface ScanResult permits ScanResult.NoQrFound, ScanResult.Read {
  /** {@code NO_QR_FOUND}, or the verification's verdict (VALID, PROVISIONAL, a reason, …). */
  String verdict();

  /** No QR code could be read in the image. */
  record NoQrFound() implements ScanResult {
    @Override
    public String verdict() {
      return "NO_QR_FOUND";
    }
  }

  /** A QR code was read; {@code verification} says what its text is worth. */
  record Read(String text, VerificationResult verification) implements ScanResult {
    public Read {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(verification, "verification");
    }

    @Override
    public String verdict() {
      return verification.verdict();
    }
  }
}
