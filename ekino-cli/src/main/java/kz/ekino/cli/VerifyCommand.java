package kz.ekino.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Verifies a ticket's QR text offline and prints a JSON verdict.",
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

  @Parameters(paramLabel = "TEXT", description = "The QR text, or - to read it from stdin.")
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
    VerificationResult result = TicketVerifier.verify(qrText(), policy.build());
    out.print(TicketJson.verdict(result));
    out.flush();
    return result.verdict().equals("VALID") ? Main.OK : Main.NOT_VALID;
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

  private String qrText() {
    if (!text.equals("-")) {
      return text;
    }
    try {
      // One QR text; more than the verifier would ever consider is read no further.
      byte[] in = System.in.readNBytes(TicketVerifier.MAX_TEXT_LENGTH * 4 + 1);
      return new String(in, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new CliException("cannot read the QR text from stdin: " + e.getMessage());
    }
  }
}
