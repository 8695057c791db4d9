package kz.ekino.core.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a ticket token states: the facts a visitor and an entrance scanner need without a network.
 * Instants are whole seconds, as the token carries them.
 *
 * <p>A REGISTERED token carries the registry serial and registration instant and no sale instant;
 * PROVISIONAL and SPECIMEN tokens carry the sale instant and neither of the other two.
 */
public record TicketClaims(
    TokenKind kind,
    OptionalLong serial,
    Optional<Instant> registeredAt,
    Optional<Instant> soldAt,
    TicketId ticketId,
    Bin vendor,
    Bin cinema,
    HallId hall,
    Instant screeningStart,
    RentalCertificate film,
    Seat seat,
    long priceTiyn) {

  public TicketClaims {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(cinema, "cinema");
    Objects.requireNonNull(hall, "hall");
    Objects.requireNonNull(film, "film");
    Objects.requireNonNull(seat, "seat");
    boolean registered = kind == TokenKind.REGISTERED;
    if (serial.isPresent() != registered || registeredAt.isPresent() != registered) {
      throw new IllegalArgumentException(registered
          ? "a REGISTERED token needs a serial and a registration instant"
          : "a " + kind + " token has no serial or registration instant");
    }
    if (soldAt.isPresent() == registered) {
      throw new IllegalArgumentException(registered
          ? "a REGISTERED token carries the registration instant, not the sale instant"
          : "a " + kind + " token needs the sale instant");
    }
    if (serial.isPresent() && serial.getAsLong() < 1) {
      throw new IllegalArgumentException("serial must be positive, got " + serial.getAsLong());
    }
    registeredAt.ifPresent(t -> wholeSeconds("registration instant", t));
    soldAt.ifPresent(t -> wholeSeconds("sale instant", t));
    wholeSeconds("screening start", screeningStart);
    if (priceTiyn < 0 || priceTiyn > Sale.MAX_PRICE_TIYN) {
      throw new IllegalArgumentException(
          "price must be 0 to " + Sale.MAX_PRICE_TIYN + " tiyn, got " + priceTiyn);
    }
  }

  /** The registry's receipt for {@code sale}, which it registered as {@code serial}. */
  public static TicketClaims registered(Sale sale, long serial, Instant registeredAt) {
    requireSpecimen(sale, false, TokenKind.REGISTERED);
    return of(TokenKind.REGISTERED, sale, OptionalLong.of(serial),
        Optional.of(seconds(registeredAt)), Optional.empty());
  }

  /** The vendor's own token for a sale whose registration is still pending. */
  public static TicketClaims provisional(Sale sale) {
    requireSpecimen(sale, false, TokenKind.PROVISIONAL);
    return of(TokenKind.PROVISIONAL, sale, OptionalLong.empty(), Optional.empty(),
        Optional.of(seconds(sale.soldAt())));
  }

  /** The token of a specimen (training or demonstration) sale. */
  public static TicketClaims specimen(Sale sale) {
    requireSpecimen(sale, true, TokenKind.SPECIMEN);
    return of(TokenKind.SPECIMEN, sale, OptionalLong.empty(), Optional.empty(),
        Optional.of(seconds(sale.soldAt())));
  }

  private static TicketClaims of(TokenKind kind, Sale sale, OptionalLong serial,
      Optional<Instant> registeredAt, Optional<Instant> soldAt) {
    return new TicketClaims(kind, serial, registeredAt, soldAt, sale.ticketId(), sale.vendor(),
        sale.cinema(), sale.screening().hall(), seconds(sale.screening().start()),
        sale.screening().film().certificate(), sale.seat(), sale.priceTiyn());
  }

  /** The instant the signer vouches for: registration for REGISTERED, the sale otherwise. */
  public Instant signedAt() {
    return registeredAt.or(() -> soldAt).orElseThrow();
  }

  private static void requireSpecimen(Sale sale, boolean specimen, TokenKind kind) {
    if (sale.specimen() != specimen) {
      throw new IllegalArgumentException(specimen
          ? "ticket " + sale.ticketId() + " is not a specimen sale, so it cannot get a " + kind
              + " token"
          : "ticket " + sale.ticketId() + " is a specimen sale: it can only get a SPECIMEN token");
    }
  }

  private static Instant seconds(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS);
  }

  private static void wholeSeconds(String what, Instant t) {
    Instants.requireInRange(what, t);
    if (!t.equals(seconds(t))) {
      throw new IllegalArgumentException(what + " must be whole seconds, got " + t);
    }
  }
}
