package kz.ekino.core.testing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.CountryCode;
import kz.ekino.core.model.Counter;
import kz.ekino.core.model.Film;
import kz.ekino.core.model.Genre;
import kz.ekino.core.model.HallId;
import kz.ekino.core.model.LanguageCode;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.RentalCertificate;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.SaleCorrection;
import kz.ekino.core.model.SalesChannel;
import kz.ekino.core.model.Schedule;
import kz.ekino.core.model.Screening;
import kz.ekino.core.model.ScreeningFormat;
import kz.ekino.core.model.ScreeningId;
import kz.ekino.core.model.Seat;
import kz.ekino.core.model.TerminalId;
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
  /** The box-office workstation that sells {@link #sale()}. */
  public static final TerminalId TERMINAL = TerminalId.of("KP8-BOX-03");

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

  /** The terminal's first submission: sequence 1, no previous digest. */
  public static Counter firstCount() {
    return Counter.first(TERMINAL);
  }

  /** The typical sale (serial {@link #SERIAL}) refunded in full an hour after it was sold. */
  public static Refund refund() {
    return new Refund(SERIAL, sale().ticketId(), VENDOR, Instant.parse("2026-11-25T11:12:09Z"),
        250_000L, "зритель вернул билет");
  }

  /** The typical sale's screening, declared five days before it was sold. */
  public static Schedule.Declare declaration() {
    return new Schedule.Declare(VENDOR, screening(), Instant.parse("2026-11-20T09:00:00Z"));
  }

  /** The typical sale's screening cancelled. */
  public static Schedule.Cancel cancellation() {
    return new Schedule.Cancel(VENDOR, CINEMA, screening().id(),
        Instant.parse("2026-11-25T11:30:00Z"), "проектор неисправен");
  }

  /** The cinema closed on 2026-11-30 (Almaty). */
  public static Schedule.NoScreenings dayWithoutScreenings() {
    return new Schedule.NoScreenings(VENDOR, CINEMA, LocalDate.parse("2026-11-30"),
        Instant.parse("2026-11-20T09:05:00Z"));
  }

  /** The typical sale's price corrected from 2 500 to 2 000 tenge. */
  public static SaleCorrection correction() {
    return new SaleCorrection(SERIAL, sale().ticketId(), VENDOR,
        Instant.parse("2026-11-25T10:40:00Z"), 200_000L,
        "price keyed as 2 500 instead of 2 000 tenge");
  }
}
