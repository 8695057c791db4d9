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
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import kz.ekino.core.cose.CoseSign1;
import kz.ekino.core.internal.CborException;
import kz.ekino.core.internal.CborWriter;
import kz.ekino.core.json.v1.SaleJson;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.model.Counter;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.SaleCorrection;
import kz.ekino.core.model.SalesChannel;
import kz.ekino.core.model.Schedule;
import kz.ekino.core.model.Seat;
import kz.ekino.core.model.TicketId;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.submission.v1.SaleCbor;
import kz.ekino.core.testing.Payloads;
import kz.ekino.core.testing.Samples;
import kz.ekino.core.testing.TestKeys;
import org.jspecify.annotations.Nullable;

/**
 * Generates docs/spec/vectors/submission-v2.json: sale and refund v2 (one terminal's first
 * three submissions, chained by their content digests), a v1 sale of the transition, the three
 * schedule documents, a sale correction, and documents the registry refuses for their content
 * alone (each correctly signed). Everything is signed with the published test key
 * TEST-ONLY-vendor-ed25519; Ed25519 is deterministic, so the file is byte-for-byte stable and
 * {@code SubmissionVectorsTest} checks the committed file against this generator.
 * {@code scripts/submission-v2-vector.py} re-encodes and re-signs every accepted vector from its
 * model fields with Python's cbor2 and cryptography, independently of this code.
 *
 * <p>Regenerate: {@code mvn -pl ekino-core test -Dtest=SubmissionVectorsTest
 * -Dekino.writeVectors=true}
 */
public final class SubmissionVectors {
  public static final Path FILE = Path.of("..", "docs", "spec", "vectors", "submission-v2.json");
  /** The instant the vectors are opened at: the registry's clock. */
  static final Instant AT = Instant.parse("2026-11-25T12:00:00Z");
  static final Instant VALID_FROM = Instant.parse("2026-01-01T00:00:00Z");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final SigningKey vendor = TestKeys.signing(TestKeys.VENDOR_ED25519);
  private final ObjectNode root = JSON.createObjectNode();
  private final ArrayNode accepted = JSON.createArrayNode();
  private final ArrayNode refused = JSON.createArrayNode();

  public static String generate() {
    return new SubmissionVectors().build();
  }

  public static void main(String[] args) throws IOException {
    Files.writeString(FILE, generate(), StandardCharsets.UTF_8);
  }

  /** The terminal's second sale: the next seat of the same screening, 31 seconds later. */
  static Sale secondSale() {
    Sale s = Samples.sale();
    return new Sale(TicketId.of("KP-26-004218"), s.vendor(), s.screening(), Seat.assigned(7, 13),
        s.priceTiyn(), s.soldAt().plusSeconds(31), s.channel(), false);
  }

  private String build() {
    root.put("comment", "Test vectors of docs/spec/submission-v2.md and docs/spec/schedule-v1.md,"
        + " made by SubmissionVectors (ekino-core tests) and checked independently by "
        + "scripts/submission-v2-vector.py. The key is a published TEST key: never trust it.");
    ObjectNode key = root.putObject("key");
    key.put("label", "TEST-ONLY-vendor-ed25519 (published with ekino's tests; worthless for "
        + "real submissions)");
    key.put("alg", vendor.algorithm().name());
    key.put("coseAlg", vendor.algorithm().coseId());
    key.put("kidHex", vendor.keyId().toHex());
    // RFC 8410 §7 as ekino exports it (the seed only), which every PKCS#8 reader takes.
    key.put("privateKeyPem", vendor.exportPkcs8Pem());
    key.put("publicKeyPem", vendor.verificationKey().toPem());
    ObjectNode trust = root.putObject("trust");
    trust.put("role", "VENDOR").put("vendorBin", Samples.VENDOR.value());
    trust.putArray("cinemas").add(Samples.CINEMA.value());
    trust.put("validFrom", VALID_FROM.toString()).put("status", "ACTIVE");
    root.put("at", AT.toString());

    // One terminal's first three submissions, each naming the digest of the one before.
    Counter first = Samples.firstCount();
    byte[] sale1 = Submissions.signSale(Samples.sale(), first, vendor);
    sale("sale-v2-first", "A terminal's first submission: sequence 1, no previous digest "
        + "(counter key 3 absent).", Samples.sale(), first, sale1);
    Counter second = first.next(Submissions.contentDigest(sale1));
    byte[] sale2 = Submissions.signSale(secondSale(), second, vendor);
    sale("sale-v2-second", "The same terminal's next sale: sequence 2, previous = the content "
        + "digest of sale-v2-first.", secondSale(), second, sale2);
    Counter third = second.next(Submissions.contentDigest(sale2));
    byte[] refund = Submissions.signRefund(Samples.refund(), third, vendor);
    ObjectNode r = add("refund-v2", "The terminal's third submission refunds the first sale "
        + "(registered as serial " + Samples.SERIAL + "): sequence 3, previous = the content "
        + "digest of sale-v2-second. A refund counts like a sale.", "refund",
        Submissions.REFUND_V2_TYPE, refund);
    r.set("model", refundJson(Samples.refund()));
    r.set("counter", counterJson(third));
    sale("sale-v1-transition", "The first sale as version 1 (no terminal, no counter), "
        + "accepted until the registry's v1AcceptedUntil.", Samples.sale(), null,
        Submissions.signSale(Samples.sale(), vendor));

    schedule("schedule-declare", "The sale's screening declared before it was sold; key 4 is "
        + "the screening map of a sale (submission-v1 key 3).", Samples.declaration());
    schedule("schedule-cancel", "The screening cancelled, with a reason.",
        Samples.cancellation());
    schedule("schedule-no-screenings", "A day (Asia/Almaty) without screenings at the cinema.",
        Samples.dayWithoutScreenings());
    ObjectNode c = add("correction", "The first sale's price corrected from 2 500 to "
        + "2 000 tenge.", "correction", Submissions.CORRECTION_TYPE,
        Submissions.signCorrection(Samples.correction(), vendor));
    c.set("model", correctionJson(Samples.correction()));

    refusals();
    root.set("accepted", accepted);
    root.set("refused", refused);
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Each signed correctly by the test key: the content alone is refused. */
  private void refusals() {
    byte[] d32 = new byte[32];
    refuse("counter-sequence-0", "A counter with sequence 0: sequences start at 1.",
        "sale", Submissions.SALE_V2_TYPE,
        Payloads.saleWithCounter(Payloads.counter(2, Samples.TERMINAL.value(), 0, null)),
        "MALFORMED");
    refuse("counter-previous-on-first", "Sequence 1 with a previous digest: the first "
        + "submission has none.", "sale", Submissions.SALE_V2_TYPE,
        Payloads.saleWithCounter(Payloads.counter(3, Samples.TERMINAL.value(), 1, d32)),
        "MALFORMED");
    refuse("counter-without-previous", "Sequence 5 without a previous digest.", "sale",
        Submissions.SALE_V2_TYPE,
        Payloads.saleWithCounter(Payloads.counter(2, Samples.TERMINAL.value(), 5, null)),
        "MALFORMED");
    refuse("counter-previous-31-bytes", "A previous digest of 31 bytes.", "sale",
        Submissions.SALE_V2_TYPE, Payloads.saleWithCounter(Payloads.counter(3,
            Samples.TERMINAL.value(), 5, new byte[31])), "MALFORMED");
    refuse("counter-unknown-key", "A counter map with a key 4.", "refund",
        Submissions.REFUND_V2_TYPE, Payloads.refundWithCounter(counterWithKey4()),
        "MALFORMED");
    refuse("sale-v2-under-v1-type", "A v2 payload (with its counter) under the v1 content "
        + "type.", "sale", Submissions.SALE_TYPE,
        SaleCbor.encode(Samples.sale(), Samples.firstCount()), "UNSUPPORTED_VERSION");
    refuse("sale-v1-under-v2-type", "A v1 payload under the v2 content type.", "sale",
        Submissions.SALE_V2_TYPE, SaleCbor.encode(Samples.sale()), "UNSUPPORTED_VERSION");
    refuse("schedule-unknown-kind", "A schedule document of kind 3.", "schedule",
        Submissions.SCHEDULE_TYPE, Payloads.schedule(3)
            .with(4, w -> w.writeUint(Samples.CINEMA.toNumber()))
            .with(5, w -> w.writeText("2026-11-30")).encode(), "MALFORMED");
    refuse("schedule-day-not-a-date", "A day without screenings on 2026-02-30.", "schedule",
        Submissions.SCHEDULE_TYPE, Payloads.dayOff("2026-02-30"), "MALFORMED");
    refuse("schedule-day-not-padded", "The day written 2026-2-1: only YYYY-MM-DD.", "schedule",
        Submissions.SCHEDULE_TYPE, Payloads.dayOff("2026-2-1"), "MALFORMED");
    refuse("schedule-cancel-without-reason", "A cancellation without its reason (key 6).",
        "schedule", Submissions.SCHEDULE_TYPE, Payloads.cancellation().without(6).encode(),
        "MALFORMED");
    refuse("schedule-other-cinema", "A day without screenings for a cinema the key may not "
        + "sell for.", "schedule", Submissions.SCHEDULE_TYPE,
        SaleCbor.encode(new Schedule.NoScreenings(Samples.VENDOR, Samples.OTHER_CINEMA,
            Samples.dayWithoutScreenings().day(), Samples.dayWithoutScreenings().signedAt())),
        "KEY_NOT_VALID");
    refuse("correction-price-above-max", "A corrected price above 10 000 000 000 tiyn.",
        "correction", Submissions.CORRECTION_TYPE, Payloads.correction()
            .with(5, w -> w.writeUint(Sale.MAX_PRICE_TIYN + 1)).encode(), "MALFORMED");
  }

  /** {1: terminal, 2: 1, 4: 0}: a key the counter map does not have. */
  private static byte[] counterWithKey4() {
    return new CborWriter().writeMapHeader(3).writeUint(1)
        .writeText(Samples.TERMINAL.value()).writeUint(2).writeUint(1).writeUint(4).writeUint(0)
        .toByteArray();
  }

  private void sale(String id, String description, Sale sale, @Nullable Counter counter,
      byte[] signed) {
    ObjectNode v = add(id, description, "sale",
        counter == null ? Submissions.SALE_TYPE : Submissions.SALE_V2_TYPE, signed);
    try {
      v.set("model", JSON.readTree(SaleJson.write(sale)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    if (counter != null) {
      v.set("counter", counterJson(counter));
    }
  }

  private void schedule(String id, String description, Schedule schedule) {
    ObjectNode v = add(id, description, "schedule", Submissions.SCHEDULE_TYPE,
        Submissions.signSchedule(schedule, vendor));
    v.set("model", scheduleJson(schedule));
  }

  private ObjectNode add(String id, String description, String document, String contentType,
      byte[] signed) {
    ObjectNode v = accepted.addObject();
    v.put("id", id);
    v.put("description", description);
    v.put("document", document);
    v.put("contentType", contentType);
    byte[] payload = payload(signed, contentType);
    v.put("payloadHex", HexFormat.of().formatHex(payload));
    v.put("contentDigest", Submissions.contentDigest(signed));
    v.put("signedHex", HexFormat.of().formatHex(signed));
    return v;
  }

  private void refuse(String id, String description, String document, String contentType,
      byte[] payload, String expect) {
    ObjectNode v = refused.addObject();
    v.put("id", id);
    v.put("description", description);
    v.put("document", document);
    v.put("contentType", contentType);
    v.put("payloadHex", HexFormat.of().formatHex(payload));
    v.put("signedHex", HexFormat.of().formatHex(CoseSign1.sign(payload, vendor, contentType)));
    v.put("expect", expect);
  }

  private static byte[] payload(byte[] signed, String contentType) {
    try {
      return CoseSign1.parse(signed, List.of(contentType)).payload();
    } catch (CborException e) {
      throw new IllegalStateException(e);
    }
  }

  static ObjectNode counterJson(Counter c) {
    ObjectNode o = JSON.createObjectNode();
    o.put("terminal", c.terminal().value());
    o.put("sequence", c.sequence());
    if (c.previous() == null) {
      o.putNull("previous");
    } else {
      o.put("previous", c.previous());
    }
    return o;
  }

  static ObjectNode refundJson(Refund f) {
    ObjectNode o = JSON.createObjectNode();
    o.put("saleSerial", f.saleSerial());
    o.put("ticketId", f.ticketId().value());
    o.put("vendorBin", f.vendor().value());
    o.put("refundedAt", f.refundedAt().toString());
    o.put("amountTiyn", f.amountTiyn());
    o.put("reason", f.reason());
    return o;
  }

  static ObjectNode correctionJson(SaleCorrection c) {
    ObjectNode o = JSON.createObjectNode();
    o.put("saleSerial", c.saleSerial());
    o.put("ticketId", c.ticketId().value());
    o.put("vendorBin", c.vendor().value());
    o.put("correctedAt", c.correctedAt().toString());
    o.put("priceTiyn", c.priceTiyn());
    o.put("reason", c.reason());
    return o;
  }

  static ObjectNode scheduleJson(Schedule s) {
    ObjectNode o = JSON.createObjectNode();
    if (s instanceof Schedule.Declare d) {
      o.put("kind", "DECLARE");
      o.put("vendorBin", d.vendor().value());
      o.put("signedAt", d.signedAt().toString());
      try {
        // The screening exactly as sale JSON writes it.
        JsonNode sale = JSON.readTree(SaleJson.write(new Sale(TicketId.of("X"), d.vendor(),
            d.screening(), Seat.generalAdmission(), 0, d.signedAt(),
            SalesChannel.BOX_OFFICE, false)));
        o.set("screening", sale.get("screening"));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    } else if (s instanceof Schedule.Cancel c) {
      o.put("kind", "CANCEL");
      o.put("vendorBin", c.vendor().value());
      o.put("signedAt", c.signedAt().toString());
      o.put("cinemaBin", c.cinema().value());
      o.put("screeningId", c.screening().value());
      o.put("reason", c.reason());
    } else {
      Schedule.NoScreenings n = (Schedule.NoScreenings) s;
      o.put("kind", "NO_SCREENINGS");
      o.put("vendorBin", n.vendor().value());
      o.put("signedAt", n.signedAt().toString());
      o.put("cinemaBin", n.cinema().value());
      o.put("day", n.day().toString());
    }
    return o;
  }
}
