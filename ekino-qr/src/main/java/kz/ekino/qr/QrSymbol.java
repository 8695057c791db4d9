package kz.ekino.qr;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import kz.ekino.core.verify.TicketVerifier;
import kz.ekino.qr.internal.QrEncoding;
import kz.ekino.qr.internal.Raster;
import kz.ekino.qr.internal.Svg;

/**
 * A QR symbol for a ticket's QR text: the module matrix and its renderings. The text is encoded
 * in alphanumeric mode only; every rendering adds the 4-module quiet zone the standard requires.
 */
public final class QrSymbol {
  /** Light modules around the symbol that scanners need (ISO/IEC 18004 §6.3.8). */
  public static final int QUIET_ZONE = QrEncoding.QUIET_ZONE;

  private final int version;
  private final ErrorCorrection errorCorrection;
  private final int size;
  private final boolean[] dark;

  private QrSymbol(int version, ErrorCorrection errorCorrection, int size, boolean[] dark) {
    this.version = version;
    this.errorCorrection = errorCorrection;
    this.size = size;
    this.dark = dark;
  }

  /** Encodes at level M. */
  public static QrSymbol encode(String qrText) {
    return encode(qrText, ErrorCorrection.M);
  }

  /**
   * Encodes {@code qrText}, which must use only QR alphanumeric characters (upper-case letters,
   * digits, space and {@code $%*+-./:}), as every ekino QR text does, and be 1 to
   * {@link TicketVerifier#MAX_TEXT_LENGTH} characters long: a longer symbol could be printed
   * but every verifier would refuse it.
   */
  public static QrSymbol encode(String qrText, ErrorCorrection errorCorrection) {
    if (qrText.isEmpty() || qrText.length() > TicketVerifier.MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException("a ticket's QR text must be 1 to "
          + TicketVerifier.MAX_TEXT_LENGTH + " characters, got " + qrText.length());
    }
    QrEncoding.Matrix m = QrEncoding.encode(qrText, errorCorrection == ErrorCorrection.Q);
    return new QrSymbol(m.version(), errorCorrection, m.size(), m.dark());
  }

  private QrEncoding.Matrix matrix() {
    return new QrEncoding.Matrix(version, size, dark);
  }

  /** The QR version, 1 to 40: the symbol has 17 + 4 × version modules per side. */
  public int version() {
    return version;
  }

  public ErrorCorrection errorCorrection() {
    return errorCorrection;
  }

  /** Modules per side, without the quiet zone. */
  public int size() {
    return size;
  }

  /** Modules per side, with the quiet zone on both sides. */
  public int sizeWithQuietZone() {
    return size + 2 * QUIET_ZONE;
  }

  /** Whether the module at column {@code x}, row {@code y} (0-based, no quiet zone) is dark. */
  public boolean isDark(int x, int y) {
    if (x < 0 || y < 0 || x >= size || y >= size) {
      throw new IndexOutOfBoundsException("module (" + x + ", " + y + ") outside " + size);
    }
    return dark[y * size + x];
  }

  /** One line per module row, {@code #} dark and {@code .} light, quiet zone included. */
  public String toText() {
    int full = sizeWithQuietZone();
    StringBuilder out = new StringBuilder(full * (full + 1));
    for (int y = -QUIET_ZONE; y < size + QUIET_ZONE; y++) {
      for (int x = -QUIET_ZONE; x < size + QUIET_ZONE; x++) {
        out.append(inside(x, y) && dark[y * size + x] ? '#' : '.');
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** A black-on-white image with {@code modulePx} pixels per module. */
  public BufferedImage toImage(int modulePx) {
    return Raster.image(matrix(), checkModulePx(modulePx));
  }

  /** PNG with {@code modulePx} pixels per module (no physical size recorded). */
  public byte[] toPng(int modulePx) {
    return Raster.png(toImage(modulePx), 0);
  }

  /**
   * PNG for a printer of {@code dpi} dots per inch, at most {@code widthMm} wide including the
   * quiet zone. Modules are a whole number of dots (scaling by a fraction of a dot smears
   * edges on thermal paper), so the result may be slightly smaller than asked; the PNG records
   * the resolution so that the print comes out at that size.
   */
  public byte[] toPng(double widthMm, int dpi) {
    return Raster.png(toImage(modulePxFor(widthMm, dpi)), dpi);
  }

  /** The module size in dots that {@link #toPng(double, int)} uses. */
  public int modulePxFor(double widthMm, int dpi) {
    if (!(widthMm > 0) || widthMm > 1000) {
      throw new IllegalArgumentException("width must be between 0 and 1000 mm, got " + widthMm);
    }
    if (dpi < 72 || dpi > 2400) {
      throw new IllegalArgumentException("dpi must be 72 to 2400, got " + dpi);
    }
    int px = (int) Math.floor(widthMm / 25.4 * dpi / sizeWithQuietZone());
    if (px < 1) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
          "%.1f mm at %d dpi gives less than one dot per module; this symbol needs at least "
              + "%.1f mm", widthMm, dpi, sizeWithQuietZone() * 25.4 / dpi));
    }
    return px;
  }

  /** SVG sized in pixels, {@code modulePx} per module. */
  public String toSvg(int modulePx) {
    int px = checkModulePx(modulePx) * sizeWithQuietZone();
    return Svg.render(matrix(), px + "", px + "");
  }

  /** SVG sized in millimetres for print, {@code widthMm} wide including the quiet zone. */
  public String toSvgMillimetres(double widthMm) {
    if (!(widthMm > 0) || widthMm > 1000) {
      throw new IllegalArgumentException("width must be between 0 and 1000 mm, got " + widthMm);
    }
    String w = String.format(java.util.Locale.ROOT, "%.2fmm", widthMm);
    return Svg.render(matrix(), w, w);
  }

  private static int checkModulePx(int modulePx) {
    if (modulePx < 1 || modulePx > 100) {
      throw new IllegalArgumentException("module size must be 1 to 100 px, got " + modulePx);
    }
    return modulePx;
  }

  private boolean inside(int x, int y) {
    return x >= 0 && y >= 0 && x < size && y < size;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QrSymbol && ((QrSymbol) o).errorCorrection == errorCorrection
        && Arrays.equals(((QrSymbol) o).dark, dark);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dark);
  }

  @Override
  public String toString() {
    return "QrSymbol[version " + version + "-" + errorCorrection + ", " + size + "×" + size + "]";
  }
}
