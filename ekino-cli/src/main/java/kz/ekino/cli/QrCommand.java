package kz.ekino.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
    description = {"Writes the QR image of a ticket's QR text, as PNG or SVG (by the --out "
        + "extension, .png or .svg; other extensions, JPEG's included, are refused).",
        "Size by pixels per module (screens) or by physical width and printer resolution "
            + "(print; see docs/printing-and-scanning.md).",
        "An existing --out file is never overwritten unless --force is given."})
final class QrCommand implements Callable<Integer> {
  enum Format { PNG, SVG }

  private final PrintWriter out;

  @Option(names = "--format", paramLabel = "png|svg",
      description = "Image format (default: from the --out extension; png for a name without "
          + "one).")
  private Format format;

  @ArgGroup(exclusive = true)
  private Size size = new Size();

  static final class Size {
    @Option(names = "--module-px", paramLabel = "N",
        description = "Pixels per module, 1 to 100 (default: 4).")
    Integer modulePx;

    @ArgGroup(exclusive = false)
    Physical physical;
  }

  static final class Physical {
    @Option(names = "--mm", required = true, paramLabel = "MM",
        description = "Width of the whole symbol, quiet zone included, in millimetres: "
            + "0 to 1000, 0 excluded. It must leave at least one printer dot per module.")
    double mm;

    @Option(names = "--dpi", paramLabel = "DPI", defaultValue = "203",
        description = "Printer resolution for PNG, 72 to 2400 dots per inch (default: "
            + "${DEFAULT-VALUE}, thermal printers).")
    int dpi;
  }

  @Option(names = "--ecc", defaultValue = "M", paramLabel = "M|Q",
      description = "Error correction level (default: ${DEFAULT-VALUE}).")
  private ErrorCorrection ecc;

  @Option(names = "--out", required = true, paramLabel = "FILE",
      description = "Image to write: FILE.png or FILE.svg.")
  private Path outFile;

  @Option(names = "--force", description = "Replace an existing --out file.")
  private boolean force;

  @Parameters(paramLabel = "TEXT", description = "The QR text, or - to read it from stdin.")
  private String text;

  QrCommand(PrintWriter out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    Format f = format(outFile, format);
    OutputFile.checkWritable(outFile, force, OutputFile.Content.OTHER);
    QrSymbol symbol;
    try {
      symbol = QrSymbol.encode(Inputs.qrText(text), ecc);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
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
    OutputFile.write(outFile, image, force, OutputFile.Content.OTHER);
    out.println("wrote " + outFile + ": QR version " + symbol.version() + "-" + ecc + ", "
        + symbol.size() + "×" + symbol.size() + " modules + quiet zone, " + sizeNote);
    return Main.OK;
  }

  /**
   * The format the file's name asks for. Only .png and .svg are written: JPEG's lossy
   * compression blurs module edges (a PNG is smaller anyway), and any other extension, .pem or
   * .json, is more likely a slip than an image wanted, so it is refused rather than overwritten.
   */
  static Format format(Path file, Format asked) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    if (dot <= 0) {
      return asked != null ? asked : Format.PNG;
    }
    String extension = name.substring(dot + 1).toLowerCase(Locale.ROOT);
    Format byName;
    switch (extension) {
      case "png":
        byName = Format.PNG;
        break;
      case "svg":
        byName = Format.SVG;
        break;
      default:
        throw new CliException("--out " + file + ": qr writes .png or .svg images, not ." + extension
            + (extension.equals("jpg") || extension.equals("jpeg")
                ? " (JPEG blurs module edges; convert the PNG if a JPEG is required)" : ""));
    }
    if (asked != null && asked != byName) {
      throw new CliException("--format " + asked.name().toLowerCase(Locale.ROOT)
          + " does not match the name of --out " + file);
    }
    return byName;
  }
}
