package kz.ekino.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import kz.ekino.core.json.v1.RegistryJson;
import kz.ekino.core.json.v1.TicketJson;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.model.TokenKind;
import kz.ekino.core.registration.AdmissionResult;
import kz.ekino.core.registration.Gate;
import kz.ekino.core.verify.VerificationResult;
import kz.ekino.registry.Registry;
import org.jspecify.annotations.Nullable;

/**
 * What a scanned QR text asks of the registry: its status ({@code /status}, for visitors and
 * vendors) and an admission at a gate ({@code /admissions}). A QR text is data from outside:
 * a forged, foreign or malformed one is a verdict, never a 500.
 */
final class Scans {
  /** The longest QR text read; a token's QR text is well under 1 KiB. */
  static final int MAX_QR_CHARS = 4096;
  /** The longest admission request body. */
  static final int MAX_ADMISSION_BYTES = 8192;
  private static final Set<String> ADMISSION_FIELDS = Set.of("qr", "cinema", "gate");
  /** Duplicate names, trailing tokens: refused, as core's JsonIn refuses them. */
  private static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .build();

  private final Registry registry;

  Scans(Registry registry) {
    this.registry = registry;
  }

  /** {@code GET /status?qr=…}. */
  void statusByQuery(Context ctx) {
    @Nullable String qr = ctx.queryParam("qr");
    if (qr == null) {
      throw new Problems.BadRequest("query parameter 'qr' is required");
    }
    status(ctx, bounded(qr));
  }

  /** {@code POST /status} with the QR text as a text/plain body; one final newline is dropped. */
  void statusByBody(Context ctx) {
    if (!isType(ctx.contentType(), "text/plain")) {
      throw new Problems.BadRequest(415, "UNSUPPORTED_MEDIA_TYPE",
          "the QR text is sent as text/plain, not " + ctx.contentType());
    }
    String qr = utf8(Api.body(ctx, MAX_QR_CHARS * 4));
    if (qr.endsWith("\r\n")) {
      qr = qr.substring(0, qr.length() - 2);
    } else if (qr.endsWith("\n")) {
      qr = qr.substring(0, qr.length() - 1);
    }
    status(ctx, bounded(qr));
  }

  /**
   * The verdict document of {@link TicketJson#verdict(VerificationResult)}, and for an accepted
   * REGISTERED token the live status of its serial under {@code "registry"} (the document of
   * {@code GET /tickets/{serial}}). A PROVISIONAL or SPECIMEN token names no serial: no
   * {@code "registry"}. Always 200: the verdict is the answer.
   */
  private void status(Context ctx, String qr) {
    VerificationResult result = registry.verify(qr);
    ObjectNode doc = tree(TicketJson.verdict(result).getBytes(StandardCharsets.UTF_8));
    if (result.ticket().isPresent()) {
      TicketClaims claims = result.ticket().get().claims();
      if (claims.kind() == TokenKind.REGISTERED && claims.serial().isPresent()) {
        doc.set("registry", tree(RegistryJson.write(registry.status(
            claims.serial().getAsLong()))));
      }
    }
    ctx.contentType(Problems.JSON).result(doc.toString());
  }

  /**
   * {@code POST /admissions} with {@code {"qr", "cinema", "gate"}} (every field a string, no
   * other): the {@link RegistryJson#write(AdmissionResult)} document, 200 for every judged
   * outcome, 503 with Retry-After for UNAVAILABLE.
   */
  void admit(Context ctx) {
    if (!isType(ctx.contentType(), "application/json")) {
      throw new Problems.BadRequest(415, "UNSUPPORTED_MEDIA_TYPE",
          "an admission is application/json, not " + ctx.contentType());
    }
    JsonNode body;
    try {
      body = STRICT.readTree(Api.body(ctx, MAX_ADMISSION_BYTES));
    } catch (JacksonException e) {
      throw new Problems.BadRequest("the admission is not JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new Problems.BadRequest("the admission could not be read: " + e.getMessage());
    }
    if (body == null || !body.isObject()) {
      throw new Problems.BadRequest("an admission is a JSON object {qr, cinema, gate}");
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!ADMISSION_FIELDS.contains(name)) {
        throw new Problems.BadRequest("unknown field '" + name + "' in an admission");
      }
    }
    String qr = bounded(text(body, "qr"));
    Gate gate;
    try {
      gate = new Gate(Bin.of(text(body, "cinema")), text(body, "gate"));
    } catch (IllegalArgumentException e) {
      throw new Problems.BadRequest(String.valueOf(e.getMessage()));
    }
    AdmissionResult result;
    try {
      result = registry.admit(qr, gate);
    } catch (IllegalStateException e) {
      ctx.header("Retry-After", "5");
      Problems.send(ctx, 503, "READ_ONLY", "this instance is read-only and admits nobody");
      return;
    }
    if (result.outcome() == AdmissionResult.Outcome.UNAVAILABLE) {
      ctx.status(503).header("Retry-After", "1");
    }
    ctx.contentType(Problems.JSON).result(RegistryJson.write(result));
  }

  private static String text(JsonNode body, String name) {
    JsonNode value = body.get(name);
    if (value == null || !value.isTextual()) {
      throw new Problems.BadRequest("field '" + name + "' is required and is a string");
    }
    return value.asText();
  }

  private static String bounded(String qr) {
    if (qr.length() > MAX_QR_CHARS) {
      throw new Problems.BadRequest(413, "TOO_LARGE", "a QR text is at most " + MAX_QR_CHARS
          + " characters");
    }
    return qr;
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new Problems.BadRequest("the QR text is not UTF-8");
    }
  }

  /** A media type without parameters ({@code charset} is allowed and ignored). */
  private static boolean isType(@Nullable String contentType, String type) {
    if (contentType == null) {
      return false;
    }
    String t = contentType.toLowerCase(Locale.ROOT).replace(" ", "");
    int semicolon = t.indexOf(';');
    return (semicolon < 0 ? t : t.substring(0, semicolon)).equals(type);
  }

  /** Our own documents, re-read to add a member. */
  private static ObjectNode tree(byte[] json) {
    try {
      return (ObjectNode) STRICT.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a document of our own does not read back", e);
    }
  }
}
