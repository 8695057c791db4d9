package kz.ekino.qr.internal;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Bitmap renderings: a 1-bit image and PNG bytes, optionally with the printer's resolution. */
public final class Raster {
  private Raster() {}

  public static BufferedImage image(QrEncoding.Matrix symbol, int modulePx) {
    int side = symbol.sizeWithQuietZone() * modulePx;
    BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_BINARY);
    WritableRaster r = img.getRaster();
    int[] white = new int[side];
    java.util.Arrays.fill(white, 1);
    for (int y = 0; y < side; y++) {
      r.setSamples(0, y, side, 1, 0, white);
    }
    int[] black = new int[modulePx * modulePx];
    int offset = QrEncoding.QUIET_ZONE * modulePx;
    for (int y = 0; y < symbol.size(); y++) {
      for (int x = 0; x < symbol.size(); x++) {
        if (symbol.isDark(x, y)) {
          r.setSamples(offset + x * modulePx, offset + y * modulePx, modulePx, modulePx, 0, black);
        }
      }
    }
    return img;
  }

  /** PNG bytes; with {@code dpi > 0} the pHYs chunk records the resolution. */
  public static byte[] png(BufferedImage image, int dpi) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // ImageIO.createImageOutputStream would cache through a temporary file by default.
        ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      IIOMetadata metadata = writer.getDefaultImageMetadata(
          ImageTypeSpecifier.createFromRenderedImage(image), param);
      if (dpi > 0) {
        setResolution(metadata, dpi);
      }
      writer.write(null, new IIOImage(image, null, metadata), param);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("writing PNG to memory", e);
    } finally {
      writer.dispose();
    }
  }

  private static void setResolution(IIOMetadata metadata, int dpi) throws IIOInvalidTreeException {
    String pixelsPerMetre = Integer.toString((int) Math.round(dpi / 0.0254));
    IIOMetadataNode phys = new IIOMetadataNode("pHYs");
    phys.setAttribute("pixelsPerUnitXAxis", pixelsPerMetre);
    phys.setAttribute("pixelsPerUnitYAxis", pixelsPerMetre);
    phys.setAttribute("unitSpecifier", "meter");
    IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
    root.appendChild(phys);
    metadata.mergeTree("javax_imageio_png_1.0", root);
  }
}
