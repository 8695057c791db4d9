package kz.ekino.bench.scale;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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
import kz.ekino.core.model.Region;
import kz.ekino.core.model.RentalCertificate;
import kz.ekino.core.model.Screening;
import kz.ekino.core.model.ScreeningFormat;
import kz.ekino.core.model.ScreeningId;
import kz.ekino.core.model.Titles;

/**
 * A Kazakhstan-like cinema market for scale runs, deterministic for a seed: about a hundred
 * cinemas spread over the regions roughly as the population is, two to eleven halls each, a
 * year of about 360 films (a fifth of them national, with genres and production countries,
 * each running a few weeks with a popularity that fades), six screenings a day per hall, and
 * for each screening the number of tickets it is expected to sell (more in the evening, at
 * weekends and on public holidays, more for popular films). Screenings are shown in Kazakh,
 * Russian or English.
 */
final class ScaleWorld {
  static final ZoneId ALMATY = kz.ekino.core.model.Screening.ZONE;
  private static final LocalTime[] SLOTS = {LocalTime.of(10, 0), LocalTime.of(12, 30),
      LocalTime.of(15, 0), LocalTime.of(17, 30), LocalTime.of(20, 0), LocalTime.of(22, 30)};
  private static final double[] SLOT_DEMAND = {0.3, 0.5, 0.8, 1.1, 1.6, 1.0};
  /** Regions with a weight for how many cinemas they have (cities weigh most). */
  private static final Object[][] REGIONS = {
      {Region.ALMATY_CITY, 20}, {Region.ASTANA, 14}, {Region.SHYMKENT, 8},
      {Region.KARAGANDA, 6}, {Region.EAST_KAZAKHSTAN, 5}, {Region.AKTOBE, 4},
      {Region.ATYRAU, 4}, {Region.PAVLODAR, 4}, {Region.MANGYSTAU, 4},
      {Region.ALMATY_REGION, 4}, {Region.KOSTANAY, 3}, {Region.TURKISTAN, 3},
      {Region.ZHAMBYL, 3}, {Region.KYZYLORDA, 3}, {Region.WEST_KAZAKHSTAN, 3},
      {Region.ABAI, 3}, {Region.NORTH_KAZAKHSTAN, 2}, {Region.AKMOLA, 2},
      {Region.ZHETYSU, 2}, {Region.ULYTAU, 1}};
  private static final String[] GENRES = {"drama", "comedy", "action", "animation", "family",
      "thriller", "horror", "adventure", "fantasy", "documentary", "romance", "sci-fi"};
  private static final String[] FOREIGN = {"US", "US", "US", "US", "RU", "RU", "RU", "GB",
      "FR", "KR", "CN", "IN", "TR", "JP", "DE"};
  private static final String[] HOLIDAYS = {"01-01", "01-02", "03-08", "03-21", "03-22",
      "03-23", "05-01", "05-07", "05-09", "07-06", "08-30", "10-25", "12-16", "12-31"};

  /** A film on the screen from its release day for its run, with a popularity. */
  record Showing(Film film, int releaseDay, int runDays, double popularity) {}

  /** A screening and the tickets it is expected to sell. */
  record Slot(Screening screening, int cinema, int capacity, double demand) {}

  final LocalDate firstDay;
  final List<Cinema> cinemas = new ArrayList<>();
  final List<Bin> vendorOf = new ArrayList<>();
  final List<Showing> films = new ArrayList<>();
  private final long seed;

  ScaleWorld(long seed, int cinemaCount, LocalDate firstDay) {
    this.seed = seed;
    this.firstDay = firstDay;
    Random random = new Random(seed);
    int totalWeight = 0;
    for (Object[] r : REGIONS) {
      totalWeight += (Integer) r[1];
    }
    List<Bin> vendors = new ArrayList<>();
    for (int v = 0; v < 8; v++) {
      vendors.add(bin("1003", 40 + v));
    }
    int made = 0;
    for (int r = 0; r < REGIONS.length; r++) {
      Region region = (Region) REGIONS[r][0];
      int share = r == REGIONS.length - 1 ? cinemaCount - made
          : Math.max(1, Math.round((float) cinemaCount * (Integer) REGIONS[r][1] / totalWeight));
      for (int k = 0; k < share && made < cinemaCount; k++, made++) {
        List<Hall> halls = new ArrayList<>();
        int hallCount = 2 + random.nextInt(10);
        for (int h = 1; h <= hallCount; h++) {
          halls.add(new Hall(HallId.of(String.valueOf(h)), "Hall " + h,
              50 + 10 * random.nextInt(30)));
        }
        cinemas.add(new Cinema(bin("0504", made + 1), "Cinema " + (made + 1) + " "
            + region.englishName(), KatoCode.of(region.code() + String.format("%07d",
                1_010_000 + made)), halls));
        vendorOf.add(vendors.get(made % vendors.size()));
      }
    }
    int filmCount = 360;
    for (int i = 0; i < filmCount; i++) {
      boolean national = random.nextInt(5) == 0;
      Set<Genre> genres = new LinkedHashSet<>();
      genres.add(Genre.of(GENRES[random.nextInt(GENRES.length)]));
      if (random.nextInt(3) == 0) {
        genres.add(Genre.of(GENRES[random.nextInt(GENRES.length)]));
      }
      Set<CountryCode> countries = new LinkedHashSet<>();
      countries.add(CountryCode.of(national ? "KZ" : FOREIGN[random.nextInt(FOREIGN.length)]));
      if (random.nextInt(5) == 0) {
        countries.add(CountryCode.of(national ? "RU" : FOREIGN[random.nextInt(FOREIGN.length)]));
      }
      String country = countries.iterator().next().code();
      Film film = new Film(RentalCertificate.of(String.format("%s-%d-%04d", country,
          firstDay.getYear(), i + 1)), national
              ? new Titles("Фильм " + (i + 1), "Фильм " + (i + 1), null)
              : new Titles(null, "Фильм " + (i + 1), "Film " + (i + 1)),
          genres, countries, national);
      // A few blockbusters, many small films: Pareto-like popularity.
      double popularity = Math.pow(1 - random.nextDouble(), -0.9);
      films.add(new Showing(film, random.nextInt(365 + 60) - 60, 21 + random.nextInt(50),
          popularity));
    }
  }

  /** A valid BIN: prefix (year and month), type 4, head office, serial, check digit. */
  private static Bin bin(String yearMonth, int serial) {
    for (int s = serial * 10; ; s++) {
      String digits = yearMonth + "40" + String.format("%05d", s % 100_000);
      for (int check = 0; check <= 9; check++) {
        try {
          return Bin.of(digits + check);
        } catch (IllegalArgumentException e) {
          // not this check digit
        }
      }
    }
  }

  Instant dayStart(int day) {
    return firstDay.plusDays(day).atStartOfDay(ALMATY).toInstant();
  }

  /** The screenings of one day, in a fixed order, each with its expected demand. */
  List<Slot> day(int day) {
    Random random = new Random(seed * 1_000_003L + day);
    LocalDate date = firstDay.plusDays(day);
    List<Showing> running = new ArrayList<>();
    double[] cumulative = new double[films.size()];
    double total = 0;
    for (Showing s : films) {
      int age = day - s.releaseDay();
      if (age >= 0 && age < s.runDays()) {
        total += s.popularity() * (1.0 - 0.8 * age / s.runDays());
        cumulative[running.size()] = total;
        running.add(s);
      }
    }
    double dayDemand = dayDemand(date);
    List<Slot> out = new ArrayList<>();
    for (int c = 0; c < cinemas.size(); c++) {
      Cinema cinema = cinemas.get(c);
      for (Hall hall : cinema.halls()) {
        for (int slot = 0; slot < SLOTS.length; slot++) {
          double pick = random.nextDouble() * total;
          int f = 0;
          while (f < running.size() - 1 && cumulative[f] < pick) {
            f++;
          }
          Showing showing = running.get(f);
          Film film = showing.film();
          double u = random.nextDouble();
          String language = film.national() ? (u < 0.7 ? "kk" : "ru")
              : u < 0.3 ? "kk" : u < 0.95 ? "ru" : "en";
          double v = random.nextDouble();
          ScreeningFormat format = v < 0.75 ? ScreeningFormat.TWO_D
              : v < 0.9 ? ScreeningFormat.THREE_D : v < 0.95 ? ScreeningFormat.IMAX_2D
              : ScreeningFormat.FOUR_DX;
          Instant start = date.atTime(SLOTS[slot]).atZone(ALMATY).toInstant();
          Screening screening = new Screening(ScreeningId.of("S-" + hall.id() + "-"
              + date.toString().replace("-", "") + "-" + slot), cinema.bin(), hall.id(), film,
              start, LanguageCode.of(language), format);
          double popularity = showing.popularity() / (total / Math.max(1, running.size()));
          out.add(new Slot(screening, c, hall.capacity(), dayDemand * SLOT_DEMAND[slot]
              * Math.sqrt(popularity) * hall.capacity() / 180.0));
        }
      }
    }
    return out;
  }

  private static double dayDemand(LocalDate date) {
    String md = date.toString().substring(5);
    for (String h : HOLIDAYS) {
      if (h.equals(md)) {
        return 1.7;
      }
    }
    DayOfWeek d = date.getDayOfWeek();
    return d == DayOfWeek.SATURDAY ? 1.7 : d == DayOfWeek.SUNDAY ? 1.5
        : d == DayOfWeek.FRIDAY ? 1.2 : 0.8;
  }
}
