package kz.ekino.core.json.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.Seat;
import kz.ekino.core.testing.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SaleJsonTest {
  private static final String SALE = SaleJson.write(Samples.sale());

  @Test
  void saleRoundTrips() throws Exception {
    assertThat(read(SALE)).isEqualTo(Samples.sale());
    assertThat(read(SaleJson.write(Samples.specimenSale()))).isEqualTo(Samples.specimenSale());
  }

  @Test
  void theDocumentedExampleParses() throws Exception {
    Sale sale = SaleJson.read(Files.readAllBytes(Path.of("..", "docs", "examples", "sale.json")));
    assertThat(sale.screening().cinema().value()).isEqualTo("050140001238");
    assertThat(sale.priceTiyn()).isEqualTo(250_000L);
  }

  @Test
  void offsetsAreConvertedToUtc() throws Exception {
    Sale s = read(SALE.replace("\"2026-11-28T14:30:00Z\"", "\"2026-11-28T19:30:00+05:00\""));
    assertThat(s.screening().start()).isEqualTo(Samples.SCREENING_START);
  }

  @Test
  void generalAdmissionIsSpelledOut() throws Exception {
    String ga = SALE.replaceAll("(?s)\"seat\" : \\{.*?\\}", "\"seat\" : \"general-admission\"");
    assertThat(read(ga).seat()).isEqualTo(Seat.generalAdmission());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"vendorBin\" : \"940140000385\"|\"vendorBin\" : \"940140000386\"|vendorBin: BIN '940140000386' fails its check digit",
      "\"vendorBin\" : \"940140000385\"|\"vendorBin\" : 940140000385|vendorBin: expected a string",
      "\"priceTiyn\" : 250000|\"priceTiyn\" : \"250000\"|priceTiyn: expected an integer",
      "\"priceTiyn\" : 250000|\"priceTiyn\" : 2500.50|priceTiyn: expected an integer",
      "\"priceTiyn\" : 250000|\"priceTiyn\" : -1|priceTiyn: price must be 0 to",
      "\"currency\" : \"KZT\"|\"currency\" : \"USD\"|currency: only KZT is supported",
      "\"channel\" : \"BOX_OFFICE\"|\"channel\" : \"box office\"|channel: unknown value 'box office'",
      "\"language\" : \"kk\"|\"language\" : \"kaz\"|screening.language: not an ISO 639-1",
      "\"start\" : \"2026-11-28T14:30:00Z\"|\"start\" : \"28.11.2026 19:30\"|screening.start: expected a date-time",
      "\"start\" : \"2026-11-28T14:30:00Z\"|\"start\" : \"2026-11-28T14:30:00\"|screening.start: expected a date-time",
      "\"countries\" : [ \"KZ\" ]|\"countries\" : [ \"KZ\", \"XX\" ]|screening.film.countries[1]: not an ISO 3166-1",
      "\"specimen\" : false|\"specimen\" : false, \"specimne\" : true|specimne: unknown field",
      "\"hall\" : \"3\"|\"hall\" : \"3\", \"hall\" : \"4\"|Duplicate field 'hall'",
      "\"ticketId\" : \"KP-26-004217\",|\"ticketId\" : null,|ticketId: required field is missing",
  })
  void errorsNameTheField(String from, String to, String message) {
    String bad = SALE.replace(from, to);
    assertThat(bad).as("the test edit applies").isNotEqualTo(SALE);
    assertThatThrownBy(() -> read(bad)).isInstanceOf(SaleFormatException.class)
        .hasMessageContaining(message);
  }

  @Test
  void notJsonOrNotAnObjectIsAClearError() {
    assertThatThrownBy(() -> read("[1,2]")).hasMessageContaining("expected a JSON object");
    assertThatThrownBy(() -> read("{\"ticketId\":")).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> read(SALE + "{}")).hasMessageContaining("not valid JSON");
  }

  @Test
  void oversizedDocumentsAreRefusedBeforeParsing() {
    String big = SALE.replace("\"specimen\" : false", "\"specimen\" : false, \"pad\" : \""
        + "x".repeat(SaleJson.MAX_BYTES) + "\"");
    assertThatThrownBy(() -> read(big)).hasMessageContaining("larger than");
  }

  private static Sale read(String json) throws SaleFormatException {
    return SaleJson.read(json.getBytes(StandardCharsets.UTF_8));
  }
}
