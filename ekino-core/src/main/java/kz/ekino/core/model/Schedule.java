package kz.ekino.core.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What a cinema, through its vendor, tells the registry of its programme before selling
 * (docs/spec/schedule-v1.md): a screening declared, a declared screening cancelled, or a day
 * without screenings. Each is signed and logged, so that a screening that sells and was never
 * declared, or a day of silence nobody explained, is visible.
 */
public sealed interface Schedule {
  Bin vendor();

  Bin cinema();

  /** The instant the vendor signed it; the key must be valid then. */
  Instant signedAt();

  /** A screening declared before it is sold: hall, film, start, language and format. */
  record Declare(Bin vendor, Screening screening, Instant signedAt) implements Schedule {
    public Declare {
      Objects.requireNonNull(vendor, "vendor");
      Objects.requireNonNull(screening, "screening");
      Instants.requireInRange("declared-at", signedAt);
    }

    @Override
    public Bin cinema() {
      return screening.cinema();
    }
  }

  /** A declared screening that will not take place; tickets sold for it are to be refunded. */
  record Cancel(Bin vendor, Bin cinema, ScreeningId screening, Instant signedAt, String reason)
      implements Schedule {
    public Cancel {
      Objects.requireNonNull(vendor, "vendor");
      Objects.requireNonNull(cinema, "cinema");
      Objects.requireNonNull(screening, "screening");
      Instants.requireInRange("cancelled-at", signedAt);
      Text.humanText("cancellation reason", reason, 256);
    }
  }

  /** A day (in Asia/Almaty) on which the cinema screens nothing: its silence is explained. */
  record NoScreenings(Bin vendor, Bin cinema, LocalDate day, Instant signedAt)
      implements Schedule {
    public NoScreenings {
      Objects.requireNonNull(vendor, "vendor");
      Objects.requireNonNull(cinema, "cinema");
      Objects.requireNonNull(day, "day");
      if (day.getYear() < 2000 || day.getYear() > 9999) {
        throw new IllegalArgumentException("day must be in the years 2000 to 9999, got " + day);
      }
      Instants.requireInRange("declared-at", signedAt);
    }
  }
}
