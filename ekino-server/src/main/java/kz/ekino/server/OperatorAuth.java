package kz.ekino.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Optional;
import kz.ekino.server.Operators.Operator;
import kz.ekino.server.Operators.Role;
import org.jspecify.annotations.Nullable;

/**
 * Bearer authentication of the operator API (RFC 6750): {@code Authorization: Bearer <token>}
 * with a token of the operators file. No header or a wrong token is 401 {@code UNAUTHENTICATED}
 * with {@code WWW-Authenticate: Bearer}; a viewer on an admin route is 403 {@code FORBIDDEN}.
 * The token is never logged nor echoed.
 */
final class OperatorAuth {
  /** The longest Authorization header read: "Bearer " and the longest token. */
  static final int MAX_HEADER_CHARS = 7 + Operators.MAX_TOKEN_CHARS;
  private static final String REALM = "Bearer realm=\"ekino operators\"";

  private final Operators operators;

  OperatorAuth(Operators operators) {
    this.operators = operators;
  }

  /** The handler, run only for an operator whose role allows {@code needed}. */
  Handler require(Role needed, Handler handler) {
    return ctx -> {
      Optional<Operator> who = authenticate(ctx);
      if (who.isEmpty()) {
        return;
      }
      if (!who.get().role().allows(needed)) {
        Problems.send(ctx, 403, "FORBIDDEN", "this route needs the " + needed.word()
            + " role; operator " + who.get().name() + " is " + who.get().role().word());
        return;
      }
      handler.handle(ctx);
    };
  }

  /** The operator of the request, or empty after answering 401. */
  private Optional<Operator> authenticate(Context ctx) {
    @Nullable String header = ctx.header("Authorization");
    if (header == null) {
      return unauthenticated(ctx, null, "an operator route needs 'Authorization: Bearer <token>'");
    }
    if (header.length() > MAX_HEADER_CHARS) {
      return unauthenticated(ctx, "invalid_request", "the Authorization header is longer than "
          + MAX_HEADER_CHARS + " characters");
    }
    int space = header.indexOf(' ');
    if (space < 0 || !header.substring(0, space).equalsIgnoreCase("Bearer")
        || !Operators.isTokenSyntax(header.substring(space + 1).strip())) {
      return unauthenticated(ctx, "invalid_request", "the Authorization header is not "
          + "'Bearer <token>'");
    }
    Optional<Operator> who = operators.authenticate(header.substring(space + 1).strip());
    if (who.isEmpty()) {
      return unauthenticated(ctx, "invalid_token", "the token is not an operator's");
    }
    return who;
  }

  private static Optional<Operator> unauthenticated(Context ctx, @Nullable String error,
      String message) {
    ctx.header("WWW-Authenticate", error == null ? REALM : REALM + ", error=\"" + error + "\"");
    Problems.send(ctx, 401, "UNAUTHENTICATED", message);
    return Optional.empty();
  }

  /** The operator holding {@code token} (the dashboard's login form). */
  Optional<Operator> login(String token) {
    if (!Operators.isTokenSyntax(token)) {
      return Optional.empty();
    }
    return operators.authenticate(token);
  }
}
