package kz.ekino.client;

import java.util.Objects;
import java.util.Optional;
import kz.ekino.core.model.TokenKind;
import kz.ekino.core.registration.Registration;
import kz.ekino.core.token.TicketToken;
import kz.ekino.core.token.UrlBase;

/**
 * What {@link Outbox#register} hands back to print: the registry's REGISTERED token with its
 * registration, or the vendor's PROVISIONAL token while the sale waits in the outbox.
 */
public record Ticket(TicketToken token, TokenKind kind, Optional<Registration> registration) {
  public Ticket {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(registration, "registration");
    if (kind == TokenKind.SPECIMEN || registration.isPresent() != (kind == TokenKind.REGISTERED)) {
      throw new IllegalArgumentException("a REGISTERED ticket has its registration, a "
          + "PROVISIONAL one none; got " + kind);
    }
  }

  static Ticket registered(Registration r) {
    return new Ticket(r.token(), TokenKind.REGISTERED, Optional.of(r));
  }

  static Ticket provisional(TicketToken token) {
    return new Ticket(token, TokenKind.PROVISIONAL, Optional.empty());
  }

  /** Whether the sale is registered (false: PROVISIONAL, registration pending). */
  public boolean isRegistered() {
    return kind == TokenKind.REGISTERED;
  }

  /** The QR text under {@code base}: {@code token().qrText(base)}. */
  public String qrText(UrlBase base) {
    return token.qrText(base);
  }
}
