package kz.ekino.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import kz.ekino.client.ClientException;
import kz.ekino.client.Outbox;
import kz.ekino.client.OutboxException;
import kz.ekino.client.OutboxStats;
import kz.ekino.client.RegistryClient;
import kz.ekino.client.Ticket;
import kz.ekino.core.json.v1.SaleFormatException;
import kz.ekino.core.json.v1.SaleJson;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.key.VerificationKey;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.TokenKind;
import kz.ekino.core.registration.Registration;
import kz.ekino.core.registration.RegistrationException;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.token.UrlBase;
import kz.ekino.core.trust.TrustList;
import kz.ekino.core.trust.TrustListException;
import kz.ekino.core.verify.TicketVerifier;
import kz.ekino.core.verify.VerificationPolicy;
import kz.ekino.core.verify.VerificationResult;
import kz.ekino.core.verify.VerifiedTicket;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "register", mixinStandardHelpOptions = true,
    description = {"Signs a sale (docs/sale-json.md) with the vendor key, registers it with a "
        + "running registry and prints the registered token's QR text (docs/client.md).",
        "With --outbox FILE, a registry that cannot be reached (or answers 429/503) does not "
            + "stop the sale: the signed sale is written to FILE, a PROVISIONAL token signed "
            + "with the vendor key is printed (exit 10), and every later run with the same "
            + "FILE sends what waits there first."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        Main.OK + ":registered; the QR text is printed",
        Main.NOT_VALID + ":the registry refused the sale (the reason is printed)",
        Main.USAGE + ":usage error: bad arguments, files, URL, or an answer that is not a "
            + "registry's (such as a token that does not verify with the trust list)",
        Main.INTERNAL + ":internal error (a bug)",
        Main.UNAVAILABLE + ":the registry could not be reached; nothing registered (without "
            + "--outbox)",
        Main.REGISTRATION_PENDING + ":with --outbox: PROVISIONAL token printed, the sale "
            + "waits in the outbox"})
final class RegisterCommand implements Callable<Integer> {
  private final Clock clock;
  private final PrintWriter out;
  private final PrintWriter err;

  @Option(names = "--server", required = true, paramLabel = "URL",
      description = "The registry, e.g. http://127.0.0.1:8080 (its API under /api/v1).")
  private String server;

  @Option(names = "--vendor-key", required = true, paramLabel = "KEY.pem",
      description = "The vendor's private key (PKCS#8 PEM), which signs the sale.")
  private Path vendorKey;

  @Option(names = "--sale", required = true, paramLabel = "sale.json",
      description = "The sale, as sale JSON v1.")
  private Path sale;

  /** Whom the registry's token must verify with before it is printed. */
  @ArgGroup(exclusive = true, multiplicity = "1")
  private Trust trust;

  static final class Trust {
    @Option(names = "--key", paramLabel = "PUB.pem",
        description = "Trust this one registry public key (development).")
    Path key;

    @ArgGroup(exclusive = false)
    SignedList list;
  }

  static final class SignedList {
    @Option(names = "--trust", required = true, paramLabel = "trust.json",
        description = "Signed trust list: the registry's token must verify with it before "
            + "it is printed.")
    Path trust;

    @Option(names = "--root", required = true, paramLabel = "ROOT.pub.pem",
        description = "Pinned root key that signed the trust list.")
    Path root;
  }

  @Option(names = "--outbox", paramLabel = "FILE",
      description = "The outbox (SQLite file, created if missing) that keeps the sale when "
          + "the registry is away.")
  private Path outbox;

  @Option(names = "--base", defaultValue = UrlBase.DEFAULT, paramLabel = "URL",
      description = "URL base of the QR text (default: ${DEFAULT-VALUE}).")
  private String base;

  RegisterCommand(Clock clock, PrintWriter out, PrintWriter err) {
    this.clock = clock;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    UrlBase urlBase = Inputs.base(base);
    RegistryClient client = Online.client("--server", server, clock);
    SigningKey key = Inputs.signingKey(vendorKey);
    Sale s;
    try {
      s = SaleJson.read(Inputs.read(sale, SaleJson.MAX_BYTES, "sale file"));
    } catch (SaleFormatException e) {
      throw new CliException(sale + ": " + e.getMessage());
    }
    if (s.specimen()) {
      throw new CliException(sale + ": a specimen sale is not registered (ekino token prints "
          + "its SPECIMEN token)");
    }
    VerificationPolicy policy = VerificationPolicy.builder(trustList(), clock)
        .officialBase(urlBase).build();
    return outbox == null ? direct(client, key, s, urlBase, policy)
        : queued(client, key, s, urlBase, policy);
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

  /** The registry's token must verify as the REGISTERED token of this very sale. */
  private void check(Sale s, Registration r, VerificationPolicy policy) {
    VerificationResult result = TicketVerifier.verifyToken(r.token().bytes(), policy);
    VerifiedTicket t = result.ticket().orElse(null);
    if (t == null || t.kind() != TokenKind.REGISTERED
        || !t.claims().ticketId().equals(s.ticketId()) || !t.claims().vendor().equals(s.vendor())
        || t.claims().serial().orElse(-1) != r.serial()) {
      throw new CliException("register " + s.ticketId() + ": the answer of " + server
          + " is not this sale's registered token by the trusted registry ("
          + result.verdict() + "): nothing printed; check --server and the trust list",
          Main.USAGE);
    }
  }

  private int direct(RegistryClient client, SigningKey key, Sale s, UrlBase urlBase,
      VerificationPolicy policy) {
    Registration r;
    try {
      r = client.registerSale(Submissions.signSale(s, key));
    } catch (ClientException e) {
      throw Online.failure("register " + s.ticketId(), e);
    }
    check(s, r, policy);
    out.println(r.token().qrText(urlBase));
    out.flush();
    note(r);
    return Main.OK;
  }

  private int queued(RegistryClient client, SigningKey key, Sale s, UrlBase urlBase,
      VerificationPolicy policy) {
    try (Outbox box = Outbox.builder(outbox, client).clock(clock).drainEvery(Duration.ZERO)
        .verifyWith(policy).open()) {
      Ticket ticket;
      try {
        ticket = box.register(s, key);
      } catch (RegistrationException e) {
        throw new CliException("register " + s.ticketId() + ": registry refused: "
            + e.getMessage() + " (kept in " + outbox + " as REFUSED)", Main.NOT_VALID);
      } catch (IllegalArgumentException e) {
        throw new CliException(sale + ": " + e.getMessage());
      }
      out.println(ticket.qrText(urlBase));
      out.flush();
      if (ticket.isRegistered()) {
        note(ticket.registration().orElseThrow());
        int drained = box.drainNow();
        if (drained > 0) {
          err.printf("ekino: register: %d earlier sale(s) from %s registered%n", drained,
              outbox);
        }
      } else {
        err.printf("ekino: register: the registry is unavailable: PROVISIONAL token printed; "
            + "ticket %s waits in %s%n", s.ticketId(), outbox);
      }
      OutboxStats stats = box.stats();
      if (stats.pending() > 0 || stats.refused() > 0) {
        err.printf("ekino: register: outbox %s: %d waiting (oldest sold %s ago), %d refused%n",
            outbox, stats.pending(), stats.oldestPendingAge().map(RegisterCommand::age)
                .orElse("-"), stats.refused());
        if (stats.olderThan(Outbox.ALERT_AGE)) {
          err.printf("ekino: register: ALERT: a sale has waited over %d h; the registry "
              + "refuses sales older than 72 h%n", Outbox.ALERT_AGE.toHours());
        }
      }
      err.flush();
      return ticket.isRegistered() ? Main.OK : Main.REGISTRATION_PENDING;
    } catch (OutboxException e) {
      throw new CliException("--outbox: " + e.getMessage());
    }
  }

  private void note(Registration r) {
    err.printf("ekino: register: serial %d, registered at %s%s%n", r.serial(), r.registeredAt(),
        r.alreadyRegistered() ? " (already registered: the first registration)" : "");
    err.flush();
  }

  private static String age(Duration d) {
    return d.toHours() > 0 ? d.toHours() + " h " + d.toMinutesPart() + " min"
        : d.toMinutes() + " min " + d.toSecondsPart() + " s";
  }
}
