package kz.ekino.core.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import kz.ekino.core.internal.Base32;
import kz.ekino.core.internal.CborWriter;
import java.util.HexFormat;
import kz.ekino.core.json.v1.TicketJson;
import kz.ekino.core.key.Algorithm;
import kz.ekino.core.key.Signer;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.key.VerificationKey;
import kz.ekino.core.testing.Samples;
import kz.ekino.core.testing.TestKeys;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.token.UrlBase;
import kz.ekino.core.cose.CoseSign1;
import kz.ekino.core.verify.VerificationPolicy;

/**
 * Generates docs/spec/vectors/token-v1.json from the labelled test keys. Signing is deterministic
 * (Ed25519, and RFC 6979 for ES256), so the output is byte-for-byte stable; a test checks the
 * committed file against it. Payloads are written here by hand, independently of the library's
 * encoder, so the VALID vectors also check that encoder.
 *
 * <p>Regenerate: {@code mvn -pl ekino-core test -Dtest=TokenVectorsTest -Dekino.writeVectors=true}
 */
public final class TokenVectors {
  public static final Path FILE = Path.of("..", "docs", "spec", "vectors", "token-v1.json");

  static final String BASE = UrlBase.DEFAULT;
  static final Instant AT = Instant.parse("2026-11-25T12:00:00Z");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final SigningKey registry = TestKeys.signing(TestKeys.REGISTRY_ED25519);
  private final SigningKey registryEs = TestKeys.signing(TestKeys.REGISTRY_ES256);
  private final SigningKey vendor = TestKeys.signing(TestKeys.VENDOR_ED25519);
  private final SigningKey other = TestKeys.signing(TestKeys.OTHER_ED25519);
  private final ArrayNode out = JSON.createArrayNode();

  public static String generate() {
    return new TokenVectors().build();
  }

  public static void main(String[] args) throws IOException {
    Files.writeString(FILE, generate(), StandardCharsets.UTF_8);
  }

  private String build() {
    // Accepted tokens.
    add("valid-ed25519", "A typical REGISTERED receipt signed by the registry with Ed25519.",
        registry, registryTrust(), AT, qr(sign(claims(), registry)), "VALID");
    add("valid-es256", "The same receipt signed by an ES256 (P-256) registry key.",
        registryEs, registryTrust(), AT, qr(sign(claims(), registryEs)), "VALID");
    add("valid-general-admission", "A REGISTERED receipt without a seat (claim 11 absent).",
        registry, registryTrust(), AT, qr(sign(claims().without(11), registry)), "VALID");
    add("valid-lower-case-base", "The URL base may arrive in lower case (a browser or a phone "
        + "may lower-case scheme and host); the base32 part may not.",
        registry, registryTrust(), AT,
        BASE + UrlBase.TOKEN_PATH.toLowerCase(Locale.ROOT) + Base32.encode(sign(claims(), registry)),
        "VALID");
    add("valid-at-end-of-grace", "Verified exactly 6 hours (the default grace) after the "
        + "screening start: still VALID.", registry, registryTrust(),
        Samples.SCREENING_START.plus(VerificationPolicy.DEFAULT_SCREENING_GRACE),
        qr(sign(claims(), registry)), "VALID");
    add("valid-within-clock-skew", "Verified 5 minutes (the default skew) before the "
        + "registration instant: still VALID.", registry, registryTrust(),
        Samples.REGISTERED_AT.minus(VerificationPolicy.DEFAULT_CLOCK_SKEW),
        qr(sign(claims(), registry)), "VALID");
    add("provisional", "A PROVISIONAL token signed by the vendor during an outage.",
        vendor, vendorTrust(Samples.CINEMA), AT, qr(sign(provisional(), vendor)),
        "PROVISIONAL");
    add("specimen", "A SPECIMEN (training) token signed by the vendor.",
        vendor, vendorTrust(Samples.CINEMA), AT, qr(sign(specimen(), vendor)), "SPECIMEN");

    // Text-level rejections.
    add("foreign-url", "A valid token under a URL base that is not official.",
        registry, registryTrust(), AT,
        "HTTPS://EKINO.EXAMPLE.COM/T/" + Base32.encode(sign(claims(), registry)),
        "FOREIGN_URL");
    add("not-a-url", "Text that is not a URL at all.", registry, registryTrust(), AT,
        "TICKET 0417 ROW 7 SEAT 12", "MALFORMED");
    // A genuine token under a look-alike host: Unicode case folding maps each of these onto
    // the official base, but each is another IDNA domain. Only printable ASCII is accepted.
    String token = Base32.encode(sign(claims(), registry));
    add("look-alike-dotless-i", "A genuine token under HTTPS://QR.EK\u0131NO.KZ (dotless i, "
        + "U+0131): another domain.", registry, registryTrust(), AT,
        "HTTPS://QR.EK\u0131NO.KZ/T/" + token, "MALFORMED");
    add("look-alike-kelvin-sign", "A genuine token under HTTPS://QR.EKINO.\u212AZ (Kelvin "
        + "sign, U+212A).", registry, registryTrust(), AT,
        "HTTPS://QR.EKINO.\u212AZ/T/" + token, "MALFORMED");
    add("look-alike-long-s", "A genuine token under HTTP\u017F:// (long s, U+017F).",
        registry, registryTrust(), AT, "HTTP\u017F://QR.EKINO.KZ/T/" + token, "MALFORMED");
    add("look-alike-dotted-capital-i", "A genuine token under https://qr.ek\u0130no.kz "
        + "(capital I with dot, U+0130).", registry, registryTrust(), AT,
        "https://qr.ek\u0130no.kz/T/" + token, "MALFORMED");
    add("base32-lower-case", "The base32 part in lower case: base32 here is upper case only, "
        + "so every token has exactly one text form.", registry, registryTrust(), AT,
        prefix() + Base32.encode(sign(claims(), registry)).toLowerCase(Locale.ROOT), "MALFORMED");
    add("base32-padded", "base32 with '=' padding.", registry, registryTrust(), AT,
        prefix() + padded(Base32.encode(sign(claims(), registry))), "MALFORMED");
    add("base32-non-zero-padding-bits", "The last base32 character carries set bits beyond "
        + "the last byte.", registry, registryTrust(), AT,
        nonZeroPaddingBits(qr(sign(claims(), registry))), "MALFORMED");

    // Envelope-level rejections.
    byte[] good = sign(claims(), registry);
    add("trailing-byte", "One byte after the COSE_Sign1 array.", registry, registryTrust(), AT,
        qr(concat(good, new byte[] {0})), "MALFORMED");
    add("cose-tagged", "COSE_Sign1 with tag 18: token v1 is untagged.", registry,
        registryTrust(), AT, qr(concat(new byte[] {(byte) 0xd2}, good)), "MALFORMED");
    add("unprotected-header-not-empty", "The kid repeated in the unprotected header, which the "
        + "signature does not cover.", registry, registryTrust(), AT,
        qr(envelope(protectedHeader(registry.algorithm().coseId(), registry), true,
            claims().encode(), registry)), "MALFORMED");
    add("truncated", "The token without its last 10 bytes.", registry, registryTrust(), AT,
        qr(Arrays.copyOf(good, good.length - 10)), "MALFORMED");
    add("oversized", "A signed token larger than 1024 bytes.", registry, registryTrust(), AT,
        qr(sign(claims().with(13, w -> w.writeBytes(new byte[1000])), registry)), "MALFORMED");

    // Payload-level rejections (all correctly signed).
    add("non-minimal-integer", "The kind claim 0 written as 0x1800 instead of 0x00.",
        registry, registryTrust(), AT, qr(sign(claims().with(1, w -> w.writeRaw(
            new byte[] {0x18, 0})), registry)), "MALFORMED");
    add("indefinite-length-map", "The claims map with indefinite length.", registry,
        registryTrust(), AT, qr(sign(indefinite(claims().encode()), registry)), "MALFORMED");
    add("duplicate-claim", "Claim 1 (kind) twice.", registry, registryTrust(), AT,
        qr(sign(claims().encodeWithDuplicate(1), registry)), "MALFORMED");
    add("unknown-claim", "An extra claim 13.", registry, registryTrust(), AT,
        qr(sign(claims().with(13, w -> w.writeUint(0)), registry)), "MALFORMED");
    add("unsorted-claims", "Claims 5 and 6 swapped: not the canonical key order.", registry,
        registryTrust(), AT, qr(sign(claims().encodeSwapped(5, 6), registry)), "MALFORMED");
    add("float-price", "The price as a 32-bit float 250000.0.", registry, registryTrust(), AT,
        qr(sign(claims().with(12, w -> w.writeRaw(new byte[] {(byte) 0xfa, 0x48, 0x74, 0x24,
            0x00})), registry)), "MALFORMED");
    add("bad-bin-check-digit", "Vendor BIN 940140000386 fails its check digit.", registry,
        registryTrust(), AT, qr(sign(claims().with(6, w -> w.writeUint(940140000386L)),
            registry)), "MALFORMED");
    add("missing-claim", "No ticket id (claim 5).", registry, registryTrust(), AT,
        qr(sign(claims().without(5), registry)), "MALFORMED");
    add("registered-without-serial", "A REGISTERED token without its serial and registration "
        + "instant.", registry, registryTrust(), AT,
        qr(sign(claims().without(2).without(3).with(4, w -> w.writeUint(
            Samples.SOLD_AT.getEpochSecond())), registry)), "MALFORMED");
    add("unsupported-version", "Claims version 2.", registry, registryTrust(), AT,
        qr(sign(claims().with(0, w -> w.writeUint(2)), registry)), "UNSUPPORTED_VERSION");

    // Key and signature rejections.
    add("unknown-key", "Signed by a key that is not in the trust list.", registry,
        registryTrust(), AT, qr(sign(claims(), other)), "UNKNOWN_KEY");
    add("algorithm-mismatch", "The header names ESP256 (-9) but the trusted key with that kid "
        + "is Ed25519; the signature is a valid Ed25519 one.", registry, registryTrust(), AT,
        qr(envelope(protectedHeader(Algorithm.ES256.coseId(), registry), false,
            claims().encode(), registry)), "ALGORITHM_MISMATCH");
    byte[] flipped = sign(claims(), registry);
    flipped[flipped.length - 1] ^= 0x01;
    add("bad-signature", "The last signature byte changed.", registry, registryTrust(), AT,
        qr(flipped), "BAD_SIGNATURE");
    byte[] payloadChanged = sign(claims(), registry);
    byte[] otherPrice = sign(claims().with(12, w -> w.writeUint(150_000L)), registry);
    System.arraycopy(otherPrice, 0, payloadChanged, 0, payloadChanged.length - 66);
    add("payload-changed", "The price changed to 1 500.00 tenge after signing, same length.", registry,
        registryTrust(), AT, qr(payloadChanged), "BAD_SIGNATURE");

    // Trust and policy rejections.
    add("key-revoked", "Signed by a registry key that the trust list marks REVOKED.",
        registry, trust("REGISTRY", null, null, null, "REVOKED"), AT,
        qr(sign(claims(), registry)), "KEY_NOT_VALID");
    add("key-not-yet-valid", "Registered before the registry key's validity starts.",
        registry, trust("REGISTRY", null, null, "2026-12-01T00:00:00Z", "ACTIVE"), AT,
        qr(sign(claims(), registry)), "KEY_NOT_VALID");
    add("registered-by-vendor-key", "A REGISTERED token signed by a vendor key: only the "
        + "registry registers.", vendor, vendorTrust(Samples.CINEMA), AT,
        qr(sign(claims(), vendor)), "KEY_NOT_VALID");
    add("vendor-not-authorised-for-cinema", "A PROVISIONAL token for a cinema the vendor key "
        + "may not sell for.", vendor, vendorTrust(Samples.OTHER_CINEMA), AT,
        qr(sign(provisional(), vendor)), "KEY_NOT_VALID");
    add("issued-in-future", "Verified an hour before the registration instant.", registry,
        registryTrust(), Samples.REGISTERED_AT.minus(Duration.ofHours(1)),
        qr(sign(claims(), registry)), "ISSUED_IN_FUTURE");
    add("provisional-at-max-age", "A PROVISIONAL token verified exactly 72 hours (the "
        + "default provisional max age) after it was signed: still PROVISIONAL.", vendor,
        vendorTrust(Samples.CINEMA),
        Samples.SOLD_AT.plus(VerificationPolicy.DEFAULT_PROVISIONAL_MAX_AGE),
        qr(sign(provisional(), vendor)), "PROVISIONAL");
    add("provisional-expired", "A PROVISIONAL token verified 72 hours and one second after it "
        + "was signed: its sale should have been registered by then.", vendor,
        vendorTrust(Samples.CINEMA),
        Samples.SOLD_AT.plus(VerificationPolicy.DEFAULT_PROVISIONAL_MAX_AGE).plusSeconds(1),
        qr(sign(provisional(), vendor)), "PROVISIONAL_EXPIRED");
    add("screening-over", "Verified one second after the grace period that follows the "
        + "screening start.", registry, registryTrust(),
        Samples.SCREENING_START.plus(VerificationPolicy.DEFAULT_SCREENING_GRACE).plusSeconds(1),
        qr(sign(claims(), registry)), "SCREENING_OVER");

    try {
      return JSON.writeValueAsString(out) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void add(String id, String description, Signer key, ObjectNode trust, Instant at,
      String qr, String expect) {
    ObjectNode v = out.addObject();
    v.put("id", id);
    v.put("description", description);
    VerificationKey pub = key.verificationKey();
    v.put("alg", pub.algorithm().name());
    v.put("publicKeyPem", pub.toPem());
    v.set("trust", trust);
    v.put("at", at.toString());
    v.put("base", BASE);
    v.put("qr", qr);
    v.put("tokenHex", tokenHex(qr));
    v.put("expect", expect);
    if (expect.equals("VALID") || expect.equals("PROVISIONAL") || expect.equals("SPECIMEN")) {
      v.set("claims", claimsJson(expect, id));
    }
  }

  private JsonNode claimsJson(String expect, String id) {
    TicketClaims c = switch (expect) {
      case "PROVISIONAL" -> TicketClaims.provisional(Samples.sale());
      case "SPECIMEN" -> TicketClaims.specimen(Samples.specimenSale());
      default -> id.equals("valid-general-admission")
          ? generalAdmission()
          : TicketClaims.registered(Samples.sale(), Samples.SERIAL, Samples.REGISTERED_AT);
    };
    try {
      return JSON.readTree(TicketJson.claims(c));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TicketClaims generalAdmission() {
    TicketClaims c =
        TicketClaims.registered(Samples.sale(), Samples.SERIAL, Samples.REGISTERED_AT);
    return new TicketClaims(c.kind(), c.serial(), c.registeredAt(), c.soldAt(), c.ticketId(),
        c.vendor(), c.cinema(), c.hall(), c.screeningStart(), c.film(),
        kz.ekino.core.model.Seat.generalAdmission(), c.priceTiyn());
  }

  /** tokenHex is the token carried by the text, or null where the text carries none. */
  private static String tokenHex(String qr) {
    int at = qr.toUpperCase(Locale.ROOT).indexOf(UrlBase.TOKEN_PATH);
    if (at < 0) {
      return null;
    }
    try {
      return HexFormat.of().formatHex(Base32.decode(qr, at + UrlBase.TOKEN_PATH.length(), qr.length()));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static ObjectNode registryTrust() {
    return trust("REGISTRY", null, null, null, "ACTIVE");
  }

  private static ObjectNode vendorTrust(kz.ekino.core.model.Bin cinema) {
    return trust("VENDOR", Samples.VENDOR.value(), cinema.value(), null, "ACTIVE");
  }

  private static ObjectNode trust(String role, String vendorBin, String cinema,
      String validFrom, String status) {
    ObjectNode t = JSON.createObjectNode().put("role", role);
    if (vendorBin != null) {
      t.put("vendorBin", vendorBin);
      t.putArray("cinemas").add(cinema);
    }
    t.put("validFrom", validFrom == null ? "2026-01-01T00:00:00Z" : validFrom);
    t.put("status", status);
    return t;
  }

  private static String prefix() {
    return UrlBase.of(BASE).prefix();
  }

  private static String qr(byte[] token) {
    return prefix() + Base32.encode(token);
  }

  private static String padded(String base32) {
    StringBuilder s = new StringBuilder(base32);
    while (s.length() % 8 != 0) {
      s.append('=');
    }
    return s.toString();
  }

  /** Sets the lowest padding bit of the final character (the token length leaves some). */
  private static String nonZeroPaddingBits(String qr) {
    char last = qr.charAt(qr.length() - 1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    int v = alphabet.indexOf(last) | 1;
    return qr.substring(0, qr.length() - 1) + alphabet.charAt(v);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  private static byte[] indefinite(byte[] definiteMap) {
    byte[] r = concat(definiteMap, new byte[] {(byte) 0xff});
    r[0] = (byte) 0xbf;
    return r;
  }

  private static byte[] sign(Claims claims, Signer signer) {
    return sign(claims.encode(), signer);
  }

  private static byte[] sign(byte[] payload, Signer signer) {
    return CoseSign1.sign(payload, signer);
  }

  private static byte[] protectedHeader(int alg, Signer signer) {
    return new CborWriter().writeMapHeader(2).writeUint(1).writeInt(alg).writeUint(4)
        .writeBytes(signer.keyId().toBytes()).toByteArray();
  }

  /** A COSE_Sign1 written by hand: any header, optionally a non-empty unprotected header. */
  private static byte[] envelope(byte[] header, boolean kidUnprotected, byte[] payload,
      Signer signer) {
    byte[] toBeSigned = new CborWriter().writeArrayHeader(4).writeText("Signature1")
        .writeBytes(header).writeBytes(new byte[0]).writeBytes(payload).toByteArray();
    CborWriter w = new CborWriter().writeArrayHeader(4).writeBytes(header);
    if (kidUnprotected) {
      w.writeMapHeader(1).writeUint(4).writeBytes(signer.keyId().toBytes());
    } else {
      w.writeMapHeader(0);
    }
    return w.writeBytes(payload).writeBytes(signer.sign(toBeSigned)).toByteArray();
  }

  private static Claims claims() {
    return Claims.registered();
  }

  private static Claims provisional() {
    return Claims.registered().without(2).without(3).with(1, w -> w.writeUint(1))
        .with(4, w -> w.writeUint(Samples.SOLD_AT.getEpochSecond()));
  }

  private static Claims specimen() {
    return Claims.registered().without(2).without(3).with(1, w -> w.writeUint(2))
        .with(4, w -> w.writeUint(Samples.SOLD_AT.getEpochSecond()))
        .with(5, w -> w.writeText("DEMO-000001"))
        .with(11, w -> w.writeArrayHeader(2).writeUint(1).writeUint(1))
        .with(12, w -> w.writeUint(0));
  }

  /** A claims map written entry by entry, so that vectors can bend any rule. */
  static final class Claims {
    interface Value {
      void write(CborWriter w);
    }

    private final SortedMap<Integer, Value> entries;

    private Claims(SortedMap<Integer, Value> entries) {
      this.entries = entries;
    }

    /** The typical sale's registry receipt, per docs/spec/token-v1.md §3. */
    static Claims registered() {
      TreeMap<Integer, Value> m = new TreeMap<>();
      m.put(0, w -> w.writeUint(1));
      m.put(1, w -> w.writeUint(0));
      m.put(2, w -> w.writeUint(Samples.SERIAL));
      m.put(3, w -> w.writeUint(Samples.REGISTERED_AT.getEpochSecond()));
      m.put(5, w -> w.writeText("KP-26-004217"));
      m.put(6, w -> w.writeUint(940140000385L));
      m.put(7, w -> w.writeUint(50140001238L));
      m.put(8, w -> w.writeText("3"));
      m.put(9, w -> w.writeUint(Samples.SCREENING_START.getEpochSecond()));
      m.put(10, w -> w.writeText("KZ-2026-0417"));
      m.put(11, w -> w.writeArrayHeader(2).writeUint(7).writeUint(12));
      m.put(12, w -> w.writeUint(250_000L));
      return new Claims(m);
    }

    Claims with(int key, Value value) {
      TreeMap<Integer, Value> m = new TreeMap<>(entries);
      m.put(key, value);
      return new Claims(m);
    }

    Claims without(int key) {
      TreeMap<Integer, Value> m = new TreeMap<>(entries);
      m.remove(key);
      return new Claims(m);
    }

    byte[] encode() {
      CborWriter w = new CborWriter().writeMapHeader(entries.size());
      for (Map.Entry<Integer, Value> e : entries.entrySet()) {
        w.writeUint(e.getKey());
        e.getValue().write(w);
      }
      return w.toByteArray();
    }

    byte[] encodeWithDuplicate(int key) {
      CborWriter w = new CborWriter().writeMapHeader(entries.size() + 1);
      for (Map.Entry<Integer, Value> e : entries.entrySet()) {
        w.writeUint(e.getKey());
        e.getValue().write(w);
        if (e.getKey() == key) {
          w.writeUint(key);
          e.getValue().write(w);
        }
      }
      return w.toByteArray();
    }

    byte[] encodeSwapped(int a, int b) {
      CborWriter w = new CborWriter().writeMapHeader(entries.size());
      for (Map.Entry<Integer, Value> e : entries.entrySet()) {
        int key = e.getKey() == a ? b : e.getKey() == b ? a : e.getKey();
        w.writeUint(key);
        entries.get(key).write(w);
      }
      return w.toByteArray();
    }
  }
}
