package kz.ekino.qr.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import kz.ekino.qr.GrayFrame;
import kz.ekino.qr.ImageFormatException;

/**
 * Decodes PNG and JPEG with the JDK's ImageIO, refusing oversized input before decoding pixels:
 * the byte size first, then the dimensions from the header, so a small "decompression bomb"
 * cannot make the decoder allocate gigabytes.
 */
public final class ImageLoading {
  /** A phone photo is a few MiB; 32 MiB leaves room for uncompressed PNG screenshots. */
  public static final int MAX_BYTES = 32 * 1024 * 1024;

  private ImageLoading() {}

  public static Luma load(byte[] bytes) throws ImageFormatException {
    if (bytes.length > MAX_BYTES) {
      throw new ImageFormatException("image is larger than " + MAX_BYTES + " bytes");
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      while (readers.hasNext()) {
        ImageReader reader = readers.next();
        String format = reader.getFormatName().toLowerCase(Locale.ROOT);
        if (!format.equals("png") && !format.equals("jpeg")) {
          continue;
        }
        try {
          reader.setInput(in, true, true);
          long w = reader.getWidth(0);
          long h = reader.getHeight(0);
          if (w * h > GrayFrame.MAX_PIXELS) {
            throw new ImageFormatException("image is " + w + "×" + h + " pixels; at most "
                + GrayFrame.MAX_PIXELS + " are scanned");
          }
          BufferedImage image = reader.read(0);
          return Luma.of(image);
        } finally {
          reader.dispose();
        }
      }
      throw new ImageFormatException("not a PNG or JPEG image");
    } catch (IOException | RuntimeException e) {
      // ImageIO reports corrupt data with IOException and, for some inputs, runtime exceptions.
      throw new ImageFormatException("cannot decode the image: " + e.getMessage());
    }
  }
}
