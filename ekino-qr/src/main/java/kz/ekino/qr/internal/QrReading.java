package kz.ekino.qr.internal;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.Binarizer;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.PlanarYUVLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.Result;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.multi.qrcode.QRCodeMultiReader;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Finds QR codes in a luminance plane with ZXing, trying cheap passes first: most frames decode
 * in the first. Later passes handle what real cameras give: several codes in one frame, a
 * phone's inverted colours, codes too small or too blurred for the first binarizer.
 */
public final class QrReading {
  private static final Map<DecodeHintType, Object> HARD = hints();

  /**
   * Whether turning the image is affordable: the turned image's bounding box grows to about
   * (width + height)² / 2 pixels, which for a long thin image (60000 × 500) is gigabytes.
   */
  private static boolean rotatable(Luma l) {
    long side = (long) l.width() + l.height();
    return side * side <= 50_000_000L;
  }

  /** One way of looking at the image. */
  private record Pass(String name, Function<Luma, Luma> prepare, boolean multi,
      Function<LuminanceSource, Binarizer> binarizer) {}

  private static final List<Pass> PASSES = List.of(
      new Pass("direct", l -> l, false, HybridBinarizer::new),
      new Pass("several codes", l -> l, true, HybridBinarizer::new),
      new Pass("inverted", Luma::inverted, false, HybridBinarizer::new),
      new Pass("turned 45°", l -> rotatable(l) ? l.rotated(45) : null, false,
          HybridBinarizer::new),
      new Pass("turned 22.5°", l -> rotatable(l) ? l.rotated(22.5) : null, false,
          HybridBinarizer::new),
      new Pass("turned -22.5°", l -> rotatable(l) ? l.rotated(-22.5) : null, false,
          HybridBinarizer::new),
      new Pass("smoothed", Luma::smoothed, false, HybridBinarizer::new),
      new Pass("global threshold", l -> l, false, GlobalHistogramBinarizer::new),
      new Pass("doubled", l -> l.width() * l.height() <= 2_000_000 ? l.doubled() : null, false,
          HybridBinarizer::new),
      new Pass("halved", l -> l.width() >= 400 && l.height() >= 400 ? l.halved() : null, false,
          HybridBinarizer::new),
      new Pass("inverted, doubled",
          l -> l.width() * l.height() <= 2_000_000 ? l.inverted().doubled() : null, false,
          HybridBinarizer::new));

  private QrReading() {}

  /**
   * The QR texts found, those accepted by {@code wanted} first. Stops after the first pass that
   * finds a wanted text; otherwise tries every pass.
   */
  public static List<String> read(Luma image, Predicate<String> wanted) {
    Set<String> found = new LinkedHashSet<>();
    for (Pass pass : PASSES) {
      Luma prepared = pass.prepare().apply(image);
      if (prepared == null) {
        continue;
      }
      found.addAll(decode(prepared, pass));
      if (found.stream().anyMatch(wanted)) {
        break;
      }
    }
    List<String> ordered = new ArrayList<>();
    found.stream().filter(wanted).forEach(ordered::add);
    found.stream().filter(wanted.negate()).forEach(ordered::add);
    return ordered;
  }

  private static List<String> decode(Luma image, Pass pass) {
    LuminanceSource source = new PlanarYUVLuminanceSource(image.data(), image.width(),
        image.height(), 0, 0, image.width(), image.height(), false);
    BinaryBitmap bitmap = new BinaryBitmap(pass.binarizer().apply(source));
    List<String> texts = new ArrayList<>();
    try {
      if (pass.multi()) {
        for (Result r : new QRCodeMultiReader().decodeMultiple(bitmap, HARD)) {
          texts.add(r.getText());
        }
      } else {
        texts.add(new QRCodeReader().decode(bitmap, HARD).getText());
      }
    } catch (ReaderException e) {
      // Nothing found in this pass.
    } catch (RuntimeException e) {
      // ZXing has thrown index errors on adversarial images; for a scanner that is "not found".
    }
    return texts;
  }

  private static Map<DecodeHintType, Object> hints() {
    Map<DecodeHintType, Object> h = new EnumMap<>(DecodeHintType.class);
    h.put(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE));
    // Scan every row for finder patterns: the difference between reading a small, noisy
    // code and not, for about a millisecond.
    h.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
    return Map.copyOf(h);
  }
}
