package kz.ekino.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import kz.ekino.core.testing.Samples;
import kz.ekino.core.testing.TestKeys;
import kz.ekino.core.token.UrlBase;
import kz.ekino.core.trust.TrustList;
import kz.ekino.core.trust.TrustedKey;
import kz.ekino.core.verify.RejectedException;
import kz.ekino.core.verify.RejectionReason;
import kz.ekino.core.verify.VerificationPolicy;
import org.junit.jupiter.api.Test;

class RevocationListTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private final Instant from = Instant.parse("2026-01-01T00:00:00Z");
  private final VerificationPolicy policy = VerificationPolicy.builder(
          TrustList.of(1, from, Instant.parse("2027-01-01T00:00:00Z"), List.of(
              TrustedKey.registry(TestKeys.verification(TestKeys.REGISTRY_ED25519), from,
                  Optional.empty()),
              TrustedKey.vendor(TestKeys.verification(TestKeys.VENDOR_ED25519), Samples.VENDOR,
                  Set.of(Samples.CINEMA), from, Optional.empty()))),
          Clock.fixed(NOW, ZoneOffset.UTC))
      .officialBase(UrlBase.of(UrlBase.DEFAULT)).build();

  @Test
  void aSignedListSaysWhichSerialsAreRevokedAndIsCompact() throws Exception {
    List<Long> serials = new ArrayList<>();
    for (long s = 1_000_000; s < 1_010_000; s++) {
      serials.add(s);
    }
    byte[] doc = RevocationList.sign(NOW, serials,
        TestKeys.signing(TestKeys.REGISTRY_ED25519));
    RevocationList list = RevocationList.open(doc, policy);

    assertThat(list.size()).isEqualTo(10_000);
    assertThat(list.isRevoked(1_000_500)).isTrue();
    assertThat(list.isRevoked(999_999)).isFalse();
    assertThat(list.issuedAt()).isEqualTo(NOW);
    assertThat(doc.length).isLessThan(10_200); // one byte per consecutive serial
  }

  @Test
  void underAnExpiredTrustListNoListIsAccepted() {
    byte[] doc = RevocationList.sign(NOW, List.of(1L),
        TestKeys.signing(TestKeys.REGISTRY_ED25519));
    VerificationPolicy later = VerificationPolicy.builder(policy.trust(),
            Clock.fixed(Instant.parse("2027-01-01T00:00:00Z"), ZoneOffset.UTC))
        .officialBase(UrlBase.of(UrlBase.DEFAULT)).build();

    assertThatThrownBy(() -> RevocationList.open(doc, later))
        .isInstanceOfSatisfying(RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.TRUST_LIST_EXPIRED));
  }

  @Test
  void aListDatedBeyondTheClockSkewIsRefused() {
    byte[] doc = RevocationList.sign(NOW.plusSeconds(3600), List.of(1L),
        TestKeys.signing(TestKeys.REGISTRY_ED25519));
    assertThatThrownBy(() -> RevocationList.open(doc, policy))
        .isInstanceOfSatisfying(RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.ISSUED_IN_FUTURE));
  }

  @Test
  void onlyTheRegistryMaySignIt() {
    byte[] byVendor = RevocationList.sign(NOW, List.of(1L),
        TestKeys.signing(TestKeys.VENDOR_ED25519));
    assertThatThrownBy(() -> RevocationList.open(byVendor, policy))
        .isInstanceOfSatisfying(RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.KEY_NOT_VALID));
    byte[] doc = RevocationList.sign(NOW, List.of(5L, 3L),
        TestKeys.signing(TestKeys.REGISTRY_ED25519));
    doc[doc.length - 1] ^= 1;
    assertThatThrownBy(() -> RevocationList.open(doc, policy))
        .isInstanceOfSatisfying(RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.BAD_SIGNATURE));
  }
}
