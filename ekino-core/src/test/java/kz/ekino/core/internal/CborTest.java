package kz.ekino.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CborTest {
  /** RFC 8949 Appendix A: integers in their preferred (shortest) encoding. */
  @ParameterizedTest
  @CsvSource({
      "0, 00", "1, 01", "10, 0a", "23, 17", "24, 1818", "25, 1819", "100, 1864",
      "1000, 1903e8", "1000000, 1a000f4240", "1000000000000, 1b000000e8d4a51000",
      "-1, 20", "-10, 29", "-100, 3863", "-1000, 3903e7",
      "9223372036854775807, 1b7fffffffffffffff",
  })
  void writesAndReadsRfc8949Integers(long value, String hex) throws CborException {
    assertThat(HexFormat.of().formatHex(new CborWriter().writeInt(value).toByteArray())).isEqualTo(hex);
    CborReader r = new CborReader(HexFormat.of().parseHex(hex));
    assertThat(r.readInt()).isEqualTo(value);
    r.requireEnd();
  }

  @ParameterizedTest
  @CsvSource({
      "1800", // 0 in two bytes
      "1817", // 23 in two bytes
      "190017", // 23 in three bytes
      "1900ff", // 255 in three bytes
      "1a0000ffff", // 65535 in five bytes
      "1b00000000ffffffff", // 2^32-1 in nine bytes
  })
  void refusesIntegersNotInShortestForm(String hex) {
    assertThatThrownBy(() -> new CborReader(HexFormat.of().parseHex(hex)).readUint())
        .isInstanceOf(CborException.class)
        .hasMessageContaining("shortest form");
  }

  @Test
  void refusesUnsignedBeyondLongRange() {
    assertThatThrownBy(() -> new CborReader(HexFormat.of().parseHex("1bffffffffffffffff")).readUint())
        .isInstanceOf(CborException.class);
  }

  @Test
  void refusesIndefiniteLengths() {
    assertThatThrownBy(() -> new CborReader(HexFormat.of().parseHex("bf01ff")).readMapHeader())
        .isInstanceOf(CborException.class).hasMessageContaining("indefinite");
    assertThatThrownBy(() -> new CborReader(HexFormat.of().parseHex("5f4101ff")).readBytes())
        .isInstanceOf(CborException.class).hasMessageContaining("indefinite");
  }

  @Test
  void refusesFloatsWhereIntegersAreExpected() {
    // 1.0 as half, single and double precision floats.
    for (String hex : new String[] {"f93c00", "fa3f800000", "fb3ff0000000000000"}) {
      assertThatThrownBy(() -> new CborReader(HexFormat.of().parseHex(hex)).readUint())
          .isInstanceOf(CborException.class);
    }
  }

  @Test
  void refusesReservedAdditionalInformation() {
    assertThatThrownBy(() -> new CborReader(HexFormat.of().parseHex("1c")).readUint())
        .isInstanceOf(CborException.class).hasMessageContaining("reserved");
  }

  @Test
  void refusesLengthsBeyondTheInputWithoutAllocating() {
    // A byte string claiming 2^31 bytes in a 5-byte input.
    assertThatThrownBy(() -> new CborReader(HexFormat.of().parseHex("5a80000000")).readBytes())
        .isInstanceOf(CborException.class).hasMessageContaining("longer than");
    assertThatThrownBy(() -> new CborReader(HexFormat.of().parseHex("9a7fffffff")).readArrayHeader())
        .isInstanceOf(CborException.class);
  }

  @Test
  void refusesInvalidUtf8() {
    assertThatThrownBy(() -> new CborReader(HexFormat.of().parseHex("62c328")).readText())
        .isInstanceOf(CborException.class).hasMessageContaining("UTF-8");
  }

  @Test
  void refusesTrailingBytes() throws CborException {
    CborReader r = new CborReader(HexFormat.of().parseHex("0100"));
    r.readUint();
    assertThatThrownBy(r::requireEnd).isInstanceOf(CborException.class)
        .hasMessageContaining("trailing");
  }

  @Test
  void mapKeysMustAscendStrictly() throws CborException {
    CborReader r = new CborReader(HexFormat.of().parseHex("020202"));
    assertThat(r.readMapKeyAfter(-1)).isEqualTo(2);
    assertThatThrownBy(() -> r.readMapKeyAfter(2)).isInstanceOf(CborException.class);
    CborReader down = new CborReader(HexFormat.of().parseHex("0301"));
    down.readMapKeyAfter(-1);
    assertThatThrownBy(() -> down.readMapKeyAfter(3)).isInstanceOf(CborException.class);
  }

  @Test
  void wrongMajorTypeIsNamed() {
    assertThatThrownBy(() -> new CborReader(HexFormat.of().parseHex("6161")).readUint())
        .isInstanceOf(CborException.class).hasMessageContaining("unsigned integer");
  }
}
