package kz.ekino.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
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
import org.assertj.core.api.ThrowableAssert;
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
    byte[] doc = RevocationList.sign(1, NOW, serials,
        TestKeys.signing(TestKeys.REGISTRY_ED25519));
    RevocationList list = RevocationList.open(doc, policy);

    assertThat(list.size()).isEqualTo(10_000);
    assertThat(list.isRevoked(1_000_500)).isTrue();
    assertThat(list.isRevoked(999_999)).isFalse();
    assertThat(list.issuedAt()).isEqualTo(NOW);
    assertThat(list.sequence()).isEqualTo(1);
    assertThat(doc.length).isLessThan(10_200); // one byte per consecutive serial
  }

  @Test
  void underAnExpiredTrustListNoListIsAccepted() {
    byte[] doc = RevocationList.sign(1, NOW, List.of(1L),
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
    byte[] doc = RevocationList.sign(1, NOW.plusSeconds(3600), List.of(1L),
        TestKeys.signing(TestKeys.REGISTRY_ED25519));
    assertThatThrownBy(() -> RevocationList.open(doc, policy))
        .isInstanceOfSatisfying(RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.ISSUED_IN_FUTURE));
  }

  @Test
  void onlyTheRegistryMaySignIt() {
    byte[] byVendor = RevocationList.sign(1, NOW, List.of(1L),
        TestKeys.signing(TestKeys.VENDOR_ED25519));
    assertThatThrownBy(() -> RevocationList.open(byVendor, policy))
        .isInstanceOfSatisfying(RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.KEY_NOT_VALID));
    byte[] doc = RevocationList.sign(1, NOW, List.of(5L, 3L),
        TestKeys.signing(TestKeys.REGISTRY_ED25519));
    doc[doc.length - 1] ^= 1;
    assertThatThrownBy(() -> RevocationList.open(doc, policy))
        .isInstanceOfSatisfying(RejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.BAD_SIGNATURE));
  }

  /**
   * The replay attack (issue 10): a scanner holds list 9, which names a ticket refunded since
   * list 8; list 8, genuine and within its maximum age, is replayed to make the refunded
   * ticket admissible again.
   */
  @Test
  void aListOlderThanTheOneHeldIsRefused() throws Exception {
    RevocationList held = RevocationList.open(sign(9, NOW.minusSeconds(60), 5L, 7L), policy);
    byte[] older = sign(8, NOW.minusSeconds(600), 5L);

    assertThat(RevocationList.open(older, policy).isRevoked(7)).as("valid on its own").isFalse();
    assertRejected(() -> RevocationList.open(older, policy, held), RejectionReason.LIST_ROLLBACK,
        "sequence 8", "held list's 9");
    // The same sequence (no new log entry) issued earlier is older too; later is newer.
    assertRejected(() -> RevocationList.open(sign(9, NOW.minusSeconds(61), 5L, 7L), policy,
        held), RejectionReason.LIST_ROLLBACK, "issued");
    assertRejected(() -> RevocationList.open(sign(9, NOW.minusSeconds(60), 5L), policy, held),
        RejectionReason.LIST_ROLLBACK, "other serials");
    assertThat(RevocationList.open(sign(9, NOW, 5L, 7L), policy, held).issuedAt())
        .isEqualTo(NOW);
    assertThat(RevocationList.open(sign(9, NOW.minusSeconds(60), 5L, 7L), policy, held)
        .sequence()).as("the same list again").isEqualTo(9);
    assertThat(RevocationList.open(sign(10, NOW, 5L, 7L, 8L), policy, held).isRevoked(8))
        .isTrue();
  }

  /** A list issued longer ago than the maximum age (24 h by default) is refused, held or not. */
  @Test
  void aListOlderThanTheMaximumAgeIsRefused() throws Exception {
    Instant day = NOW.minus(VerificationPolicy.DEFAULT_REVOCATION_MAX_AGE);
    assertThat(RevocationList.open(sign(3, day, 5L), policy).issuedAt()).isEqualTo(day);
    assertRejected(() -> RevocationList.open(sign(3, day.minusSeconds(1), 5L), policy),
        RejectionReason.STALE_LIST, "maximum age");
    assertRejected(() -> RevocationList.open(sign(3, day.minusSeconds(1), 5L), policy,
        RevocationList.open(sign(2, day, 5L), policy)), RejectionReason.STALE_LIST);

    VerificationPolicy strict = VerificationPolicy.builder(policy.trust(), policy.clock())
        .officialBase(UrlBase.of(UrlBase.DEFAULT)).revocationMaxAge(Duration.ofMinutes(15))
        .build();
    assertRejected(() -> RevocationList.open(sign(3, NOW.minusSeconds(901), 5L), strict),
        RejectionReason.STALE_LIST);
    assertThat(RevocationList.open(sign(3, NOW.minusSeconds(900), 5L), strict).size())
        .isEqualTo(1);
    assertThatThrownBy(() -> VerificationPolicy.builder(policy.trust(), policy.clock())
        .revocationMaxAge(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }

  /** A registry key retired since it signed a list no longer vouches for it (issue 10). */
  @Test
  void aListSignedByARetiredRegistryKeyIsRefused() {
    VerificationPolicy retired = VerificationPolicy.builder(TrustList.of(2, from,
            Instant.parse("2027-01-01T00:00:00Z"), List.of(TrustedKey.registry(
                TestKeys.verification(TestKeys.REGISTRY_ED25519), from,
                Optional.of(NOW.minusSeconds(30))))), policy.clock())
        .officialBase(UrlBase.of(UrlBase.DEFAULT)).build();
    assertRejected(() -> RevocationList.open(sign(4, NOW.minusSeconds(60), 5L), retired),
        RejectionReason.KEY_NOT_VALID, "now");
  }

  private static byte[] sign(long sequence, Instant issuedAt, Long... serials) {
    return RevocationList.sign(sequence, issuedAt, List.of(serials),
        TestKeys.signing(TestKeys.REGISTRY_ED25519));
  }

  private static void assertRejected(ThrowableAssert.ThrowingCallable call,
      RejectionReason reason, String... says) {
    assertThatThrownBy(call).isInstanceOfSatisfying(RejectedException.class, e -> {
      assertThat(e.reason()).isEqualTo(reason);
      for (String said : says) {
        assertThat(e.getMessage()).contains(said);
      }
    });
  }
}
