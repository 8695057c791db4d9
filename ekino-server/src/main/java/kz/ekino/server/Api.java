package kz.ekino.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import kz.ekino.core.json.v1.RegistryJson;
import kz.ekino.core.log.LogEntry;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.TicketId;
import kz.ekino.core.registration.Receipt;
import kz.ekino.core.registration.RefundReceipt;
import kz.ekino.core.registration.Refusal;
import kz.ekino.core.registration.Registration;
import kz.ekino.core.registration.RegistrationException;
import kz.ekino.core.registration.TicketStatus;
import kz.ekino.core.submission.Submissions;
import kz.ekino.registry.Registry;
import kz.ekino.registry.StorageException;
import org.jspecify.annotations.Nullable;

/**
 * The routes of {@code /api/v1} and the health checks. Submissions answer a registry-api-v1
 * document: the receipt, or the refusal document ({@code reason}, {@code retryable},
 * {@code detail}) that {@link RegistryJson#readRefusal} reads; everything else that goes wrong
 * is a {@link Problems} document.
 */
final class Api {
  static final String PREFIX = "/api/v1";
  /** The most entries one {@code GET /entries} returns. */
  static final int MAX_ENTRIES = 1000;
  private static final String COSE = "application/cose";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Registry registry;
  private final Limits limits;
  private final Scans scans;
  private final byte @Nullable [] openApi;

  Api(Registry registry, Limits limits) {
    this.registry = registry;
    this.limits = limits;
    this.scans = new Scans(registry);
    this.openApi = resource("openapi.yaml");
  }

  /** A resource of this package, or null when the build did not copy it (docs/openapi.yaml). */
  private static byte @Nullable [] resource(String name) {
    try (InputStream in = Api.class.getResourceAsStream(name)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
  }

  void routes(RoutesConfig routes, UnaryOperator<Handler> tracked) {
    routes.post(PREFIX + "/sales", tracked.apply(submission("sale",
        Set.of(Submissions.SALE_TYPE, Submissions.SALE_V2_TYPE), this::sale)));
    routes.post(PREFIX + "/refunds", tracked.apply(submission("refund",
        Set.of(Submissions.REFUND_TYPE, Submissions.REFUND_V2_TYPE), this::refund)));
    routes.post(PREFIX + "/schedule", tracked.apply(submission("schedule",
        Set.of(Submissions.SCHEDULE_TYPE), b -> receipt(registry.schedule(b)))));
    routes.post(PREFIX + "/corrections", tracked.apply(submission("correction",
        Set.of(Submissions.CORRECTION_TYPE), b -> receipt(registry.correctSale(b)))));
    routes.get(PREFIX + "/tickets/{serial}", tracked.apply(read(this::status)));
    routes.get(PREFIX + "/tickets", tracked.apply(read(this::statusByTicketId)));
    routes.get(PREFIX + "/status", tracked.apply(read(scans::statusByQuery)));
    routes.post(PREFIX + "/status", tracked.apply(read(scans::statusByBody)));
    routes.post(PREFIX + "/admissions", tracked.apply(read(scans::admit)));
    routes.get(PREFIX + "/checkpoint", tracked.apply(read(ctx ->
        ctx.contentType("text/plain; charset=utf-8").result(registry.checkpoint()))));
    routes.get(PREFIX + "/entries", tracked.apply(read(this::entries)));
    routes.get(PREFIX + "/proofs/inclusion", tracked.apply(read(this::inclusion)));
    routes.get(PREFIX + "/proofs/consistency", tracked.apply(read(this::consistency)));
    routes.get(PREFIX + "/revocations", tracked.apply(read(this::revocations)));
    // The list in force, unsigned: the registry holds no root signature over it (server.md).
    routes.get(PREFIX + "/trust-list/signed", tracked.apply(read(this::signedTrustList)));
    routes.get(PREFIX + "/trust-list", tracked.apply(read(ctx -> ctx.contentType(Problems.JSON)
        .result(registry.trustList().toUnsignedJson()))));
    routes.get(PREFIX + "/openapi.yaml", ctx -> {
      byte[] doc = openApi;
      if (doc == null) {
        Problems.send(ctx, 404, "NOT_FOUND", "this build carries no OpenAPI document");
      } else {
        ctx.contentType("application/yaml").result(doc);
      }
    });
    routes.get("/healthz", ctx -> ctx.contentType("text/plain").result("ok\n"));
    routes.get("/readyz", tracked.apply(this::ready));
  }

  // ---------------------------------------------------------------------------------------
  // Submissions

  /** What a submission route does with the bytes it received. */
  private interface Submit {
    Answer apply(byte[] body) throws RegistrationException;
  }

  /** A receipt document and its status: 201 when new, 200 when it repeats the first. */
  private static final class Answer {
    final int status;
    private final byte[] json;

    Answer(int status, byte[] json) {
      this.status = status;
      this.json = json;
    }

    byte[] json() {
      return json.clone();
    }
  }

  /**
   * A submission route. It leaves its kind and outcome (REGISTERED, REPEATED, or the refusal's
   * or error's code) as request attributes, which the metrics count.
   */
  private Handler submission(String kind, Set<String> ownTypes, Submit submit) {
    return ctx -> {
      ctx.attribute(ServerMetrics.KIND, kind);
      byte[] body;
      try {
        // The raw header: Jetty's parsed content type throws on an unknown charset, which a
        // client could use to make a 500 (and a stack trace in the log) of every request.
        String type = ctx.header("Content-Type");
        if (!acceptable(type, ownTypes)) {
          throw new Problems.BadRequest(415, "UNSUPPORTED_MEDIA_TYPE", "a submission is "
              + COSE + " or one of " + ownTypes + ", not " + type);
        }
        body = body(ctx, Limits.MAX_SUBMISSION_BYTES);
      } catch (Problems.BadRequest e) {
        ctx.attribute(ServerMetrics.OUTCOME, e.code);
        Problems.send(ctx, e.status, e.code, String.valueOf(e.getMessage()));
        return;
      }
      Answer answer;
      try {
        answer = submit.apply(body);
      } catch (RegistrationException e) {
        refuse(ctx, e);
        return;
      } catch (StorageException e) {
        refuse(ctx, new RegistrationException(Refusal.UNAVAILABLE, "the registry's storage "
            + "failed; nothing was registered", e));
        return;
      }
      ctx.attribute(ServerMetrics.OUTCOME, answer.status == 201 ? "REGISTERED" : "REPEATED");
      ctx.status(answer.status).contentType(Problems.JSON).result(answer.json());
    };
  }

  private Answer sale(byte[] body) throws RegistrationException {
    Registration r;
    try {
      r = registry.registerAsync(body).get(limits.requestTimeout().toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RegistrationException) {
        throw (RegistrationException) e.getCause();
      }
      if (e.getCause() instanceof StorageException) {
        throw (StorageException) e.getCause();
      }
      throw new IllegalStateException("registration failed", e.getCause());
    } catch (TimeoutException e) {
      throw new RegistrationException(Refusal.TIMEOUT, "no answer within "
          + limits.requestTimeout().toMillis() + " ms; sending it again is safe");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistrationException(Refusal.CLOSED, "the server is shutting down");
    }
    return new Answer(r.alreadyRegistered() ? 200 : 201, RegistryJson.write(r));
  }

  private Answer refund(byte[] body) throws RegistrationException {
    RefundReceipt r = registry.refund(body);
    return new Answer(r.alreadyRefunded() ? 200 : 201, RegistryJson.write(r));
  }

  /**
   * A schedule or correction receipt: registry-api-v1 has no document for it yet, so the
   * server writes {@code {serial, registeredAt, alreadyRegistered}} (docs/server.md).
   */
  private static Answer receipt(Receipt r) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("serial", r.serial());
    node.put("registeredAt", r.registeredAt().toString());
    node.put("alreadyRegistered", r.existing());
    return new Answer(r.existing() ? 200 : 201, node.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The status of a refusal: 400 for what is not a submission at all, 409 for a conflict,
   * 503 with Retry-After for what may pass later, 422 for a well-formed submission judged
   * and refused. The body is registry-api-v1's refusal document.
   */
  static int statusOf(Refusal refusal) {
    switch (refusal) {
      case MALFORMED:
      case UNSUPPORTED_VERSION:
        return 400;
      case CONFLICT:
        return 409;
      case UNAVAILABLE:
      case TIMEOUT:
      case CLOSED:
      case TRUST_LIST_EXPIRED:
        return 503;
      default:
        return 422;
    }
  }

  private static void refuse(Context ctx, RegistrationException e) {
    ctx.attribute(ServerMetrics.OUTCOME, e.refusal().name());
    if (e.retryable()) {
      ctx.header("Retry-After", e.refusal() == Refusal.TIMEOUT ? "1" : "5");
    }
    ctx.status(statusOf(e.refusal())).contentType(Problems.JSON).result(RegistryJson.write(e));
  }

  /**
   * Whether a request's content type names a submission: {@code application/cose} (its
   * parameters, such as cose-type, do not matter) or exactly one of the route's own types.
   */
  static boolean acceptable(@Nullable String contentType, Set<String> ownTypes) {
    if (contentType == null) {
      return false;
    }
    // White space only around the parameters' semicolons (RFC 9110 OWS), never inside a token.
    String type = contentType.toLowerCase(Locale.ROOT).strip().replaceAll("\\s*;\\s*", ";");
    int semicolon = type.indexOf(';');
    if ((semicolon < 0 ? type : type.substring(0, semicolon)).equals(COSE)) {
      return true;
    }
    for (String own : ownTypes) {
      if (own.toLowerCase(Locale.ROOT).replace(" ", "").equals(type)) {
        return true;
      }
    }
    return false;
  }

  /** Reads at most {@code max} bytes of body, refusing more with 413 before reading it all. */
  static byte[] body(Context ctx, int max) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > max) {
      throw tooLarge(max);
    }
    byte[] body;
    try (InputStream in = ctx.req().getInputStream()) {
      body = in.readNBytes(max + 1);
    } catch (IOException e) {
      throw new Problems.BadRequest("the request body could not be read: " + e.getMessage());
    } catch (RuntimeException e) {
      // Jetty's refusal of a body arriving slower than the server's minimum data rate.
      throw new Problems.BadRequest(408, "REQUEST_TIMEOUT", "the request body arrived too "
          + "slowly");
    }
    if (body.length > max) {
      throw tooLarge(max);
    }
    return body;
  }

  private static Problems.BadRequest tooLarge(int max) {
    return new Problems.BadRequest(413, "TOO_LARGE", "the body is at most " + max
        + " bytes");
  }

  // ---------------------------------------------------------------------------------------
  // Reads

  /**
   * Ready when one indexed read of the database answers and this instance is the writer, a
   * standby or read-only (the body says which); 503 otherwise (closed, unreachable, or a writer
   * that stopped because another took the log).
   */
  private void ready(Context ctx) {
    try {
      registry.status(1);
    } catch (RuntimeException e) {
      ctx.header("Retry-After", "5");
      Problems.send(ctx, 503, "NOT_READY", "the registry's storage does not answer");
      return;
    }
    switch (registry.role()) {
      case WRITER:
        ctx.contentType("text/plain").result("ready: writer (holds the writer lock)\n");
        return;
      case STANDBY:
        ctx.contentType("text/plain").result("ready: standby (read-only; takes the writer "
            + "lock when it is free)\n");
        return;
      case READ_ONLY:
        ctx.contentType("text/plain").result("ready: read-only\n");
        return;
      default:
        ctx.header("Retry-After", "5");
        Problems.send(ctx, 503, "NOT_READY", "this instance registers nothing: its writer "
            + "stopped (another took the log), it is closing, or as a standby it refused the "
            + "database (see its log)");
    }
  }

  /**
   * A read: a bad parameter is a 400 (checked here, or refused by the registry with an
   * IllegalArgumentException), a storage failure a 503 with Retry-After.
   */
  static Handler read(Handler handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (Problems.BadRequest e) {
        Problems.send(ctx, e.status, e.code, String.valueOf(e.getMessage()));
      } catch (StorageException e) {
        ctx.header("Retry-After", "5");
        Problems.send(ctx, 503, "UNAVAILABLE", "the registry's storage did not answer");
      } catch (IllegalArgumentException e) {
        // The registry names a caller's bad value this way (a size the log has not reached).
        Problems.send(ctx, 400, "BAD_REQUEST", String.valueOf(e.getMessage()));
      }
    };
  }

  /** {@code UNKNOWN} is answered with its document and 404. */
  private void status(Context ctx) {
    TicketStatus s = registry.status(number(ctx.pathParam("serial"), "serial", 1, Long.MAX_VALUE));
    ctx.status(s.status() == TicketStatus.Status.UNKNOWN ? 404 : 200).contentType(Problems.JSON)
        .result(RegistryJson.write(s));
  }

  /**
   * {@code GET /tickets?vendor=BIN&ticket=ID}: the sale a vendor registered under its own
   * ticket id (a ticketing system holding a PROVISIONAL ticket asks this), 404 when none.
   */
  private void statusByTicketId(Context ctx) {
    Bin vendor;
    TicketId ticket;
    try {
      vendor = Bin.of(required(ctx, "vendor"));
      ticket = TicketId.of(required(ctx, "ticket"));
    } catch (IllegalArgumentException e) {
      throw new Problems.BadRequest(String.valueOf(e.getMessage()));
    }
    Optional<TicketStatus> s = registry.status(vendor, ticket);
    if (s.isEmpty()) {
      Problems.send(ctx, 404, "NOT_FOUND", "this vendor registered no sale with this ticket id");
      return;
    }
    ctx.contentType(Problems.JSON).result(RegistryJson.write(s.get()));
  }

  /**
   * {@code GET /trust-list/signed}: the root-signed trust list in force, byte for byte as the
   * registry verified it, for a client that checks it against the root key itself; 404 when
   * the registry was given a list built in memory (tests, development).
   */
  private void signedTrustList(Context ctx) {
    Optional<byte[]> signed = registry.trustList().signedDocument();
    if (signed.isEmpty()) {
      Problems.send(ctx, 404, "NOT_FOUND", "this registry holds no signed trust list (it was "
          + "given one built in memory)");
      return;
    }
    ctx.contentType(Problems.JSON).result(signed.get());
  }

  private void entries(Context ctx) {
    long from = number(required(ctx, "from"), "from", 1, Long.MAX_VALUE);
    @Nullable String maxText = ctx.queryParam("max");
    int max = maxText == null ? 100 : (int) number(maxText, "max", 1, MAX_ENTRIES);
    List<LogEntry> entries = registry.entries(from, max);
    ObjectNode node = MAPPER.createObjectNode();
    node.put("from", from);
    node.put("treeSize", registry.size());
    ArrayNode array = node.putArray("entries");
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    for (LogEntry e : entries) {
      array.add(b64.encodeToString(e.encode()));
    }
    ctx.contentType(Problems.JSON).result(node.toString());
  }

  private void inclusion(Context ctx) {
    long serial = number(required(ctx, "serial"), "serial", 1, Long.MAX_VALUE);
    @Nullable String sizeText = ctx.queryParam("size");
    long head = registry.size();
    long size = sizeText == null ? head : number(sizeText, "size", 1, head);
    if (serial > size) {
      throw new Problems.BadRequest(404, "NOT_FOUND", "no record " + serial
          + " in a tree of " + size);
    }
    ctx.contentType(Problems.JSON).result(RegistryJson.write(registry.inclusionProof(serial,
        size)));
  }

  private void consistency(Context ctx) {
    long head = registry.size();
    long from = number(required(ctx, "from"), "from", 0, head);
    @Nullable String toText = ctx.queryParam("to");
    long to = toText == null ? head : number(toText, "to", from, head);
    ctx.contentType(Problems.JSON).result(RegistryJson.write(registry.consistencyProof(from,
        to)));
  }

  private void revocations(Context ctx) {
    byte[] signed;
    try {
      signed = registry.revocationList();
    } catch (IllegalStateException e) {
      ctx.header("Retry-After", "5");
      Problems.send(ctx, 503, "READ_ONLY", "this instance is read-only and signs no list");
      return;
    }
    ctx.contentType(Problems.JSON).result(RegistryJson.writeSignedRevocationList(signed));
  }

  private static String required(Context ctx, String name) {
    @Nullable String value = ctx.queryParam(name);
    if (value == null) {
      throw new Problems.BadRequest("query parameter '" + name + "' is required");
    }
    return value;
  }

  /** A decimal integer in [min, max]: no sign, no spaces, at most 19 digits. */
  static long number(String text, String name, long min, long max) {
    if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new Problems.BadRequest(name + " must be a decimal integer, not '"
          + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
    }
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new Problems.BadRequest(name + " is out of range: " + text);
    }
    if (value < min || value > max) {
      throw new Problems.BadRequest(name + " must be " + min + " to " + max + ", not " + value);
    }
    return value;
  }
}
