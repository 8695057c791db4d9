package kz.ekino.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import kz.ekino.core.json.v1.TicketJson;
import kz.ekino.core.key.VerificationKey;
import kz.ekino.core.token.UrlBase;
import kz.ekino.core.trust.TrustList;
import kz.ekino.core.trust.TrustListException;
import kz.ekino.core.verify.TicketVerifier;
import kz.ekino.core.verify.VerificationPolicy;
import kz.ekino.core.verify.VerificationResult;
import kz.ekino.qr.ImageFormatException;
import kz.ekino.qr.ScanResult;
import kz.ekino.qr.TicketScanner;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Verifies a ticket's QR text, or the QR code in an image, offline and "
        + "prints a JSON verdict (NO_QR_FOUND for an image without a QR code).",
        "Exit code 0 for VALID, 1 for any other verdict, 2 for a usage error."})
final class VerifyCommand implements Callable<Integer> {
  private final Clock clock;
  private final PrintWriter out;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Trust trust;

  static final class Trust {
    @Option(names = "--key", paramLabel = "PUB.pem",
        description = "Trust this one public key for every token kind (development).")
    Path key;

    @ArgGroup(exclusive = false)
    SignedList list;
  }

  static final class SignedList {
    @Option(names = "--trust", required = true, paramLabel = "trust.json",
        description = "Signed trust list.")
    Path trust;

    @Option(names = "--root", required = true, paramLabel = "ROOT.pub.pem",
        description = "Pinned root key that signed the trust list.")
    Path root;
  }

  @Option(names = "--at", paramLabel = "INSTANT",
      description = "Verify as of this instant (default: now).")
  private String at;

  @Option(names = "--base", paramLabel = "URL",
      description = "Official URL base; repeatable (default: " + UrlBase.DEFAULT + ").")
  private List<String> bases;

  @Option(names = "--image", paramLabel = "FILE",
      description = "Read the QR code from a PNG or JPEG image instead of TEXT.")
  private Path image;

  @Parameters(paramLabel = "TEXT", arity = "0..1",
      description = "The QR text, or - to read it from stdin.")
  private String text;

  VerifyCommand(Clock clock, PrintWriter out) {
    this.clock = clock;
    this.out = out;
  }

  @Override
  public Integer call() {
    Clock at = this.at == null ? clock : Clock.fixed(Inputs.instant("--at", this.at),
        ZoneOffset.UTC);
    VerificationPolicy.Builder policy = VerificationPolicy.builder(trustList(), at);
    for (String b : bases == null ? List.of(UrlBase.DEFAULT) : bases) {
      policy.officialBase(Inputs.base(b));
    }
    if ((image == null) == (text == null)) {
      throw new CliException("give either the QR TEXT or --image FILE, not both or neither");
    }
    String verdict;
    if (image != null) {
      ScanResult scan;
      try {
        scan = TicketScanner.scan(Inputs.read(image, TicketScanner.MAX_IMAGE_BYTES, "image"),
            policy.build());
      } catch (ImageFormatException e) {
        throw new CliException(image + ": " + e.getMessage());
      }
      verdict = scan.verdict();
      out.print(scan instanceof ScanResult.Read read ? TicketJson.verdict(read.verification())
          : TicketJson.verdict(verdict, "no QR code found in the image"));
    } else {
      VerificationResult result = TicketVerifier.verify(Inputs.qrText(text), policy.build());
      verdict = result.verdict();
      out.print(TicketJson.verdict(result));
    }
    out.flush();
    return verdict.equals("VALID") ? Main.OK : Main.NOT_VALID;
  }

  private TrustList trustList() {
    if (trust.key != null) {
      return TrustList.pinned(Inputs.verificationKey(trust.key));
    }
    VerificationKey root = Inputs.verificationKey(trust.list.root);
    try {
      return TrustList.parseSigned(
          Inputs.read(trust.list.trust, TrustList.MAX_DOCUMENT_BYTES, "trust list"), root);
    } catch (TrustListException e) {
      throw new CliException(trust.list.trust + ": " + e.getMessage());
    }
  }
}
