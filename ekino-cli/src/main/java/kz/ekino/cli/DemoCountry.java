package kz.ekino.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.Cinema;
import kz.ekino.core.model.CountryCode;
import kz.ekino.core.model.Film;
import kz.ekino.core.model.Genre;
import kz.ekino.core.model.Hall;
import kz.ekino.core.model.HallId;
import kz.ekino.core.model.KatoCode;
import kz.ekino.core.model.Region;
import kz.ekino.core.model.RentalCertificate;
import kz.ekino.core.model.Titles;

/**
 * The world of {@code ekino serve --demo}: 43 cinemas in every region of Kazakhstan (KATO codes
 * with the real region prefixes, BINs with valid check digits), and fourteen films — national
 * films among them — with genres and production countries. Names, BINs and certificate numbers
 * are invented, but plausible; the five cinemas and films of {@code ekino demo} are among them,
 * sold by the same vendors.
 */
final class DemoCountry {
  /** A cinema, what it sells through, and whether its doors scan tickets. */
  record Venue(Cinema cinema, Bin vendor, boolean web, boolean kiosk, boolean gates) {
    Region region() {
      return cinema.region();
    }
  }

  /** A film, how many people it draws (relative), and the day of the fortnight it opens. */
  record Title(Film film, int draw, int opensOnDay) {}

  static final List<Venue> VENUES;
  static final List<Title> TITLES;
  /** Uploads its box office's sales in batches, hours late. */
  static final Venue LATE;
  /** Its terminals stop sending on the last day, while its screenings run. */
  static final Venue SILENT;

  static {
    List<Venue> v = new ArrayList<>();
    v.add(venue(DemoWorld.ALMATY, DataDir.VENDOR_A));
    v.add(venue(DemoWorld.ASTANA, DataDir.VENDOR_A));
    v.add(venue(DemoWorld.SHYMKENT, DataDir.VENDOR_B));
    v.add(venue(DemoWorld.KARAGANDA, DataDir.VENDOR_B));
    v.add(venue(DemoWorld.AKTOBE, DataDir.VENDOR_B));
    String[][] more = {
      // KATO, name, halls
      {"751210000", "Chaplin MEGA Alma-Ata", "8"},
      {"751310000", "Kinopark 8 IMAX Forum", "8"},
      {"751410000", "Arman Asia Park", "5"},
      {"751510000", "Cinemax Dostyk Plaza", "6"},
      {"751710000", "Kinoteatr Sary-Arka Almaty", "2"},
      {"751810000", "Star Cinema Aport", "4"},
      {"711210000", "Kinopark 7 Keruen", "7"},
      {"711310000", "Kinoplexx Saryarka", "5"},
      {"711410000", "Arman Astana Mall", "4"},
      {"711110000", "Eurasia Cinema 7", "6"},
      {"791210000", "Kinopark 7 Shymkent Plaza", "7"},
      {"791310000", "Bekzat Cinema", "2"},
      {"352410000", "Kinoteatr Metallurg", "2"},
      {"351010000", "Kinopark 5 City Mall Karaganda", "5"},
      {"151010000", "Kinopark 6 Keruen City Aktobe", "6"},
      {"101010000", "Kinoforum Semey", "4"},
      {"101010000", "Kinoteatr Shakarim", "2"},
      {"111010000", "Cinema Towers Kokshetau", "3"},
      {"191610000", "Kinoteatr Konaev", "2"},
      {"195620000", "Kaskelen Kino", "2"},
      {"231010000", "Kinopark 4 Atyrau", "4"},
      {"231010000", "Arman Atyrau", "3"},
      {"271010000", "Kinopark Uralsk", "4"},
      {"311010000", "Kinoteatr Taraz", "3"},
      {"311010000", "Chaplin Taraz", "4"},
      {"331010000", "Kinoteatr Zhetysu", "3"},
      {"391010000", "Kinoplexx Kostanay Plaza", "5"},
      {"392410000", "Kinoteatr Rudny", "2"},
      {"431010000", "Syr Cinema Kyzylorda", "3"},
      {"471010000", "Cinema Towers Aktau", "4"},
      {"471810000", "Kinoteatr Zhanaozen", "2"},
      {"551010000", "Kinoforum Pavlodar", "4"},
      {"552210000", "Kinoteatr Ekibastuz", "2"},
      {"591010000", "Kinoteatr Kazakhstan Petropavl", "3"},
      {"611010000", "Turkistan Cinema", "3"},
      {"621010000", "Kinoteatr Zhezkazgan", "2"},
      {"631010000", "Kinopark Oskemen", "5"},
      {"631010000", "Kinoteatr Kazakhstan Oskemen", "2"},
    };
    for (int i = 0; i < more.length; i++) {
      String kato = more[i][0];
      // Almaty and Astana, and the Almaty and Zhetysu regions, are vendor A's; the rest B's.
      boolean a = kato.startsWith("75") || kato.startsWith("71") || kato.startsWith("19")
          || kato.startsWith("33");
      Cinema c = new Cinema(bin(i), more[i][1], KatoCode.of(kato),
          halls(Integer.parseInt(more[i][2])));
      v.add(venue(c, a ? DataDir.VENDOR_A : DataDir.VENDOR_B));
    }
    VENUES = List.copyOf(v);
    LATE = find("Syr Cinema Kyzylorda");
    SILENT = find("Kinoteatr Ekibastuz");

    List<Title> t = new ArrayList<>();
    List<Integer> draws = List.of(9, 6, 10, 5, 7);
    for (int i = 0; i < DemoWorld.FILMS.size(); i++) {
      t.add(new Title(DemoWorld.FILMS.get(i), draws.get(i), 0));
    }
    t.add(new Title(film("KZ-2026-0611", "Көкпар", "Кокпар", "Kokpar",
        Set.of("drama", "sport"), Set.of("KZ"), true), 8, 6));
    t.add(new Title(film("KZ-2026-0388", "Алдар Көсе", "Алдар Косе", "Aldar Kose",
        Set.of("animation", "family", "comedy"), Set.of("KZ"), true), 7, 0));
    t.add(new Title(film("KZ-2026-0702", "Мен сені табамын", "Я тебя найду",
        "I Will Find You", Set.of("comedy", "romance"), Set.of("KZ"), true), 9, 9));
    t.add(new Title(film("KZ-2026-0455", "Хан Тәңірі", "Хан Тенгри", "Khan Tengri",
        Set.of("adventure", "drama"), Set.of("KZ", "RU"), true), 5, 0));
    t.add(new Title(film("RU-2026-1210", null, "Северный ветер", "North Wind",
        Set.of("drama"), Set.of("RU"), false), 6, 0));
    t.add(new Title(film("US-2026-1344", null, "Ночной патруль", "Night Patrol",
        Set.of("action", "thriller"), Set.of("US"), false), 10, 3));
    t.add(new Title(film("US-2026-1187", "Айдаһар мен сері", "Дракон и рыцарь",
        "The Dragon Knight", Set.of("animation", "family", "fantasy"), Set.of("US", "CA"),
        false), 9, 0));
    t.add(new Title(film("KR-2026-0077", null, "Сеульский экспресс", "Seoul Express",
        Set.of("thriller"), Set.of("KR"), false), 4, 0));
    t.add(new Title(film("TR-2026-0140", null, "Дорога домой", "The Road Home",
        Set.of("drama", "family"), Set.of("TR"), false), 3, 5));
    TITLES = List.copyOf(t);
  }

  private DemoCountry() {}

  /** Every cinema, in order. */
  static List<Cinema> cinemas() {
    return VENUES.stream().map(Venue::cinema).collect(Collectors.toList());
  }

  /** The cinemas vendor {@code vendor} is authorised to sell for. */
  static Set<Bin> cinemasOf(Bin vendor) {
    return VENUES.stream().filter(v -> v.vendor().equals(vendor)).map(v -> v.cinema().bin())
        .collect(Collectors.toSet());
  }

  /** Trust list authorisations for a history of {@code days} days. */
  static DataDir.Authorisations authorisations(int days) {
    return new DataDir.Authorisations(java.time.Duration.ofDays(days + 2L),
        cinemasOf(DataDir.VENDOR_A), cinemasOf(DataDir.VENDOR_B));
  }

  private static Venue find(String name) {
    return VENUES.stream().filter(v -> v.cinema().name().equals(name)).findFirst()
        .orElseThrow();
  }

  /** Big cinemas sell online too, the biggest through kiosks; doors scan from four halls. */
  private static Venue venue(Cinema c, Bin vendor) {
    int halls = c.halls().size();
    boolean late = c.name().equals("Syr Cinema Kyzylorda");
    return new Venue(c, vendor, halls >= 5, halls >= 7, halls >= 4 && !late);
  }

  private static List<Hall> halls(int count) {
    List<Hall> list = new ArrayList<>();
    for (int h = 1; h <= count; h++) {
      list.add(new Hall(HallId.of(Integer.toString(h)), "Зал " + h,
          h == 1 ? 280 : 60 + 30 * (h % 5)));
    }
    return list;
  }

  /**
   * A BIN of a resident legal entity registered in 2005 to 2019, head office, with its check
   * digit (docs: c = Σ dᵢ·i mod 11, then the second weights; serials that give no digit are
   * skipped).
   */
  static Bin bin(int index) {
    for (int serial = 10_007 + 7_919 * index; ; serial++) {
      String first = String.format("%02d%02d40%05d", 5 + index % 15, 1 + index % 12,
          serial % 100_000);
      int c = weighted(first, new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
      if (c == 10) {
        c = weighted(first, new int[] {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2});
      }
      if (c != 10) {
        return Bin.of(first + c);
      }
    }
  }

  private static int weighted(String digits, int[] weights) {
    int sum = 0;
    for (int i = 0; i < 11; i++) {
      sum += (digits.charAt(i) - '0') * weights[i];
    }
    return sum % 11;
  }

  private static Film film(String cert, String kk, String ru, String en, Set<String> genres,
      Set<String> countries, boolean national) {
    return new Film(RentalCertificate.of(cert), new Titles(kk, ru, en),
        genres.stream().map(Genre::of).collect(Collectors.toSet()),
        countries.stream().map(CountryCode::of).collect(Collectors.toSet()), national);
  }
}
