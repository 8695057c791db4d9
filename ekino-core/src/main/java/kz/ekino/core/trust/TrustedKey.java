package kz.ekino.core.trust;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import kz.ekino.core.key.KeyId;
import kz.ekino.core.key.VerificationKey;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Instants;

/**
 * A key and what it is trusted for: its role, for a vendor key the vendor's BIN and the cinemas
 * it may sell for, the window in which it may sign, and whether it is still active.
 */
public record TrustedKey(VerificationKey key, KeyRole role, Optional<Bin> vendor,
    Set<Bin> cinemas, Instant validFrom, Optional<Instant> validUntil, KeyStatus status) {
  public static final int MAX_CINEMAS = 10_000;

  public TrustedKey {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(status, "status");
    cinemas = Set.copyOf(cinemas);
    if (role == KeyRole.VENDOR) {
      if (vendor.isEmpty() || cinemas.isEmpty()) {
        throw new IllegalArgumentException(
            "a vendor key needs the vendor's BIN and at least one cinema");
      }
    } else if (vendor.isPresent() || !cinemas.isEmpty()) {
      throw new IllegalArgumentException("only a vendor key names a vendor and cinemas");
    }
    if (cinemas.size() > MAX_CINEMAS) {
      throw new IllegalArgumentException("a key may name at most " + MAX_CINEMAS + " cinemas");
    }
    if (validUntil.isPresent() && !validUntil.get().isAfter(validFrom)) {
      throw new IllegalArgumentException("key validity must end after it starts: "
          + validFrom + " .. " + validUntil.get());
    }
  }

  public static TrustedKey registry(VerificationKey key, Instant validFrom,
      Optional<Instant> validUntil) {
    return new TrustedKey(key, KeyRole.REGISTRY, Optional.empty(), Set.of(), validFrom,
        validUntil, KeyStatus.ACTIVE);
  }

  public static TrustedKey vendor(VerificationKey key, Bin vendor, Set<Bin> cinemas,
      Instant validFrom, Optional<Instant> validUntil) {
    return new TrustedKey(key, KeyRole.VENDOR, Optional.of(vendor), cinemas, validFrom,
        validUntil, KeyStatus.ACTIVE);
  }

  /** A key trusted for everything, from {@link Instants#MIN} on: for development and tests. */
  public static TrustedKey development(VerificationKey key) {
    return new TrustedKey(key, KeyRole.DEVELOPMENT, Optional.empty(), Set.of(), Instants.MIN,
        Optional.empty(), KeyStatus.ACTIVE);
  }

  public TrustedKey revoked() {
    return new TrustedKey(key, role, vendor, cinemas, validFrom, validUntil, KeyStatus.REVOKED);
  }

  public KeyId keyId() {
    return key.keyId();
  }

  /**
   * Why this key may not have made a signature for {@code use}, or empty if it may: it is not
   * revoked, its role may sign that kind of document, a vendor key signs for its own vendor
   * and for a cinema it names, and the key was valid at the instant signed. A DEVELOPMENT key
   * may sign everything while it is valid.
   */
  public Optional<String> authorise(KeyUse use) {
    if (status == KeyStatus.REVOKED) {
      return Optional.of("key " + keyId() + " is revoked");
    }
    if (role != KeyRole.DEVELOPMENT && !use.roles().contains(role)) {
      return Optional.of("a " + role + " key may not sign " + use.what());
    }
    if (role == KeyRole.VENDOR) {
      Bin own = vendor.orElseThrow();
      if (use.vendor().isPresent() && !use.vendor().get().equals(own)) {
        return Optional.of("key " + keyId() + " belongs to vendor " + own + ", not "
            + use.vendor().get());
      }
      if (use.cinema().isPresent() && !maySellFor(use.cinema().get())) {
        return Optional.of("vendor key " + keyId() + " may not sell for cinema "
            + use.cinema().get());
      }
    }
    if (!isValidAt(use.signedAt())) {
      return Optional.of("key " + keyId() + " was not valid at " + use.signedAt());
    }
    return Optional.empty();
  }

  /** Whether this key may sign for {@code cinema}: a vendor key naming it, or a dev key. */
  public boolean maySellFor(Bin cinema) {
    return role == KeyRole.DEVELOPMENT || (role == KeyRole.VENDOR && cinemas.contains(cinema));
  }

  /** Whether {@code instant} lies in [validFrom, validUntil). */
  public boolean isValidAt(Instant instant) {
    return !instant.isBefore(validFrom) && validUntil.map(instant::isBefore).orElse(true);
  }
}
