package kz.ekino.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Cinema;
import kz.ekino.core.model.CountryCode;
import kz.ekino.core.model.Film;
import kz.ekino.core.model.Genre;
import kz.ekino.core.model.Hall;
import kz.ekino.core.model.HallId;
import kz.ekino.core.model.KatoCode;
import kz.ekino.core.model.LanguageCode;
import kz.ekino.core.model.RentalCertificate;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.SalesChannel;
import kz.ekino.core.model.Screening;
import kz.ekino.core.model.ScreeningFormat;
import kz.ekino.core.model.ScreeningId;
import kz.ekino.core.model.Seat;
import kz.ekino.core.model.TicketId;
import kz.ekino.core.model.Titles;

/**
 * The demo's invented but plausible world: five cinemas in five regions, five films, and an
 * evening of screenings in Kazakh, Russian and English. Names and certificate numbers are made
 * up for the demo.
 */
final class DemoWorld {
  static final ZoneId KAZAKHSTAN = kz.ekino.core.model.Screening.ZONE;

  static final Cinema ALMATY = cinema("050140001238", "Kinopark 11 Esentai", "751110000", 5);
  static final Cinema ASTANA = cinema("990140004654", "Chaplin Khan Shatyr", "711110000", 4);
  static final Cinema SHYMKENT = cinema("150440012344", "Kinoforum Shymkent", "791010000", 3);
  static final Cinema KARAGANDA = cinema("181240034564", "Sary-Arka Cinema", "351010000", 3);
  static final Cinema AKTOBE = cinema("071040007894", "Aktobe Cinema City", "151010000", 2);
  static final List<Cinema> CINEMAS = List.of(ALMATY, ASTANA, SHYMKENT, KARAGANDA, AKTOBE);

  static final List<Film> FILMS = List.of(
      film("KZ-2026-0417", "Қараша түні", "Ноябрьская ночь", "November Night",
          Set.of("drama", "history"), Set.of("KZ"), true),
      film("KZ-2026-0233", "Дала", "Степь", "Steppe", Set.of("adventure"), Set.of("KZ"), true),
      film("US-2026-1101", null, "Скорость", "Velocity", Set.of("action"), Set.of("US", "GB"),
          false),
      film("FR-2026-0508", null, "Путешествие", "The Journey", Set.of("comedy"),
          Set.of("FR", "BE"), false),
      film("JP-2026-0090", "Аспан", "Небо", "Sora", Set.of("animation", "family"),
          Set.of("JP"), false));

  private DemoWorld() {}

  private static Cinema cinema(String bin, String name, String kato, int halls) {
    List<Hall> list = new ArrayList<>();
    for (int h = 1; h <= halls; h++) {
      list.add(new Hall(HallId.of(Integer.toString(h)), "Зал " + h, 80 + 40 * h));
    }
    return new Cinema(Bin.of(bin), name, KatoCode.of(kato), list);
  }

  private static Film film(String cert, String kk, String ru, String en, Set<String> genres,
      Set<String> countries, boolean national) {
    return new Film(RentalCertificate.of(cert), new Titles(kk, ru, en),
        genres.stream().map(Genre::of).collect(java.util.stream.Collectors.toSet()),
        countries.stream().map(CountryCode::of).collect(java.util.stream.Collectors.toSet()),
        national);
  }

  static Bin vendorOf(Cinema cinema) {
    return cinema.equals(ALMATY) || cinema.equals(ASTANA) ? DataDir.VENDOR_A : DataDir.VENDOR_B;
  }

  /**
   * This evening's screenings (tomorrow's, once this evening has passed) in every cinema, and
   * one in each starting half an hour from now.
   */
  static List<Screening> screenings(Instant now) {
    LocalDate day = LocalDate.ofInstant(now, KAZAKHSTAN);
    if (LocalTime.ofInstant(now, KAZAKHSTAN).isAfter(LocalTime.of(17, 0))) {
      day = day.plusDays(1);
    }
    List<Screening> out = new ArrayList<>();
    String[] languages = {"kk", "ru", "kk", "en", "ru"};
    for (Cinema c : CINEMAS) {
      for (Hall h : c.halls()) {
        int i = out.size();
        Film film = FILMS.get(i % FILMS.size());
        LocalTime time = LocalTime.of(18 + i % 4, i % 2 == 0 ? 0 : 30);
        Instant start = day.atTime(time).atZone(KAZAKHSTAN).toInstant();
        String id = "S-" + day.toString().replace("-", "") + "-" + h.id() + "-"
            + time.toString().replace(":", "");
        out.add(new Screening(ScreeningId.of(id), c.bin(), h.id(), film, start,
            LanguageCode.of(languages[i % languages.length]),
            h.id().value().equals("1") && c.equals(ASTANA) ? ScreeningFormat.IMAX_2D
                : ScreeningFormat.TWO_D));
      }
    }
    // One screening per cinema starting within the hour, so that the doors are open for it.
    Instant soon = now.plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MINUTES);
    for (Cinema c : CINEMAS) {
      Hall h = c.halls().get(0);
      Film film = FILMS.get(out.size() % FILMS.size());
      out.add(new Screening(ScreeningId.of("S-" + soon.getEpochSecond() + "-" + h.id()),
          c.bin(), h.id(), film, soon, LanguageCode.of("kk"), ScreeningFormat.TWO_D));
    }
    return out;
  }

  /** {@code count} sales for the screenings, sold in the last half minute; some specimens. */
  static List<Sale> sales(int run, int count, List<Screening> screenings, Instant now,
      Random random) {
    SalesChannel[] channels = SalesChannel.values();
    List<Sale> out = new ArrayList<>();
    // Seats are taken in order, each run further on, so that no seat is sold twice (the
    // anomaly rules would rightly flag it) until a screening is sold out many times over.
    java.util.Map<Screening, Integer> taken = new java.util.HashMap<>();
    for (int n = 0; n < count; n++) {
      Screening s = screenings.get(random.nextInt(screenings.size()));
      int seat = (run - 1) * 40 + taken.merge(s, 1, Integer::sum) - 1;
      Cinema cinema = CINEMAS.stream().filter(c -> c.bin().equals(s.cinema())).findFirst()
          .orElseThrow();
      long price = (15 + random.nextInt(21)) * 10_000L; // 1 500 to 3 500 tenge
      Instant soldAt = now.minus(Duration.ofSeconds(random.nextInt(30)))
          .truncatedTo(ChronoUnit.SECONDS);
      boolean specimen = n % 97 == 96;
      out.add(new Sale(TicketId.of("R" + run + "-" + cinema.bin().value().substring(8) + "-"
              + String.format("%05d", n)), vendorOf(cinema), s,
          Seat.assigned(1 + seat / 20 % 14, 1 + seat % 20), specimen ? 0 : price,
          soldAt, channels[random.nextInt(channels.length)], specimen));
    }
    return out;
  }
}
