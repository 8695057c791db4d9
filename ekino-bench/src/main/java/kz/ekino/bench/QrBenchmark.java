package kz.ekino.bench;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import kz.ekino.core.testing.Samples;
import kz.ekino.core.testing.TestKeys;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.token.TicketToken;
import kz.ekino.core.token.UrlBase;
import kz.ekino.qr.QrSymbol;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Printing a ticket's QR code: QR text → module matrix, and → PNG bytes, against ZXing's own
 * {@code QRCodeWriter} (and a plain ImageIO PNG of its matrix) on the same text, same run.
 *
 * <p>Run: {@code java -jar ekino-bench/target/benchmarks.jar QrBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class QrBenchmark {
  private static final Map<EncodeHintType, Object> HINTS = Map.of(
      EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4);

  private String qrText;

  @Setup
  public void setUp() {
    qrText = TicketToken.issue(TicketClaims.registered(Samples.sale(), Samples.SERIAL,
        Samples.REGISTERED_AT), TestKeys.signing(TestKeys.REGISTRY_ED25519))
        .qrText(UrlBase.of(UrlBase.DEFAULT));
  }

  @Benchmark
  public QrSymbol matrix() {
    return QrSymbol.encode(qrText);
  }

  @Benchmark
  public BitMatrix baselineZxingMatrix() throws WriterException {
    return new QRCodeWriter().encode(qrText, BarcodeFormat.QR_CODE, 0, 0, HINTS);
  }

  /** 4 px per module: a 260 × 260 PNG for a screen or a web page. */
  @Benchmark
  public byte[] png() {
    return QrSymbol.encode(qrText).toPng(4);
  }

  @Benchmark
  public byte[] baselineZxingPng() throws WriterException, IOException {
    BitMatrix m = new QRCodeWriter().encode(qrText, BarcodeFormat.QR_CODE, 260, 260, HINTS);
    BufferedImage img = new BufferedImage(m.getWidth(), m.getHeight(),
        BufferedImage.TYPE_BYTE_BINARY);
    for (int y = 0; y < m.getHeight(); y++) {
      for (int x = 0; x < m.getWidth(); x++) {
        img.setRGB(x, y, m.get(x, y) ? 0xff000000 : 0xffffffff);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}
