package kz.ekino.core.model;

import java.time.Instant;
import java.util.Objects;

/** One showing of a film in a hall, starting at a UTC instant, in one language. */
public record Screening(ScreeningId id, Bin cinema, HallId hall, Film film, Instant start,
    LanguageCode language, ScreeningFormat format) {
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
