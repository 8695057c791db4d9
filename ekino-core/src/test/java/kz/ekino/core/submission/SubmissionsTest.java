package kz.ekino.core.submission;

import static kz.ekino.core.testing.Payloads.counter;
import static kz.ekino.core.testing.Payloads.dayOff;
import static kz.ekino.core.testing.Payloads.refundWithCounter;
import static kz.ekino.core.testing.Payloads.saleWithCounter;
import static kz.ekino.core.testing.Payloads.schedule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import kz.ekino.core.cose.CoseSign1;
import kz.ekino.core.internal.CborWriter;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Counter;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.SaleCorrection;
import kz.ekino.core.model.SalesChannel;
import kz.ekino.core.model.Schedule;
import kz.ekino.core.model.Screening;
import kz.ekino.core.submission.v1.SaleCbor;
import kz.ekino.core.testing.CborMap;
import kz.ekino.core.testing.Payloads;
import kz.ekino.core.testing.Samples;
import kz.ekino.core.testing.TestKeys;
import kz.ekino.core.token.UrlBase;
import kz.ekino.core.trust.TrustList;
import kz.ekino.core.trust.TrustedKey;
import kz.ekino.core.verify.RejectedException;
import kz.ekino.core.verify.RejectionReason;
import kz.ekino.core.verify.VerificationPolicy;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

class SubmissionsTest {
  private final SigningKey vendor = TestKeys.signing(TestKeys.VENDOR_ED25519);
  private final SigningKey registry = TestKeys.signing(TestKeys.REGISTRY_ED25519);
  private final Instant from = Instant.parse("2026-01-01T00:00:00Z");
  private final VerificationPolicy policy = VerificationPolicy.builder(
          TrustList.of(1, from, Instant.parse("2027-01-01T00:00:00Z"), List.of(
              TrustedKey.vendor(vendor.verificationKey(), Samples.VENDOR, Set.of(Samples.CINEMA),
                  from, Optional.empty()),
              TrustedKey.registry(registry.verificationKey(), from, Optional.empty()))),
          Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC))
      .officialBase(UrlBase.of(UrlBase.DEFAULT)).build();

  @Test
  void signedSalesOpenToTheSameSale() throws Exception {
    Sale sale = Samples.sale();
    Signed<Sale> opened = Submissions.openSale(Submissions.signSale(sale, vendor), policy);

    assertThat(opened.content()).isEqualTo(sale);
    assertThat(opened.signer().keyId()).isEqualTo(vendor.keyId());
    assertThat(SaleCbor.decode(SaleCbor.encode(Samples.specimenSale())))
        .isEqualTo(Samples.specimenSale());
    // The digest is of the canonical content: the same for every signature over it.
    assertThat(opened.contentDigest()).isEqualTo(Submissions.openSale(
        Submissions.signSale(sale, vendor), policy).contentDigest());
  }

  @Test
  void refundsOpen() throws Exception {
    Refund refund = new Refund(12, Samples.sale().ticketId(), Samples.VENDOR, Samples.SOLD_AT,
        250_000, "сеанс отменён");
    assertThat(Submissions.openRefund(Submissions.signRefund(refund, vendor), policy).content())
        .isEqualTo(refund);
  }

  @Test
  void aDocumentOfOneTypeNeverOpensAsAnother() {
    byte[] refund = Submissions.signRefund(new Refund(12, Samples.sale().ticketId(),
        Samples.VENDOR, Samples.SOLD_AT, 1, "x"), vendor);
    byte[] untyped = CoseSign1.sign(SaleCbor.encode(Samples.sale()), vendor);
    assertRefused(() -> Submissions.openSale(refund, policy), RejectionReason.MALFORMED);
    assertRefused(() -> Submissions.openSale(untyped, policy), RejectionReason.MALFORMED);
  }

  @Test
  void theKeyMustBeTheVendorsAndMayNotBeTheRegistrys() {
    assertRefused(() -> Submissions.openSale(Submissions.signSale(Samples.sale(), registry),
        policy), RejectionReason.KEY_NOT_VALID);
    Sale otherCinema = new Sale(Samples.sale().ticketId(), Samples.VENDOR,
        new Screening(Samples.screening().id(), Samples.OTHER_CINEMA,
            Samples.screening().hall(), Samples.film(), Samples.SCREENING_START,
            Samples.screening().language(), Samples.screening().format()),
        Samples.sale().seat(), 1, Samples.SOLD_AT, Samples.sale().channel(), false);
    assertRefused(() -> Submissions.openSale(Submissions.signSale(otherCinema, vendor), policy),
        RejectionReason.KEY_NOT_VALID);
  }

  /**
   * The retired-key attack (issue 10): the trust list retired the vendor key at 11:00, yet
   * whoever still holds it signs a sale dated 10:12, before the retirement. The registry's
   * clock (12:00) decides: the key no longer registers anything, sales or refunds.
   */
  @Test
  void aRetiredVendorKeyCannotSignASaleDatedBeforeItsRetirement() throws Exception {
    Instant now = policy.clock().instant();
    Instant retiredAt = Instant.parse("2026-11-25T11:00:00Z");
    assertThat(Samples.SOLD_AT).isBefore(retiredAt);
    Refund refund = new Refund(12, Samples.sale().ticketId(), Samples.VENDOR, Samples.SOLD_AT,
        250_000, "x");

    VerificationPolicy retired = policyWithVendorKey(from, Optional.of(retiredAt));
    assertRefused(() -> Submissions.openSale(Submissions.signSale(Samples.sale(), vendor),
        retired), RejectionReason.KEY_NOT_VALID, "not valid now");
    assertRefused(() -> Submissions.openRefund(Submissions.signRefund(refund, vendor), retired),
        RejectionReason.KEY_NOT_VALID, "not valid now");
    // validUntil is exclusive: retired at the registry's very instant is retired.
    assertRefused(() -> Submissions.openSale(Submissions.signSale(Samples.sale(), vendor),
        policyWithVendorKey(from, Optional.of(now))), RejectionReason.KEY_NOT_VALID);
    assertThat(Submissions.openSale(Submissions.signSale(Samples.sale(), vendor),
        policyWithVendorKey(from, Optional.of(now.plusSeconds(1)))).content())
        .isEqualTo(Samples.sale());
  }

  /** The signer's instant is still checked: a sale cannot be dated before validFrom. */
  @Test
  void aSaleDatedBeforeItsKeysValidityIsRefused() {
    VerificationPolicy later = policyWithVendorKey(Samples.SOLD_AT.plusSeconds(60),
        Optional.empty());
    assertRefused(() -> Submissions.openSale(Submissions.signSale(Samples.sale(), vendor),
        later), RejectionReason.KEY_NOT_VALID, "was not valid at " + Samples.SOLD_AT);
  }

  private VerificationPolicy policyWithVendorKey(Instant validFrom,
      Optional<Instant> validUntil) {
    return VerificationPolicy.builder(TrustList.of(2, from, Instant.parse("2027-01-01T00:00:00Z"),
            List.of(TrustedKey.vendor(vendor.verificationKey(), Samples.VENDOR,
                Set.of(Samples.CINEMA), validFrom, validUntil))), policy.clock())
        .officialBase(UrlBase.of(UrlBase.DEFAULT)).build();
  }

  @Test
  void nonCanonicalSalesAreMalformed() {
    byte[] payload = SaleCbor.encode(Samples.sale());
    byte[] changed = payload.clone();
    changed[0] = (byte) (changed[0] + 1); // one more map entry than present
    assertRefused(() -> Submissions.openSale(CoseSign1.sign(changed, vendor,
        Submissions.SALE_TYPE), policy), RejectionReason.MALFORMED);
    assertThatThrownBy(() -> SaleCbor.decode(java.util.Arrays.copyOf(payload,
        payload.length + 1))).hasMessageContaining("trailing");
  }

  /** Key 7 of a signed sale: the channel's code, fixed by docs/spec/submission-v1.md. */
  @Test
  void salesChannelsHaveFixedCodes() throws Exception {
    int code = 0;
    for (SalesChannel channel : List.of(SalesChannel.BOX_OFFICE, SalesChannel.ONLINE,
        SalesChannel.KIOSK, SalesChannel.PARTNER)) {
      Sale s = Samples.sale();
      Sale sale = new Sale(s.ticketId(), s.vendor(), s.screening(), s.seat(), s.priceTiyn(),
          s.soldAt(), channel, false);
      byte[] payload = SaleCbor.encode(sale);
      // ... 07 <channel> 08 f4: the last two entries of the map.
      assertThat(java.util.Arrays.copyOfRange(payload, payload.length - 4, payload.length))
          .as(channel.toString()).containsExactly(7, code, 8, 0xf4);
      assertThat(SaleCbor.decode(payload).channel()).isEqualTo(channel);
      code++;
    }
    byte[] unknown = SaleCbor.encode(Samples.sale());
    unknown[unknown.length - 3] = 4;
    assertThatThrownBy(() -> SaleCbor.decode(unknown)).hasMessageContaining(
        "unknown sales channel 4");
  }

  // --- version 2: the terminal's counter (docs/spec/submission-v2.md) --------------------------

  @Test
  void salesAndRefundsV2OpenWithTheirTerminalsCount() throws Exception {
    byte[] first = Submissions.signSale(Samples.sale(), Samples.firstCount(), vendor);
    Counter second = Samples.firstCount().next(Submissions.contentDigest(first));
    Refund refund = Samples.refund();
    byte[] refunded = Submissions.signRefund(refund, second, vendor);

    Signed<Sale> sale = Submissions.openSale(first, policy);
    assertThat(sale.content()).isEqualTo(Samples.sale());
    assertThat(sale.counter()).contains(Samples.firstCount());
    Signed<Refund> opened = Submissions.openRefund(refunded, policy);
    assertThat(opened.content()).isEqualTo(refund);
    assertThat(opened.counter()).contains(second);
    assertThat(second.sequence()).isEqualTo(2);
    assertThat(second.previous()).isEqualTo(sale.contentDigest());
    // The log's reader sees the same, without a trust list.
    assertThat(Submissions.readSale(first).counter()).isEqualTo(Samples.firstCount());
    assertThat(Submissions.readRefund(refunded).counter()).isEqualTo(second);
    assertThat(Submissions.readRefund(refunded).signer()).isEqualTo(vendor.keyId());
    // The version 1 readers take no counter: a v2 payload is not a v1 one.
    assertThatThrownBy(() -> SaleCbor.decode(SaleCbor.encode(Samples.sale(),
        Samples.firstCount()))).hasMessageContaining("not a version 1 sale");
    assertThatThrownBy(() -> SaleCbor.decodeRefund(SaleCbor.encode(refund, second)))
        .hasMessageContaining("not a version 1 refund");
  }

  @Test
  void version1CarriesNoCount() throws Exception {
    byte[] v1 = Submissions.signSale(Samples.sale(), vendor);
    assertThat(Submissions.openSale(v1, policy).counter()).isEmpty();
    assertThat(Submissions.readSale(v1).counter()).isNull();
    assertThat(Submissions.openRefund(Submissions.signRefund(Samples.refund(), vendor), policy)
        .counter()).isEmpty();
    assertThat(CoseSign1.parse(v1, Submissions.SALE_TYPE).contentType())
        .isEqualTo("application/ekino-sale+cbor;v=1");
    assertThat(CoseSign1.parse(Submissions.signSale(Samples.sale(), Samples.firstCount(),
        vendor), Submissions.SALE_V2_TYPE).contentType())
        .isEqualTo("application/ekino-sale+cbor;v=2");
  }

  /**
   * The content type names the version and the payload's key 0 must agree: a v2 sale cannot be
   * passed off as a v1 one (which needs no terminal during the transition) nor the reverse.
   */
  @Test
  void aContentTypeAndAPayloadOfDifferentVersionsAreRefused() {
    byte[] saleV2 = SaleCbor.encode(Samples.sale(), Samples.firstCount());
    byte[] saleV1 = SaleCbor.encode(Samples.sale());
    byte[] refundV2 = SaleCbor.encode(Samples.refund(), Samples.firstCount());
    byte[] refundV1 = SaleCbor.encode(Samples.refund());
    Object[][] cases = {
        {saleV2, Submissions.SALE_TYPE, "document version 2 under content type "
            + "'application/ekino-sale+cbor;v=1', which is version 1", true},
        {saleV1, Submissions.SALE_V2_TYPE, "document version 1 under content type "
            + "'application/ekino-sale+cbor;v=2', which is version 2", true},
        {refundV2, Submissions.REFUND_TYPE, "document version 2 under content type "
            + "'application/ekino-refund+cbor;v=1', which is version 1", false},
        {refundV1, Submissions.REFUND_V2_TYPE, "document version 1 under content type "
            + "'application/ekino-refund+cbor;v=2', which is version 2", false}};
    for (Object[] c : cases) {
      byte[] signed = CoseSign1.sign((byte[]) c[0], vendor, (String) c[1]);
      boolean sale = (Boolean) c[3];
      assertRefused(() -> {
        if (sale) {
          Submissions.openSale(signed, policy);
        } else {
          Submissions.openRefund(signed, policy);
        }
      }, RejectionReason.UNSUPPORTED_VERSION, (String) c[2]);
      // Read back from a log, the same pair is not a stored submission at all.
      assertRefused(() -> {
        if (sale) {
          Submissions.readSale(signed);
        } else {
          Submissions.readRefund(signed);
        }
      }, RejectionReason.MALFORMED, "does not match the payload's version");
    }
    byte[] v3 = saleV2.clone();
    v3[2] = 3;
    assertRefused(() -> Submissions.openSale(CoseSign1.sign(v3, vendor,
        Submissions.SALE_V2_TYPE), policy), RejectionReason.UNSUPPORTED_VERSION);
  }

  @Test
  void theHandWrittenCounterHelperWritesWhatTheEncoderWrites() {
    assertThat(saleWithCounter(counter(2, "KP8-BOX-03", 1, null)))
        .isEqualTo(SaleCbor.encode(Samples.sale(), Samples.firstCount()));
    String digest = "ab".repeat(32);
    assertThat(refundWithCounter(counter(3, "KP8-BOX-03", 7, HexFormat.of().parseHex(digest))))
        .isEqualTo(SaleCbor.encode(Samples.refund(),
            new Counter(Samples.TERMINAL, 7, digest)));
  }

  /** Every counter map that breaks docs/spec/submission-v2.md §3, in a sale and a refund. */
  @Test
  void aMalformedCounterIsMalformed() {
    byte[] d32 = new byte[32];
    Object[][] cases = {
        {counter(2, "KP8-BOX-03", 0, null), "sequence must be 1 to"},
        {counter(3, "KP8-BOX-03", 1, d32), "sequence 1 has no previous submission"},
        {counter(2, "KP8-BOX-03", 5, null), "sequence 5 needs the previous"},
        {counter(3, "KP8-BOX-03", 5, new byte[31]), "the previous digest must be 32 bytes, got 31"},
        {counter(3, "KP8-BOX-03", 5, new byte[33]), "the previous digest must be 32 bytes, got 33"},
        {counter(2, "KP8-BOX-03", Counter.MAX_SEQUENCE + 1, null), "sequence must be 1 to"},
        {counter(2, "", 1, null), "terminal id must be 1 to 32"},
        {counter(2, "KP8 BOX 03", 1, null), "terminal id must be printable ASCII"},
        {counter(2, "T".repeat(33), 1, null), "terminal id must be 1 to 32"},
        // {1: "KP8-BOX-03", 2: 1, 4: 0}: a key the format does not have.
        {new CborWriter().writeMapHeader(3).writeUint(1).writeText("KP8-BOX-03").writeUint(2)
            .writeUint(1).writeUint(4).writeUint(0).toByteArray(), "unknown key 4"},
        // {2: 1, 1: "KP8-BOX-03"}: the keys out of canonical order.
        {new CborWriter().writeMapHeader(2).writeUint(2).writeUint(1).writeUint(1)
            .writeText("KP8-BOX-03").toByteArray(), "missing key 1"},
        // {1: ..., 1: ...}: a key twice.
        {new CborWriter().writeMapHeader(3).writeUint(1).writeText("KP8-BOX-03").writeUint(1)
            .writeText("KP8-BOX-04").writeUint(2).writeUint(1).toByteArray(),
            "out of canonical order or repeated"},
        {new CborWriter().writeMapHeader(1).writeUint(1).writeText("KP8-BOX-03").toByteArray(),
            "missing key 2"},
        {new CborWriter().writeMapHeader(0).toByteArray(), "missing key 1"},
        {new CborWriter().writeArrayHeader(2).writeText("KP8-BOX-03").writeUint(1)
            .toByteArray(), "expected a map"},
        // The previous digest as hex text, not 32 bytes.
        {new CborWriter().writeMapHeader(3).writeUint(1).writeText("KP8-BOX-03").writeUint(2)
            .writeUint(2).writeUint(3).writeText("00".repeat(32)).toByteArray(),
            "expected a byte string"}};
    for (Object[] c : cases) {
      byte[] map = (byte[]) c[0];
      String says = (String) c[1];
      assertRefused(() -> Submissions.openSale(CoseSign1.sign(saleWithCounter(map), vendor,
          Submissions.SALE_V2_TYPE), policy), RejectionReason.MALFORMED, says);
      assertRefused(() -> Submissions.openRefund(CoseSign1.sign(refundWithCounter(map),
          vendor, Submissions.REFUND_V2_TYPE), policy), RejectionReason.MALFORMED, says);
      assertRefused(() -> Submissions.readSale(CoseSign1.sign(saleWithCounter(map), vendor,
          Submissions.SALE_V2_TYPE)), RejectionReason.MALFORMED, says);
    }
  }

  @Test
  void aVersion2DocumentNeedsItsCounterAndAVersion1OneHasNone() {
    byte[] v1 = SaleCbor.encode(Samples.sale());
    byte[] v2WithoutCounter = v1.clone();
    v2WithoutCounter[2] = 2;
    assertRefused(() -> Submissions.openSale(CoseSign1.sign(v2WithoutCounter, vendor,
        Submissions.SALE_V2_TYPE), policy), RejectionReason.MALFORMED, "missing key 9");
    byte[] v1WithCounter = saleWithCounter(counter(2, "KP8-BOX-03", 1, null));
    v1WithCounter[2] = 1;
    assertRefused(() -> Submissions.openSale(CoseSign1.sign(v1WithCounter, vendor,
        Submissions.SALE_TYPE), policy), RejectionReason.MALFORMED, "unknown key 9");
    byte[] refundV1 = SaleCbor.encode(Samples.refund());
    byte[] refundV2WithoutCounter = refundV1.clone();
    refundV2WithoutCounter[2] = 2;
    assertRefused(() -> Submissions.openRefund(CoseSign1.sign(refundV2WithoutCounter, vendor,
        Submissions.REFUND_V2_TYPE), policy), RejectionReason.MALFORMED, "missing key 7");
  }

  @Test
  void theContentDigestIsTheSha256OfThePayloadWhereverItIsRead() throws Exception {
    byte[] saleV2 = Submissions.signSale(Samples.sale(), Samples.firstCount(), vendor);
    Counter second = Samples.firstCount().next(Submissions.contentDigest(saleV2));
    List<byte[]> signed = List.of(
        Submissions.signSale(Samples.sale(), vendor),
        saleV2,
        Submissions.signRefund(Samples.refund(), vendor),
        Submissions.signRefund(Samples.refund(), second, vendor),
        Submissions.signSchedule(Samples.declaration(), vendor),
        Submissions.signSchedule(Samples.cancellation(), vendor),
        Submissions.signSchedule(Samples.dayWithoutScreenings(), vendor),
        Submissions.signCorrection(Samples.correction(), vendor));
    for (byte[] s : signed) {
      String type = CoseSign1.parse(s, List.of(Submissions.SALE_TYPE, Submissions.SALE_V2_TYPE,
          Submissions.REFUND_TYPE, Submissions.REFUND_V2_TYPE, Submissions.SCHEDULE_TYPE,
          Submissions.CORRECTION_TYPE)).contentType();
      assertThat(type).isNotNull();
      if (type == null) {
        continue;
      }
      String digest = Submissions.contentDigest(s);
      assertThat(digest).as(type).isEqualTo(HexFormat.of().formatHex(MessageDigest
          .getInstance("SHA-256").digest(CoseSign1.parse(s, type).payload())));
      Signed<?> opened;
      Submissions.Stored<?> stored;
      if (type.startsWith("application/ekino-sale")) {
        opened = Submissions.openSale(s, policy);
        stored = Submissions.readSale(s);
      } else if (type.startsWith("application/ekino-refund")) {
        opened = Submissions.openRefund(s, policy);
        stored = Submissions.readRefund(s);
      } else if (type.equals(Submissions.SCHEDULE_TYPE)) {
        opened = Submissions.openSchedule(s, policy);
        stored = Submissions.readSchedule(s);
      } else {
        opened = Submissions.openCorrection(s, policy);
        stored = Submissions.readCorrection(s);
      }
      assertThat(opened.contentDigest()).as(type).isEqualTo(digest);
      assertThat(stored.contentDigest()).as(type).isEqualTo(digest);
      assertThat(stored.content()).as(type).isEqualTo(opened.content());
    }
    assertThatThrownBy(() -> Submissions.contentDigest(CoseSign1.sign(SaleCbor.encode(
        Samples.sale()), vendor))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a signed submission");
  }

  // --- schedule documents (docs/spec/schedule-v1.md) -------------------------------------------

  @Test
  void everyScheduleKindOpensToItself() throws Exception {
    for (Schedule schedule : List.of(Samples.declaration(), Samples.cancellation(),
        Samples.dayWithoutScreenings())) {
      byte[] signed = Submissions.signSchedule(schedule, vendor);
      Signed<Schedule> opened = Submissions.openSchedule(signed, policy);
      assertThat(opened.content()).isEqualTo(schedule);
      assertThat(opened.counter()).isEmpty();
      assertThat(Submissions.readSchedule(signed).content()).isEqualTo(schedule);
      assertThat(SaleCbor.decodeSchedule(SaleCbor.encode(schedule))).isEqualTo(schedule);
    }
  }

  /** docs/spec/schedule-v1.md §2 byte for byte. */
  @Test
  void scheduleDocumentsHaveFixedBytes() {
    // {0: 1, 1: 1, 2: 940140000385, 3: 1795606200, 4: 50140001238, 5: "S-20261128-3-1930",
    //  6: "проектор неисправен"}
    assertThat(HexFormat.of().formatHex(SaleCbor.encode(Samples.cancellation()))).isEqualTo(
        "a7" + "0001" + "0101" + "021b000000dae4b5f481" + "031a6b06c6b8"
            + "041b0000000bac93b3d6" + "0571532d32303236313132382d332d31393330"
            + "067825d0bfd180d0bed0b5d0bad182d0bed18020d0bdd0b5d0b8d181d0bfd180d0b0d0b2d0b5d0bd");
    // {0: 1, 1: 2, 2: 940140000385, 3: 1795165500, 4: 50140001238, 5: "2026-11-30"}
    assertThat(HexFormat.of().formatHex(SaleCbor.encode(Samples.dayWithoutScreenings())))
        .isEqualTo("a6" + "0001" + "0102" + "021b000000dae4b5f481" + "031a6b000d3c"
            + "041b0000000bac93b3d6" + "056a323032362d31312d3330");
  }

  @Test
  void aMalformedScheduleIsMalformed() {
    CborMap.Value cinema = w -> w.writeUint(Samples.CINEMA.toNumber());
    CborMap.Value screeningId = w -> w.writeText("S-20261128-3-1930");
    CborMap cancel = Payloads.cancellation();
    assertThat(cancel.encode()).isEqualTo(SaleCbor.encode(Samples.cancellation()));
    assertThat(dayOff("2026-11-30")).isEqualTo(SaleCbor.encode(Samples.dayWithoutScreenings()));
    Object[][] cases = {
        {schedule(3).with(4, cinema).with(5, w -> w.writeText("2026-11-30")).encode(),
            "unknown schedule kind 3"},
        {dayOff("2026-2-1"), "day must be YYYY-MM-DD, got '2026-2-1'"},
        {dayOff("2026-02-30"), "'2026-02-30' could not be parsed"},
        {dayOff("2026-13-01"), "'2026-13-01' could not be parsed"},
        {dayOff("1999-12-31"), "day must be in the years 2000 to 9999"},
        {dayOff("+2026-11-30"), "day must be YYYY-MM-DD"},
        {dayOff("2026-11-30T00:00"), "day must be YYYY-MM-DD"},
        {dayOff("２０２６-11-30"), "day must be YYYY-MM-DD"},
        {cancel.without(6).encode(), "missing key 6"},
        {cancel.with(6, w -> w.writeText(" ")).encode(), "cancellation reason must be 1 to 256"},
        {cancel.with(5, w -> w.writeText("")).encode(), "screening id must be 1 to"},
        {cancel.with(7, w -> w.writeUint(0)).encode(), "unknown key 7"},
        {schedule(0).with(4, w -> w.writeRaw(screeningMap())).with(5, screeningId).encode(),
            "unknown key 5"},
        {schedule(0).with(4, cinema).encode(), "expected a map"},
        {schedule(2).with(4, screeningId).with(5, w -> w.writeText("2026-11-30")).encode(),
            "expected an unsigned integer"},
        {schedule(2).with(4, w -> w.writeUint(50140001239L))
            .with(5, w -> w.writeText("2026-11-30")).encode(), "check digit"},
        {schedule(2).with(4, cinema).with(5, w -> w.writeUint(20261130)).encode(),
            "expected a text string"},
        {schedule(2).without(3).with(4, cinema).with(5, w -> w.writeText("2026-11-30"))
            .encode(), "missing key 3"}};
    for (Object[] c : cases) {
      byte[] payload = (byte[]) c[0];
      assertRefused(() -> Submissions.openSchedule(CoseSign1.sign(payload, vendor,
          Submissions.SCHEDULE_TYPE), policy), RejectionReason.MALFORMED, (String) c[1]);
      assertRefused(() -> Submissions.readSchedule(CoseSign1.sign(payload, vendor,
          Submissions.SCHEDULE_TYPE)), RejectionReason.MALFORMED, (String) c[1]);
    }
    byte[] v2 = schedule(2).with(0, w -> w.writeUint(2)).with(4, cinema)
        .with(5, w -> w.writeText("2026-11-30")).encode();
    assertRefused(() -> Submissions.openSchedule(CoseSign1.sign(v2, vendor,
        Submissions.SCHEDULE_TYPE), policy), RejectionReason.UNSUPPORTED_VERSION);
  }

  /** A vendor key declares only for the cinemas it may sell for, and only as its own vendor. */
  @Test
  void onlyAVendorKeyForTheCinemaMaySignItsSchedule() {
    Schedule.Declare elsewhere = new Schedule.Declare(Samples.VENDOR,
        new Screening(Samples.screening().id(), Samples.OTHER_CINEMA,
            Samples.screening().hall(), Samples.film(), Samples.SCREENING_START,
            Samples.screening().language(), Samples.screening().format()),
        Samples.declaration().signedAt());
    Schedule.Cancel cancelElsewhere = new Schedule.Cancel(Samples.VENDOR, Samples.OTHER_CINEMA,
        Samples.screening().id(), Samples.cancellation().signedAt(), "x");
    Schedule.NoScreenings closedElsewhere = new Schedule.NoScreenings(Samples.VENDOR,
        Samples.OTHER_CINEMA, Samples.dayWithoutScreenings().day(),
        Samples.dayWithoutScreenings().signedAt());
    Schedule.NoScreenings otherVendor = new Schedule.NoScreenings(
        Bin.of("990140004654"), Samples.CINEMA,
        Samples.dayWithoutScreenings().day(), Samples.dayWithoutScreenings().signedAt());
    for (Schedule s : List.of(elsewhere, cancelElsewhere, closedElsewhere, otherVendor)) {
      assertRefused(() -> Submissions.openSchedule(Submissions.signSchedule(s, vendor), policy),
          RejectionReason.KEY_NOT_VALID);
    }
    assertRefused(() -> Submissions.openSchedule(Submissions.signSchedule(
        Samples.declaration(), registry), policy), RejectionReason.KEY_NOT_VALID);
    Schedule.Declare tomorrow = new Schedule.Declare(Samples.VENDOR, Samples.screening(),
        policy.clock().instant().plusSeconds(3600));
    assertRefused(() -> Submissions.openSchedule(Submissions.signSchedule(tomorrow, vendor),
        policy), RejectionReason.ISSUED_IN_FUTURE);
  }

  // --- sale corrections ------------------------------------------------------------------------

  @Test
  void correctionsOpenAndAreStrict() throws Exception {
    SaleCorrection c = Samples.correction();
    byte[] signed = Submissions.signCorrection(c, vendor);
    assertThat(Submissions.openCorrection(signed, policy).content()).isEqualTo(c);
    assertThat(Submissions.readCorrection(signed).content()).isEqualTo(c);
    // {0: 1, 1: 1204518, 2: "KP-26-004217", 3: 940140000385, 4: 1795603200, 5: 200000,
    //  6: "price keyed as 2 500 instead of 2 000 tenge"}
    assertThat(HexFormat.of().formatHex(SaleCbor.encode(c))).isEqualTo("a7" + "0001"
        + "011a00126126" + "026c4b502d32362d303034323137" + "031b000000dae4b5f481"
        + "041a6b06bb00" + "051a00030d40" + "06782b"
        + HexFormat.of().formatHex(c.reason().getBytes(StandardCharsets.UTF_8)));

    CborMap map = Payloads.correction();
    assertThat(map.encode()).isEqualTo(SaleCbor.encode(c));
    Object[][] cases = {
        {map.with(5, w -> w.writeUint(Sale.MAX_PRICE_TIYN + 1)).encode(),
            "price must be 0 to " + Sale.MAX_PRICE_TIYN + " tiyn"},
        {map.with(1, w -> w.writeUint(0)).encode(), "sale serial must be positive"},
        {map.with(6, w -> w.writeText("")).encode(), "correction reason must be 1 to 256"},
        {map.without(6).encode(), "missing key 6"},
        {map.with(7, w -> w.writeUint(0)).encode(), "unknown key 7"},
        {map.with(0, w -> w.writeUint(2)).encode(), "document version 2"},
        {Arrays.copyOf(SaleCbor.encode(c), SaleCbor.encode(c).length + 1), "trailing"}};
    for (Object[] k : cases) {
      byte[] p = (byte[]) k[0];
      RejectionReason reason = ((String) k[1]).startsWith("document version")
          ? RejectionReason.UNSUPPORTED_VERSION : RejectionReason.MALFORMED;
      assertRefused(() -> Submissions.openCorrection(CoseSign1.sign(p, vendor,
          Submissions.CORRECTION_TYPE), policy), reason, (String) k[1]);
    }
    SaleCorrection otherVendors = new SaleCorrection(c.saleSerial(), c.ticketId(),
        Bin.of("990140004654"), c.correctedAt(), c.priceTiyn(), c.reason());
    assertRefused(() -> Submissions.openCorrection(Submissions.signCorrection(otherVendors,
        vendor), policy), RejectionReason.KEY_NOT_VALID);
  }

  /** Each document type opens only as itself: the content type is signed and must match. */
  @Test
  void scheduleAndCorrectionNeverOpenAsAnotherDocument() {
    byte[] schedule = Submissions.signSchedule(Samples.declaration(), vendor);
    byte[] correction = Submissions.signCorrection(Samples.correction(), vendor);
    byte[] refund = Submissions.signRefund(Samples.refund(), Samples.firstCount(), vendor);
    assertRefused(() -> Submissions.openSale(schedule, policy), RejectionReason.MALFORMED,
        "content type is 'application/ekino-schedule+cbor;v=1'");
    assertRefused(() -> Submissions.openCorrection(refund, policy), RejectionReason.MALFORMED);
    assertRefused(() -> Submissions.openRefund(correction, policy), RejectionReason.MALFORMED);
    assertRefused(() -> Submissions.openSchedule(correction, policy), RejectionReason.MALFORMED);
    assertRefused(() -> Submissions.readCorrection(refund), RejectionReason.MALFORMED);
    assertRefused(() -> Submissions.readSchedule(refund), RejectionReason.MALFORMED);
    // The payload of a correction signed under the schedule's type is no schedule.
    assertRefused(() -> Submissions.openSchedule(CoseSign1.sign(SaleCbor.encode(
        Samples.correction()), vendor, Submissions.SCHEDULE_TYPE), policy),
        RejectionReason.MALFORMED);
  }

  /** The sample screening's map (key 4 of a declaration), cut from the encoder's output. */
  private static byte[] screeningMap() {
    byte[] declaration = SaleCbor.encode(Samples.declaration());
    // The header has one entry more, in the same single byte.
    int head = schedule(0, Samples.declaration().signedAt()).encode().length + 1;
    assertThat(declaration[head - 1]).isEqualTo((byte) 4);
    return Arrays.copyOfRange(declaration, head, declaration.length);
  }

  private static void assertRefused(ThrowableAssert.ThrowingCallable call,
      RejectionReason reason, String says) {
    assertThatThrownBy(call).isInstanceOfSatisfying(RejectedException.class, e -> {
      assertThat(e.reason()).isEqualTo(reason);
      assertThat(e.getMessage()).contains(says);
    });
  }

  private static void assertRefused(ThrowableAssert.ThrowingCallable call,
      RejectionReason reason) {
    assertThatThrownBy(call).isInstanceOfSatisfying(RejectedException.class,
        e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
  }
}
