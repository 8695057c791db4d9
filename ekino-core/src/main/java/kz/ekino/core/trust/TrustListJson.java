package kz.ekino.core.trust;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import kz.ekino.core.internal.EnumCodes;
import kz.ekino.core.internal.JsonIn;
import kz.ekino.core.internal.StrictBase64;
import kz.ekino.core.internal.JsonInputException;
import kz.ekino.core.internal.JsonOut;
import kz.ekino.core.key.KeyFormatException;
import kz.ekino.core.key.KeyId;
import kz.ekino.core.key.Signer;
import kz.ekino.core.key.VerificationKey;
import kz.ekino.core.model.Bin;
import kz.ekino.core.trust.TrustListException.Reason;

/**
 * Trust list format v1: a JWS in the flattened JSON serialisation (RFC 7515 §7.2.2) whose
 * payload is the list as JSON. The signature covers the exact payload bytes received, and the
 * algorithm is the root key's: the header must agree with it, it is never obeyed.
 */
final class TrustListJson {
  static final String TYPE = "ekino-trust-list+json";
  private static final int VERSION = 1;
  /** The role strings of trust list v1 (docs/spec/trust-list-v1.md); they are signed. */
  private static final EnumCodes<KeyRole, String> ROLES = EnumCodes.of(KeyRole.class, r -> switch (r) {
    case REGISTRY -> "REGISTRY";
    case VENDOR -> "VENDOR";
    case DEVELOPMENT -> "DEVELOPMENT";
  });
  private static final EnumCodes<KeyStatus, String> STATUSES =
      EnumCodes.of(KeyStatus.class, s -> switch (s) {
        case ACTIVE -> "ACTIVE";
        case REVOKED -> "REVOKED";
      });

  private TrustListJson() {}

  static byte[] sign(TrustList list, Signer root) {
    ObjectNode header = JsonOut.object()
        .put("alg", root.algorithm().joseName())
        .put("kid", root.keyId().toHex())
        .put("typ", TYPE);
    String protectedPart = b64(JsonOut.compact(header));
    String payloadPart = b64(JsonOut.compact(payload(list, false)));
    byte[] signature = root.sign(signingInput(protectedPart, payloadPart));
    ObjectNode jws = JsonOut.object()
        .put("protected", protectedPart)
        .put("payload", payloadPart)
        .put("signature", b64(signature));
    return JsonOut.pretty(jws).getBytes(StandardCharsets.UTF_8);
  }

  /** The payload alone, development keys included: what a registry logs of its list. */
  static byte[] unsigned(TrustList list) {
    return JsonOut.compact(payload(list, true));
  }

  static TrustList parseUnsigned(byte[] payload) throws TrustListException {
    try {
      return payloadOf(JsonIn.parse(payload, TrustList.MAX_DOCUMENT_BYTES));
    } catch (JsonInputException e) {
      throw new TrustListException(Reason.MALFORMED, e.getMessage());
    }
  }

  private static ObjectNode payload(TrustList list, boolean development) {
    ObjectNode p = JsonOut.object()
        .put("version", VERSION)
        .put("sequence", list.sequence())
        .put("issuedAt", list.issuedAt().toString())
        .put("expiresAt", list.expiresAt().toString());
    ArrayNode keys = p.putArray("keys");
    for (TrustedKey k : list.keys()) {
      if (k.role() == KeyRole.DEVELOPMENT && !development) {
        throw new IllegalArgumentException(
            "a development key cannot go into a signed trust list: " + k.keyId());
      }
      ObjectNode o = keys.addObject()
          .put("kid", k.keyId().toHex())
          .put("role", ROLES.encode(k.role()))
          .put("publicKey", Base64.getEncoder().encodeToString(k.key().toSpki()));
      k.vendor().ifPresent(v -> o.put("vendorBin", v.value()));
      if (!k.cinemas().isEmpty()) {
        ArrayNode cinemas = o.putArray("cinemas");
        k.cinemas().stream().map(Bin::value).sorted().forEach(cinemas::add);
      }
      o.put("validFrom", k.validFrom().toString());
      k.validUntil().ifPresent(t -> o.put("validUntil", t.toString()));
      o.put("status", STATUSES.encode(k.status()));
    }
    return p;
  }

  static TrustList parse(byte[] document, VerificationKey root) throws TrustListException {
    try {
      JsonIn jws = JsonIn.parse(document, TrustList.MAX_DOCUMENT_BYTES);
      String protectedPart = jws.text("protected");
      String payloadPart = jws.text("payload");
      byte[] signature = unb64(jws, "signature", jws.text("signature"));
      jws.requireNoOtherFields();
      checkHeader(JsonIn.parse(unb64(jws, "protected", protectedPart), 1024), root);
      if (!root.verify(signingInput(protectedPart, payloadPart), signature)) {
        throw new TrustListException(Reason.BAD_SIGNATURE,
            "the signature does not verify with the root key " + root.keyId().toHex());
      }
      return payloadOf(JsonIn.parse(unb64(jws, "payload", payloadPart),
          TrustList.MAX_DOCUMENT_BYTES));
    } catch (JsonInputException e) {
      throw new TrustListException(Reason.MALFORMED, e.getMessage());
    }
  }

  private static void checkHeader(JsonIn header, VerificationKey root)
      throws JsonInputException, TrustListException {
    String alg = header.text("alg");
    String kid = header.text("kid");
    String typ = header.text("typ");
    header.requireNoOtherFields();
    if (!TYPE.equals(typ)) {
      throw header.error("typ", "expected '" + TYPE + "', got '" + typ + "'");
    }
    if (!kid.equals(root.keyId().toHex())) {
      throw new TrustListException(Reason.WRONG_ROOT,
          "signed by key " + kid + ", but the pinned root is " + root.keyId().toHex());
    }
    if (!alg.equals(root.algorithm().joseName())) {
      throw new TrustListException(Reason.ALGORITHM_MISMATCH, "header names '" + alg
          + "', but the root key is " + root.algorithm().joseName());
    }
  }

  private static TrustList payloadOf(JsonIn p) throws JsonInputException, TrustListException {
    long version = p.integer("version");
    if (version != VERSION) {
      throw new TrustListException(Reason.UNSUPPORTED_VERSION,
          "trust list version " + version + " (this library reads version " + VERSION + ")");
    }
    long sequence = p.integer("sequence");
    if (sequence < 1 || sequence > TrustList.MAX_SEQUENCE) {
      throw p.error("sequence", "must be 1 to " + TrustList.MAX_SEQUENCE + ", got " + sequence);
    }
    Instant issuedAt = p.instant("issuedAt");
    Instant expiresAt = p.instant("expiresAt");
    List<TrustedKey> keys = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (JsonIn k : p.objects("keys", TrustList.MAX_KEYS)) {
      TrustedKey key = keyOf(k);
      if (!seen.add(key.keyId().toHex())) {
        throw k.error("kid", "key " + key.keyId() + " appears twice");
      }
      keys.add(key);
    }
    p.requireNoOtherFields();
    return p.convert("expiresAt", () -> TrustList.of(sequence, issuedAt, expiresAt, keys));
  }

  private static TrustedKey keyOf(JsonIn k) throws JsonInputException {
    KeyId kid = k.text("kid", KeyId::fromHex);
    KeyRole role = k.text("role", ROLES::decode);
    if (role == KeyRole.DEVELOPMENT) {
      throw k.error("role", "DEVELOPMENT keys cannot be in a signed trust list");
    }
    VerificationKey key;
    try {
      key = VerificationKey.fromSpki(unb64Standard(k, "publicKey", k.text("publicKey")));
    } catch (KeyFormatException e) {
      throw k.error("publicKey", String.valueOf(e.getMessage()));
    }
    if (!key.keyId().equals(kid)) {
      throw k.error("kid", "does not match the public key (its key id is " + key.keyId() + ")");
    }
    Optional<Bin> vendor = k.optionalText("vendorBin", Bin::of);
    Set<Bin> cinemas = k.has("cinemas")
        ? Set.copyOf(k.texts("cinemas", TrustedKey.MAX_CINEMAS, Bin::of))
        : Set.of();
    Instant validFrom = k.instant("validFrom");
    Optional<Instant> validUntil = k.optionalInstant("validUntil");
    KeyStatus status = k.text("status", STATUSES::decode);
    k.requireNoOtherFields();
    return k.convert("role",
        () -> new TrustedKey(key, role, vendor, cinemas, validFrom, validUntil, status));
  }

  private static byte[] signingInput(String protectedPart, String payloadPart) {
    return (protectedPart + "." + payloadPart).getBytes(StandardCharsets.US_ASCII);
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** base64url without padding, as JWS requires (RFC 7515 §2); anything else is an error. */
  private static byte[] unb64(JsonIn o, String field, String text) throws JsonInputException {
    return o.convert(field, () -> StrictBase64.decodeUrl(text));
  }

  private static byte[] unb64Standard(JsonIn o, String field, String text)
      throws JsonInputException {
    return o.convert(field, () -> StrictBase64.decode(text));
  }
}
