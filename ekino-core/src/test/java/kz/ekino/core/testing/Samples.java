package kz.ekino.core.testing;

import java.time.Instant;
import java.util.Set;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.CountryCode;
import kz.ekino.core.model.Film;
import kz.ekino.core.model.Genre;
import kz.ekino.core.model.HallId;
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

/** Realistic sample records; the typical sale is the one the size targets are stated for. */
public final class Samples {
  /** The vendor's BIN (valid check digit). */
  public static final Bin VENDOR = Bin.of("940140000385");
  /** A cinema whose BIN starts with a zero, which every encoding must keep. */
  public static final Bin CINEMA = Bin.of("050140001238");
  public static final Bin OTHER_CINEMA = Bin.of("990140004654");
  /** 2026-11-28 19:30 in Almaty (UTC+5). */
  public static final Instant SCREENING_START = Instant.parse("2026-11-28T14:30:00Z");
  public static final Instant SOLD_AT = Instant.parse("2026-11-25T10:12:09Z");
  public static final Instant REGISTERED_AT = Instant.parse("2026-11-25T10:12:10Z");
  public static final long SERIAL = 1_204_518L;

  private Samples() {}

  public static Film film() {
    return new Film(RentalCertificate.of("KZ-2026-0417"),
        new Titles("Қараша түні", "Ноябрьская ночь", "November Night"),
        Set.of(Genre.of("drama"), Genre.of("history")), Set.of(CountryCode.of("KZ")), true);
  }

  public static Screening screening() {
    return new Screening(ScreeningId.of("S-20261128-3-1930"), CINEMA, HallId.of("3"), film(),
        SCREENING_START, LanguageCode.KAZAKH, ScreeningFormat.TWO_D);
  }

  /** A typical box-office sale: 12-character ticket id, seat 7/12, 2 500 tenge. */
  public static Sale sale() {
    return new Sale(TicketId.of("KP-26-004217"), VENDOR, screening(), Seat.assigned(7, 12),
        250_000L, SOLD_AT, SalesChannel.BOX_OFFICE, false);
  }

  public static Sale specimenSale() {
    return new Sale(TicketId.of("DEMO-000001"), VENDOR, screening(), Seat.assigned(1, 1), 0L,
        SOLD_AT, SalesChannel.KIOSK, true);
  }
}
