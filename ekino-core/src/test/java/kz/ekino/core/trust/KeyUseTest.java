package kz.ekino.core.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.testing.Samples;
import kz.ekino.core.testing.TestKeys;
import org.junit.jupiter.api.Test;

/** The one rule of what a trusted key may sign, for every kind of signed thing. */
class KeyUseTest {
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant UNTIL = Instant.parse("2027-01-01T00:00:00Z");

  private final TrustedKey registry = TrustedKey.registry(
      TestKeys.verification(TestKeys.REGISTRY_ED25519), FROM, Optional.of(UNTIL));
  private final TrustedKey vendor = TrustedKey.vendor(
      TestKeys.verification(TestKeys.VENDOR_ED25519), Samples.VENDOR, Set.of(Samples.CINEMA),
      FROM, Optional.of(UNTIL));
  private final TrustedKey development =
      TrustedKey.development(TestKeys.verification(TestKeys.OTHER_ED25519));

  private final KeyUse registered = KeyUse.ticket(
      TicketClaims.registered(Samples.sale(), 5, Samples.REGISTERED_AT));
  private final KeyUse provisional = KeyUse.ticket(TicketClaims.provisional(Samples.sale()));
  private final KeyUse specimen = KeyUse.ticket(TicketClaims.specimen(Samples.specimenSale()));
  private final KeyUse sale = KeyUse.sale(Samples.sale());
  private final KeyUse refund = KeyUse.refund(new Refund(5, Samples.sale().ticketId(),
      Samples.VENDOR, Samples.REGISTERED_AT, 250_000L, "customer request"));
  private final KeyUse revocations = KeyUse.revocationList(Samples.REGISTERED_AT);

  @Test
  void eachRoleSignsItsOwnKindsOfDocument() {
    assertThat(registry.authorise(registered)).isEmpty();
    assertThat(registry.authorise(specimen)).isEmpty();
    assertThat(registry.authorise(revocations)).isEmpty();
    assertThat(registry.authorise(provisional)).contains(
        "a REGISTRY key may not sign PROVISIONAL tokens");
    assertThat(registry.authorise(sale)).contains("a REGISTRY key may not sign sales");
    assertThat(registry.authorise(refund)).contains("a REGISTRY key may not sign refunds");

    assertThat(vendor.authorise(provisional)).isEmpty();
    assertThat(vendor.authorise(specimen)).isEmpty();
    assertThat(vendor.authorise(sale)).isEmpty();
    assertThat(vendor.authorise(refund)).isEmpty();
    assertThat(vendor.authorise(registered)).contains(
        "a VENDOR key may not sign REGISTERED tokens");
    assertThat(vendor.authorise(revocations)).contains(
        "a VENDOR key may not sign revocation lists");
  }

  @Test
  void aDevelopmentKeySignsEverything() {
    for (KeyUse use : new KeyUse[] {registered, provisional, specimen, sale, refund,
        revocations}) {
      assertThat(development.authorise(use)).as(use.toString()).isEmpty();
    }
  }

  @Test
  void aVendorKeySignsOnlyForItsVendorAndItsCinemas() {
    TrustedKey otherVendor = TrustedKey.vendor(TestKeys.verification(TestKeys.VENDOR_ES256),
        Samples.OTHER_CINEMA, Set.of(Samples.CINEMA), FROM, Optional.empty());
    TrustedKey otherCinema = TrustedKey.vendor(TestKeys.verification(TestKeys.VENDOR_ES256),
        Samples.VENDOR, Set.of(Samples.OTHER_CINEMA), FROM, Optional.empty());

    assertThat(otherVendor.authorise(sale).orElseThrow()).contains("belongs to vendor");
    assertThat(otherVendor.authorise(refund).orElseThrow()).contains("belongs to vendor");
    assertThat(otherCinema.authorise(sale).orElseThrow()).contains("may not sell for cinema");
    assertThat(otherCinema.authorise(provisional).orElseThrow())
        .contains("may not sell for cinema");
    // A refund names no cinema: only the registry, which knows the sale, can check it.
    assertThat(otherCinema.authorise(refund)).isEmpty();
    assertThat(otherCinema.maySellFor(Samples.CINEMA)).isFalse();
    assertThat(vendor.maySellFor(Samples.CINEMA)).isTrue();
    assertThat(development.maySellFor(Samples.OTHER_CINEMA)).isTrue();
    assertThat(registry.maySellFor(Samples.CINEMA)).isFalse();
  }

  @Test
  void aRevokedKeyOrOneOutsideItsValiditySignsNothing() {
    assertThat(registry.revoked().authorise(registered).orElseThrow()).contains("is revoked");
    assertThat(development.revoked().authorise(sale).orElseThrow()).contains("is revoked");
    TrustedKey later = TrustedKey.registry(registry.key(), Instant.parse("2026-12-01T00:00:00Z"),
        Optional.empty());
    assertThat(later.authorise(revocations).orElseThrow())
        .contains("was not valid at " + Samples.REGISTERED_AT);
    TrustedKey expired = TrustedKey.vendor(vendor.key(), Samples.VENDOR, Set.of(Samples.CINEMA),
        FROM, Optional.of(Samples.SOLD_AT));
    assertThat(expired.authorise(sale).orElseThrow()).contains("was not valid at");
  }
}
