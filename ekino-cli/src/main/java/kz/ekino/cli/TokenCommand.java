package kz.ekino.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import kz.ekino.core.json.v1.SaleFormatException;
import kz.ekino.core.json.v1.SaleJson;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.token.TicketToken;
import kz.ekino.core.model.TokenKind;
import kz.ekino.core.token.UrlBase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "token", mixinStandardHelpOptions = true,
    description = {"Prints the QR text of a signed token for a sale (docs/sale-json.md).",
        "Tokens are normally the registry's receipts, returned when a sale registers; this "
            + "command signs one locally, for tests, demos and a vendor's own provisional "
            + "tokens. A REGISTERED token needs the registry's --serial."})
final class TokenCommand implements Callable<Integer> {
  private final Clock clock;
  private final PrintWriter out;

  @Option(names = "--key", required = true, paramLabel = "KEY.pem",
      description = "Private key that signs (PKCS#8 PEM).")
  private Path key;

  @Option(names = "--sale", required = true, paramLabel = "sale.json",
      description = "The sale, as sale JSON v1.")
  private Path sale;

  @Option(names = "--kind", paramLabel = "registered|provisional|specimen",
      description = "Token kind (default: specimen for a specimen sale, else registered).")
  private TokenKind kind;

  @Option(names = "--serial", paramLabel = "N",
      description = "Registry serial number, 1 to 9223372036854775807 (2^63-1).")
  private Long serial;

  @Option(names = "--at", paramLabel = "INSTANT",
      description = "Registration instant of a registered token (default: now).")
  private String at;

  @Option(names = "--base", defaultValue = UrlBase.DEFAULT, paramLabel = "URL",
      description = "URL base of the QR text (default: ${DEFAULT-VALUE}).")
  private String base;

  TokenCommand(Clock clock, PrintWriter out) {
    this.clock = clock;
    this.out = out;
  }

  @Override
  public Integer call() {
    UrlBase urlBase = Inputs.base(base);
    SigningKey signingKey = Inputs.signingKey(key);
    Sale s;
    try {
      s = SaleJson.read(Inputs.read(sale, SaleJson.MAX_BYTES, "sale file"));
    } catch (SaleFormatException e) {
      throw new CliException(sale + ": " + e.getMessage());
    }
    TokenKind k = kind != null ? kind : s.specimen() ? TokenKind.SPECIMEN : TokenKind.REGISTERED;
    if (k != TokenKind.REGISTERED && (serial != null || at != null)) {
      throw new CliException("--serial and --at belong to registered tokens only");
    }
    TicketClaims claims;
    try {
      switch (k) {
        case REGISTERED:
          if (serial == null) {
            throw new CliException("a registered token needs --serial N (the registry's serial)");
          }
          Instant registeredAt = at == null ? clock.instant() : Inputs.instant("--at", at);
          claims = TicketClaims.registered(s, serial, registeredAt);
          break;
        case PROVISIONAL:
          claims = TicketClaims.provisional(s);
          break;
        default:
          claims = TicketClaims.specimen(s);
          break;
      }
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    out.println(TicketToken.issue(claims, signingKey).qrText(urlBase));
    return Main.OK;
  }
}
