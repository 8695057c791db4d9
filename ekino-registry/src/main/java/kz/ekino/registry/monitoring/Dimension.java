package kz.ekino.registry.monitoring;

/** What box office can be grouped by; any combination may be asked for. */
public enum Dimension {
  /** The screening's day in Kazakhstan (Asia/Almaty). */
  DAY,
  /** The screening (within its cinema). */
  SCREENING,
  CINEMA,
  /** The region: the first two digits of the cinema's KATO code. */
  REGION,
  FILM,
  /** A film with two genres counts in both. */
  GENRE,
  /** The language the screening was shown in. */
  LANGUAGE,
  /** A production country; a co-production counts in each of its countries. */
  COUNTRY,
  CHANNEL,
  /** National film or not. */
  NATIONAL
}
