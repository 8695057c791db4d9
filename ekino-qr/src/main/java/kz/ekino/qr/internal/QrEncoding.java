package kz.ekino.qr.internal;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.decoder.Mode;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import java.util.Map;

/** ZXing's QR encoder, held to alphanumeric mode. */
public final class QrEncoding {
  private static final String ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
  /** The alphanumeric capacity of version 40 at level L; anything longer cannot be a QR code. */
  private static final int MAX_CHARS = 4296;

  /** Light modules around the symbol that scanners need (ISO/IEC 18004 §6.3.8). */
  public static final int QUIET_ZONE = 4;

  private QrEncoding() {}

  /** The module matrix without quiet zone, row-major, {@code true} for dark. */
  @SuppressWarnings("ArrayRecordComponent") // a view over modules, never compared or hashed
  public record Matrix(int version, int size, boolean[] dark) {
    public boolean isDark(int x, int y) {
      return dark[y * size + x];
    }

    public int sizeWithQuietZone() {
      return size + 2 * QUIET_ZONE;
    }
  }

  /** Encodes at level Q when {@code quartile}, else at level M. */
  public static Matrix encode(String text, boolean quartile) {
    if (text.isEmpty() || text.length() > MAX_CHARS) {
      throw new IllegalArgumentException("QR text must be 1 to " + MAX_CHARS + " characters");
    }
    for (int i = 0; i < text.length(); i++) {
      if (ALPHANUMERIC.indexOf(text.charAt(i)) < 0) {
        throw new IllegalArgumentException("QR text must be upper-case QR alphanumeric; '"
            + text.charAt(i) + "' at position " + i + " is not");
      }
    }
    QRCode code;
    try {
      code = Encoder.encode(text, quartile ? ErrorCorrectionLevel.Q : ErrorCorrectionLevel.M,
          Map.of(EncodeHintType.MARGIN, 0));
    } catch (WriterException e) {
      throw new IllegalArgumentException("text does not fit in a QR code: " + e.getMessage(), e);
    }
    if (code.getMode() != Mode.ALPHANUMERIC) {
      throw new IllegalStateException("ZXing chose " + code.getMode() + " for alphanumeric text");
    }
    ByteMatrix m = code.getMatrix();
    int size = m.getWidth();
    boolean[] dark = new boolean[size * size];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        dark[y * size + x] = m.get(x, y) == 1;
      }
    }
    return new Matrix(code.getVersion().getVersionNumber(), size, dark);
  }
}
