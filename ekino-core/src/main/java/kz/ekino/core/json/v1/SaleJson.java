package kz.ekino.core.json.v1;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;
import kz.ekino.core.internal.EnumCodes;
import kz.ekino.core.internal.JsonIn;
import kz.ekino.core.internal.JsonInputException;
import kz.ekino.core.internal.JsonOut;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.CountryCode;
import kz.ekino.core.model.Film;
import kz.ekino.core.model.Genre;
import kz.ekino.core.model.HallId;
import kz.ekino.core.model.Instants;
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
 * Sale JSON v1, the document a vendor hands to the tools (docs/sale-json.md). Reading is strict:
 * unknown or duplicate fields, wrong types and out-of-range values are errors naming the field.
 */
public final class SaleJson {
  /** A sale is well under 4 KiB; the limit keeps a hostile file from costing memory. */
  public static final int MAX_BYTES = 64 * 1024;
  static final String GENERAL_ADMISSION = "general-admission";
  /** The sales channel's JSON value (docs/sale-json.md). */
  private static final EnumCodes<SalesChannel, String> CHANNELS =
      EnumCodes.of(SalesChannel.class, c -> switch (c) {
        case BOX_OFFICE -> "BOX_OFFICE";
        case ONLINE -> "ONLINE";
        case KIOSK -> "KIOSK";
        case PARTNER -> "PARTNER";
      });

  private SaleJson() {}

  public static Sale read(byte[] json) throws SaleFormatException {
    try {
      return sale(JsonIn.parse(json, MAX_BYTES));
    } catch (JsonInputException e) {
      throw new SaleFormatException(e.getMessage());
    }
  }

  private static Sale sale(JsonIn s) throws JsonInputException {
    TicketId ticketId = s.text("ticketId", TicketId::of);
    Bin vendor = s.text("vendorBin", Bin::of);
    Screening screening = screening(s.object("screening"));
    Seat seat = seat(s);
    long price = s.integer("priceTiyn");
    Optional<String> currency = s.optionalText("currency");
    if (currency.isPresent() && !currency.get().equals("KZT")) {
      throw s.error("currency", "only KZT is supported, got '" + currency.get() + "'");
    }
    var soldAt = s.instant("soldAt");
    // Checked here so that the message names soldAt, not the field the record is built under.
    s.convert("soldAt", () -> Instants.requireInRange("sold-at", soldAt));
    SalesChannel channel = s.text("channel", CHANNELS::decode);
    boolean specimen = s.optionalBool("specimen", false);
    s.requireNoOtherFields();
    return s.convert("priceTiyn",
        () -> new Sale(ticketId, vendor, screening, seat, price, soldAt, channel, specimen));
  }

  private static Screening screening(JsonIn s) throws JsonInputException {
    ScreeningId id = s.text("id", ScreeningId::of);
    Bin cinema = s.text("cinemaBin", Bin::of);
    HallId hall = s.text("hall", HallId::of);
    Film film = film(s.object("film"));
    var start = s.instant("start");
    s.convert("start", () -> Instants.requireInRange("screening start", start));
    LanguageCode language = s.text("language", LanguageCode::of);
    ScreeningFormat format = s.text("format", ScreeningFormat::ofLabel);
    s.requireNoOtherFields();
    return s.convert("start",
        () -> new Screening(id, cinema, hall, film, start, language, format));
  }

  private static Film film(JsonIn f) throws JsonInputException {
    RentalCertificate certificate = f.text("certificate", RentalCertificate::of);
    JsonIn t = f.object("titles");
    Optional<String> kk = t.optionalText("kk");
    Optional<String> ru = t.optionalText("ru");
    Optional<String> en = t.optionalText("en");
    t.requireNoOtherFields();
    Titles titles = f.convert("titles",
        () -> new Titles(kk.orElse(null), ru.orElse(null), en.orElse(null)));
    Set<Genre> genres = Set.copyOf(f.texts("genres", Film.MAX_GENRES, Genre::of));
    Set<CountryCode> countries =
        Set.copyOf(f.texts("countries", Film.MAX_COUNTRIES, CountryCode::of));
    boolean national = f.bool("national");
    f.requireNoOtherFields();
    return f.convert("countries", () -> new Film(certificate, titles, genres, countries, national));
  }

  private static Seat seat(JsonIn s) throws JsonInputException {
    if (!s.has("seat")) {
      throw s.error("seat", "required field is missing (use \"" + GENERAL_ADMISSION
          + "\" for tickets without a seat)");
    }
    if (s.isText("seat")) {
      String v = s.text("seat");
      if (!v.equals(GENERAL_ADMISSION)) {
        throw s.error("seat", "expected {\"row\": R, \"number\": N} or \"" + GENERAL_ADMISSION
            + "\", got '" + v + "'");
      }
      return Seat.generalAdmission();
    }
    JsonIn seat = s.object("seat");
    long row = seat.integer("row");
    long number = seat.integer("number");
    seat.requireNoOtherFields();
    return s.convert("seat", () -> Seat.assigned(narrow(row), narrow(number)));
  }

  private static int narrow(long v) {
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("row and seat must be 1 to " + Seat.MAX_NUMBER);
    }
    return (int) v;
  }

  /** {@code "seat": {"row": R, "number": N}} or {@code "seat": "general-admission"}. */
  static void putSeat(ObjectNode o, Seat seat) {
    if (seat instanceof Seat.Assigned) {
      Seat.Assigned a = (Seat.Assigned) seat;
      o.putObject("seat").put("row", a.row()).put("number", a.number());
    } else {
      o.put("seat", GENERAL_ADMISSION);
    }
  }

  /** Writes {@code sale} as pretty-printed sale JSON v1, instants in UTC. */
  public static String write(Sale sale) {
    ObjectNode o = JsonOut.object()
        .put("ticketId", sale.ticketId().value())
        .put("vendorBin", sale.vendor().value());
    Screening sc = sale.screening();
    ObjectNode screening = o.putObject("screening")
        .put("id", sc.id().value())
        .put("cinemaBin", sc.cinema().value())
        .put("hall", sc.hall().value());
    Film f = sc.film();
    ObjectNode film = screening.putObject("film").put("certificate", f.certificate().value());
    ObjectNode titles = film.putObject("titles");
    if (f.titles().kk() != null) {
      titles.put("kk", f.titles().kk());
    }
    if (f.titles().ru() != null) {
      titles.put("ru", f.titles().ru());
    }
    if (f.titles().en() != null) {
      titles.put("en", f.titles().en());
    }
    ArrayNode genres = film.putArray("genres");
    f.genres().stream().map(Genre::code).sorted().forEach(genres::add);
    ArrayNode countries = film.putArray("countries");
    f.countries().stream().map(CountryCode::code).sorted().forEach(countries::add);
    film.put("national", f.national());
    screening.put("start", sc.start().toString())
        .put("language", sc.language().code())
        .put("format", sc.format().label());
    putSeat(o, sale.seat());
    o.put("priceTiyn", sale.priceTiyn())
        .put("currency", "KZT")
        .put("soldAt", sale.soldAt().toString())
        .put("channel", CHANNELS.encode(sale.channel()))
        .put("specimen", sale.specimen());
    return JsonOut.pretty(o);
  }
}
