package kz.ekino.registry.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import kz.ekino.core.key.SigningKey;
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
import kz.ekino.core.testing.Samples;
import kz.ekino.core.testing.TestKeys;
import kz.ekino.core.trust.TrustList;
import kz.ekino.core.trust.TrustedKey;
import kz.ekino.registry.Registry;
import kz.ekino.registry.RegistryConfig;
import kz.ekino.registry.RegistryException;

/**
 * A registry world for tests: the test keys, two vendors, two cinemas in two regions, two
 * films, and a clock that starts on 2026-11-25 at noon.
 */
public final class Fixture {
  public static final Instant START = Instant.parse("2026-11-25T07:00:00Z");
  /** Vendor A sells for the Almaty cinema with the Ed25519 vendor key. */
  public static final Bin VENDOR_A = Samples.VENDOR;
  /** Vendor B sells for the Astana cinema with the ES256 vendor key. */
  public static final Bin VENDOR_B = Bin.of("210340001110");
  public static final Bin ALMATY = Samples.CINEMA;
  public static final Bin ASTANA = Samples.OTHER_CINEMA;

  public final SigningKey registryKey = TestKeys.signing(TestKeys.REGISTRY_ED25519);
  public final SigningKey vendorA = TestKeys.signing(TestKeys.VENDOR_ED25519);
  public final SigningKey vendorB = TestKeys.signing(TestKeys.VENDOR_ES256);
  public final MutableClock clock = new MutableClock(START);
  public final TrustList trust = TrustList.of(Instant.parse("2026-01-01T00:00:00Z"),
      Instant.parse("2027-01-01T00:00:00Z"), List.of(
          TrustedKey.registry(registryKey.verificationKey(), Instant.parse("2026-01-01T00:00:00Z"),
              Optional.empty()),
          TrustedKey.vendor(vendorA.verificationKey(), VENDOR_A, Set.of(ALMATY),
              Instant.parse("2026-01-01T00:00:00Z"), Optional.empty()),
          TrustedKey.vendor(vendorB.verificationKey(), VENDOR_B, Set.of(ASTANA),
              Instant.parse("2026-01-01T00:00:00Z"), Optional.empty())));

  public static final Cinema ALMATY_CINEMA = new Cinema(ALMATY, "Kinopark Esentai",
      KatoCode.of("751110000"), List.of(new Hall(HallId.of("1"), "Зал 1", 180),
          new Hall(HallId.of("3"), "Зал 3", 120)));
  public static final Cinema ASTANA_CINEMA = new Cinema(ASTANA, "Chaplin Khan Shatyr",
      KatoCode.of("711110000"), List.of(new Hall(HallId.of("A"), "IMAX", 300)));

  public static final Film NATIONAL_DRAMA = Samples.film();
  public static final Film IMPORTED_ACTION = new Film(RentalCertificate.of("US-2026-1101"),
      new Titles(null, "Скорость", "Velocity"), Set.of(Genre.of("action")),
      Set.of(CountryCode.of("US"), CountryCode.of("GB")), false);

  /**
   * A configuration for the test world. A PostgreSQL registry keeps its checkpoint file in
   * the temporary directory, one per database URL, as an operator would beside its key.
   */
  public RegistryConfig.Builder config(String jdbcUrl) {
    RegistryConfig.Builder b = RegistryConfig.builder(jdbcUrl, registryKey, trust).clock(clock);
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      b.checkpointFile(Path.of(System.getProperty("java.io.tmpdir"), "ekino-test-checkpoints",
          Integer.toHexString(jdbcUrl.hashCode()) + "-" + jdbcUrl.length() + ".checkpoint"));
    }
    return b;
  }

  public Registry open(String jdbcUrl) throws RegistryException {
    return Registry.open(config(jdbcUrl).build());
  }

  /** Opens a registry and adds the two cinemas. */
  public Registry openWithCinemas(String jdbcUrl) throws Exception {
    Registry r = open(jdbcUrl);
    r.registerCinema(ALMATY_CINEMA);
    r.registerCinema(ASTANA_CINEMA);
    r.registerFilm(NATIONAL_DRAMA);
    r.registerFilm(IMPORTED_ACTION);
    return r;
  }

  public static Screening screening(Bin cinema, String id, Film film, Instant start,
      String language) {
    String hall = cinema.equals(ALMATY) ? "3" : "A";
    return new Screening(ScreeningId.of(id), cinema, HallId.of(hall), film, start,
        LanguageCode.of(language), ScreeningFormat.TWO_D);
  }

  /** Tonight 19:30 Almaty, the Kazakh national drama. */
  public static Screening almatyTonight() {
    return screening(ALMATY, "S-ALA-1930", NATIONAL_DRAMA, Instant.parse("2026-11-25T14:30:00Z"),
        "kk");
  }

  public static Screening astanaTonight() {
    return screening(ASTANA, "S-AST-2000", IMPORTED_ACTION,
        Instant.parse("2026-11-25T15:00:00Z"), "ru");
  }

  public static Sale sale(String ticket, Screening screening, long priceTiyn, Instant soldAt) {
    Bin vendor = screening.cinema().equals(ALMATY) ? VENDOR_A : VENDOR_B;
    return new Sale(TicketId.of(ticket), vendor, screening, Seat.assigned(5, 9), priceTiyn,
        soldAt, SalesChannel.BOX_OFFICE, false);
  }

  public SigningKey keyFor(Sale sale) {
    return sale.vendor().equals(VENDOR_A) ? vendorA : vendorB;
  }

  public static Duration minutes(long m) {
    return Duration.ofMinutes(m);
  }
}
