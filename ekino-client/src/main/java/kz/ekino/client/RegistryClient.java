package kz.ekino.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import kz.ekino.core.json.v1.RegistryJson;
import kz.ekino.core.json.v1.WireFormatException;
import kz.ekino.core.monitor.LogSource;
import kz.ekino.core.registration.RefundReceipt;
import kz.ekino.core.registration.Registration;
import kz.ekino.core.registration.RegistrationException;
import kz.ekino.core.registration.TicketStatus;
import kz.ekino.core.submission.Submissions;
import org.jspecify.annotations.Nullable;

/**
 * A registry's HTTP API (docs/server.md) for a vendor: register signed sales and refunds, ask
 * a ticket's status, read the log. Immutable and thread-safe; one client serves a whole
 * process.
 *
 * <p>Every request has a connect and a request timeout; every answer is read up to a size
 * limit (the document's own: 64 KiB for registry documents) and strictly with
 * {@link RegistryJson}. Failures that may pass are retried as {@link RetryPolicy} says; the
 * same signed submission is safe to send again, since the registry answers a repeat with the
 * first registration ({@code alreadyRegistered}). Redirects are not followed: a registry
 * that moved is configured anew, not discovered.
 */
public final class RegistryClient {
  private static final System.Logger LOG = System.getLogger("kz.ekino.client");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "/api/v1";
  /** A C2SP checkpoint with a few cosignatures is well under this. */
  static final int MAX_CHECKPOINT_BYTES = 16 * 1024;
  /** Entries asked per page by {@link #logSource()}. */
  static final int ENTRIES_PER_PAGE = 100;
  /** A page of entries: each at most {@link LogSource#MAX_ENTRY_BYTES} in base64url. */
  static final int MAX_ENTRIES_BYTES =
      ENTRIES_PER_PAGE * (LogSource.MAX_ENTRY_BYTES / 3 * 4 + 8) + 1024;
  /** Bytes of a {code, message} error document read for its message. */
  private static final int MAX_PROBLEM_BYTES = 4 * 1024;

  private final URI server;
  private final String base;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final RetryPolicy retry;
  private final Clock clock;
  private final Sleeper sleeper;
  private final DoubleSupplier random;

  /** How the client waits between attempts; a test passes one that advances a fake clock. */
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private RegistryClient(Builder b) {
    this.server = b.server;
    String s = b.server.toString();
    this.base = (s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + API;
    this.http = HttpClient.newBuilder()
        .connectTimeout(b.connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1)
        .build();
    this.requestTimeout = b.requestTimeout;
    this.retry = b.retry;
    this.clock = b.clock;
    this.sleeper = b.sleeper;
    this.random = b.random;
  }

  /**
   * A client of the registry at {@code server}, such as {@code https://registry.example.kz}
   * (the API is under its {@code /api/v1}).
   *
   * @throws IllegalArgumentException if {@code server} is not an absolute http or https URL
   *     with a host, or carries user info, a query or a fragment
   */
  public static Builder builder(URI server) {
    return new Builder(server);
  }

  /** {@link #builder}{@code (server).build()}. */
  public static RegistryClient of(URI server) {
    return builder(server).build();
  }

  /** The registry's URL, as configured. */
  public URI server() {
    return server;
  }

  /**
   * Sends a signed sale ({@code Submissions.signSale}) to {@code POST /api/v1/sales}: the
   * registration, new (201) or the first one again (200).
   */
  public Registration registerSale(byte[] signedSale) throws ClientException {
    return submit("/sales", signedSale, RegistryJson::readRegistration);
  }

  /** Sends a signed refund ({@code Submissions.signRefund}) to {@code POST /api/v1/refunds}. */
  public RefundReceipt registerRefund(byte[] signedRefund) throws ClientException {
    return submit("/refunds", signedRefund, RegistryJson::readRefundReceipt);
  }

  /** The live status of a sale serial; {@code UNKNOWN} when no sale has it. */
  public TicketStatus status(long serial) throws ClientException {
    if (serial < 1) {
      throw new IllegalArgumentException("serial must be positive, got " + serial);
    }
    HttpRequest request = get("/tickets/" + serial, "application/json");
    return call(request, RegistryJson.MAX_BYTES, (status, body) -> {
      if (status != 200 && status != 404) {
        return null;
      }
      try {
        return RegistryJson.readTicketStatus(body);
      } catch (WireFormatException e) {
        // A 404 that is not the UNKNOWN document is a wrong URL, not an unknown ticket.
        throw badAnswer(status, "ticket status: " + e.getMessage());
      }
    });
  }

  /**
   * The registry's verdict on a QR text ({@code POST /api/v1/status}): what its own offline
   * check says, and for a REGISTERED token the live status of its serial. The verdict is the
   * server's word; a caller that holds a trust list checks the text itself first.
   */
  public QrStatus status(String qrText) throws ClientException {
    Objects.requireNonNull(qrText, "qrText");
    if (qrText.length() > 4096) {
      throw new IllegalArgumentException("a QR text is at most 4096 characters, got "
          + qrText.length());
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/status"))
        .timeout(requestTimeout)
        .header("Content-Type", "text/plain; charset=utf-8")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(qrText, StandardCharsets.UTF_8))
        .build();
    return call(request, RegistryJson.MAX_BYTES, (status, body) ->
        status == 200 ? QrStatus.read(body) : null);
  }

  /** The current checkpoint, the C2SP signed note as served (not verified here). */
  public String checkpoint() throws ClientException {
    return call(get("/checkpoint", "text/plain"), MAX_CHECKPOINT_BYTES, (status, body) ->
        status == 200 ? new String(body, StandardCharsets.UTF_8) : null);
  }

  /**
   * The log read through this client, for {@code LogMonitor}: the checkpoint as it is now, and
   * the entries up to its size in pages. The registry's monitoring figures are not public (an
   * operator's route), so {@code report()} claims an empty span: a monitor checks the log,
   * and compares no figures.
   */
  public LogSource logSource() {
    return new HttpLogSource(this);
  }

  /** Up to {@code max} encoded entries from serial {@code from}, and the log's size. */
  EntryPage entries(long from, int max) throws ClientException {
    if (from < 1 || max < 1 || max > 1000) {
      throw new IllegalArgumentException("entries from " + from + ", max " + max);
    }
    return call(get("/entries?from=" + from + "&max=" + max, "application/json"),
        MAX_ENTRIES_BYTES, (status, body) -> status == 200 ? EntryPage.read(body) : null);
  }

  /** A page of entries as served. */
  record EntryPage(long from, long treeSize, List<byte[]> entries) {
    static EntryPage read(byte[] body) throws ClientException {
      try {
        JsonNode root = JSON.readTree(body);
        JsonNode from = root.get("from");
        JsonNode size = root.get("treeSize");
        JsonNode list = root.get("entries");
        if (from == null || !from.canConvertToLong() || size == null
            || !size.canConvertToLong() || list == null || !list.isArray()) {
          throw badAnswer(200, "entries: not {from, treeSize, entries}");
        }
        List<byte[]> entries = new ArrayList<>();
        for (JsonNode e : list) {
          if (!e.isTextual()) {
            throw badAnswer(200, "entries: an entry is not a string");
          }
          byte[] b = Base64.getUrlDecoder().decode(e.asText());
          if (b.length > LogSource.MAX_ENTRY_BYTES) {
            throw badAnswer(200, "entries: an entry of " + b.length + " bytes");
          }
          entries.add(b);
        }
        return new EntryPage(from.asLong(), size.asLong(), entries);
      } catch (IOException | IllegalArgumentException e) {
        throw badAnswer(200, "entries: " + e.getMessage());
      }
    }
  }

  @Override
  public String toString() {
    // The URL was checked to carry no user info: nothing secret to print.
    return "RegistryClient[" + server + "]";
  }

  // -- the exchange -------------------------------------------------------------------------

  /** Reads a 2xx body; returns null for a status it does not take. */
  private interface Reader<T> {
    @Nullable T read(int status, byte[] body) throws ClientException;
  }

  private interface DocumentReader<T> {
    T read(byte[] json) throws WireFormatException;
  }

  private <T> T submit(String path, byte[] signed, DocumentReader<T> reader)
      throws ClientException {
    Objects.requireNonNull(signed, "signed");
    if (signed.length == 0 || signed.length > Submissions.MAX_BYTES) {
      throw new IllegalArgumentException("a signed submission is 1 to " + Submissions.MAX_BYTES
          + " bytes, got " + signed.length);
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(requestTimeout)
        .header("Content-Type", "application/cose")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(signed.clone()))
        .build();
    return call(request, RegistryJson.MAX_BYTES, (status, body) -> {
      if (status == 200 || status == 201) {
        try {
          return reader.read(body);
        } catch (WireFormatException e) {
          throw badAnswer(status, "answer to " + path + ": " + e.getMessage());
        }
      }
      if (status >= 400) {
        try {
          RegistrationException refusal = RegistryJson.readRefusal(body);
          throw new ClientException(ClientException.Reason.REFUSED, status,
              "registry refused: " + refusal.getMessage(), refusal, null, null);
        } catch (WireFormatException e) {
          return null; // not a refusal document: a {code, message} error, classified below
        }
      }
      return null;
    });
  }

  private HttpRequest get(String path, String accept) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(requestTimeout)
        .header("Accept", accept)
        .GET()
        .build();
  }

  /** Sends with retries; {@code reader} turns the answers it knows into the result. */
  private <T> T call(HttpRequest request, int maxBytes, Reader<T> reader)
      throws ClientException {
    Instant start = clock.instant();
    for (int attempt = 1; ; attempt++) {
      ClientException failure;
      try {
        return once(request, maxBytes, reader);
      } catch (ClientException e) {
        failure = e;
      }
      Duration wait = attempt < retry.maxAttempts() && failure.retryable()
          ? retry.delay(attempt, failure.retryAfter().orElse(null), random.getAsDouble())
          : null;
      if (wait == null
          || clock.instant().plus(wait).isAfter(start.plus(retry.budget()))) {
        throw failure;
      }
      LOG.log(Level.DEBUG, "ekino client: {0} {1}: {2}; retry {3} in {4} ms", request.method(),
          request.uri().getPath(), failure.getMessage(), attempt, wait.toMillis());
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure;
      }
    }
  }

  private <T> T once(HttpRequest request, int maxBytes, Reader<T> reader)
      throws ClientException {
    long started = System.nanoTime();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException e) {
      throw transport(ClientException.Reason.UNREACHABLE, "no connection to " + server
          + " within the connect timeout", e);
    } catch (HttpTimeoutException e) {
      throw transport(ClientException.Reason.TIMEOUT, "no answer from " + server
          + " within " + requestTimeout.toMillis() + " ms", e);
    } catch (ConnectException e) {
      // The JDK's HttpClient often gives no message here: connection refused, no route.
      throw transport(ClientException.Reason.UNREACHABLE, "cannot connect to " + server
          + (e.getMessage() == null || e.getMessage().isBlank() ? " (connection refused)"
              : ": " + e.getMessage()), e);
    } catch (IOException e) {
      throw transport(ClientException.Reason.UNREACHABLE, "connection to " + server
          + " failed: " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw transport(ClientException.Reason.UNREACHABLE, "interrupted", e);
    }
    int status = response.statusCode();
    byte[] body;
    // The request timeout covers only the headers: the body is read under the rest of the
    // same deadline, and a timer closes the stream when it passes, so a server that sends
    // its answer a byte a second cannot hold the caller (or the outbox's drainer) longer.
    // 0 reading, 1 read, 2 timed out: whoever moves it first decides.
    AtomicInteger state = new AtomicInteger();
    InputStream in = response.body();
    long left = requestTimeout.toNanos() - (System.nanoTime() - started);
    CompletableFuture.delayedExecutor(Math.max(left, 0), TimeUnit.NANOSECONDS, Runnable::run)
        .execute(() -> {
          if (state.compareAndSet(0, 2)) {
            closeQuietly(in);
          }
        });
    try (in) {
      long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (declared > maxBytes) {
        throw badAnswer(status, "an answer of " + declared + " bytes, over the limit of "
            + maxBytes);
      }
      body = in.readNBytes(maxBytes + 1);
      if (!state.compareAndSet(0, 1)) {
        throw bodyTimeout(null);
      }
      if (body.length > maxBytes) {
        throw badAnswer(status, "an answer over the limit of " + maxBytes + " bytes");
      }
    } catch (IOException e) {
      if (!state.compareAndSet(0, 1)) {
        throw bodyTimeout(e);
      }
      if (e instanceof HttpTimeoutException) {
        throw bodyTimeout(e);
      }
      throw transport(ClientException.Reason.UNREACHABLE, "the answer from " + server
          + " broke off: " + describe(e), e);
    } finally {
      state.compareAndSet(0, 1);
    }
    Duration retryAfter = retryAfter(response);
    T result;
    try {
      result = reader.read(status, body);
    } catch (ClientException e) {
      if (retryAfter == null || e.reason() != ClientException.Reason.REFUSED) {
        throw e;
      }
      // A retryable refusal (503 UNAVAILABLE, TIMEOUT, CLOSED) comes with the server's pace.
      throw new ClientException(e.reason(), e.status(), e.getMessage(),
          e.refusal().orElse(null), retryAfter, null);
    }
    if (result != null) {
      return result;
    }
    String problem = problem(status, body);
    if (status == 429) {
      throw new ClientException(ClientException.Reason.OVERLOADED, status, problem, null,
          retryAfter, null);
    }
    if (status == 503) {
      throw new ClientException(ClientException.Reason.UNAVAILABLE, status, problem, null,
          retryAfter, null);
    }
    throw new ClientException(ClientException.Reason.BAD_ANSWER, status, problem, null, null,
        null);
  }

  private ClientException bodyTimeout(@Nullable Exception cause) {
    return new ClientException(ClientException.Reason.TIMEOUT, 0, "the answer from " + server
        + " did not arrive whole within " + requestTimeout.toMillis() + " ms", null, null,
        cause);
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // the reader sees the stream end or fail; the state says why
    }
  }

  private ClientException transport(ClientException.Reason reason, String message,
      Exception cause) {
    return new ClientException(reason, 0, message, null, null, cause);
  }

  static ClientException badAnswer(int status, String message) {
    return new ClientException(ClientException.Reason.BAD_ANSWER, status, message, null, null,
        null);
  }

  private static String describe(Exception e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? "closed without an answer" : m;
  }

  /** {@code HTTP 503 UNAVAILABLE: message} from a {code, message} document, if it is one. */
  private static String problem(int status, byte[] body) {
    String text = "HTTP " + status;
    if (body.length == 0 || body.length > MAX_PROBLEM_BYTES) {
      return text;
    }
    try {
      JsonNode node = JSON.readTree(body);
      JsonNode code = node == null ? null : node.get("code");
      JsonNode message = node == null ? null : node.get("message");
      if (code != null && code.isTextual()) {
        text += " " + printable(code.asText(), 40);
      }
      if (message != null && message.isTextual()) {
        text += ": " + printable(message.asText(), 300);
      }
    } catch (IOException e) {
      // not JSON: the status alone
    }
    return text;
  }

  /** At most {@code max} characters, control characters dropped: it goes to logs. */
  private static String printable(String s, int max) {
    StringBuilder b = new StringBuilder();
    s.codePoints().filter(c -> !Character.isISOControl(c)).limit(max).forEach(b::appendCodePoint);
    return b.toString();
  }

  /** {@code Retry-After} in whole seconds (an HTTP date is not sent by ekino's server). */
  private static @Nullable Duration retryAfter(HttpResponse<?> response) {
    Optional<String> v = response.headers().firstValue("Retry-After");
    if (v.isEmpty()) {
      return null;
    }
    String s = v.get().trim();
    if (s.isEmpty() || s.length() > 6 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    return Duration.ofSeconds(Long.parseLong(s));
  }

  /** Settings of a {@link RegistryClient}. */
  public static final class Builder {
    private final URI server;
    private Duration connectTimeout = Duration.ofSeconds(3);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private RetryPolicy retry = RetryPolicy.defaults();
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = d -> Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

    private Builder(URI server) {
      Objects.requireNonNull(server, "server");
      String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(Locale.ROOT);
      if (!server.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))
          || server.getHost() == null) {
        throw new IllegalArgumentException("the registry's URL must be http:// or https:// "
            + "with a host, got '" + server.getScheme() + "://…'");
      }
      if (server.getRawUserInfo() != null) {
        throw new IllegalArgumentException("the registry's URL must not carry user info");
      }
      if (server.getRawQuery() != null || server.getRawFragment() != null) {
        throw new IllegalArgumentException("the registry's URL must not have a query or "
            + "fragment: " + server.getScheme() + "://" + server.getHost());
      }
      this.server = server;
    }

    /** How long to wait for a connection (default 3 s). */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positive("connectTimeout", d);
      return this;
    }

    /** How long to wait for each answer, once connected (default 10 s). */
    public Builder requestTimeout(Duration d) {
      this.requestTimeout = positive("requestTimeout", d);
      return this;
    }

    /** How to retry (default {@link RetryPolicy#defaults()}). */
    public Builder retry(RetryPolicy policy) {
      this.retry = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The clock the retry budget is measured by (default the system's, UTC). */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    Builder sleeper(Sleeper s) {
      this.sleeper = Objects.requireNonNull(s);
      return this;
    }

    Builder random(DoubleSupplier r) {
      this.random = Objects.requireNonNull(r);
      return this;
    }

    public RegistryClient build() {
      return new RegistryClient(this);
    }

    private static Duration positive(String what, Duration d) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + d);
      }
      return d;
    }
  }
}
