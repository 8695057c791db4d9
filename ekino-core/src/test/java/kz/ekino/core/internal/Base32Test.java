package kz.ekino.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class Base32Test {
  /** RFC 4648 §10 test vectors; ekino's form drops the '=' padding. */
  @ParameterizedTest
  @CsvSource({
      "'', ''",
      "f, MY======",
      "fo, MZXQ====",
      "foo, MZXW6===",
      "foob, MZXW6YQ=",
      "fooba, MZXW6YTB",
      "foobar, MZXW6YTBOI======",
  })
  void rfc4648Vectors(String input, String padded) {
    String unpadded = padded.replace("=", "");
    byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
    assertThat(Base32.encode(bytes)).isEqualTo(unpadded);
    assertThat(Base32.decode(unpadded)).isEqualTo(bytes);
  }

  @Test
  void roundTripsRandomBytes() {
    Random random = new Random(4648);
    for (int i = 0; i < 2000; i++) {
      byte[] data = new byte[random.nextInt(300)];
      random.nextBytes(data);
      assertThat(Base32.decode(Base32.encode(data))).isEqualTo(data);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"my", "MY======", "MY=", "M1", "M8", "MZXW6Y TB", "MZXW6YTBÉ"})
  void refusesAnythingButCanonicalUpperCaseWithoutPadding(String text) {
    assertThatThrownBy(() -> Base32.decode(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"M", "MZX", "MZXW6Y"})
  void refusesLengthsThatCannotEndOnAByte(String text) {
    assertThatThrownBy(() -> Base32.decode(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("impossible length");
  }

  @Test
  void refusesNonZeroPaddingBitsSoEachByteStringHasOneSpelling() {
    // "MY" is 'f'; "MZ" carries the same byte plus a set padding bit.
    assertThat(Base32.decode("MY")).isEqualTo(new byte[] {'f'});
    assertThatThrownBy(() -> Base32.decode("MZ"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("padding bits");
  }
}
