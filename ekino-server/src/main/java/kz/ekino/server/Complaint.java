package kz.ekino.server;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import kz.ekino.core.model.Bin;

/**
 * A visitor's report of a ticket from the verification page ("Report this ticket"), as stored
 * by {@link Complaints}: against the cinema the ticket names, with the ticket's content, for
 * the state's follow-up (a fine in the visitor's favour when the sale was not registered).
 *
 * @param id the store's number for it, from 1, shown to the visitor
 * @param receivedAt when the server took it (the registry's clock)
 * @param report what was reported
 */
public record Complaint(long id, Instant receivedAt, Report report) {
  public Complaint {
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(report, "report");
  }

  /**
   * What a visitor reported.
   *
   * @param verdict the page's verdict when it was reported: {@code NOT_REGISTERED},
   *     {@code OVERDUE} (a PROVISIONAL ticket past the allowed delay), {@code DIFFERENT} (its
   *     ticket id registered with another cinema, screening or price) or {@code FORGED} (the
   *     code's signature does not verify)
   * @param cinema the cinema the ticket names, when its content verified (never for FORGED)
   * @param ticketId the vendor's ticket id, when its content verified
   * @param qrText the QR text the page checked (the official prefix and the token)
   * @param ticketJson the verdict document of {@code TicketJson.verdict}, as the page saw it
   * @param contact the visitor's contact, if given (at most {@link #MAX_CONTACT} characters)
   * @param message the visitor's words, possibly empty (at most {@link #MAX_MESSAGE})
   * @param language the page's language: kk, ru or en
   */
  public record Report(String verdict, Optional<Bin> cinema, Optional<String> ticketId,
      String qrText, String ticketJson, Optional<String> contact, String message,
      String language) {
    public static final int MAX_CONTACT = 200;
    public static final int MAX_MESSAGE = 2000;
    public static final int MAX_QR_TEXT = 2048;

    public Report {
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(cinema, "cinema");
      Objects.requireNonNull(ticketId, "ticketId");
      Objects.requireNonNull(qrText, "qrText");
      Objects.requireNonNull(ticketJson, "ticketJson");
      Objects.requireNonNull(contact, "contact");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(language, "language");
      if (contact.isPresent() && contact.get().length() > MAX_CONTACT) {
        throw new IllegalArgumentException("contact is longer than " + MAX_CONTACT);
      }
      if (message.length() > MAX_MESSAGE) {
        throw new IllegalArgumentException("message is longer than " + MAX_MESSAGE);
      }
      if (qrText.length() > MAX_QR_TEXT) {
        throw new IllegalArgumentException("QR text is longer than " + MAX_QR_TEXT);
      }
    }
  }
}
