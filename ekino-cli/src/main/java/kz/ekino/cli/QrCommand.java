package kz.ekino.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import kz.ekino.qr.ErrorCorrection;
import kz.ekino.qr.QrSymbol;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "qr", mixinStandardHelpOptions = true,
    description = {"Writes the QR image of a ticket's QR text, as PNG or SVG.",
        "Size by pixels per module (screens) or by physical width and printer resolution "
            + "(print; see docs/printing-and-scanning.md)."})
final class QrCommand implements Callable<Integer> {
  enum Format { PNG, SVG }

  private final PrintWriter out;

  @Option(names = "--format", paramLabel = "png|svg",
      description = "Image format (default: from the --out extension, else png).")
  private Format format;

  @ArgGroup(exclusive = true)
  private Size size = new Size();

  static final class Size {
    @Option(names = "--module-px", paramLabel = "N",
        description = "Pixels per module (default: 4).")
    Integer modulePx;

    @ArgGroup(exclusive = false)
    Physical physical;
  }

  static final class Physical {
    @Option(names = "--mm", required = true, paramLabel = "MM",
        description = "Width of the whole symbol, quiet zone included, in millimetres.")
    double mm;

    @Option(names = "--dpi", paramLabel = "DPI", defaultValue = "203",
        description = "Printer resolution for PNG (default: ${DEFAULT-VALUE}, thermal printers).")
    int dpi;
  }

  @Option(names = "--ecc", defaultValue = "M", paramLabel = "M|Q",
      description = "Error correction level (default: ${DEFAULT-VALUE}).")
  private ErrorCorrection ecc;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Image to write.")
  private Path outFile;

  @Parameters(paramLabel = "TEXT", description = "The QR text, or - to read it from stdin.")
  private String text;

  QrCommand(PrintWriter out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    QrSymbol symbol;
    try {
      symbol = QrSymbol.encode(Inputs.qrText(text), ecc);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    Format f = format != null ? format
        : outFile.toString().toLowerCase(Locale.ROOT).endsWith(".svg") ? Format.SVG : Format.PNG;
    byte[] image;
    String sizeNote;
    try {
      if (size.physical != null) {
        Physical p = size.physical;
        if (f == Format.SVG) {
          image = symbol.toSvgMillimetres(p.mm).getBytes(StandardCharsets.UTF_8);
          sizeNote = String.format(Locale.ROOT, "%.2f mm wide", p.mm);
        } else {
          int px = symbol.modulePxFor(p.mm, p.dpi);
          image = symbol.toPng(p.mm, p.dpi);
          sizeNote = String.format(Locale.ROOT, "%d dots per module at %d dpi, %.2f mm wide", px,
              p.dpi, px * symbol.sizeWithQuietZone() * 25.4 / p.dpi);
        }
      } else {
        int px = size.modulePx == null ? 4 : size.modulePx;
        image = f == Format.SVG ? symbol.toSvg(px).getBytes(StandardCharsets.UTF_8)
            : symbol.toPng(px);
        sizeNote = px + " px per module, " + px * symbol.sizeWithQuietZone() + " px wide";
      }
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    try {
      Files.write(outFile, image);
    } catch (IOException e) {
      throw new CliException("cannot write " + outFile + ": " + e.getMessage());
    }
    out.println("wrote " + outFile + ": QR version " + symbol.version() + "-" + ecc + ", "
        + symbol.size() + "×" + symbol.size() + " modules + quiet zone, " + sizeNote);
    return Main.OK;
  }
}
