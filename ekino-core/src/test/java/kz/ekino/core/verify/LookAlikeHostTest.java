package kz.ekino.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import kz.ekino.core.testing.Vectors;
import kz.ekino.core.token.UrlBase;
import org.junit.jupiter.api.Test;

/**
 * A phishing site serving a genuine token under a look-alike host must not verify. Unicode
 * case folding maps the dotless ı, the Kelvin sign K, the long s ſ and İ onto ASCII letters,
 * but each spells another IDNA domain: the host check folds ASCII only, and a QR text with
 * any non-ASCII character is MALFORMED.
 */
class LookAlikeHostTest {
  private final JsonNode v = Vectors.byId("valid-ed25519");
  private final String genuine = v.get("qr").asText();

  private String verdict(String qr) {
    return TicketVerifier.verify(qr, Vectors.policy(v)).verdict();
  }

  @Test
  void theGenuineTextAndItsAsciiLowerCaseHostVerify() {
    assertThat(genuine).startsWith("HTTPS://QR.EKINO.KZ/T/");
    assertThat(verdict(genuine)).isEqualTo("VALID");
    String lowerHost = "https://qr.ekino.kz/T/" + genuine.substring("HTTPS://QR.EKINO.KZ/T/"
        .length());
    assertThat(verdict(lowerHost)).isEqualTo("VALID");
  }

  @Test
  void lookAlikeHostsAreMalformed() {
    String[] lookAlikes = {
      genuine.replaceFirst("EKINO", "EK\u0131NO"),        // dotless ı
      genuine.replaceFirst("\\.KZ/", ".\u212AZ/"),         // Kelvin sign
      genuine.replaceFirst("HTTPS", "HTTP\u017F"),         // long s
      "https://qr.ek\u0130no.kz/T/" + genuine.substring("HTTPS://QR.EKINO.KZ/T/".length()), // İ
    };
    for (String qr : lookAlikes) {
      assertThat(qr).isNotEqualTo(genuine);
      assertThat(verdict(qr)).as(qr.substring(0, 24)).isEqualTo("MALFORMED");
    }
  }

  @Test
  void theHostCheckFoldsAsciiCaseOnly() {
    UrlBase base = UrlBase.of(UrlBase.DEFAULT);
    assertThat(base.isPrefixOf("https://qr.ekino.kz/T/AB")).isTrue();
    assertThat(base.isPrefixOf("HTTPS://QR.EK\u0131NO.KZ/T/AB")).isFalse();
    assertThat(base.isPrefixOf("HTTPS://QR.EKINO.\u212AZ/T/AB")).isFalse();
    assertThat(base.isPrefixOf("HTTP\u017F://QR.EKINO.KZ/T/AB")).isFalse();
    assertThat(base.isPrefixOf("https://qr.ek\u0130no.kz/T/AB")).isFalse();
    assertThat(base.isPrefixOf("HTTPS://QR.EKINO.KZ/T")).isFalse();
  }
}
