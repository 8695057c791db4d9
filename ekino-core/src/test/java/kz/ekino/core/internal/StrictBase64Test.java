package kz.ekino.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrictBase64Test {
  /** RFC 4648 §10 test vectors: the one spelling of each input is accepted. */
  @ParameterizedTest
  @CsvSource({"'',''", "f,Zg==", "fo,Zm8=", "foo,Zm9v", "foob,Zm9vYg==", "fooba,Zm9vYmE=",
      "foobar,Zm9vYmFy"})
  void theRfc4648VectorsDecode(String text, String base64) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    assertThat(StrictBase64.decode(base64)).isEqualTo(bytes);
    assertThat(StrictBase64.decodeUrl(base64.replace("=", ""))).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Zh==|not canonical base64: the last character has unused bits set",
      "Zm9=|not canonical base64: the last character has unused bits set",
      "Zg|not canonical base64: padding missing or wrong",
      "Zg=|not base64: wrong length or padding",
      "Zg===|not base64: wrong length or padding",
      "Zm9v====|not base64: wrong length or padding",
      "Zm 9v|not base64: character U+0020 at position 2",
      "Zm9v\\n|not base64: character U+000A at position 4",
      "Zg==Zg==|not base64: character 'Z' at position 4",
      "Zm-v|not base64: character '-' at position 2",
      "Z|not base64: wrong length or padding"})
  void everyOtherSpellingIsRefused(String base64, String message) {
    assertThatThrownBy(() -> StrictBase64.decode(base64.replace("\\n", "\n")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Zh|not canonical base64url: the last character has unused bits set",
      "Zg==|not base64url: character '=' at position 2",
      "Zm+v|not base64url: character '+' at position 2",
      "Z|not base64url: impossible length 1"})
  void base64urlHasOneSpellingToo(String base64, String message) {
    assertThatThrownBy(() -> StrictBase64.decodeUrl(base64))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }
}
