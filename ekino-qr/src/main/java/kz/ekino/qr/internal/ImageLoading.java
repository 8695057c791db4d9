package kz.ekino.qr.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes PNG and JPEG with the JDK's ImageIO, refusing oversized input before decoding pixels:
 * the byte size first, then the dimensions from the header, so a small "decompression bomb"
 * cannot make the decoder allocate gigabytes.
 */
public final class ImageLoading {
  /** A phone photo is a few MiB; 32 MiB leaves room for uncompressed PNG screenshots. */
  public static final int MAX_BYTES = 32 * 1024 * 1024;
  /** 8K: more pixels than any phone camera frame a scan needs. */
  public static final int MAX_PIXELS = 7680 * 4320;

  private static final Pattern LIBRARY_WORDS =
      Pattern.compile("java\\.|javax\\.|sun\\.|com\\.sun|Exception|\\bnull\\b");

  private ImageLoading() {}

  /** An image refused, with the reason a person can read; the API turns it into its own. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  public static Luma load(byte[] bytes) throws Refused {
    if (bytes.length > MAX_BYTES) {
      throw new Refused("image is larger than " + MAX_BYTES + " bytes");
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
          if (w * h > MAX_PIXELS) {
            throw new Refused("image is " + w + "×" + h + " pixels; at most "
                + MAX_PIXELS + " are scanned");
          }
          BufferedImage image = reader.read(0);
          return Luma.of(image);
        } finally {
          reader.dispose();
        }
      }
      throw new Refused("not a PNG or JPEG image");
    } catch (IOException | RuntimeException e) {
      // ImageIO reports corrupt data with IOException and, for some inputs, runtime exceptions
      // whose messages name JDK classes or nothing at all: those are not shown.
      String why = e instanceof IOException ? e.getMessage() : null;
      throw new Refused(why == null || why.isBlank() || LIBRARY_WORDS.matcher(why).find()
          ? "cannot decode the image: the data is damaged or truncated"
          : "cannot decode the image: " + why);
    }
  }
}
