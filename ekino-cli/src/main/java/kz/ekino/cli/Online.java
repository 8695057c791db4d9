package kz.ekino.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import kz.ekino.client.ClientException;
import kz.ekino.client.RegistryClient;

/** The registry named by {@code --server} or {@code --online}, and its failures as exit codes. */
final class Online {
  private Online() {}

  static RegistryClient client(String option, String url, Clock clock) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new CliException(option + ": not a URL: " + e.getMessage());
    }
    try {
      return RegistryClient.builder(uri).clock(clock).build();
    } catch (IllegalArgumentException e) {
      throw new CliException(option + ": " + e.getMessage());
    }
  }

  /**
   * A failed request as one line: exit 4 when it may pass (unreachable, 429, 503, a retryable
   * refusal), 1 when the registry judged the request, 2 for an answer that is not the API's
   * (a wrong URL, most often).
   */
  static CliException failure(String what, ClientException e) {
    if (e.retryable()) {
      return new CliException(what + ": registry unavailable: " + e.getMessage(),
          Main.UNAVAILABLE);
    }
    if (e.reason() == ClientException.Reason.REFUSED) {
      return new CliException(what + ": " + e.getMessage(), Main.NOT_VALID);
    }
    return new CliException(what + ": not an ekino registry's answer (" + e.getMessage()
        + "); check the URL", Main.USAGE);
  }
}
