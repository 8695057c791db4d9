package kz.ekino.server;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import kz.ekino.core.json.v1.TicketJson;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.model.TokenKind;
import kz.ekino.core.registration.TicketStatus;
import kz.ekino.core.token.UrlBase;
import kz.ekino.core.verify.RejectionReason;
import kz.ekino.core.verify.TicketVerifier;
import kz.ekino.core.verify.VerificationPolicy;
import kz.ekino.core.verify.VerificationResult;
import kz.ekino.core.verify.VerifiedTicket;
import kz.ekino.registry.Registry;
import org.jspecify.annotations.Nullable;

/**
 * What the verification page says of one request: the QR text rebuilt from the official base
 * and the request's path, verified with the registry's own policy ({@link Registry#verify}),
 * and for a verified ticket its live status. Built by {@link #of}; never throws for bad data.
 */
final class PageVerdict {
  /** The headline of the page. {@link #reportable} outcomes offer "Report this ticket". */
  enum Outcome {
    REGISTERED("ok", false),
    ADMITTED("warn", false),
    REFUNDED("bad", false),
    /** A PROVISIONAL ticket within the allowed delay: registration pending. */
    PENDING("warn", false),
    /** A PROVISIONAL ticket past the allowed delay: the sale was not registered in time. */
    OVERDUE("bad", true),
    /** A registry receipt whose serial the registry does not hold. */
    NOT_REGISTERED("bad", true),
    /**
     * A PROVISIONAL ticket whose ticket id was registered with another cinema, screening or
     * price: the sale the visitor paid for is not the one the state holds.
     */
    DIFFERENT("bad", true),
    SPECIMEN("info", false),
    /** The signature does not verify, or no trusted key made it: forged or altered. */
    FORGED("bad", true),
    MALFORMED("bad", false),
    /** Opened through a host that is not the official one (a look-alike). */
    FOREIGN("bad", false),
    /** Signed, but not valid for another reason (a future date, an unknown version). */
    INVALID("bad", false),
    /** The registry cannot judge now (its trust list expired, its storage failed). */
    UNAVAILABLE("info", false);

    final String css;
    final boolean reportable;

    Outcome(String css, boolean reportable) {
      this.css = css;
      this.reportable = reportable;
    }
  }

  final Outcome outcome;
  /** The QR text checked: the official prefix and the token of the path. */
  final String qrText;
  /** The verified ticket, also for OVERDUE and a screening that is over; absent otherwise. */
  final Optional<VerifiedTicket> ticket;
  final Optional<TicketStatus> status;
  /** The verdict document shown and stored with a complaint (TicketJson.verdict). */
  final String verdictJson;
  final boolean screeningOver;
  /** How long ago a PROVISIONAL ticket was sold, on the registry's clock. */
  final Duration sinceSale;
  /** The delay a PROVISIONAL ticket has to be registered in. */
  final Duration allowedDelay;
  /** The host the page was opened through (for a FOREIGN page) and the official one. */
  final String requestHost;
  final String officialHost;

  private PageVerdict(Outcome outcome, String qrText, Optional<VerifiedTicket> ticket,
      Optional<TicketStatus> status, String verdictJson, boolean screeningOver,
      Duration sinceSale, Duration allowedDelay, String requestHost, String officialHost) {
    this.outcome = outcome;
    this.qrText = qrText;
    this.ticket = ticket;
    this.status = status;
    this.verdictJson = verdictJson;
    this.screeningOver = screeningOver;
    this.sinceSale = sinceSale;
    this.allowedDelay = allowedDelay;
    this.requestHost = requestHost;
    this.officialHost = officialHost;
  }

  /**
   * Judges the token of {@code /T/<token>} opened through {@code host} (the request's Host
   * header). A look-alike host is FOREIGN before anything is verified; otherwise the QR text is
   * exactly the official prefix followed by the token, as the camera read it.
   */
  static PageVerdict of(Registry registry, @Nullable String host, String token) {
    VerificationPolicy policy = registry.verificationPolicy();
    UrlBase base = policy.officialBases().iterator().next();
    String official = authority(base);
    String shownHost = host == null ? "" : host;
    Duration delay = policy.provisionalMaxAge();
    if (host == null || !isOfficialOrLoopback(host, policy)) {
      return new PageVerdict(Outcome.FOREIGN, "", Optional.empty(), Optional.empty(),
          TicketJson.verdict("FOREIGN_URL", "opened through a host that is not official"),
          false, Duration.ZERO, delay, shownHost, official);
    }
    String qr = base.prefix() + token;
    VerificationResult strict = registry.verify(qr);
    VerificationResult shown = strict;
    if (strict instanceof VerificationResult.Rejected) {
      RejectionReason reason = ((VerificationResult.Rejected) strict).reason();
      if (reason == RejectionReason.PROVISIONAL_EXPIRED
          || reason == RejectionReason.SCREENING_OVER) {
        // Still the registry's trust list and clock: only the two delays are lifted, so that
        // an overdue ticket shows what it is (and can be reported), and an old one its status.
        VerificationResult lenient = TicketVerifier.verify(qr, lenient(policy));
        if (lenient.ticket().isPresent()) {
          shown = lenient;
        }
      }
    }
    String json = TicketJson.verdict(shown);
    if (shown.ticket().isEmpty()) {
      RejectionReason reason = ((VerificationResult.Rejected) shown).reason();
      return new PageVerdict(rejected(reason), qr, Optional.empty(), Optional.empty(), json,
          false, Duration.ZERO, delay, shownHost, official);
    }
    VerifiedTicket ticket = shown.ticket().get();
    TicketClaims claims = ticket.claims();
    Instant now = policy.clock().instant();
    boolean over = now.isAfter(claims.screeningStart().plus(policy.screeningGrace()));
    Duration since = Duration.between(claims.signedAt(), now);
    Outcome outcome;
    Optional<TicketStatus> status = Optional.empty();
    if (claims.kind() == TokenKind.SPECIMEN) {
      outcome = Outcome.SPECIMEN;
    } else {
      // A PROVISIONAL ticket names no serial: its sale, once it has arrived, by vendor and
      // ticket id (and only if it is the same sale).
      Optional<TicketStatus> found = claims.kind() == TokenKind.PROVISIONAL
          ? registry.statusOfArrived(claims)
          : Optional.of(registry.status(claims.serial().orElseThrow()));
      status = found;
      switch (found.map(TicketStatus::status).orElse(TicketStatus.Status.UNKNOWN)) {
        case REFUNDED:
          outcome = Outcome.REFUNDED;
          break;
        case ADMITTED:
          outcome = Outcome.ADMITTED;
          break;
        case REGISTERED:
          outcome = Outcome.REGISTERED;
          break;
        default:
          if (claims.kind() != TokenKind.PROVISIONAL) {
            outcome = Outcome.NOT_REGISTERED;
          } else if (found.isPresent()) {
            outcome = Outcome.DIFFERENT;
          } else {
            outcome = since.compareTo(delay) > 0 ? Outcome.OVERDUE : Outcome.PENDING;
          }
      }
    }
    return new PageVerdict(outcome, qr, Optional.of(ticket), status, json, over, since, delay,
        shownHost, official);
  }

  private static Outcome rejected(RejectionReason reason) {
    switch (reason) {
      case BAD_SIGNATURE:
      case UNKNOWN_KEY:
      case ALGORITHM_MISMATCH:
      case KEY_NOT_VALID:
        return Outcome.FORGED;
      case MALFORMED:
        return Outcome.MALFORMED;
      case FOREIGN_URL:
        return Outcome.FOREIGN;
      case TRUST_LIST_EXPIRED:
      case STALE_LIST:
      case LIST_ROLLBACK:
        return Outcome.UNAVAILABLE;
      default:
        return Outcome.INVALID;
    }
  }

  /** The registry's policy with the PROVISIONAL delay and the screening grace lifted. */
  private static VerificationPolicy lenient(VerificationPolicy p) {
    VerificationPolicy.Builder b = VerificationPolicy.builder(p.trust(), p.clock())
        .clockSkew(p.clockSkew())
        .revocationMaxAge(p.revocationMaxAge())
        .provisionalMaxAge(Duration.ofDays(3660))
        .screeningGrace(Duration.ofDays(3660));
    p.officialBases().forEach(b::officialBase);
    return b.build();
  }

  /** {@code qr.ekino.kz} of {@code HTTPS://QR.EKINO.KZ}, in lower case, with a port if any. */
  static String authority(UrlBase base) {
    String a = URI.create(base.value()).getRawAuthority();
    return asciiLower(a == null ? base.value() : a);
  }

  /**
   * Whether {@code host} (a Host header) is an official base's authority, compared in ASCII
   * case only (Unicode folding would let the Kelvin sign pass for K), or a loopback address
   * (the server on one's own machine, which no look-alike domain can be).
   */
  static boolean isOfficialOrLoopback(String host, VerificationPolicy policy) {
    for (int i = 0; i < host.length(); i++) {
      if (host.charAt(i) <= 0x20 || host.charAt(i) >= 0x7f) {
        return false;
      }
    }
    String h = asciiLower(host);
    for (UrlBase base : policy.officialBases()) {
      String a = authority(base);
      if (h.equals(a) || h.equals(a + (base.value().startsWith("HTTPS:") ? ":443" : ":80"))) {
        return true;
      }
    }
    String name = h.startsWith("[") ? h.substring(0, h.indexOf(']') + 1)
        : h.contains(":") ? h.substring(0, h.indexOf(':')) : h;
    return name.equals("localhost") || name.equals("127.0.0.1") || name.equals("[::1]");
  }

  static String asciiLower(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    return b.toString();
  }
}
