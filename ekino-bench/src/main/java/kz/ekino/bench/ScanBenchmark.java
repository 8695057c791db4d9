package kz.ekino.bench;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.PlanarYUVLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kz.ekino.core.testing.Vectors;
import kz.ekino.core.verify.VerificationPolicy;
import kz.ekino.qr.GrayFrame;
import kz.ekino.qr.QrSymbol;
import kz.ekino.qr.ScanResult;
import kz.ekino.qr.TicketScanner;
import kz.ekino.qr.testing.CameraSim;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reading a ticket from an image: ekino's scanner (decode and verify) against ZXing's
 * {@code QRCodeReader} alone (TRY_HARDER, the hint ekino's first pass uses) on the same image.
 * {@code clean}: a rendered 4 px/module code; {@code frame}: a sharp 1280 × 720 camera frame;
 * {@code camera}: a 1280 × 720 frame of the code tilted 20°, rotated 20°, blurred, noisy,
 * unevenly lit.
 *
 * <p>Run: {@code java -jar ekino-bench/target/benchmarks.jar ScanBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScanBenchmark {
  @Param({"clean", "frame", "camera"})
  public String image;

  private GrayFrame frame;
  private VerificationPolicy policy;

  @Setup
  public void setUp() {
    var vector = Vectors.byId("valid-ed25519");
    policy = Vectors.policy(vector);
    QrSymbol symbol = QrSymbol.encode(vector.get("qr").asText());
    // The first seeded camera frame that plain ZXing reads too, so both sides do the same work.
    for (long seed = 1; seed < 100; seed++) {
      BufferedImage img = switch (image) {
        case "clean" -> toGray(symbol.toImage(4));
        // A sharp 1280 × 720 frame, the code a little turned: a steady hand in good light.
        case "frame" -> CameraSim.photograph(symbol, new CameraSim.Shot(1280, 720, 4, 12, 0, 0,
            0.5, 2, 20, 235, 0, false, 0, 0, 0), seed);
        default -> CameraSim.photograph(symbol, new CameraSim.Shot(1280, 720, 4, 20, 20, 30, 0.8,
            8, 30, 220, 0.2, false, 0, 0, 0), seed);
      };
      byte[] y = new byte[img.getWidth() * img.getHeight()];
      img.getRaster().getDataElements(0, 0, img.getWidth(), img.getHeight(), y);
      frame = GrayFrame.of(img.getWidth(), img.getHeight(), y);
      if (scan().verdict().equals("VALID") && baselineZxing() != null) {
        return;
      }
    }
    throw new IllegalStateException("no benchmark image scans");
  }

  private static BufferedImage toGray(BufferedImage binary) {
    BufferedImage g = new BufferedImage(binary.getWidth(), binary.getHeight(),
        BufferedImage.TYPE_BYTE_GRAY);
    g.getGraphics().drawImage(binary, 0, 0, null);
    return g;
  }

  @Benchmark
  public ScanResult scan() {
    return TicketScanner.scan(frame, policy);
  }

  @Benchmark
  public String baselineZxing() {
    try {
      return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
          new PlanarYUVLuminanceSource(frame.luminance(), frame.width(), frame.height(), 0, 0,
              frame.width(), frame.height(), false))),
          Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
    } catch (ReaderException e) {
      return null;
    }
  }
}
