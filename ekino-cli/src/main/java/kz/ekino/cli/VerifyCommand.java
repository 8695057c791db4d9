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
        + "prints the verdict: a short text for people (on a terminal) or a JSON document "
        + "(otherwise, or with --format json). NO_QR_FOUND is the verdict for an image "
        + "without a QR code.",
        "With --online URL the registry is asked too (POST /api/v1/status): its live status of "
            + "the ticket is added (JSON: the member \"online\"); a REFUNDED ticket, or a "
            + "serial the registry does not know, exits 1."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        Main.OK + ":VALID: a registered sale",
        Main.NOT_VALID + ":rejected: any verdict naming a reason (forged, altered, expired, "
            + "unknown key, NO_QR_FOUND, ...)",
        Main.USAGE + ":usage error: bad arguments, or an unreadable or invalid key, trust "
            + "list or image file",
        Main.INTERNAL + ":internal error (a bug)",
        Main.UNAVAILABLE + ":--online: the registry could not be reached (the offline verdict "
            + "is printed)",
        Main.REGISTRATION_PENDING + ":PROVISIONAL: registration pending, signed by the "
            + "seller during an outage; not a forgery",
        Main.SPECIMEN + ":SPECIMEN: a training ticket, not a sale"})
final class VerifyCommand implements Callable<Integer> {
  /** How the verdict is printed. */
  enum Format { TEXT, JSON }

  private final Clock clock;
  private final PrintWriter out;
  private final boolean terminal;

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

  @Option(names = "--format", paramLabel = "text|json",
      description = "Print the verdict as text for people or as JSON (default: text when "
          + "the output is a terminal, else json).")
  private Format format;

  @Option(names = "--lang", paramLabel = "kk|ru|en", defaultValue = "en",
      description = "Language of the text verdict: Kazakh, Russian or English (default: en).")
  private VerdictText.Lang lang;

  @Option(names = "--online", paramLabel = "URL",
      description = "Also ask this registry (e.g. http://127.0.0.1:8080) for the ticket's live "
          + "status.")
  private String online;

  @Parameters(paramLabel = "TEXT", arity = "0..1",
      description = "The QR text, or - to read it from stdin.")
  private String text;

  /** {@code terminal}: whether the output goes to a terminal, which makes text the default. */
  VerifyCommand(Clock clock, PrintWriter out, boolean terminal) {
    this.clock = clock;
    this.out = out;
    this.terminal = terminal;
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
    kz.ekino.client.RegistryClient registry =
        online == null ? null : Online.client("--online", online, clock);
    Format shown = format != null ? format : terminal ? Format.TEXT : Format.JSON;
    boolean json = shown == Format.JSON;
    VerificationResult result;
    String scanned;
    if (image != null) {
      ScanResult scan;
      try {
        scan = TicketScanner.scan(Inputs.read(image, TicketScanner.MAX_IMAGE_BYTES, "image"),
            policy.build());
      } catch (ImageFormatException e) {
        throw new CliException(image + ": " + e.getMessage());
      }
      if (!(scan instanceof ScanResult.Read read)) {
        out.print(json ? TicketJson.verdict(scan.verdict(), "no QR code found in the image")
            : VerdictText.of(lang).noQrFound(scan.verdict()));
        out.flush();
        return Main.NOT_VALID;
      }
      result = read.verification();
      scanned = read.text();
    } else {
      scanned = Inputs.qrText(text);
      result = TicketVerifier.verify(scanned, policy.build());
    }
    if (registry == null) {
      out.print(json ? TicketJson.verdict(result) : VerdictText.of(lang).render(result));
      out.flush();
      return exitCode(result);
    }
    kz.ekino.client.QrStatus live;
    try {
      live = registry.status(scanned);
    } catch (kz.ekino.client.ClientException e) {
      out.print(json ? TicketJson.verdict(result) : VerdictText.of(lang).render(result));
      out.flush();
      throw Online.failure("verify --online", e);
    } catch (IllegalArgumentException e) {
      throw new CliException("--online: " + e.getMessage());
    }
    out.print(json ? withOnline(TicketJson.verdict(result), live)
        : VerdictText.of(lang).render(result) + VerdictText.of(lang).online(result.verdict(), live));
    out.flush();
    int code = exitCode(result);
    if (live.registry().isPresent()) {
      switch (live.registry().get().status()) {
        case REFUNDED:
        case UNKNOWN:
          return Main.NOT_VALID;
        default:
          break;
      }
    }
    return code;
  }

  /** The offline verdict document with {@code "online": {verdict, registry}} added. */
  private static String withOnline(String verdict, kz.ekino.client.QrStatus live) {
    try {
      com.fasterxml.jackson.databind.ObjectMapper mapper =
          new com.fasterxml.jackson.databind.ObjectMapper();
      com.fasterxml.jackson.databind.node.ObjectNode doc =
          (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(verdict);
      com.fasterxml.jackson.databind.node.ObjectNode o = doc.putObject("online");
      o.put("verdict", live.verdict());
      com.fasterxml.jackson.databind.JsonNode served = mapper.readTree(live.document());
      if (served.has("registry")) {
        o.set("registry", served.get("registry"));
      }
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("re-reading the verdict document", e);
    }
  }

  /** 0, 10 or 11 by the accepted token's kind; 1 for every rejection. */
  static int exitCode(VerificationResult result) {
    if (result instanceof VerificationResult.Accepted accepted) {
      return switch (accepted.verified().kind()) {
        case REGISTERED -> Main.OK;
        case PROVISIONAL -> Main.REGISTRATION_PENDING;
        case SPECIMEN -> Main.SPECIMEN;
      };
    }
    return Main.NOT_VALID;
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
