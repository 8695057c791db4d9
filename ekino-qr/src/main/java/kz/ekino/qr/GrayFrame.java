package kz.ekino.qr;

import kz.ekino.qr.internal.ImageLoading;
/**
 * A raw grayscale camera frame: {@code width × height} luminance bytes, row by row (the Y plane
 * of a YUV frame). The array is used as given, not copied, so that scanning a frame costs no
 * copy; it must not change while a scan runs.
 */
public final class GrayFrame {
  /** 8K UHD; larger frames are refused rather than scanned slowly. */
  public static final int MAX_PIXELS = ImageLoading.MAX_PIXELS;

  private final int width;
  private final int height;
  private final byte[] luminance;

  private GrayFrame(int width, int height, byte[] luminance) {
    this.width = width;
    this.height = height;
    this.luminance = luminance;
  }

  public static GrayFrame of(int width, int height, byte[] luminance) {
    if (width < 1 || height < 1 || (long) width * height > MAX_PIXELS) {
      throw new IllegalArgumentException("frame must be 1 to " + MAX_PIXELS + " pixels, got "
          + width + "×" + height);
    }
    if (luminance.length != width * height) {
      throw new IllegalArgumentException("a " + width + "×" + height + " frame needs "
          + width * height + " luminance bytes, got " + luminance.length);
    }
    return new GrayFrame(width, height, luminance);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** The frame's own array (see the class comment). */
  public byte[] luminance() {
    return luminance;
  }
}
