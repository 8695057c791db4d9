package kz.ekino.core.token;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The start of a ticket's QR text, such as {@code HTTPS://QR.EKINO.KZ}; the token follows after
 * {@code /T/}. It is kept in upper case so that the whole QR text stays in the QR code's
 * alphanumeric mode (0–9, A–Z, space and {@code $%*+-./:}), which is what keeps the symbol small.
 */
public final class UrlBase {
  public static final int MAX_LENGTH = 64;
  /** The path segment between the base and the base32 token. */
  public static final String TOKEN_PATH = "/T/";
  /** The host the tools use when none is configured; replace it with the official one. */
  public static final String DEFAULT = "https://qr.ekino.kz";

  private static final String QR_ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

  private final String value;

  private UrlBase(String value) {
    this.value = value;
  }

  /**
   * Validates a base such as {@code https://qr.ekino.kz} or {@code http://localhost:8080/ekino}:
   * http or https, a host, an optional port and path, no query, fragment or user info, and
   * only characters that QR alphanumeric mode can carry once upper-cased.
   */
  public static UrlBase of(String url) {
    if (url.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("URL base is longer than " + MAX_LENGTH + " characters");
    }
    String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    URI uri;
    try {
      uri = new URI(trimmed);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("URL base is not a URL: '" + url + "'", e);
    }
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))) {
      throw new IllegalArgumentException("URL base must start with https:// or http://: '"
          + url + "'");
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "URL base must be scheme, host, optional port and path only: '" + url + "'");
    }
    String upper = trimmed.toUpperCase(Locale.ROOT);
    for (int i = 0; i < upper.length(); i++) {
      if (QR_ALPHANUMERIC.indexOf(upper.charAt(i)) < 0 || upper.charAt(i) == ' ') {
        throw new IllegalArgumentException("URL base has '" + trimmed.charAt(i)
            + "', which QR alphanumeric mode cannot carry: '" + url + "'");
      }
    }
    return new UrlBase(upper);
  }

  /** The upper-case base, without a trailing slash. */
  public String value() {
    return value;
  }

  /** {@link #value()} followed by {@link #TOKEN_PATH}: what every ticket URL starts with. */
  public String prefix() {
    return value + TOKEN_PATH;
  }

  /**
   * Whether {@code text} starts with {@link #prefix()}, ignoring ASCII case only: phones and
   * browsers may lower-case the scheme and host of a URL they pass on. Unicode case folding
   * would let look-alike hosts in: the dotless ı, the Kelvin sign K, the long s ſ and İ fold
   * onto I, K, S and i, but spell other IDNA domains.
   */
  public boolean isPrefixOf(String text) {
    String prefix = prefix();
    if (text.length() < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      char c = text.charAt(i);
      if (c >= 'a' && c <= 'z') {
        c = (char) (c - 'a' + 'A');
      }
      if (c != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UrlBase && value.equals(((UrlBase) o).value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
