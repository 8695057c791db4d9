package kz.ekino.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import kz.ekino.core.json.v1.TicketJson;
import kz.ekino.core.model.Seat;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.verify.RejectionReason;
import kz.ekino.core.verify.VerificationResult;

/**
 * A verdict as a short block a cashier or an inspector reads: the verdict in words, then the
 * ticket's cinema, hall, seat, local screening time, price in tenge, ticket id and serial.
 *
 * <p>The words come from {@code messages_<lang>.properties} (UTF-8) next to this class, read
 * directly rather than through {@link java.util.ResourceBundle}, whose lookup falls back to the
 * JVM's default locale: the language is exactly the one asked for.
 */
final class VerdictText {
  /** The languages of the text, as {@code --lang} takes them. */
  enum Lang {
    KK, RU, EN;

    String code() {
      return switch (this) {
        case KK -> "kk";
        case RU -> "ru";
        case EN -> "en";
      };
    }
  }

  private final Properties words;

  private VerdictText(Properties words) {
    this.words = words;
  }

  static VerdictText of(Lang lang) {
    String name = "messages_" + lang.code() + ".properties";
    Properties p = new Properties();
    try (InputStream in = VerdictText.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new VerdictText(p);
  }

  /** The keys every language must define; a test holds the bundles to it. */
  static List<String> keys() {
    List<String> keys = new ArrayList<>(List.of("verdict.valid", "verdict.provisional",
        "verdict.specimen", "verdict.rejected", "verdict.noQr", "label.cinema", "label.hall",
        "label.seat", "label.screening", "label.film", "label.price", "label.ticket",
        "label.serial", "seat.assigned", "seat.general", "screening.pattern",
        "screening.value", "film.value", "price.group", "price.decimal", "price.value",
        "serial.none", "online.registered", "online.admitted", "online.refunded",
        "online.unknown", "online.noStatus", "online.differs"));
    for (RejectionReason r : RejectionReason.values()) {
      keys.add(reasonKey(r));
    }
    return keys;
  }

  String render(VerificationResult result) {
    if (result instanceof VerificationResult.Rejected rejected) {
      return word("verdict.rejected").replace("{reason}", word(reasonKey(rejected.reason())))
          .replace("{code}", result.verdict()) + "\n";
    }
    var ticket = result.ticket().orElseThrow();
    String headline = switch (ticket.kind()) {
      case REGISTERED -> word("verdict.valid");
      case PROVISIONAL -> word("verdict.provisional");
      case SPECIMEN -> word("verdict.specimen");
    };
    TicketClaims c = ticket.claims();
    ZonedDateTime start = c.screeningStart().atZone(TicketJson.SCREENING_ZONE);
    List<String[]> rows = List.of(
        row("label.cinema", c.cinema().value()),
        row("label.hall", c.hall().value()),
        row("label.seat", seat(c.seat())),
        row("label.screening", word("screening.value")
            .replace("{time}", DateTimeFormatter.ofPattern(word("screening.pattern"),
                Locale.ROOT).format(start))
            .replace("{offset}", start.getOffset().getId())),
        row("label.film", word("film.value").replace("{certificate}", c.film().value())),
        row("label.price", word("price.value").replace("{amount}", tenge(c.priceTiyn()))),
        row("label.ticket", c.ticketId().value()),
        row("label.serial", c.serial().isPresent() ? Long.toString(c.serial().getAsLong())
            : word("serial.none")));
    int width = 0;
    for (String[] r : rows) {
      width = Math.max(width, r[0].codePointCount(0, r[0].length()));
    }
    StringBuilder out = new StringBuilder(headline).append('\n');
    for (String[] r : rows) {
      out.append(r[0]).append(':')
          .append(" ".repeat(width - r[0].codePointCount(0, r[0].length()) + 1))
          .append(r[1]).append('\n');
    }
    return out.toString();
  }

  /**
   * The registry's live answer ({@code verify --online}): the serial's status with its times in
   * Asia/Almaty, or that it gave none (a PROVISIONAL or rejected code), and a note when its
   * verdict is not the one found here.
   */
  String online(String localVerdict, kz.ekino.client.QrStatus live) {
    StringBuilder out = new StringBuilder();
    if (!live.verdict().equals(localVerdict)) {
      out.append(word("online.differs").replace("{verdict}", live.verdict())).append('\n');
    }
    if (live.registry().isEmpty()) {
      return out.append(word("online.noStatus")).append('\n').toString();
    }
    kz.ekino.core.registration.TicketStatus st = live.registry().get();
    String line;
    switch (st.status()) {
      case REGISTERED:
        line = word("online.registered");
        break;
      case ADMITTED:
        line = word("online.admitted");
        break;
      case REFUNDED:
        line = word("online.refunded");
        break;
      default:
        line = word("online.unknown");
        break;
    }
    line = line.replace("{serial}", Long.toString(st.serial()))
        .replace("{registeredAt}", st.registeredAt().map(this::local).orElse("-"))
        .replace("{admittedAt}", st.admittedAt().map(this::local).orElse("-"))
        .replace("{gate}", st.admittedAtGate().map(g -> g.id()).orElse("-"))
        .replace("{refundedAt}", st.refundedAt().map(this::local).orElse("-"));
    return out.append(line).append('\n').toString();
  }

  private String local(java.time.Instant t) {
    return DateTimeFormatter.ofPattern(word("screening.pattern"), Locale.ROOT)
        .format(t.atZone(TicketJson.SCREENING_ZONE));
  }

  /** An image in which the scanner found no QR code ({@code NO_QR_FOUND}). */
  String noQrFound(String verdict) {
    return word("verdict.noQr").replace("{code}", verdict) + "\n";
  }

  private String[] row(String label, String value) {
    return new String[] {word(label), value};
  }

  private String seat(Seat seat) {
    if (seat instanceof Seat.Assigned a) {
      return word("seat.assigned").replace("{row}", Integer.toString(a.row()))
          .replace("{number}", Integer.toString(a.number()));
    }
    return word("seat.general");
  }

  /** Tenge with the language's digit grouping and decimal mark: 2 500,00 or 2,500.00. */
  private String tenge(long tiyn) {
    String plain = TicketJson.tenge(tiyn);
    int dot = plain.indexOf('.');
    String whole = plain.substring(0, dot);
    StringBuilder grouped = new StringBuilder();
    for (int i = 0; i < whole.length(); i++) {
      if (i > 0 && (whole.length() - i) % 3 == 0) {
        grouped.append(word("price.group"));
      }
      grouped.append(whole.charAt(i));
    }
    return grouped + word("price.decimal") + plain.substring(dot + 1);
  }

  private String word(String key) {
    String w = words.getProperty(key);
    if (w == null) {
      throw new IllegalStateException("no text for " + key);
    }
    return w;
  }

  private static String reasonKey(RejectionReason reason) {
    return "reason." + switch (reason) {
      case TRUST_LIST_EXPIRED -> "trustListExpired";
      case FOREIGN_URL -> "foreignUrl";
      case MALFORMED -> "malformed";
      case UNKNOWN_KEY -> "unknownKey";
      case ALGORITHM_MISMATCH -> "algorithmMismatch";
      case BAD_SIGNATURE -> "badSignature";
      case UNSUPPORTED_VERSION -> "unsupportedVersion";
      case KEY_NOT_VALID -> "keyNotValid";
      case ISSUED_IN_FUTURE -> "issuedInFuture";
      case PROVISIONAL_EXPIRED -> "provisionalExpired";
      case SCREENING_OVER -> "screeningOver";
      case STALE_LIST -> "staleList";
      case LIST_ROLLBACK -> "listRollback";
    };
  }
}
