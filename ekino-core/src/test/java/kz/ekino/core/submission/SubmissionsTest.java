package kz.ekino.core.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import kz.ekino.core.cose.CoseSign1;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.SalesChannel;
import kz.ekino.core.submission.v1.SaleCbor;
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
        new kz.ekino.core.model.Screening(Samples.screening().id(), Samples.OTHER_CINEMA,
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
