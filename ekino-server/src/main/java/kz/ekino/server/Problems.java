package kz.ekino.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

/**
 * The error document of every answer that is not a registry-api-v1 document:
 * {@code {"code": "...", "message": "..."}}, with a stable code (docs/server.md). The message
 * names the bad value; it never holds a stack trace.
 */
final class Problems {
  static final String JSON = "application/json";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_MESSAGE = 500;

  private Problems() {}

  static void send(Context ctx, int status, String code, String message) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("code", code);
    node.put("message", message.length() > MAX_MESSAGE
        ? message.substring(0, MAX_MESSAGE) + "..." : message);
    ctx.status(status).contentType(JSON).result(node.toString());
  }

  /** A request the client got wrong: 400 with {@code BAD_REQUEST}. */
  static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;

    BadRequest(String message) {
      this(400, "BAD_REQUEST", message);
    }

    BadRequest(int status, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }
  }
}
