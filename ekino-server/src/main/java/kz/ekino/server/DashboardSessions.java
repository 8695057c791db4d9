package kz.ekino.server;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import kz.ekino.server.Operators.Operator;

/**
 * The dashboard's login sessions: a random 256-bit id in an HttpOnly, SameSite=Strict cookie,
 * and a table on the server with each session's operator and expiry. A session ends after
 * {@link #IDLE} without a request, {@link #MAX_AGE} after the login, or at logout; ids are kept
 * hashed, so the table does not hold what the cookies hold.
 */
final class DashboardSessions {
  static final String COOKIE = "ekino_operator";
  static final Duration IDLE = Duration.ofMinutes(30);
  static final Duration MAX_AGE = Duration.ofHours(8);
  /** The most sessions held; the oldest expired are dropped first, then logins are refused. */
  static final int MAX_SESSIONS = 10_000;

  private record Session(Operator operator, Instant created, Instant lastUsed) {}

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;

  DashboardSessions(Clock clock) {
    this.clock = clock;
  }

  /** A new session's id for {@code operator}, or empty when the table is full. */
  Optional<String> create(Operator operator) {
    Instant now = clock.instant();
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.values().removeIf(s -> expired(s, now));
      if (sessions.size() >= MAX_SESSIONS) {
        return Optional.empty();
      }
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    sessions.put(key(id), new Session(operator, now, now));
    return Optional.of(id);
  }

  /** The operator of a live session (and the session's idle time restarts). */
  Optional<Operator> operator(String id) {
    if (id.length() != 43) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    // One atomic step: a logout (or expiry) racing this request cannot bring the session back,
    // as a get followed by a put would.
    Session touched = sessions.computeIfPresent(key(id),
        (k, s) -> expired(s, now) ? null : new Session(s.operator(), s.created(), now));
    return touched == null ? Optional.empty() : Optional.of(touched.operator());
  }

  void end(String id) {
    sessions.remove(key(id));
  }

  private static boolean expired(Session s, Instant now) {
    return !now.isBefore(s.lastUsed().plus(IDLE)) || !now.isBefore(s.created().plus(MAX_AGE))
        || now.isBefore(s.created());
  }

  private static String key(String id) {
    return HexFormat.of().formatHex(Operators.sha256(id));
  }
}
