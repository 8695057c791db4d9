package kz.ekino.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import kz.ekino.core.testing.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelTest {
  @ParameterizedTest
  @ValueSource(strings = {"940140000385", "990140004654", "050140001238",
      // Σ dᵢ·i mod 11 is 10 for this prefix, so the second weights give the check digit 8.
      "100140000408"})
  void acceptsBinsWithValidCheckDigits(String bin) {
    assertThat(Bin.of(bin).value()).isEqualTo(bin);
  }

  @ParameterizedTest
  @ValueSource(strings = {"940140000386", "990140004655", "100140000407"})
  void refusesBinsWithAWrongCheckDigit(String bin) {
    assertThatThrownBy(() -> Bin.of(bin)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("BIN '" + bin + "' fails its check digit");
  }

  @Test
  void refusesBinsWhoseCheckDigitCannotExist() {
    // Both weightings give 10 for this prefix: no check digit makes it valid.
    for (int d = 0; d <= 9; d++) {
      String bin = "10014000041" + d;
      assertThatThrownBy(() -> Bin.of(bin)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "94014000038", "9401400003855", "94014000038a", "９４０１４０００３８５"})
  void refusesBinsThatAreNotTwelveAsciiDigits(String bin) {
    assertThatThrownBy(() -> Bin.of(bin)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("12 digits");
  }

  @Test
  void binNumbersKeepLeadingZeros() {
    Bin bin = Bin.of("050140001238");
    assertThat(bin.toNumber()).isEqualTo(50_140_001_238L);
    assertThat(Bin.ofNumber(bin.toNumber())).isEqualTo(bin);
  }

  @Test
  void katoCodesNameTheirRegion() {
    assertThat(KatoCode.of("751110000").region()).isEqualTo(Region.ALMATY_CITY);
    assertThat(KatoCode.of("711110000").region()).isEqualTo(Region.ASTANA);
    assertThat(KatoCode.of("621010000").region()).isEqualTo(Region.ULYTAU);
    assertThatThrownBy(() -> KatoCode.of("991110000"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'99'");
    assertThatThrownBy(() -> KatoCode.of("75111000"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("9 digits");
  }

  @Test
  void regionsAreTheTwentyOfTheBrief() {
    assertThat(Region.values()).hasSize(20);
    assertThat(Region.ofCode("33")).isEqualTo(Region.ZHETYSU);
  }

  @Test
  void codesAreCheckedAgainstIsoLists() {
    assertThat(CountryCode.of("KZ").code()).isEqualTo("KZ");
    assertThatThrownBy(() -> CountryCode.of("kz")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CountryCode.of("XX")).isInstanceOf(IllegalArgumentException.class);
    assertThat(LanguageCode.of("kk")).isEqualTo(LanguageCode.KAZAKH);
    assertThatThrownBy(() -> LanguageCode.of("kaz")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LanguageCode.of("xx")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void identifiersAreBoundedPrintableAscii() {
    assertThat(TicketId.of("A".repeat(40)).value()).hasSize(40);
    assertThatThrownBy(() -> TicketId.of("A".repeat(41)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 40");
    assertThatThrownBy(() -> TicketId.of("билет-1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("printable ASCII");
    assertThatThrownBy(() -> TicketId.of("a b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HallId.of("")).isInstanceOf(IllegalArgumentException.class);
    assertThat(RentalCertificate.of("No 123 of 2026").value()).isEqualTo("No 123 of 2026");
    assertThatThrownBy(() -> RentalCertificate.of(" 123"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void errorMessagesShowControlCharactersInsteadOfPrintingThem() {
    assertThatThrownBy(() -> TicketId.of("a\u001b[2Jb"))
        .hasMessageContaining("\\u001b");
  }

  @Test
  void salesKeepMoneyInBoundedWholeTiyn() {
    Sale s = Samples.sale();
    assertThatThrownBy(() -> new Sale(s.ticketId(), s.vendor(), s.screening(), s.seat(), -1,
        s.soldAt(), s.channel(), false)).hasMessageContaining("-1");
    assertThatThrownBy(() -> new Sale(s.ticketId(), s.vendor(), s.screening(), s.seat(),
        Sale.MAX_PRICE_TIYN + 1, s.soldAt(), s.channel(), false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void instantsOutsideTheBusinessRangeAreRefused() {
    Sale s = Samples.sale();
    assertThatThrownBy(() -> new Sale(s.ticketId(), s.vendor(), s.screening(), s.seat(), 1,
        Instant.parse("1999-12-31T23:59:59Z"), s.channel(), false))
        .hasMessageContaining("sold-at");
  }

  @Test
  void seatsAreNumberedFromOne() {
    assertThatThrownBy(() -> Seat.assigned(0, 1)).hasMessageContaining("row");
    assertThatThrownBy(() -> Seat.assigned(1, 10_000)).hasMessageContaining("seat");
    assertThat(Seat.generalAdmission()).isSameAs(Seat.generalAdmission());
  }

  @Test
  void cinemasHaveUniqueHalls() {
    Hall one = new Hall(HallId.of("1"), "Зал 1", 120);
    assertThatThrownBy(() -> new Cinema(Samples.CINEMA, "Kino", KatoCode.of("751110000"),
        List.of(one, new Hall(HallId.of("1"), "Hall one", 80))))
        .hasMessageContaining("appears twice");
    Cinema c = new Cinema(Samples.CINEMA, "Kino", KatoCode.of("751110000"), List.of(one));
    assertThat(c.hall(HallId.of("1"))).contains(one);
    assertThat(c.region()).isEqualTo(Region.ALMATY_CITY);
  }

  @Test
  void filmsNeedATitleAndACountry() {
    assertThatThrownBy(() -> new Titles(null, null, null)).hasMessageContaining("at least one");
    assertThatThrownBy(() -> new Film(RentalCertificate.of("X"), new Titles(null, "Фильм", null),
        Set.of(), Set.of(), false)).hasMessageContaining("production countries");
    assertThat(Samples.film().titles().in(LanguageCode.KAZAKH)).contains("Қараша түні");
    assertThat(Samples.film().titles().in(LanguageCode.of("de"))).isEmpty();
  }

  @Test
  void refundsReferenceASerial() {
    assertThatThrownBy(() -> new Refund(0, TicketId.of("T"), Samples.VENDOR, Samples.SOLD_AT, 0,
        "changed plans")).hasMessageContaining("serial");
    assertThat(new Refund(7, TicketId.of("T"), Samples.VENDOR, Samples.SOLD_AT, 100,
        "сеанс отменён").reason()).isEqualTo("сеанс отменён");
  }

  /** docs/spec/submission-v2.md §3: sequence 1 alone has no previous digest. */
  @Test
  void countersNumberATerminalsSubmissionsAndNameThePreviousOne() {
    TerminalId box = TerminalId.of("KP8-BOX-03");
    String digest = "0123456789abcdef".repeat(4);
    Counter first = Counter.first(box);
    assertThat(first.sequence()).isEqualTo(1);
    assertThat(first.previous()).isNull();
    assertThat(first.previousBytes()).isNull();
    Counter second = first.next(digest);
    assertThat(second).isEqualTo(new Counter(box, 2, digest));
    assertThat(second.previousBytes()).hasSize(32).startsWith(0x01, 0x23, 0x45);
    assertThat(new Counter(box, Counter.MAX_SEQUENCE, digest).sequence())
        .isEqualTo(9_007_199_254_740_991L);

    assertThatThrownBy(() -> new Counter(box, 0, null)).hasMessageContaining("1 to");
    assertThatThrownBy(() -> new Counter(box, Counter.MAX_SEQUENCE + 1, digest))
        .hasMessageContaining("1 to");
    assertThatThrownBy(() -> new Counter(box, 1, digest))
        .hasMessageContaining("sequence 1 has no previous");
    for (String bad : new String[] {null, "", digest.toUpperCase(java.util.Locale.ROOT),
        digest.substring(2), digest + "00", digest.replace('a', 'g')}) {
      assertThatThrownBy(() -> new Counter(box, 5, bad)).as(String.valueOf(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("64 lowercase hex digits");
    }
    assertThatThrownBy(() -> first.next("00")).hasMessageContaining("64 lowercase hex");
    assertThatThrownBy(() -> TerminalId.of("T".repeat(33))).hasMessageContaining("1 to 32");
    assertThatThrownBy(() -> TerminalId.of("box 3")).hasMessageContaining("printable ASCII");
  }

  @Test
  void schedulesCorrectionsAndTerminalsCheckTheirFields() {
    assertThatThrownBy(() -> new Schedule.NoScreenings(Samples.VENDOR, Samples.CINEMA,
        java.time.LocalDate.of(1999, 12, 31), Samples.SOLD_AT))
        .hasMessageContaining("2000 to 9999");
    assertThatThrownBy(() -> new Schedule.Cancel(Samples.VENDOR, Samples.CINEMA,
        ScreeningId.of("S-1"), Samples.SOLD_AT, " ")).hasMessageContaining("cancellation reason");
    assertThat(Samples.declaration().cinema()).isEqualTo(Samples.CINEMA);
    assertThatThrownBy(() -> new SaleCorrection(1, TicketId.of("T"), Samples.VENDOR,
        Samples.SOLD_AT, Sale.MAX_PRICE_TIYN + 1, "typo")).hasMessageContaining("price");
    assertThatThrownBy(() -> new SaleCorrection(0, TicketId.of("T"), Samples.VENDOR,
        Samples.SOLD_AT, 1, "typo")).hasMessageContaining("serial");
    assertThatThrownBy(() -> new Terminal(Samples.VENDOR, TerminalId.of("T1"), Samples.CINEMA,
        "Kassa", "4.2 beta")).hasMessageContaining("software version");
  }
}
