package kz.ekino.core.token.v1;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import kz.ekino.core.internal.CborException;
import kz.ekino.core.internal.CborReader;
import kz.ekino.core.internal.CborWriter;
import kz.ekino.core.internal.EnumCodes;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.HallId;
import kz.ekino.core.model.RentalCertificate;
import kz.ekino.core.model.Seat;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.model.TicketId;
import kz.ekino.core.model.TokenKind;

/**
 * The claims map of token format v1 (docs/spec/token-v1.md §3): a deterministic CBOR map with
 * small unsigned-integer keys, the version first so that a verifier can tell an unknown version
 * from a malformed token.
 */
public final class ClaimsV1 {
  public static final int VERSION = 1;

  static final int K_VERSION = 0;
  static final int K_KIND = 1;
  static final int K_SERIAL = 2;
  static final int K_REGISTERED_AT = 3;
  static final int K_SOLD_AT = 4;
  static final int K_TICKET_ID = 5;
  static final int K_VENDOR = 6;
  static final int K_CINEMA = 7;
  static final int K_HALL = 8;
  static final int K_SCREENING_START = 9;
  static final int K_FILM = 10;
  static final int K_SEAT = 11;
  static final int K_PRICE = 12;
  private static final int K_LAST = K_PRICE;

  /** The kind claim (key 1, docs/spec/token-v1.md §3): signed, so fixed for good. */
  private static final EnumCodes<TokenKind, Long> KINDS =
      EnumCodes.of(TokenKind.class, k -> switch (k) {
        case REGISTERED -> 0L;
        case PROVISIONAL -> 1L;
        case SPECIMEN -> 2L;
      });

  private ClaimsV1() {}

  public static byte[] encode(TicketClaims c) {
    int entries = 9 + (c.serial().isPresent() ? 2 : 0) + (c.soldAt().isPresent() ? 1 : 0)
        + (c.seat() instanceof Seat.Assigned ? 1 : 0);
    CborWriter w = new CborWriter(128);
    w.writeMapHeader(entries);
    w.writeUint(K_VERSION).writeUint(VERSION);
    w.writeUint(K_KIND).writeUint(KINDS.encode(c.kind()));
    if (c.serial().isPresent()) {
      w.writeUint(K_SERIAL).writeUint(c.serial().getAsLong());
      w.writeUint(K_REGISTERED_AT).writeUint(c.registeredAt().orElseThrow().getEpochSecond());
    }
    if (c.soldAt().isPresent()) {
      w.writeUint(K_SOLD_AT).writeUint(c.soldAt().get().getEpochSecond());
    }
    w.writeUint(K_TICKET_ID).writeText(c.ticketId().value());
    w.writeUint(K_VENDOR).writeUint(c.vendor().toNumber());
    w.writeUint(K_CINEMA).writeUint(c.cinema().toNumber());
    w.writeUint(K_HALL).writeText(c.hall().value());
    w.writeUint(K_SCREENING_START).writeUint(c.screeningStart().getEpochSecond());
    w.writeUint(K_FILM).writeText(c.film().value());
    if (c.seat() instanceof Seat.Assigned) {
      Seat.Assigned s = (Seat.Assigned) c.seat();
      w.writeUint(K_SEAT).writeArrayHeader(2).writeUint(s.row()).writeUint(s.number());
    }
    w.writeUint(K_PRICE).writeUint(c.priceTiyn());
    return w.toByteArray();
  }

  /** Decodes a v1 claims map strictly; any deviation from the spec is a {@link CborException}. */
  public static TicketClaims decode(byte[] payload) throws CborException {
    try {
      return read(new CborReader(payload));
    } catch (IllegalArgumentException e) {
      // Model constructors reject out-of-range values; in a token that is malformed input.
      throw new CborException(String.valueOf(e.getMessage()));
    }
  }

  private static TicketClaims read(CborReader r) throws CborException {
    int entries = r.readMapHeader();
    boolean versioned = false;
    TokenKind kind = null;
    OptionalLong serial = OptionalLong.empty();
    Optional<Instant> registeredAt = Optional.empty();
    Optional<Instant> soldAt = Optional.empty();
    TicketId ticketId = null;
    Bin vendor = null;
    Bin cinema = null;
    HallId hall = null;
    Instant start = null;
    RentalCertificate film = null;
    Seat seat = Seat.generalAdmission();
    Long price = null;
    long previous = -1;
    for (int i = 0; i < entries; i++) {
      long key = r.readMapKeyAfter(previous);
      previous = key;
      switch ((int) Math.min(key, K_LAST + 1)) {
        case K_VERSION:
          // Keys ascend strictly and 0 is the least, so a version claim is always the first.
          if (r.readUint() != VERSION) {
            throw new CborException("not a version 1 claims map");
          }
          versioned = true;
          break;
        case K_KIND:
          long code = r.readUint();
          kind = KINDS.find(code)
              .orElseThrow(() -> new CborException("unknown token kind " + code));
          break;
        case K_SERIAL:
          serial = OptionalLong.of(r.readUint());
          break;
        case K_REGISTERED_AT:
          registeredAt = Optional.of(instant(r.readUint()));
          break;
        case K_SOLD_AT:
          soldAt = Optional.of(instant(r.readUint()));
          break;
        case K_TICKET_ID:
          ticketId = TicketId.of(r.readText());
          break;
        case K_VENDOR:
          vendor = Bin.ofNumber(r.readUint());
          break;
        case K_CINEMA:
          cinema = Bin.ofNumber(r.readUint());
          break;
        case K_HALL:
          hall = HallId.of(r.readText());
          break;
        case K_SCREENING_START:
          start = instant(r.readUint());
          break;
        case K_FILM:
          film = RentalCertificate.of(r.readText());
          break;
        case K_SEAT:
          if (r.readArrayHeader() != 2) {
            throw new CborException("seat must be an array [row, number]");
          }
          seat = Seat.assigned(smallInt(r.readUint()), smallInt(r.readUint()));
          break;
        case K_PRICE:
          price = r.readUint();
          break;
        default:
          throw new CborException("unknown claim key " + key);
      }
    }
    r.requireEnd();
    if (!versioned) {
      throw new CborException("the claims map must start with the version (key 0)");
    }
    if (kind == null || ticketId == null || vendor == null || cinema == null || hall == null
        || start == null || film == null || price == null) {
      throw new CborException("a required claim is missing");
    }
    return new TicketClaims(kind, serial, registeredAt, soldAt, ticketId, vendor, cinema, hall,
        start, film, seat, price);
  }

  private static int smallInt(long value) {
    if (value > Seat.MAX_NUMBER) {
      throw new IllegalArgumentException("seat row or number above " + Seat.MAX_NUMBER);
    }
    return (int) value;
  }

  private static Instant instant(long epochSecond) {
    if (epochSecond > 0xffff_ffffL) {
      throw new IllegalArgumentException("instant beyond 32-bit epoch seconds: " + epochSecond);
    }
    return Instant.ofEpochSecond(epochSecond);
  }
}
