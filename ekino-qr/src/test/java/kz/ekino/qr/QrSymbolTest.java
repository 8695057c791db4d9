package kz.ekino.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.weisj.jsvg.SVGDocument;
import com.github.weisj.jsvg.parser.LoaderContext;
import com.github.weisj.jsvg.parser.SVGLoader;
import com.github.weisj.jsvg.view.ViewBox;
import java.awt.Component;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import kz.ekino.core.testing.Vectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QrSymbolTest {
  private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

  @TempDir
  Path dir;

  @Test
  void everyAcceptedVectorFitsVersion10AtLevelM() {
    int checked = 0;
    for (JsonNode v : Vectors.all()) {
      // Accepted vectors as an issuer prints them (one vector spells its base in lower case
      // to test verifiers, which is not a printable QR text).
      if (!v.has("claims") || v.get("id").asText().equals("valid-lower-case-base")) {
        continue;
      }
      QrSymbol m = QrSymbol.encode(v.get("qr").asText());
      QrSymbol q = QrSymbol.encode(v.get("qr").asText(), ErrorCorrection.Q);
      assertThat(m.version()).as(v.get("id").asText()).isLessThanOrEqualTo(10);
      assertThat(m.size()).isEqualTo(17 + 4 * m.version());
      assertThat(q.version()).isGreaterThan(m.version());
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(6);
    assertThat(QrSymbol.encode(Vectors.byId("valid-ed25519").get("qr").asText()).version())
        .isEqualTo(10);
  }

  /** Golden text renderings: any change in encoding, mask choice or quiet zone shows here. */
  @ParameterizedTest
  @CsvSource({"valid-ed25519, M", "provisional, Q"})
  void matrixMatchesItsGolden(String id, ErrorCorrection level) throws IOException {
    String text = QrSymbol.encode(Vectors.byId(id).get("qr").asText(), level).toText();
    Path golden = GOLDEN.resolve(id + "." + level + ".txt");
    if (Boolean.getBoolean("ekino.writeGoldens")) {
      Files.writeString(golden, text, StandardCharsets.US_ASCII);
    }
    assertThat(text).isEqualTo(Files.readString(golden, StandardCharsets.US_ASCII));
    String[] lines = text.split("\n");
    assertThat(lines).hasSize(lines[0].length());
    assertThat(lines[0]).matches("\\.+");
    assertThat(lines[4]).startsWith("....#######.");
  }

  @Test
  void pngScansBackToTheSameTicket() throws Exception {
    JsonNode v = Vectors.byId("valid-es256");
    QrSymbol symbol = QrSymbol.encode(v.get("qr").asText());
    byte[] png = symbol.toPng(3);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));

    assertThat(image.getWidth()).isEqualTo(3 * symbol.sizeWithQuietZone());
    ScanResult result = TicketScanner.scan(png, Vectors.policy(v));
    assertThat(result.verdict()).isEqualTo("VALID");
    assertThat(((ScanResult.Read) result).text()).isEqualTo(v.get("qr").asText());
  }

  @Test
  void printSizeUsesWholeDotsAndRecordsTheResolution() throws Exception {
    QrSymbol symbol = QrSymbol.encode(Vectors.byId("valid-ed25519").get("qr").asText());
    // 65 modules in 25 mm at 203 dpi: 199.8 dots, so 3 dots per module, 195 dots wide.
    assertThat(symbol.modulePxFor(25, 203)).isEqualTo(3);
    byte[] png = symbol.toPng(25, 203);
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
      ImageReader reader = ImageIO.getImageReaders(in).next();
      reader.setInput(in);
      assertThat(reader.getWidth(0)).isEqualTo(195);
      IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(0)
          .getAsTree("javax_imageio_png_1.0");
      IIOMetadataNode phys = (IIOMetadataNode) root.getElementsByTagName("pHYs").item(0);
      assertThat(phys.getAttribute("pixelsPerUnitXAxis")).isEqualTo("7992");
      assertThat(phys.getAttribute("unitSpecifier")).isEqualTo("meter");
    }
    assertThatThrownBy(() -> symbol.toPng(8, 203))
        .hasMessageContaining("less than one dot per module")
        .hasMessageContaining("needs at least 8.1 mm");
  }

  @Test
  void svgDrawsExactlyTheDarkModules() {
    QrSymbol symbol = QrSymbol.encode(Vectors.byId("provisional").get("qr").asText());
    String svg = symbol.toSvgMillimetres(30);
    int n = symbol.sizeWithQuietZone();
    boolean[][] drawn = new boolean[n][n];
    Matcher m = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z").matcher(svg);
    while (m.find()) {
      int x = Integer.parseInt(m.group(1));
      int y = Integer.parseInt(m.group(2));
      int run = Integer.parseInt(m.group(3));
      assertThat(m.group(4)).isEqualTo(m.group(3));
      for (int i = 0; i < run; i++) {
        assertThat(drawn[y][x + i]).isFalse();
        drawn[y][x + i] = true;
      }
    }
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        int q = QrSymbol.QUIET_ZONE;
        boolean expected = x >= q && y >= q && x < n - q && y < n - q && symbol.isDark(x - q, y - q);
        assertThat(drawn[y][x]).as("module %d,%d", x, y).isEqualTo(expected);
      }
    }
    assertThat(svg).contains("width=\"30.00mm\"").contains("viewBox=\"0 0 " + n + " " + n + "\"");
  }

  /**
   * SVG drawn by an independent, pure-Java renderer (JSVG, test scope) shows exactly the
   * symbol's modules and scans back, on every machine; rsvg-convert below is the extra check
   * with the renderer most Linux tools use.
   */
  @ParameterizedTest
  @CsvSource({"valid-ed25519, M, 4", "provisional, Q, 3"})
  void svgRenderedByJsvgDrawsEveryModuleAndScans(String id, ErrorCorrection level, int px)
      throws Exception {
    JsonNode v = Vectors.byId(id);
    QrSymbol symbol = QrSymbol.encode(v.get("qr").asText(), level);
    SVGDocument doc = loadSvg(symbol.toSvg(px));
    int side = px * symbol.sizeWithQuietZone();
    assertThat(doc.size().width).isEqualTo(side);
    BufferedImage image = renderSvg(doc, side);

    int q = QrSymbol.QUIET_ZONE;
    for (int y = 0; y < symbol.sizeWithQuietZone(); y++) {
      for (int x = 0; x < symbol.sizeWithQuietZone(); x++) {
        boolean dark = x >= q && y >= q && x < symbol.size() + q && y < symbol.size() + q
            && symbol.isDark(x - q, y - q);
        int rgb = image.getRGB(x * px + px / 2, y * px + px / 2) & 0xffffff;
        assertThat(rgb).as("module %d,%d", x, y).isEqualTo(dark ? 0x000000 : 0xffffff);
      }
    }
    assertThat(TicketScanner.scan(image, Vectors.policy(v)).verdict())
        .isEqualTo(v.get("expect").asText());

    // The print form is sized in millimetres; drawn at any resolution it scans the same.
    BufferedImage print = renderSvg(loadSvg(symbol.toSvgMillimetres(30)), 300);
    assertThat(TicketScanner.scan(print, Vectors.policy(v)).verdict())
        .isEqualTo(v.get("expect").asText());
  }

  private static SVGDocument loadSvg(String svg) {
    SVGDocument doc = new SVGLoader().load(
        new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)), null,
        LoaderContext.createDefault());
    assertThat(doc).as("JSVG parsed the SVG").isNotNull();
    return doc;
  }

  /** Draws {@code doc} into a {@code side}-pixel square on transparent black, as a viewer would. */
  private static BufferedImage renderSvg(SVGDocument doc, int side) {
    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    try {
      doc.render((Component) null, g, new ViewBox(0, 0, side, side));
    } finally {
      g.dispose();
    }
    return image;
  }

  /**
   * SVG converted by librsvg's rsvg-convert scans back. Skipped where rsvg-convert is not
   * installed; on CI (the CI variable set) its absence is a failure, because .ci/run installs it.
   */
  @Test
  void svgRenderedByRsvgConvertScans() throws Exception {
    boolean available;
    try {
      available = new ProcessBuilder("rsvg-convert", "--version").start().waitFor() == 0;
    } catch (java.io.IOException notOnPath) {
      available = false;
    }
    if (System.getenv("CI") != null) {
      assertThat(available).as("rsvg-convert must be installed on CI (.ci/run installs "
          + "librsvg2-bin)").isTrue();
    }
    Assumptions.assumeTrue(available, "rsvg-convert is not installed (apt-get install "
        + "librsvg2-bin); JSVG checks the SVG here, CI runs this test as well");
    JsonNode v = Vectors.byId("valid-ed25519");
    Path svg = dir.resolve("t.svg");
    Path png = dir.resolve("t.png");
    Files.writeString(svg, QrSymbol.encode(v.get("qr").asText()).toSvg(4));
    Process p = new ProcessBuilder("rsvg-convert", "-o", png.toString(), svg.toString())
        .inheritIO().start();
    assertThat(p.waitFor()).isZero();

    assertThat(TicketScanner.scan(Files.readAllBytes(png), Vectors.policy(v)).verdict())
        .isEqualTo("VALID");
  }

  @Test
  void onlyQrAlphanumericTextIsEncoded() {
    assertThatThrownBy(() -> QrSymbol.encode("https://qr.ekino.kz/T/AB"))
        .hasMessageContaining("'h' at position 0");
    assertThatThrownBy(() -> QrSymbol.encode("")).hasMessageContaining("1 to 1706 characters");
    assertThatThrownBy(() -> QrSymbol.encode("A".repeat(5000)))
        .hasMessageContaining("1 to 1706 characters, got 5000");
    assertThatThrownBy(() -> QrSymbol.encode("A").toPng(0)).hasMessageContaining("module size");
  }

  @Test
  void toStringNamesVersionAndLevel() {
    assertThat(QrSymbol.encode("HELLO", ErrorCorrection.Q).toString())
        .isEqualTo("QrSymbol[version 1-Q, 21×21]");
  }

}
