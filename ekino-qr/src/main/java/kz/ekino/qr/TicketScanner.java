package kz.ekino.qr;

import java.awt.image.BufferedImage;
import java.util.List;
import kz.ekino.core.verify.TicketVerifier;
import kz.ekino.core.verify.VerificationPolicy;
import kz.ekino.core.verify.VerificationResult;
import kz.ekino.qr.internal.ImageLoading;
import kz.ekino.qr.internal.Luma;
import kz.ekino.qr.internal.QrReading;

/**
 * Image in, verdict out: finds the ticket QR code in a photo or camera frame and verifies it
 * offline. When the frame holds several QR codes, one under an official base wins; a misread
 * cannot turn into a wrong ticket, because a changed text fails the signature.
 *
 * <p>Stateless and safe for concurrent use.
 */
public final class TicketScanner {
  /** Image files are refused above this size, before they are decoded. */
  public static final int MAX_IMAGE_BYTES = ImageLoading.MAX_BYTES;

  private TicketScanner() {}

  /** Scans PNG or JPEG bytes (at most {@link #MAX_IMAGE_BYTES}). */
  public static ScanResult scan(byte[] image, VerificationPolicy policy)
      throws ImageFormatException {
    try {
      return scan(ImageLoading.load(image), policy);
    } catch (ImageLoading.Refused e) {
      throw new ImageFormatException(String.valueOf(e.getMessage()));
    }
  }

  public static ScanResult scan(BufferedImage image, VerificationPolicy policy) {
    return scan(Luma.of(image), policy);
  }

  public static ScanResult scan(GrayFrame frame, VerificationPolicy policy) {
    return scan(Luma.of(frame.width(), frame.height(), frame.luminance()), policy);
  }

  private static ScanResult scan(Luma image, VerificationPolicy policy) {
    // Texts under an official base come first, so they win over other codes in the frame.
    List<String> texts = QrReading.read(image,
        text -> policy.officialBases().stream().anyMatch(b -> b.isPrefixOf(text)));
    ScanResult result = new ScanResult.NoQrFound();
    for (String text : texts) {
      VerificationResult verification = TicketVerifier.verify(text, policy);
      if (verification.ticket().isPresent()) {
        return new ScanResult.Read(text, verification);
      }
      if (result instanceof ScanResult.NoQrFound) {
        result = new ScanResult.Read(text, verification);
      }
    }
    return result;
  }
}
