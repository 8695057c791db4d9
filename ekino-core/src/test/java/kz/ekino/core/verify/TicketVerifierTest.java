package kz.ekino.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.model.Bin;
import kz.ekino.core.testing.Samples;
import kz.ekino.core.testing.TestKeys;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.token.TicketToken;
import kz.ekino.core.model.TokenKind;
import kz.ekino.core.token.UrlBase;
import kz.ekino.core.trust.KeyRole;
import kz.ekino.core.trust.TrustList;
import kz.ekino.core.trust.TrustedKey;
import org.junit.jupiter.api.Test;

class TicketVerifierTest {
  private static final UrlBase BASE = UrlBase.of(UrlBase.DEFAULT);
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final Instant LIST_ISSUED = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant LIST_EXPIRES = Instant.parse("2026-12-01T00:00:00Z");

  private final SigningKey registry = TestKeys.signing(TestKeys.REGISTRY_ED25519);
  private final SigningKey vendor = TestKeys.signing(TestKeys.VENDOR_ED25519);
  private final SigningKey vendorEs = TestKeys.signing(TestKeys.VENDOR_ES256);

  private final TrustedKey registryKey = TrustedKey.registry(registry.verificationKey(),
      LIST_ISSUED, Optional.empty());
  private final TrustedKey vendorKey = TrustedKey.vendor(vendor.verificationKey(),
      Samples.VENDOR, Set.of(Samples.CINEMA), LIST_ISSUED, Optional.empty());

  private final String registered = TicketToken.issue(
      TicketClaims.registered(Samples.sale(), Samples.SERIAL, Samples.REGISTERED_AT), registry)
      .qrText(BASE);
  private final String provisional =
      TicketToken.issue(TicketClaims.provisional(Samples.sale()), vendor).qrText(BASE);

  @Test
  void registeredReceiptVerifiesWithTheRegistryKey() {
    VerificationResult r = TicketVerifier.verify(registered, policy(registryKey, vendorKey));

    assertThat(r.verdict()).isEqualTo("VALID");
    VerifiedTicket t = r.ticket().orElseThrow();
    assertThat(t.kind()).isEqualTo(TokenKind.REGISTERED);
    assertThat(t.claims().serial()).hasValue(Samples.SERIAL);
    assertThat(t.claims().cinema()).isEqualTo(Samples.CINEMA);
    assertThat(t.signer().role()).isEqualTo(KeyRole.REGISTRY);
  }

  @Test
  void provisionalTokenVerifiesAsProvisionalNeverAsValid() {
    VerificationResult r = TicketVerifier.verify(provisional, policy(registryKey, vendorKey));

    assertThat(r.verdict()).isEqualTo("PROVISIONAL");
    assertThat(r.ticket().orElseThrow().kind()).isEqualTo(TokenKind.PROVISIONAL);
  }

  @Test
  void registrySignedSpecimenIsASpecimen() {
    String specimen = TicketToken.issue(TicketClaims.specimen(Samples.specimenSale()), registry)
        .qrText(BASE);
    assertThat(TicketVerifier.verify(specimen, policy(registryKey)).verdict())
        .isEqualTo("SPECIMEN");
  }

  @Test
  void aVendorKeyOnlyVouchesForItsOwnBinAndCinemas() {
    TrustedKey otherVendor = TrustedKey.vendor(vendor.verificationKey(), Bin.of("990140004654"),
        Set.of(Samples.CINEMA), LIST_ISSUED, Optional.empty());
    TrustedKey otherCinema = TrustedKey.vendor(vendor.verificationKey(), Samples.VENDOR,
        Set.of(Samples.OTHER_CINEMA), LIST_ISSUED, Optional.empty());

    assertRejected(provisional, policy(otherVendor), RejectionReason.KEY_NOT_VALID,
        "belongs to vendor 990140004654");
    assertRejected(provisional, policy(otherCinema), RejectionReason.KEY_NOT_VALID,
        "may not sell for cinema 050140001238");
  }

  @Test
  void theRegistryKeyCannotSignProvisionalTokens() {
    String registryProvisional =
        TicketToken.issue(TicketClaims.provisional(Samples.sale()), registry).qrText(BASE);
    assertRejected(registryProvisional, policy(registryKey), RejectionReason.KEY_NOT_VALID,
        "REGISTRY key may not sign PROVISIONAL");
  }

  @Test
  void keyValidityIsJudgedAtTheSigningInstant() {
    TrustedKey retired = TrustedKey.registry(registry.verificationKey(), LIST_ISSUED,
        Optional.of(Samples.REGISTERED_AT));
    TrustedKey stillValid = TrustedKey.registry(registry.verificationKey(), LIST_ISSUED,
        Optional.of(Samples.REGISTERED_AT.plusSeconds(1)));

    // A key retired after it signed still vouches for what it signed while valid.
    assertThat(TicketVerifier.verify(registered, policy(stillValid)).verdict()).isEqualTo("VALID");
    assertRejected(registered, policy(retired), RejectionReason.KEY_NOT_VALID, "not valid at");
    assertRejected(registered, policy(registryKey.revoked()), RejectionReason.KEY_NOT_VALID,
        "revoked");
  }

  /**
   * An outage token is the vendor's word for a bounded time (issue 10): 72 hours after it was
   * signed, by the verifier's clock, it is PROVISIONAL_EXPIRED, even from a key retired since.
   */
  @Test
  void aProvisionalTokenOlderThan72HoursIsRejectedAndOneAt71HoursAccepted() {
    Instant signed = Samples.SOLD_AT;
    TrustedKey retiredSince = TrustedKey.vendor(vendor.verificationKey(), Samples.VENDOR,
        Set.of(Samples.CINEMA), LIST_ISSUED, Optional.of(signed.plus(Duration.ofHours(1))));

    for (TrustedKey key : List.of(vendorKey, retiredSince)) {
      assertThat(TicketVerifier.verify(provisional, policyAt(signed.plus(Duration.ofHours(71)),
          key)).verdict()).isEqualTo("PROVISIONAL");
      assertThat(TicketVerifier.verify(provisional, policyAt(signed.plus(Duration.ofDays(3)),
          key)).verdict()).as("exactly the bound").isEqualTo("PROVISIONAL");
      assertRejected(provisional, policyAt(signed.plus(Duration.ofDays(3)).plusSeconds(1),
          key), RejectionReason.PROVISIONAL_EXPIRED, "signed at " + signed);
    }
    // A registry receipt does not age this way: the registry vouched for the sale.
    assertThat(TicketVerifier.verify(registered, policyAt(signed.plus(Duration.ofHours(73)),
        registryKey)).verdict()).isEqualTo("VALID");
  }

  @Test
  void theProvisionalBoundComesFromThePolicy() {
    VerificationPolicy oneDay = VerificationPolicy.builder(TrustList.of(1, LIST_ISSUED,
            LIST_EXPIRES, List.of(vendorKey)),
            Clock.fixed(Samples.SOLD_AT.plus(Duration.ofHours(25)), ZoneOffset.UTC))
        .officialBase(BASE).provisionalMaxAge(Duration.ofDays(1)).build();
    assertThat(VerificationPolicy.DEFAULT_PROVISIONAL_MAX_AGE).isEqualTo(Duration.ofDays(3));
    assertRejected(provisional, oneDay, RejectionReason.PROVISIONAL_EXPIRED, "PT24H");
    assertThatThrownBy(() -> VerificationPolicy.builder(TrustList.pinned(
        registry.verificationKey()), Clock.systemUTC()).provisionalMaxAge(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anExpiredTrustListSaysSoInsteadOfTrusting() {
    VerificationPolicy expired = VerificationPolicy.builder(
            TrustList.of(1, LIST_ISSUED, LIST_EXPIRES, List.of(registryKey)),
            Clock.fixed(LIST_EXPIRES, ZoneOffset.UTC))
        .officialBase(BASE).build();

    assertRejected(registered, expired, RejectionReason.TRUST_LIST_EXPIRED, "refresh");
    assertThat(TicketVerifier.verifyToken(new byte[0], expired).verdict())
        .isEqualTo("TRUST_LIST_EXPIRED");
  }

  @Test
  void es256VendorKeysWorkToo() {
    TrustedKey es = TrustedKey.vendor(vendorEs.verificationKey(), Samples.VENDOR,
        Set.of(Samples.CINEMA), LIST_ISSUED, Optional.empty());
    String qr = TicketToken.issue(TicketClaims.provisional(Samples.sale()), vendorEs)
        .qrText(BASE);
    assertThat(TicketVerifier.verify(qr, policy(es)).verdict()).isEqualTo("PROVISIONAL");
  }

  @Test
  void onlyConfiguredBasesAreOfficial() {
    VerificationPolicy local = VerificationPolicy.builder(TrustList.pinned(
            registry.verificationKey()), Clock.fixed(NOW, ZoneOffset.UTC))
        .officialBase(UrlBase.of("http://localhost:8080")).build();
    String localQr = TicketToken.issue(
        TicketClaims.registered(Samples.sale(), 1, Samples.REGISTERED_AT), registry)
        .qrText(UrlBase.of("http://localhost:8080"));

    assertThat(TicketVerifier.verify(localQr, local).verdict()).isEqualTo("VALID");
    assertRejected(registered, local, RejectionReason.FOREIGN_URL, "official");
  }

  @Test
  void rawTokenBytesVerifyWithoutAUrl() {
    byte[] token = TicketToken.issue(
        TicketClaims.registered(Samples.sale(), 1, Samples.REGISTERED_AT), registry).bytes();
    assertThat(TicketVerifier.verifyToken(token, policy(registryKey)).verdict())
        .isEqualTo("VALID");
    assertThat(TicketVerifier.verifyToken(new byte[2000], policy(registryKey)).verdict())
        .isEqualTo("MALFORMED");
  }

  @Test
  void longTextIsRefusedBeforeDecoding() {
    assertRejected(BASE.prefix() + "A".repeat(TicketVerifier.MAX_TEXT_LENGTH),
        policy(registryKey), RejectionReason.MALFORMED, "longer than");
  }

  /**
   * The text limit is what the largest token gives under the longest base: 64 + 3 + base32 of
   * 1,024 bytes (1,639 characters unpadded) = 1,706. A signed 1,024-byte token of a later
   * claims version is read to its version; one byte more is refused by length.
   */
  @Test
  void theLongestTextIsTheLargestTokenUnderTheLongestBase() {
    assertThat(TicketVerifier.MAX_TEXT_LENGTH).isEqualTo(1_706);
    UrlBase longest = UrlBase.of("https://" + "q".repeat(UrlBase.MAX_LENGTH - 8));
    VerificationPolicy p = VerificationPolicy.builder(TrustList.of(1, LIST_ISSUED,
            LIST_EXPIRES, List.of(registryKey)), Clock.fixed(NOW, ZoneOffset.UTC))
        .officialBase(longest).build();

    String atLimit = longest.prefix() + base32(futureToken(TicketToken.MAX_BYTES));
    assertThat(atLimit).hasSize(TicketVerifier.MAX_TEXT_LENGTH);
    assertRejected(atLimit, p, RejectionReason.UNSUPPORTED_VERSION, "version 2");

    String over = longest.prefix() + base32(futureToken(TicketToken.MAX_BYTES + 1));
    assertThat(over).hasSize(TicketVerifier.MAX_TEXT_LENGTH + 1);
    assertRejected(over, p, RejectionReason.MALFORMED, "longer than 1706 characters");
    assertThat(TicketVerifier.verifyToken(futureToken(TicketToken.MAX_BYTES + 1), p).verdict())
        .isEqualTo("MALFORMED");
  }

  /** A registry-signed token of exactly {@code size} bytes whose claims declare version 2. */
  private byte[] futureToken(int size) {
    for (int pad = size; pad >= 0; pad--) {
      byte[] payload = new kz.ekino.core.internal.CborWriter().writeMapHeader(2)
          .writeUint(0).writeUint(2).writeUint(1).writeBytes(new byte[pad]).toByteArray();
      byte[] token = kz.ekino.core.cose.CoseSign1.sign(payload, registry);
      if (token.length == size) {
        return token;
      }
    }
    throw new AssertionError("no padding gives " + size + " bytes");
  }

  private static String base32(byte[] bytes) {
    return kz.ekino.core.internal.Base32.encode(bytes);
  }

  @Test
  void policiesCapTheClockSkewAndNeedABase() {
    VerificationPolicy.Builder b = VerificationPolicy.builder(
        TrustList.pinned(registry.verificationKey()), Clock.systemUTC());
    assertThatThrownBy(() -> b.clockSkew(Duration.ofMinutes(16)))
        .hasMessageContaining("clock skew must be 0 to PT15M");
    assertThatThrownBy(b::build).hasMessageContaining("official base");
  }

  @Test
  void graceAndSkewComeFromThePolicy() {
    Instant late = Samples.SCREENING_START.plus(Duration.ofHours(7));
    VerificationPolicy strict = VerificationPolicy.builder(TrustList.of(1, LIST_ISSUED,
            LIST_EXPIRES, List.of(registryKey)), Clock.fixed(late, ZoneOffset.UTC))
        .officialBase(BASE).build();
    VerificationPolicy visitor = VerificationPolicy.builder(TrustList.of(1, LIST_ISSUED,
            LIST_EXPIRES, List.of(registryKey)), Clock.fixed(late, ZoneOffset.UTC))
        .officialBase(BASE).screeningGrace(Duration.ofDays(30)).build();

    assertRejected(registered, strict, RejectionReason.SCREENING_OVER, "verify until");
    assertThat(TicketVerifier.verify(registered, visitor).verdict()).isEqualTo("VALID");
  }

  private static void assertRejected(String qr, VerificationPolicy policy,
      RejectionReason reason, String detail) {
    VerificationResult r = TicketVerifier.verify(qr, policy);
    assertThat(r).isInstanceOf(VerificationResult.Rejected.class);
    VerificationResult.Rejected rejected = (VerificationResult.Rejected) r;
    assertThat(rejected.reason()).isEqualTo(reason);
    assertThat(rejected.detail()).contains(detail);
    assertThat(r.ticket()).isEmpty();
  }

  private static VerificationPolicy policyAt(Instant now, TrustedKey... keys) {
    return VerificationPolicy.builder(TrustList.of(1, LIST_ISSUED, LIST_EXPIRES, List.of(keys)),
        Clock.fixed(now, ZoneOffset.UTC)).officialBase(BASE).build();
  }

  private static VerificationPolicy policy(TrustedKey... keys) {
    return VerificationPolicy.builder(TrustList.of(1, LIST_ISSUED, LIST_EXPIRES, List.of(keys)),
        Clock.fixed(NOW, ZoneOffset.UTC)).officialBase(BASE).build();
  }
}
