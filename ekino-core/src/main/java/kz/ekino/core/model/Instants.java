package kz.ekino.core.model;

import java.time.Instant;

/** The span of instants ekino records accept: sane business dates that fit every encoding. */
public final class Instants {
  /** 2000-01-01T00:00:00Z. Nothing in e-Kino predates it. */
  public static final Instant MIN = Instant.ofEpochSecond(946_684_800L);
  /** 2100-01-01T00:00:00Z; keeps epoch seconds inside 32 bits in every token. */
  public static final Instant MAX = Instant.ofEpochSecond(4_102_444_800L);

  private Instants() {}

  public static Instant requireInRange(String what, Instant instant) {
    if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
      throw new IllegalArgumentException(what + " must be between " + MIN + " and " + MAX
          + ", got " + instant);
    }
    return instant;
  }
}
