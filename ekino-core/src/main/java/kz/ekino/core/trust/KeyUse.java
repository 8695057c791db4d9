package kz.ekino.core.trust;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.SaleCorrection;
import kz.ekino.core.model.Schedule;
import kz.ekino.core.model.TicketClaims;

/**
 * What a signature vouches for: which roles may make it, for which vendor and cinema, and at
 * what instant. {@link TrustedKey#authorise} checks one against the key that signed; that check
 * is the only place where ekino decides what a key may sign.
 */
public final class KeyUse {
  private final String what;
  private final Set<KeyRole> roles;
  private final Optional<Bin> vendor;
  private final Optional<Bin> cinema;
  private final Instant signedAt;

  private KeyUse(String what, Set<KeyRole> roles, Optional<Bin> vendor, Optional<Bin> cinema,
      Instant signedAt) {
    this.what = what;
    this.roles = roles;
    this.vendor = vendor;
    this.cinema = cinema;
    this.signedAt = signedAt;
  }

  /**
   * A ticket token: REGISTERED by a registry key, PROVISIONAL by the vendor's key for the
   * ticket's cinema, SPECIMEN by either; signed at the registration or sale instant.
   */
  public static KeyUse ticket(TicketClaims claims) {
    Set<KeyRole> roles = switch (claims.kind()) {
      case REGISTERED -> EnumSet.of(KeyRole.REGISTRY);
      case PROVISIONAL -> EnumSet.of(KeyRole.VENDOR);
      case SPECIMEN -> EnumSet.of(KeyRole.REGISTRY, KeyRole.VENDOR);
    };
    return new KeyUse(claims.kind() + " tokens", roles, Optional.of(claims.vendor()),
        Optional.of(claims.cinema()), claims.signedAt());
  }

  /** A sale submission: the vendor's own key, for the sale's cinema, at the sale instant. */
  public static KeyUse sale(Sale sale) {
    return new KeyUse("sales", EnumSet.of(KeyRole.VENDOR), Optional.of(sale.vendor()),
        Optional.of(sale.cinema()), sale.soldAt());
  }

  /**
   * A refund submission: the vendor's own key at the refund instant. Whether the key may sell
   * for the refunded sale's cinema only the registry can tell ({@link TrustedKey#maySellFor}).
   */
  public static KeyUse refund(Refund refund) {
    return new KeyUse("refunds", EnumSet.of(KeyRole.VENDOR), Optional.of(refund.vendor()),
        Optional.empty(), refund.refundedAt());
  }

  /** A schedule document: the vendor's own key, for the cinema, at its signing instant. */
  public static KeyUse schedule(Schedule schedule) {
    return new KeyUse("screening schedules", EnumSet.of(KeyRole.VENDOR),
        Optional.of(schedule.vendor()), Optional.of(schedule.cinema()), schedule.signedAt());
  }

  /** A sale's correction: like a refund, the registry checks the sale's cinema. */
  public static KeyUse correction(SaleCorrection correction) {
    return new KeyUse("sale corrections", EnumSet.of(KeyRole.VENDOR),
        Optional.of(correction.vendor()), Optional.empty(), correction.correctedAt());
  }

  /** The registry's list of refunded tickets, signed by a registry key when issued. */
  public static KeyUse revocationList(Instant issuedAt) {
    return new KeyUse("revocation lists", EnumSet.of(KeyRole.REGISTRY), Optional.empty(),
        Optional.empty(), issuedAt);
  }

  String what() {
    return what;
  }

  /** Roles allowed besides DEVELOPMENT, which may sign everything. */
  Set<KeyRole> roles() {
    return roles;
  }

  Optional<Bin> vendor() {
    return vendor;
  }

  Optional<Bin> cinema() {
    return cinema;
  }

  /** The instant the signer vouches for; the key must have been valid then. */
  public Instant signedAt() {
    return signedAt;
  }

  @Override
  public String toString() {
    return "KeyUse[" + what + " at " + signedAt + "]";
  }
}
