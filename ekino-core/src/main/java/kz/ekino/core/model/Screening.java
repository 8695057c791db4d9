package kz.ekino.core.model;

import java.time.Instant;
import java.util.Objects;

/** One showing of a film in a hall, starting at a UTC instant, in one language. */
public record Screening(ScreeningId id, Bin cinema, HallId hall, Film film, Instant start,
    LanguageCode language, ScreeningFormat format) {
  /**
   * Kazakhstan's time zone, one for the whole country (UTC+5 since 2024-03-01, tzdata 2024a):
   * the screening days box office is counted by and the local times people read.
   */
  public static final java.time.ZoneId ZONE = java.time.ZoneId.of("Asia/Almaty");

  public Screening {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(cinema, "cinema");
    Objects.requireNonNull(hall, "hall");
    Objects.requireNonNull(film, "film");
    Instants.requireInRange("screening start", start);
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(format, "format");
  }
}
