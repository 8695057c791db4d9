package kz.ekino.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import kz.ekino.core.json.v1.RegistryJson;
import kz.ekino.core.json.v1.WireFormatException;
import kz.ekino.core.registration.TicketStatus;

/**
 * The registry's answer to a QR text ({@code /api/v1/status}): its verdict ({@code VALID},
 * {@code PROVISIONAL}, {@code SPECIMEN} or a rejection reason such as {@code BAD_SIGNATURE}),
 * the live status of a REGISTERED token's serial when it has one, and the whole document as
 * served (the verdict document of {@code ekino verify}, docs/server.md).
 */
public record QrStatus(String verdict, Optional<TicketStatus> registry, String document) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public QrStatus {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(document, "document");
  }

  static QrStatus read(byte[] body) throws ClientException {
    try {
      JsonNode root = JSON.readTree(body);
      JsonNode verdict = root == null ? null : root.get("verdict");
      if (verdict == null || !verdict.isTextual() || verdict.asText().length() > 64) {
        throw RegistryClient.badAnswer(200, "status: no verdict");
      }
      JsonNode live = root.get("registry");
      Optional<TicketStatus> status = Optional.empty();
      if (live != null && !live.isNull()) {
        status = Optional.of(RegistryJson.readTicketStatus(JSON.writeValueAsBytes(live)));
      }
      return new QrStatus(verdict.asText(), status, new String(body, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw RegistryClient.badAnswer(200, "status: " + e.getMessage());
    } catch (WireFormatException e) {
      throw RegistryClient.badAnswer(200, "status: registry: " + e.getMessage());
    }
  }
}
