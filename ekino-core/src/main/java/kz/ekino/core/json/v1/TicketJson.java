package kz.ekino.core.json.v1;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import kz.ekino.core.internal.EnumCodes;
import kz.ekino.core.internal.JsonOut;
import kz.ekino.core.key.Algorithm;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.model.TokenKind;
import kz.ekino.core.trust.KeyRole;
import kz.ekino.core.verify.VerificationResult;
import kz.ekino.core.verify.VerifiedTicket;

/**
 * JSON views of verified tickets for tools and services: the verdict document printed by
 * {@code ekino verify} and the claims objects of the token test vectors (docs/spec/token-v1.md).
 */
public final class TicketJson {
  /**
   * The zone of the {@code display} block: Kazakhstan's single time zone (UTC+05:00 since
   * 1 March 2024, as in tz database 2024a and later), the zone of screening days in
   * {@link kz.ekino.core.monitor.BoxOfficeTally#KAZAKHSTAN}.
   */
  public static final ZoneId SCREENING_ZONE = kz.ekino.core.model.Screening.ZONE;
  /** RFC 3339 with the zone's offset, seconds always written: {@code 2026-11-28T19:30:00+05:00}. */
  private static final DateTimeFormatter LOCAL_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);
  private static final EnumCodes<TokenKind, String> KINDS =
      EnumCodes.of(TokenKind.class, k -> switch (k) {
        case REGISTERED -> "REGISTERED";
        case PROVISIONAL -> "PROVISIONAL";
        case SPECIMEN -> "SPECIMEN";
      });
  private static final EnumCodes<KeyRole, String> ROLES =
      EnumCodes.of(KeyRole.class, r -> switch (r) {
        case REGISTRY -> "REGISTRY";
        case VENDOR -> "VENDOR";
        case DEVELOPMENT -> "DEVELOPMENT";
      });
  private static final EnumCodes<Algorithm, String> ALGORITHMS =
      EnumCodes.of(Algorithm.class, a -> switch (a) {
        case ED25519 -> "ED25519";
        case ES256 -> "ES256";
      });

  private TicketJson() {}

  /**
   * {@code {"verdict": ..., "ticket": {...}, "display": {...}, "signer": {...}}} for an accepted
   * token, or {@code {"verdict": REASON, "detail": ...}} for a rejected one. {@code ticket} is
   * what the token states, exactly as in the token vectors; {@code display} derives from it what
   * a person reads: the screening start in {@link #SCREENING_ZONE} with its offset, the price in
   * tenge as a decimal string, and the film as its certificate number with a {@code null} title,
   * since the token carries no title (the registry's verification page adds it).
   */
  public static String verdict(VerificationResult result) {
    ObjectNode o = JsonOut.object().put("verdict", result.verdict());
    if (result instanceof VerificationResult.Rejected) {
      o.put("detail", ((VerificationResult.Rejected) result).detail());
    } else {
      VerifiedTicket t = result.ticket().orElseThrow();
      o.set("ticket", claimsNode(t.claims()));
      o.set("display", displayNode(t.claims()));
      o.putObject("signer")
          .put("kid", t.signer().keyId().toHex())
          .put("role", ROLES.encode(t.signer().role()))
          .put("algorithm", ALGORITHMS.encode(t.signer().key().algorithm()));
    }
    return JsonOut.pretty(o);
  }

  /**
   * {@code {"verdict": ..., "detail": ...}} for an outcome that is not a verification, such as
   * a scanner's NO_QR_FOUND.
   */
  public static String verdict(String verdict, String detail) {
    return JsonOut.pretty(JsonOut.object().put("verdict", verdict).put("detail", detail));
  }

  /** The claims as a JSON object, instants in UTC, BINs as 12-digit strings. */
  public static String claims(TicketClaims claims) {
    return JsonOut.pretty(claimsNode(claims));
  }

  /** {@code instant} in {@link #SCREENING_ZONE}, as the {@code display} block writes it. */
  public static String local(Instant instant) {
    return LOCAL_TIME.format(instant.atZone(SCREENING_ZONE));
  }

  /** Whole tiyn as tenge with two decimals, exactly: 250000 is {@code "2500.00"}. */
  public static String tenge(long tiyn) {
    return BigDecimal.valueOf(tiyn, 2).toPlainString();
  }

  private static ObjectNode displayNode(TicketClaims c) {
    ObjectNode o = JsonOut.object()
        .put("timeZone", SCREENING_ZONE.getId())
        .put("screeningLocal", local(c.screeningStart()))
        .put("priceTenge", tenge(c.priceTiyn()));
    o.putObject("film").put("certificate", c.film().value()).putNull("title");
    return o;
  }

  private static ObjectNode claimsNode(TicketClaims c) {
    ObjectNode o = JsonOut.object().put("kind", KINDS.encode(c.kind()));
    c.serial().ifPresent(s -> o.put("serial", s));
    c.registeredAt().ifPresent(t -> o.put("registeredAt", t.toString()));
    c.soldAt().ifPresent(t -> o.put("soldAt", t.toString()));
    o.put("ticketId", c.ticketId().value())
        .put("vendorBin", c.vendor().value())
        .put("cinemaBin", c.cinema().value())
        .put("hall", c.hall().value())
        .put("screeningStart", c.screeningStart().toString())
        .put("film", c.film().value());
    SaleJson.putSeat(o, c.seat());
    o.put("priceTiyn", c.priceTiyn());
    return o;
  }
}
