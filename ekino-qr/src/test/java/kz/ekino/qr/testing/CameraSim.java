package kz.ekino.qr.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import kz.ekino.qr.QrSymbol;

/**
 * Photographs QR symbols the way cameras do: a pinhole projection of the printed code tilted and
 * rotated in front of the lens, then blur, uneven light, low contrast, sensor noise, inverted
 * phone screens and JPEG. Everything is seeded, so a corpus is the same on every run.
 */
public final class CameraSim {
  /** One shot: where and how the code is seen, and what the picture suffers. */
  public record Shot(
      int width, int height,
      double modulePx,       // size of a module at the centre of the code, in pixels
      double rotationDeg,    // in-plane rotation
      double tiltDeg,        // angle between the code's plane and the sensor, 0..~30
      double tiltAxisDeg,    // direction of the tilt axis in the code's plane
      double blurSigmaPx,    // Gaussian blur, pixels
      double noiseSigma,     // additive Gaussian noise, grey levels
      int black, int white,  // the grey levels that ink and paper come out as
      double lightFalloff,   // 0 = even light; 0.6 = one side at 40% brightness
      boolean inverted,      // light code on dark ground (a phone screen in dark mode)
      int jpegQuality,       // 0 = no JPEG, else 1..100
      double offsetX, double offsetY) { // where the code's centre lies, -0.5..0.5 of the frame

    public static Shot clean(double modulePx) {
      return new Shot(800, 600, modulePx, 0, 0, 0, 0, 0, 0, 255, 0, false, 0, 0, 0);
    }
  }

  private CameraSim() {}

  /** A grey frame showing {@code symbol}, plus any {@code extra} symbols placed at the sides. */
  public static BufferedImage photograph(QrSymbol symbol, Shot shot, long seed,
      QrSymbol... extra) {
    Random random = new Random(seed);
    float[] frame = new float[shot.width() * shot.height()];
    background(frame, shot, random);
    project(frame, shot, symbol, shot.offsetX(), shot.offsetY(), shot.modulePx());
    for (int i = 0; i < extra.length; i++) {
      // Beside the main code, on the other half of the frame.
      double side = (shot.offsetX() <= 0 ? 0.25 : -0.25) * (i + 1);
      project(frame, shot, extra[i], side, -0.1 * i, shot.modulePx());
    }
    if (shot.blurSigmaPx() > 0) {
      blur(frame, shot.width(), shot.height(), shot.blurSigmaPx());
    }
    photometry(frame, shot, random);
    BufferedImage image = toImage(frame, shot.width(), shot.height());
    return shot.jpegQuality() > 0 ? jpeg(image, shot.jpegQuality()) : image;
  }

  /** Paper and table: a gently varying light-grey surface (values 0..1, 1 = paper white). */
  private static void background(float[] frame, Shot shot, Random random) {
    double phase = random.nextDouble() * Math.PI * 2;
    for (int y = 0; y < shot.height(); y++) {
      for (int x = 0; x < shot.width(); x++) {
        frame[y * shot.width() + x] =
            (float) (0.80 + 0.06 * Math.sin(phase + x * 0.013) * Math.cos(y * 0.017));
      }
    }
  }

  /**
   * Draws the symbol (with its quiet zone, on white) through a pinhole camera: the code's plane
   * is tilted about an axis, rotated, and seen from a distance that makes a module
   * {@code modulePx} pixels at its centre. Output pixels map back through the homography and
   * sample the module grid with 4×4 supersampling, which is what a sensor integrates.
   */
  private static void project(float[] frame, Shot shot, QrSymbol symbol, double offX,
      double offY, double modulePx) {
    int n = symbol.sizeWithQuietZone();
    double f = 1.4 * shot.width(); // focal length in pixels: a phone's main camera
    double side = n * modulePx;    // size at the code's centre distance
    double cx = shot.width() * (0.5 + offX);
    double cy = shot.height() * (0.5 + offY);
    double tilt = Math.toRadians(shot.tiltDeg());
    double axis = Math.toRadians(shot.tiltAxisDeg());
    double rot = Math.toRadians(shot.rotationDeg());
    double[][] src = {{0, 0}, {n, 0}, {n, n}, {0, n}};
    double[][] dst = new double[4][2];
    for (int i = 0; i < 4; i++) {
      // Corner in the code's plane, centred, in pixels at unit depth scale.
      double px = (src[i][0] / n - 0.5) * side;
      double py = (src[i][1] / n - 0.5) * side;
      // In-plane rotation.
      double rx = px * Math.cos(rot) - py * Math.sin(rot);
      double ry = px * Math.sin(rot) + py * Math.cos(rot);
      // Tilt about an in-plane axis at angle `axis`: the component across the axis leaves
      // the plane.
      double ax = Math.cos(axis);
      double ay = Math.sin(axis);
      double along = rx * ax + ry * ay;
      double across = -rx * ay + ry * ax;
      double depth = across * Math.sin(tilt);
      double acrossFlat = across * Math.cos(tilt);
      double x3 = along * ax - acrossFlat * ay;
      double y3 = along * ay + acrossFlat * ax;
      double z = f + depth;
      dst[i][0] = cx + f * x3 / z;
      dst[i][1] = cy + f * y3 / z;
    }
    double[] h = homography(dst, src); // frame pixel -> module coordinates
    int minX = (int) Math.max(0, Math.floor(min(dst, 0)));
    int maxX = (int) Math.min(shot.width() - 1, Math.ceil(max(dst, 0)));
    int minY = (int) Math.max(0, Math.floor(min(dst, 1)));
    int maxY = (int) Math.min(shot.height() - 1, Math.ceil(max(dst, 1)));
    int q = QrSymbol.QUIET_ZONE;
    for (int y = minY; y <= maxY; y++) {
      for (int x = minX; x <= maxX; x++) {
        int inside = 0;
        int dark = 0;
        for (int sy = 0; sy < 4; sy++) {
          for (int sx = 0; sx < 4; sx++) {
            double fx = x + (sx + 0.5) / 4;
            double fy = y + (sy + 0.5) / 4;
            double w = h[6] * fx + h[7] * fy + 1;
            double u = (h[0] * fx + h[1] * fy + h[2]) / w;
            double v = (h[3] * fx + h[4] * fy + h[5]) / w;
            if (u < 0 || v < 0 || u >= n || v >= n) {
              continue;
            }
            inside++;
            int mx = (int) u - q;
            int my = (int) v - q;
            if (mx >= 0 && my >= 0 && mx < symbol.size() && my < symbol.size()
                && symbol.isDark(mx, my)) {
              dark++;
            }
          }
        }
        if (inside > 0) {
          int i = y * shot.width() + x;
          float paper = 1f;
          float code = (inside - dark) / (float) inside * paper;
          frame[i] = frame[i] * (16 - inside) / 16f + code * inside / 16f;
        }
      }
    }
  }

  private static void photometry(float[] frame, Shot shot, Random random) {
    double angle = random.nextDouble() * Math.PI * 2;
    double gx = Math.cos(angle);
    double gy = Math.sin(angle);
    for (int y = 0; y < shot.height(); y++) {
      for (int x = 0; x < shot.width(); x++) {
        int i = y * shot.width() + x;
        double v = frame[i];
        if (shot.inverted()) {
          v = 1 - v;
        }
        // Light falls off linearly across the frame in a random direction.
        double t = ((x - shot.width() / 2.0) * gx + (y - shot.height() / 2.0) * gy)
            / Math.hypot(shot.width(), shot.height()) + 0.5;
        double light = 1 - shot.lightFalloff() * t;
        double level = shot.black() + (shot.white() - shot.black()) * v;
        level = level * light + random.nextGaussian() * shot.noiseSigma();
        frame[i] = (float) Math.max(0, Math.min(255, level));
      }
    }
  }

  private static void blur(float[] frame, int w, int h, double sigma) {
    int r = (int) Math.ceil(3 * sigma);
    float[] k = new float[2 * r + 1];
    float sum = 0;
    for (int i = -r; i <= r; i++) {
      k[i + r] = (float) Math.exp(-(i * i) / (2 * sigma * sigma));
      sum += k[i + r];
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= sum;
    }
    float[] tmp = new float[frame.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        float acc = 0;
        for (int i = -r; i <= r; i++) {
          int xx = Math.min(w - 1, Math.max(0, x + i));
          acc += frame[y * w + xx] * k[i + r];
        }
        tmp[y * w + x] = acc;
      }
    }
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        float acc = 0;
        for (int i = -r; i <= r; i++) {
          int yy = Math.min(h - 1, Math.max(0, y + i));
          acc += tmp[yy * w + x] * k[i + r];
        }
        frame[y * w + x] = acc;
      }
    }
  }

  private static BufferedImage toImage(float[] frame, int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    byte[] row = new byte[w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        row[x] = (byte) Math.round(frame[y * w + x]);
      }
      img.getRaster().setDataElements(0, y, w, 1, row);
    }
    return img;
  }

  public static byte[] jpegBytes(BufferedImage image, int quality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(quality / 100f);
      writer.write(null, new IIOImage(image, null, null), p);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
  }

  private static BufferedImage jpeg(BufferedImage image, int quality) {
    try {
      return ImageIO.read(new ByteArrayInputStream(jpegBytes(image, quality)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double min(double[][] p, int c) {
    return Math.min(Math.min(p[0][c], p[1][c]), Math.min(p[2][c], p[3][c]));
  }

  private static double max(double[][] p, int c) {
    return Math.max(Math.max(p[0][c], p[1][c]), Math.max(p[2][c], p[3][c]));
  }

  /** The homography taking the four {@code from} points to {@code to} (h[8] = 1). */
  static double[] homography(double[][] from, double[][] to) {
    double[][] a = new double[8][9];
    for (int i = 0; i < 4; i++) {
      double x = from[i][0];
      double y = from[i][1];
      double u = to[i][0];
      double v = to[i][1];
      a[2 * i] = new double[] {x, y, 1, 0, 0, 0, -u * x, -u * y, u};
      a[2 * i + 1] = new double[] {0, 0, 0, x, y, 1, -v * x, -v * y, v};
    }
    for (int col = 0; col < 8; col++) {
      int pivot = col;
      for (int r = col + 1; r < 8; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      double[] t = a[col];
      a[col] = a[pivot];
      a[pivot] = t;
      for (int r = 0; r < 8; r++) {
        if (r != col) {
          double factor = a[r][col] / a[col][col];
          for (int c = col; c < 9; c++) {
            a[r][c] -= factor * a[col][c];
          }
        }
      }
    }
    double[] h = new double[8];
    for (int i = 0; i < 8; i++) {
      h[i] = a[i][8] / a[i][i];
    }
    return h;
  }
}
