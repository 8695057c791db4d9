package kz.ekino.qr.internal;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/** An 8-bit luminance plane, row-major: what the QR reader works on. */
@SuppressWarnings("ArrayRecordComponent") // a view over pixels, never compared or hashed
public record Luma(int width, int height, byte[] data) {
  public static Luma of(int width, int height, byte[] data) {
    return new Luma(width, height, data);
  }

  /** Converts any image; transparent pixels count as white paper. */
  public static Luma of(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] out = new byte[w * h];
    if (image.getType() == BufferedImage.TYPE_BYTE_GRAY
        && image.getRaster().getDataBuffer() instanceof DataBufferByte
        && image.getRaster().getNumDataElements() == 1
        && image.getRaster().getSampleModelTranslateX() == 0
        && image.getRaster().getSampleModelTranslateY() == 0) {
      image.getRaster().getDataElements(0, 0, w, h, out);
      return new Luma(w, h, out);
    }
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int argb = row[x];
        int a = argb >>> 24;
        int r = (argb >> 16) & 0xff;
        int g = (argb >> 8) & 0xff;
        int b = argb & 0xff;
        int lum = (r * 299 + g * 587 + b * 114 + 500) / 1000;
        out[y * w + x] = (byte) ((lum * a + 255 * (255 - a) + 127) / 255);
      }
    }
    return new Luma(w, h, out);
  }

  public Luma inverted() {
    byte[] out = new byte[data.length];
    for (int i = 0; i < data.length; i++) {
      out[i] = (byte) (255 - (data[i] & 0xff));
    }
    return new Luma(width, height, out);
  }

  /** A 3×3 mean: takes the edge off sensor noise and JPEG blocks before thresholding. */
  public Luma smoothed() {
    byte[] out = new byte[data.length];
    for (int y = 0; y < height; y++) {
      int y0 = Math.max(0, y - 1);
      int y1 = Math.min(height - 1, y + 1);
      for (int x = 0; x < width; x++) {
        int x0 = Math.max(0, x - 1);
        int x1 = Math.min(width - 1, x + 1);
        int sum = 0;
        for (int yy = y0; yy <= y1; yy++) {
          for (int xx = x0; xx <= x1; xx++) {
            sum += data[yy * width + xx] & 0xff;
          }
        }
        int n = (y1 - y0 + 1) * (x1 - x0 + 1);
        out[y * width + x] = (byte) ((sum + n / 2) / n);
      }
    }
    return new Luma(width, height, out);
  }

  /** Halves each side by averaging 2×2 blocks: sharper edges and less noise for large codes. */
  public Luma halved() {
    int w = width / 2;
    int h = height / 2;
    byte[] out = new byte[w * h];
    for (int y = 0; y < h; y++) {
      int r0 = 2 * y * width;
      int r1 = r0 + width;
      for (int x = 0; x < w; x++) {
        int sum = (data[r0 + 2 * x] & 0xff) + (data[r0 + 2 * x + 1] & 0xff)
            + (data[r1 + 2 * x] & 0xff) + (data[r1 + 2 * x + 1] & 0xff);
        out[y * w + x] = (byte) ((sum + 2) >> 2);
      }
    }
    return new Luma(w, h, out);
  }

  /** Doubles each side with bilinear interpolation: gives small codes more pixels per module. */
  public Luma doubled() {
    int w = width * 2;
    int h = height * 2;
    byte[] out = new byte[w * h];
    for (int y = 0; y < h; y++) {
      float sy = Math.max(0f, (y - 0.5f) / 2f);
      int y0 = Math.min((int) sy, height - 1);
      int y1 = Math.min(y0 + 1, height - 1);
      float fy = sy - y0;
      for (int x = 0; x < w; x++) {
        float sx = Math.max(0f, (x - 0.5f) / 2f);
        int x0 = Math.min((int) sx, width - 1);
        int x1 = Math.min(x0 + 1, width - 1);
        float fx = sx - x0;
        float top = (data[y0 * width + x0] & 0xff) * (1 - fx) + (data[y0 * width + x1] & 0xff) * fx;
        float bottom =
            (data[y1 * width + x0] & 0xff) * (1 - fx) + (data[y1 * width + x1] & 0xff) * fx;
        out[y * w + x] = (byte) Math.round(top * (1 - fy) + bottom * fy);
      }
    }
    return new Luma(w, h, out);
  }

  /**
   * Rotates by {@code degrees} about the centre onto a canvas that holds the whole image, with
   * bilinear interpolation; the corners are filled with the mean level so that they add no
   * edges. ZXing's grid sampling copes with perspective much better when the code is close to
   * axis-aligned, so a code seen diagonally and tilted reads after a 45° turn.
   */
  public Luma rotated(double degrees) {
    double a = Math.toRadians(degrees);
    double cos = Math.cos(a);
    double sin = Math.sin(a);
    int w = (int) Math.ceil(Math.abs(width * cos) + Math.abs(height * sin));
    int h = (int) Math.ceil(Math.abs(width * sin) + Math.abs(height * cos));
    long sum = 0;
    for (byte b : data) {
      sum += b & 0xff;
    }
    byte fill = (byte) (sum / Math.max(1, data.length));
    byte[] out = new byte[w * h];
    double cx = (width - 1) / 2.0;
    double cy = (height - 1) / 2.0;
    double ox = (w - 1) / 2.0;
    double oy = (h - 1) / 2.0;
    for (int y = 0; y < h; y++) {
      double dy = y - oy;
      for (int x = 0; x < w; x++) {
        double dx = x - ox;
        double sx = cx + dx * cos + dy * sin;
        double sy = cy - dx * sin + dy * cos;
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        if (x0 < 0 || y0 < 0 || x0 >= width - 1 || y0 >= height - 1) {
          out[y * w + x] = fill;
          continue;
        }
        double fx = sx - x0;
        double fy = sy - y0;
        int i = y0 * width + x0;
        double top = (data[i] & 0xff) * (1 - fx) + (data[i + 1] & 0xff) * fx;
        double bottom = (data[i + width] & 0xff) * (1 - fx) + (data[i + width + 1] & 0xff) * fx;
        out[y * w + x] = (byte) Math.round(top * (1 - fy) + bottom * fy);
      }
    }
    return new Luma(w, h, out);
  }
}
