package kz.ekino.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import kz.ekino.core.testing.Vectors;
import kz.ekino.core.key.Algorithm;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.token.UrlBase;
import kz.ekino.core.trust.TrustList;
import kz.ekino.core.verify.RejectionReason;
import kz.ekino.core.verify.TicketVerifier;
import kz.ekino.core.verify.VerificationPolicy;
import kz.ekino.core.verify.VerificationResult;
import kz.ekino.qr.internal.QrEncoding;
import kz.ekino.qr.internal.Raster;
import kz.ekino.qr.testing.CameraSim;
import org.junit.jupiter.api.Test;

class ScannerInputTest {
  private static final String JDK_NAMES = "java\\.|javax\\.|Exception|\\bnull\\b";
  private final VerificationPolicy policy = Vectors.policy(Vectors.byId("valid-ed25519"));

  /**
   * The longest text a verifier considers (a 64-character base, /T/ and base32 of a 1,024-byte
   * token: 1,706 characters) is drawn at both levels and read back whole; one character more
   * is refused by the encoder, and, drawn by other software, by the verifier behind the scanner.
   */
  @Test
  void theLongestTicketTextIsDrawnAndReadBackAndOneMoreIsRefused() {
    UrlBase longest = UrlBase.of("https://" + "q".repeat(UrlBase.MAX_LENGTH - 8));
    VerificationPolicy p = VerificationPolicy.builder(
            TrustList.pinned(SigningKey.generate(Algorithm.ED25519).verificationKey()),
            Clock.systemUTC())
        .officialBase(longest).build();
    // base32 of 1,024 zero bytes is 1,639 A's; of 1,025, 1,640.
    String atLimit = longest.prefix() + "A".repeat(1_639);
    String over = atLimit + "A";
    assertThat(atLimit).hasSize(TicketVerifier.MAX_TEXT_LENGTH);

    for (ErrorCorrection level : ErrorCorrection.values()) {
      QrSymbol symbol = QrSymbol.encode(atLimit, level);
      ScanResult read = TicketScanner.scan(symbol.toImage(3), p);
      assertThat(read).isInstanceOf(ScanResult.Read.class);
      assertThat(((ScanResult.Read) read).text()).isEqualTo(atLimit);
      VerificationResult.Rejected r =
          (VerificationResult.Rejected) ((ScanResult.Read) read).verification();
      assertThat(r.reason()).as("past the length check, to the envelope")
          .isEqualTo(RejectionReason.MALFORMED);
      assertThat(r.detail()).doesNotContain("longer than");
      assertThatThrownBy(() -> QrSymbol.encode(over, level))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a ticket's QR text must be 1 to 1706 characters, got 1707");
    }

    ScanResult foreign = TicketScanner.scan(Raster.image(QrEncoding.encode(over, false), 3), p);
    assertThat(((ScanResult.Read) foreign).text()).isEqualTo(over);
    assertThat(((VerificationResult.Rejected) ((ScanResult.Read) foreign).verification())
        .detail()).isEqualTo("text is longer than 1706 characters");
  }

  @Test
  void anImageWithoutACodeIsNoQrFound() {
    BufferedImage blank = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
    assertThat(TicketScanner.scan(blank, policy)).isInstanceOf(ScanResult.NoQrFound.class);
    assertThat(TicketScanner.scan(blank, policy).verdict()).isEqualTo("NO_QR_FOUND");
  }

  @Test
  void rawCameraFramesScan() {
    String qr = Vectors.byId("valid-ed25519").get("qr").asText();
    BufferedImage photo = CameraSim.photograph(QrSymbol.encode(qr),
        new CameraSim.Shot(1280, 720, 4, 12, 10, 40, 0.7, 5, 20, 230, 0.2, false, 0, 0, 0), 9);
    byte[] y = new byte[1280 * 720];
    photo.getRaster().getDataElements(0, 0, 1280, 720, y);

    assertThat(TicketScanner.scan(GrayFrame.of(1280, 720, y), policy).verdict())
        .isEqualTo("VALID");
    assertThatThrownBy(() -> GrayFrame.of(1280, 720, new byte[10]))
        .hasMessageContaining("needs 921600 luminance bytes");
    assertThatThrownBy(() -> GrayFrame.of(100_000, 100_000, new byte[0]))
        .hasMessageContaining("frame must be");
  }

  @Test
  void transparentPngCountsAsWhitePaper() throws Exception {
    String qr = Vectors.byId("valid-ed25519").get("qr").asText();
    QrSymbol symbol = QrSymbol.encode(qr);
    int n = symbol.sizeWithQuietZone() * 3;
    BufferedImage argb = new BufferedImage(n, n, BufferedImage.TYPE_INT_ARGB);
    BufferedImage bw = symbol.toImage(3);
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        argb.setRGB(x, y, (bw.getRGB(x, y) & 0xffffff) == 0 ? 0xff000000 : 0x00000000);
      }
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(argb, "png", png);
    assertThat(TicketScanner.scan(png.toByteArray(), policy).verdict()).isEqualTo("VALID");
  }

  @Test
  void jpegPhotosScan() throws Exception {
    String qr = Vectors.byId("valid-ed25519").get("qr").asText();
    BufferedImage photo = CameraSim.photograph(QrSymbol.encode(qr), CameraSim.Shot.clean(4), 3);
    assertThat(TicketScanner.scan(CameraSim.jpegBytes(photo, 70), policy).verdict())
        .isEqualTo("VALID");
  }

  @Test
  @SuppressWarnings("DefaultCharset") // ASCII literals
  void bytesThatAreNotAnImageAreATypedError() throws Exception {
    assertThatThrownBy(() -> TicketScanner.scan(new byte[0], policy))
        .isInstanceOf(ImageFormatException.class);
    assertThatThrownBy(() -> TicketScanner.scan("hello".getBytes(), policy))
        .isInstanceOf(ImageFormatException.class).hasMessageContaining("not a PNG or JPEG");
    ByteArrayOutputStream gif = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB), "gif", gif);
    assertThatThrownBy(() -> TicketScanner.scan(gif.toByteArray(), policy))
        .isInstanceOf(ImageFormatException.class).hasMessageContaining("not a PNG or JPEG");
  }

  @Test
  void truncatedAndCorruptedImagesAreATypedError() throws Exception {
    byte[] png = QrSymbol.encode("HELLO").toPng(4);
    assertThatThrownBy(() -> TicketScanner.scan(Arrays.copyOf(png, png.length / 2), policy))
        .isInstanceOf(ImageFormatException.class)
        .hasMessageStartingWith("cannot decode the image: ")
        .message().doesNotContainPattern(JDK_NAMES);
    Random random = new Random(5);
    for (int i = 0; i < 300; i++) {
      byte[] bad = png.clone();
      bad[8 + random.nextInt(bad.length - 8)] ^= (byte) (1 + random.nextInt(255));
      try {
        assertThat(TicketScanner.scan(bad, policy).verdict()).isNotEqualTo("VALID");
      } catch (ImageFormatException expected) {
        // Whoever sent the photo reads this: no JDK class names, no "null".
        assertThat(expected.getMessage()).isNotBlank().doesNotContainPattern(JDK_NAMES);
      }
    }
  }

  /** A 60-byte PNG that claims 100 000 × 100 000 pixels is refused before any pixel is decoded. */
  @Test
  @SuppressWarnings("DefaultCharset") // ASCII literals
  void decompressionBombsAreRefusedFromTheHeader() {
    byte[] ihdr = new byte[17];
    System.arraycopy("IHDR".getBytes(), 0, ihdr, 0, 4);
    putInt(ihdr, 4, 100_000);
    putInt(ihdr, 8, 100_000);
    ihdr[12] = 8; // bit depth
    ihdr[13] = 0; // grey
    CRC32 crc = new CRC32();
    crc.update(ihdr);
    byte[] png = new byte[8 + 4 + 17 + 4];
    System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, png, 0, 8);
    putInt(png, 8, 13);
    System.arraycopy(ihdr, 0, png, 12, 17);
    putInt(png, 29, (int) crc.getValue());

    assertThatThrownBy(() -> TicketScanner.scan(png, policy))
        .isInstanceOf(ImageFormatException.class).hasMessageContaining("100000×100000");
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
