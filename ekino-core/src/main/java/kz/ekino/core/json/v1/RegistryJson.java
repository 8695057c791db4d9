package kz.ekino.core.json.v1;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import kz.ekino.core.internal.EnumCodes;
import kz.ekino.core.internal.JsonIn;
import kz.ekino.core.internal.StrictBase64;
import kz.ekino.core.internal.JsonInputException;
import kz.ekino.core.internal.JsonOut;
import kz.ekino.core.log.ConsistencyProof;
import kz.ekino.core.log.InclusionProof;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.log.TreeHash;
import kz.ekino.core.model.Bin;
import kz.ekino.core.registration.AdmissionResult;
import kz.ekino.core.registration.Gate;
import kz.ekino.core.registration.RefundReceipt;
import kz.ekino.core.registration.Refusal;
import kz.ekino.core.registration.Registration;
import kz.ekino.core.registration.RegistrationException;
import kz.ekino.core.registration.TicketStatus;
import kz.ekino.core.revocation.RevocationList;
import kz.ekino.core.token.TicketToken;

/**
 * Registry API JSON v1 (docs/spec/registry-api-v1.md): the documents a registry server sends
 * and its clients read. Writing gives compact UTF-8; reading is strict: one object of the
 * expected shape, no unknown or duplicate fields, no trailing data, bounded size, and every
 * enum through its table of wire strings below, never its Java name.
 */
public final class RegistryJson {
  /** Every document but the revocation list is far smaller; larger ones are refused unread. */
  public static final int MAX_BYTES = 64 * 1024;
  /** The revocation list in base64url, with room for its field name. */
  public static final int MAX_REVOCATION_LIST_BYTES = RevocationList.MAX_BYTES / 3 * 4 + 1024;
  /** Details longer than this are cut when written and refused when read. */
  public static final int MAX_DETAIL_CHARS = 2000;

  private static final EnumCodes<Refusal, String> REFUSALS =
      EnumCodes.of(Refusal.class, r -> switch (r) {
        case MALFORMED -> "MALFORMED";
        case TRUST_LIST_EXPIRED -> "TRUST_LIST_EXPIRED";
        case UNKNOWN_KEY -> "UNKNOWN_KEY";
        case ALGORITHM_MISMATCH -> "ALGORITHM_MISMATCH";
        case BAD_SIGNATURE -> "BAD_SIGNATURE";
        case UNSUPPORTED_VERSION -> "UNSUPPORTED_VERSION";
        case KEY_NOT_VALID -> "KEY_NOT_VALID";
        case ISSUED_IN_FUTURE -> "ISSUED_IN_FUTURE";
        case UNKNOWN_CINEMA -> "UNKNOWN_CINEMA";
        case UNKNOWN_HALL -> "UNKNOWN_HALL";
        case CONFLICT -> "CONFLICT";
        case UNKNOWN_SALE -> "UNKNOWN_SALE";
        case NOT_YOUR_SALE -> "NOT_YOUR_SALE";
        case INVALID_REFUND -> "INVALID_REFUND";
        case ADMITTED -> "ADMITTED";
        case TOO_LATE -> "TOO_LATE";
        case UNKNOWN_TERMINAL -> "UNKNOWN_TERMINAL";
        case UNDECLARED_SCREENING -> "UNDECLARED_SCREENING";
        case INVALID_CORRECTION -> "INVALID_CORRECTION";
        case UNAVAILABLE -> "UNAVAILABLE";
        case TIMEOUT -> "TIMEOUT";
        case CLOSED -> "CLOSED";
      });
  private static final EnumCodes<TicketStatus.Status, String> STATUSES =
      EnumCodes.of(TicketStatus.Status.class, s -> switch (s) {
        case REGISTERED -> "REGISTERED";
        case REFUNDED -> "REFUNDED";
        case ADMITTED -> "ADMITTED";
        case UNKNOWN -> "UNKNOWN";
      });
  private static final EnumCodes<AdmissionResult.Outcome, String> OUTCOMES =
      EnumCodes.of(AdmissionResult.Outcome.class, o -> switch (o) {
        case ADMITTED -> "ADMITTED";
        case ALREADY_ADMITTED -> "ALREADY_ADMITTED";
        case REFUNDED -> "REFUNDED";
        case WRONG_VENUE -> "WRONG_VENUE";
        case UNKNOWN -> "UNKNOWN";
        case NOT_REGISTERED -> "NOT_REGISTERED";
        case INVALID_TICKET -> "INVALID_TICKET";
        case TOO_EARLY -> "TOO_EARLY";
        case SCREENING_OVER -> "SCREENING_OVER";
        case UNAVAILABLE -> "UNAVAILABLE";
      });

  private RegistryJson() {}

  // --- registration -------------------------------------------------------------------------

  /**
   * {@code {"serial", "registeredAt", "token", "alreadyRegistered"}}; the token as base64url
   * of its bytes, which the vendor puts into its QR text under its official URL base.
   */
  public static byte[] write(Registration r) {
    return JsonOut.compact(JsonOut.object()
        .put("serial", r.serial())
        .put("registeredAt", r.registeredAt().toString())
        .put("token", base64url(r.token().bytes()))
        .put("alreadyRegistered", r.alreadyRegistered()));
  }

  public static Registration readRegistration(byte[] json) throws WireFormatException {
    return read(json, MAX_BYTES, o -> {
      long serial = o.integer("serial");
      Instant at = o.instant("registeredAt");
      byte[] bytes = fromBase64url(o, "token", TicketToken.MAX_BYTES);
      TicketToken token = o.convert("token", () -> TicketToken.of(bytes));
      boolean again = o.bool("alreadyRegistered");
      o.requireNoOtherFields();
      return o.convert("serial", () -> new Registration(serial, at, token, again));
    });
  }

  /** {@code {"serial", "saleSerial", "registeredAt", "alreadyRefunded"}}. */
  public static byte[] write(RefundReceipt r) {
    return JsonOut.compact(JsonOut.object()
        .put("serial", r.serial())
        .put("saleSerial", r.saleSerial())
        .put("registeredAt", r.registeredAt().toString())
        .put("alreadyRefunded", r.alreadyRefunded()));
  }

  public static RefundReceipt readRefundReceipt(byte[] json) throws WireFormatException {
    return read(json, MAX_BYTES, o -> {
      long serial = o.integer("serial");
      long sale = o.integer("saleSerial");
      Instant at = o.instant("registeredAt");
      boolean again = o.bool("alreadyRefunded");
      o.requireNoOtherFields();
      return o.convert("serial", () -> new RefundReceipt(serial, sale, at, again));
    });
  }

  /**
   * {@code {"reason", "retryable", "detail"}}: {@code retryable} repeats what the reason
   * implies, for clients that meet a reason newer than they are.
   */
  public static byte[] write(RegistrationException refusal) {
    return JsonOut.compact(JsonOut.object()
        .put("reason", REFUSALS.encode(refusal.refusal()))
        .put("retryable", refusal.retryable())
        .put("detail", cut(refusal.detail())));
  }

  /** The refusal a registry sent, as the exception a local registry would have thrown. */
  public static RegistrationException readRefusal(byte[] json) throws WireFormatException {
    return read(json, MAX_BYTES, o -> {
      Refusal reason = o.text("reason", REFUSALS::decode);
      boolean retryable = o.bool("retryable");
      String detail = detail(o);
      o.requireNoOtherFields();
      if (retryable != reason.retryable()) {
        throw o.error("retryable", reason + " is " + (reason.retryable() ? "" : "not ")
            + "retryable");
      }
      return new RegistrationException(reason, detail);
    });
  }

  // --- status and admission -----------------------------------------------------------------

  /**
   * {@code {"serial", "status", "registeredAt"?, "refundedAt"?, "admittedAt"?, "gate"?}}; an
   * instant or gate the status does not have is left out.
   */
  public static byte[] write(TicketStatus s) {
    ObjectNode o = JsonOut.object()
        .put("serial", s.serial())
        .put("status", STATUSES.encode(s.status()));
    s.registeredAt().ifPresent(t -> o.put("registeredAt", t.toString()));
    s.refundedAt().ifPresent(t -> o.put("refundedAt", t.toString()));
    s.admittedAt().ifPresent(t -> o.put("admittedAt", t.toString()));
    s.admittedAtGate().ifPresent(g -> putGate(o, g));
    return JsonOut.compact(o);
  }

  public static TicketStatus readTicketStatus(byte[] json) throws WireFormatException {
    return read(json, MAX_BYTES, o -> {
      long serial = o.integer("serial");
      TicketStatus.Status status = o.text("status", STATUSES::decode);
      Optional<Instant> registered = o.optionalInstant("registeredAt");
      Optional<Instant> refunded = o.optionalInstant("refundedAt");
      Optional<Instant> admitted = o.optionalInstant("admittedAt");
      Optional<Gate> gate = optionalGate(o);
      o.requireNoOtherFields();
      return o.convert("status",
          () -> new TicketStatus(serial, status, registered, refunded, admitted, gate));
    });
  }

  /** {@code {"outcome", "serial"?, "at"?, "gate"?, "detail"}}. */
  public static byte[] write(AdmissionResult a) {
    ObjectNode o = JsonOut.object().put("outcome", OUTCOMES.encode(a.outcome()));
    a.serial().ifPresent(s -> o.put("serial", s));
    a.at().ifPresent(t -> o.put("at", t.toString()));
    a.gate().ifPresent(g -> putGate(o, g));
    o.put("detail", cut(a.detail()));
    return JsonOut.compact(o);
  }

  public static AdmissionResult readAdmissionResult(byte[] json) throws WireFormatException {
    return read(json, MAX_BYTES, o -> {
      AdmissionResult.Outcome outcome = o.text("outcome", OUTCOMES::decode);
      OptionalLong serial = o.has("serial") ? OptionalLong.of(o.integer("serial"))
          : OptionalLong.empty();
      Optional<Instant> at = o.optionalInstant("at");
      Optional<Gate> gate = optionalGate(o);
      String detail = detail(o);
      o.requireNoOtherFields();
      return new AdmissionResult(outcome, serial, at, gate, detail);
    });
  }

  // --- log proofs ---------------------------------------------------------------------------

  /**
   * {@code {"treeSize", "entry", "path"}}: the log entry's bytes (docs/spec/log-v1.md §2) in
   * base64url, and the audit path's hashes in base64, spelled as in checkpoints.
   */
  public static byte[] write(InclusionProof p) {
    ObjectNode o = JsonOut.object()
        .put("treeSize", p.treeSize())
        .put("entry", base64url(p.entry().encode()));
    putHashes(o, p.path());
    return JsonOut.compact(o);
  }

  public static InclusionProof readInclusionProof(byte[] json) throws WireFormatException {
    return read(json, MAX_BYTES, o -> {
      long treeSize = o.integer("treeSize");
      byte[] bytes = fromBase64url(o, "entry", MAX_BYTES);
      LogEntry entry = o.convert("entry", () -> LogEntry.decode(bytes));
      List<TreeHash> path = hashes(o, InclusionProof.MAX_PATH);
      o.requireNoOtherFields();
      return o.convert("treeSize", () -> new InclusionProof(entry, treeSize, path));
    });
  }

  /** {@code {"size1", "size2", "path"}}, the hashes in base64. */
  public static byte[] write(ConsistencyProof p) {
    ObjectNode o = JsonOut.object().put("size1", p.size1()).put("size2", p.size2());
    putHashes(o, p.path());
    return JsonOut.compact(o);
  }

  public static ConsistencyProof readConsistencyProof(byte[] json) throws WireFormatException {
    return read(json, MAX_BYTES, o -> {
      long size1 = o.integer("size1");
      long size2 = o.integer("size2");
      List<TreeHash> path = hashes(o, ConsistencyProof.MAX_PATH);
      o.requireNoOtherFields();
      return o.convert("size2", () -> new ConsistencyProof(size1, size2, path));
    });
  }

  // --- revocation list ----------------------------------------------------------------------

  /**
   * {@code {"signedList"}}: the registry's signed revocation list (a COSE_Sign1 document,
   * docs/spec/revocation-list-v1.md) exactly as signed, in base64url. The JSON adds nothing a
   * scanner could trust without the signature; {@link RevocationList#open} checks it.
   */
  public static byte[] writeSignedRevocationList(byte[] signedList) {
    if (signedList.length > RevocationList.MAX_BYTES) {
      throw new IllegalArgumentException("a revocation list is at most "
          + RevocationList.MAX_BYTES + " bytes, got " + signedList.length);
    }
    return JsonOut.compact(JsonOut.object().put("signedList", base64url(signedList)));
  }

  /** The signed list's bytes, unverified: open them with {@link RevocationList#open}. */
  public static byte[] readSignedRevocationList(byte[] json) throws WireFormatException {
    return read(json, MAX_REVOCATION_LIST_BYTES, o -> {
      byte[] list = fromBase64url(o, "signedList", RevocationList.MAX_BYTES);
      o.requireNoOtherFields();
      return list;
    });
  }

  // --- shared parts -------------------------------------------------------------------------

  @FunctionalInterface
  private interface Reader<T> {
    T read(JsonIn o) throws JsonInputException;
  }

  private static <T> T read(byte[] json, int maxBytes, Reader<T> reader)
      throws WireFormatException {
    try {
      return reader.read(JsonIn.parse(json, maxBytes));
    } catch (JsonInputException e) {
      throw new WireFormatException(e.getMessage());
    }
  }

  private static void putGate(ObjectNode o, Gate g) {
    o.putObject("gate").put("cinemaBin", g.cinema().value()).put("id", g.id());
  }

  private static Optional<Gate> optionalGate(JsonIn o) throws JsonInputException {
    if (!o.has("gate")) {
      return Optional.empty();
    }
    JsonIn g = o.object("gate");
    Bin cinema = g.text("cinemaBin", Bin::of);
    String id = g.text("id");
    g.requireNoOtherFields();
    return Optional.of(o.convert("gate", () -> new Gate(cinema, id)));
  }

  private static String cut(String detail) {
    return detail.length() <= MAX_DETAIL_CHARS ? detail
        : detail.substring(0, MAX_DETAIL_CHARS - 1) + "…";
  }

  private static String detail(JsonIn o) throws JsonInputException {
    String detail = o.text("detail");
    if (detail.length() > MAX_DETAIL_CHARS) {
      throw o.error("detail", "longer than " + MAX_DETAIL_CHARS + " characters");
    }
    return detail;
  }

  private static void putHashes(ObjectNode o, List<TreeHash> hashes) {
    ArrayNode path = o.putArray("path");
    hashes.forEach(h -> path.add(h.toBase64()));
  }

  /** Base64 with padding, as in checkpoints; only the one canonical spelling of each hash. */
  private static List<TreeHash> hashes(JsonIn o, int max) throws JsonInputException {
    return o.texts("path", max, TreeHash::fromBase64);
  }

  private static String base64url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * RFC 4648 §5 base64url without padding, in its one canonical spelling (no padding, no
   * stray bits in the last character), of at most {@code maxBytes} bytes.
   */
  private static byte[] fromBase64url(JsonIn o, String field, int maxBytes)
      throws JsonInputException {
    String text = o.text(field);
    if (text.length() > (maxBytes + 2) / 3 * 4) {
      throw o.error(field, "longer than " + maxBytes + " bytes");
    }
    byte[] bytes = o.convert(field, () -> StrictBase64.decodeUrl(text));
    if (bytes.length > maxBytes) {
      throw o.error(field, "longer than " + maxBytes + " bytes");
    }
    return bytes;
  }
}
