package kz.ekino.core.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import kz.ekino.core.token.UrlBase;
import kz.ekino.core.trust.TrustList;

/**
 * What a verifier trusts and accepts: the trust list, the official URL bases, the clock, the
 * clock skew it tolerates (capped at {@link #MAX_CLOCK_SKEW}), how long after a screening's
 * start its tickets still verify, how long a PROVISIONAL token verifies after it was signed,
 * and how old a revocation list may be. Every age is measured with the policy's clock, never
 * with a time the signer wrote. Immutable; build one with {@link #builder}.
 */
public final class VerificationPolicy {
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);
  /** Covers the longest feature films (about 3½ hours) with room for late starts. */
  public static final Duration DEFAULT_SCREENING_GRACE = Duration.ofHours(6);
  /**
   * A vendor signs a PROVISIONAL token during an outage and must register the sale within
   * this bound, 72 hours (issue 10); after it the token alone proves nothing.
   */
  public static final Duration DEFAULT_PROVISIONAL_MAX_AGE = Duration.ofDays(3);
  /**
   * Scanners fetch a fresh revocation list every few minutes while doors are open; a day
   * (24 hours) leaves room for a scanner offline overnight, and no more.
   */
  public static final Duration DEFAULT_REVOCATION_MAX_AGE = Duration.ofDays(1);

  private final TrustList trust;
  private final Set<UrlBase> officialBases;
  private final Clock clock;
  private final Duration clockSkew;
  private final Duration screeningGrace;
  private final Duration provisionalMaxAge;
  private final Duration revocationMaxAge;

  private VerificationPolicy(Builder b) {
    this.trust = b.trust;
    this.officialBases = Set.copyOf(b.officialBases);
    this.clock = b.clock;
    this.clockSkew = b.clockSkew;
    this.screeningGrace = b.screeningGrace;
    this.provisionalMaxAge = b.provisionalMaxAge;
    this.revocationMaxAge = b.revocationMaxAge;
  }

  public static Builder builder(TrustList trust, Clock clock) {
    return new Builder(trust, clock);
  }

  public TrustList trust() {
    return trust;
  }

  public Set<UrlBase> officialBases() {
    return officialBases;
  }

  public Clock clock() {
    return clock;
  }

  public Duration clockSkew() {
    return clockSkew;
  }

  public Duration screeningGrace() {
    return screeningGrace;
  }

  /**
   * A PROVISIONAL token signed longer ago than this (by the policy's clock) is rejected as
   * PROVISIONAL_EXPIRED.
   */
  public Duration provisionalMaxAge() {
    return provisionalMaxAge;
  }

  /** A revocation list issued longer ago than this is refused as STALE_LIST. */
  public Duration revocationMaxAge() {
    return revocationMaxAge;
  }

  /** Collects the settings of a {@link VerificationPolicy}; at least one official base. */
  public static final class Builder {
    private final TrustList trust;
    private final Clock clock;
    private final Set<UrlBase> officialBases = new LinkedHashSet<>();
    private Duration clockSkew = DEFAULT_CLOCK_SKEW;
    private Duration screeningGrace = DEFAULT_SCREENING_GRACE;
    private Duration provisionalMaxAge = DEFAULT_PROVISIONAL_MAX_AGE;
    private Duration revocationMaxAge = DEFAULT_REVOCATION_MAX_AGE;

    private Builder(TrustList trust, Clock clock) {
      this.trust = Objects.requireNonNull(trust, "trust");
      this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Builder officialBase(UrlBase base) {
      officialBases.add(Objects.requireNonNull(base, "base"));
      return this;
    }

    public Builder clockSkew(Duration skew) {
      if (skew.isNegative() || skew.compareTo(MAX_CLOCK_SKEW) > 0) {
        throw new IllegalArgumentException(
            "clock skew must be 0 to " + MAX_CLOCK_SKEW + ", got " + skew);
      }
      this.clockSkew = skew;
      return this;
    }

    public Builder screeningGrace(Duration grace) {
      if (grace.isNegative()) {
        throw new IllegalArgumentException("screening grace must not be negative: " + grace);
      }
      this.screeningGrace = grace;
      return this;
    }

    public Builder provisionalMaxAge(Duration maxAge) {
      this.provisionalMaxAge = positive("provisional max age", maxAge);
      return this;
    }

    public Builder revocationMaxAge(Duration maxAge) {
      this.revocationMaxAge = positive("revocation list max age", maxAge);
      return this;
    }

    private static Duration positive(String what, Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + d);
      }
      return d;
    }

    public VerificationPolicy build() {
      if (officialBases.isEmpty()) {
        throw new IllegalStateException("a verification policy needs at least one official base");
      }
      return new VerificationPolicy(this);
    }
  }
}
