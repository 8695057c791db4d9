package kz.ekino.core.monitor;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Region;
import kz.ekino.core.model.RentalCertificate;

/**
 * The finest group box office is counted in: a film (rental certificate) in a cinema on a
 * screening day (the local date of the screening's start in Asia/Almaty). The region is the
 * cinema's as the latest CINEMA entry of the log says; empty when the log names no such cinema.
 */
public record FigureKey(RentalCertificate film, Bin cinema, Optional<Region> region,
    LocalDate day) implements Comparable<FigureKey> {
  private static final Comparator<FigureKey> ORDER = Comparator
      .comparing((FigureKey k) -> k.film.value())
      .thenComparing(k -> k.cinema.value())
      .thenComparing(k -> k.region.map(Region::code).orElse(""))
      .thenComparing(FigureKey::day);

  public FigureKey {
    Objects.requireNonNull(film, "film");
    Objects.requireNonNull(cinema, "cinema");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(day, "day");
  }

  @Override
  public int compareTo(FigureKey o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return "film " + film.value() + ", cinema " + cinema.value() + ", region "
        + region.map(Region::code).orElse("(none)") + ", day " + day;
  }
}
