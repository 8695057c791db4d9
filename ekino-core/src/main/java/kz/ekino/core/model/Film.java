package kz.ekino.core.model;

import java.util.Objects;
import java.util.Set;

/**
 * A film as e-Kino knows it. Genres, production countries and the national-film flag belong to
 * the film; the language belongs to each {@link Screening}.
 */
public record Film(RentalCertificate certificate, Titles titles, Set<Genre> genres,
    Set<CountryCode> countries, boolean national) {
  public static final int MAX_GENRES = 8;
  public static final int MAX_COUNTRIES = 16;

  public Film {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(titles, "titles");
    genres = Set.copyOf(genres);
    countries = Set.copyOf(countries);
    if (genres.size() > MAX_GENRES) {
      throw new IllegalArgumentException("a film has at most " + MAX_GENRES + " genres");
    }
    if (countries.isEmpty() || countries.size() > MAX_COUNTRIES) {
      throw new IllegalArgumentException(
          "a film has 1 to " + MAX_COUNTRIES + " production countries, got " + countries.size());
    }
  }
}
