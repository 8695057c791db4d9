package kz.ekino.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors — a request it refuses before any route sees it (a bad URI, a header or
 * query too large, a malformed Content-Length) — as the server's JSON error document, never
 * Jetty's HTML page, with a fixed message that echoes nothing of the request.
 */
final class JsonErrors extends ErrorHandler {
  @Override
  protected void generateResponse(Request request, Response response, int code, String message,
      Throwable cause, Callback callback) throws IOException {
    String json = "{\"code\":\"" + codeOf(code) + "\",\"message\":\"the request was refused "
        + "before it reached the API (HTTP " + code + ")\"}";
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.JSON);
    response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
  }

  private static String codeOf(int status) {
    return switch (status) {
      case 400 -> "BAD_REQUEST";
      case 404 -> "NOT_FOUND";
      case 413 -> "TOO_LARGE";
      case 414 -> "URI_TOO_LONG";
      case 431 -> "HEADERS_TOO_LARGE";
      default -> status >= 500 ? "INTERNAL" : "BAD_REQUEST";
    };
  }
}
