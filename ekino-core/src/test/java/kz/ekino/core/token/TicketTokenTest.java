package kz.ekino.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import kz.ekino.core.key.Algorithm;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.model.Seat;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.model.TokenKind;
import kz.ekino.core.testing.Samples;
import kz.ekino.core.testing.TestKeys;
import kz.ekino.core.token.v1.ClaimsV1;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TicketTokenTest {
  private static final UrlBase BASE = UrlBase.of(UrlBase.DEFAULT);

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void claimsSurviveEncodingForEveryKind(Algorithm alg) throws Exception {
    for (TicketClaims claims : new TicketClaims[] {
        TicketClaims.registered(Samples.sale(), Samples.SERIAL, Samples.REGISTERED_AT),
        TicketClaims.provisional(Samples.sale()),
        TicketClaims.specimen(Samples.specimenSale())}) {
      assertThat(ClaimsV1.decode(ClaimsV1.encode(claims))).isEqualTo(claims);
      assertThat(TicketToken.issue(claims, SigningKey.generate(alg)).size()).isLessThan(200);
    }
  }

  @Test
  void generalAdmissionOmitsTheSeat() throws Exception {
    TicketClaims c = withSeat(Seat.generalAdmission());
    assertThat(ClaimsV1.decode(ClaimsV1.encode(c)).seat()).isEqualTo(Seat.generalAdmission());
    assertThat(ClaimsV1.encode(c).length)
        .isLessThan(ClaimsV1.encode(withSeat(Seat.assigned(7, 12))).length);
  }

  @Test
  void qrTextIsAllQrAlphanumeric() {
    String qr = TicketToken.issue(
        TicketClaims.registered(Samples.sale(), Samples.SERIAL, Samples.REGISTERED_AT),
        TestKeys.signing(TestKeys.REGISTRY_ED25519)).qrText(BASE);
    assertThat(qr).startsWith("HTTPS://QR.EKINO.KZ/T/").matches("[0-9A-Z $%*+\\-./:]+");
  }

  @Test
  void claimsTruncateSaleInstantsToWholeSeconds() {
    TicketClaims c = TicketClaims.registered(Samples.sale(), 1,
        Instant.parse("2026-11-25T10:12:10.987Z"));
    assertThat(c.registeredAt()).contains(Instant.parse("2026-11-25T10:12:10Z"));
    assertThatThrownBy(() -> new TicketClaims(TokenKind.REGISTERED, OptionalLong.of(1),
        Optional.of(Instant.parse("2026-11-25T10:12:10.5Z")), Optional.empty(),
        c.ticketId(), c.vendor(), c.cinema(), c.hall(), c.screeningStart(), c.film(), c.seat(),
        c.priceTiyn())).hasMessageContaining("whole seconds");
  }

  @Test
  void kindsCarryExactlyTheirInstants() {
    TicketClaims r = TicketClaims.registered(Samples.sale(), 5, Samples.REGISTERED_AT);
    assertThatThrownBy(() -> new TicketClaims(TokenKind.PROVISIONAL, r.serial(),
        r.registeredAt(), Optional.of(Samples.SOLD_AT), r.ticketId(), r.vendor(), r.cinema(),
        r.hall(), r.screeningStart(), r.film(), r.seat(), r.priceTiyn()))
        .hasMessageContaining("no serial");
    assertThatThrownBy(() -> new TicketClaims(TokenKind.REGISTERED, r.serial(),
        r.registeredAt(), Optional.of(Samples.SOLD_AT), r.ticketId(), r.vendor(), r.cinema(),
        r.hall(), r.screeningStart(), r.film(), r.seat(), r.priceTiyn()))
        .hasMessageContaining("not the sale instant");
    assertThat(r.signedAt()).isEqualTo(Samples.REGISTERED_AT);
    assertThat(TicketClaims.provisional(Samples.sale()).signedAt()).isEqualTo(Samples.SOLD_AT);
  }

  @Test
  void specimenSalesOnlyGetSpecimenTokens() {
    assertThatThrownBy(() -> TicketClaims.registered(Samples.specimenSale(), 1,
        Samples.REGISTERED_AT)).hasMessageContaining("specimen sale");
    assertThatThrownBy(() -> TicketClaims.provisional(Samples.specimenSale()))
        .hasMessageContaining("specimen sale");
    assertThatThrownBy(() -> TicketClaims.specimen(Samples.sale()))
        .hasMessageContaining("not a specimen sale");
  }

  @Test
  void urlBasesAreNormalisedAndChecked() {
    assertThat(UrlBase.of("https://qr.ekino.kz/").value()).isEqualTo("HTTPS://QR.EKINO.KZ");
    assertThat(UrlBase.of("http://localhost:8080/ekino").prefix())
        .isEqualTo("HTTP://LOCALHOST:8080/EKINO/T/");
    assertThat(UrlBase.of("https://QR.ekino.kz")).isEqualTo(UrlBase.of("HTTPS://qr.EKINO.kz"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"qr.ekino.kz", "ftp://qr.ekino.kz", "https://qr.ekino.kz/?a=1",
      "https://qr.ekino.kz/#x", "https://user@qr.ekino.kz", "https://qr_ekino.kz",
      "https://qr.ekino.kz/~t", "https://"})
  void urlBasesOutsideQrAlphanumericOrWithExtrasAreRefused(String base) {
    assertThatThrownBy(() -> UrlBase.of(base)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tokenBytesFromElsewhereAreTakenOnlyInTheEnvelopesShape() {
    TicketToken issued = TicketToken.issue(
        TicketClaims.registered(Samples.sale(), 9, Samples.REGISTERED_AT),
        TestKeys.signing(TestKeys.REGISTRY_ED25519));
    byte[] bytes = issued.bytes();
    TicketToken received = TicketToken.of(bytes);
    bytes[0] ^= 1;

    assertThat(received).isEqualTo(issued);
    assertThat(received.bytes()).isNotEqualTo(bytes);
    assertThatThrownBy(() -> TicketToken.of(bytes)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a ticket token");
    assertThatThrownBy(() -> TicketToken.of(new byte[TicketToken.MAX_BYTES + 1]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
  }

  /**
   * The largest token format v1 allows: every text at its maximum length, every number in its
   * longest CBOR form. It is a quarter of {@link TicketToken#MAX_BYTES}; the rest of that cap is
   * room for later claims formats, which a verifier must still parse far enough to answer
   * UNSUPPORTED_VERSION instead of MALFORMED.
   */
  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void theLargestV1TokenIsFarBelowTheCap(Algorithm alg) throws Exception {
    TicketClaims c = TicketClaims.registered(Samples.sale(), 9, Samples.REGISTERED_AT);
    TicketClaims largest = new TicketClaims(TokenKind.REGISTERED, OptionalLong.of(Long.MAX_VALUE),
        Optional.of(Instant.parse("2099-12-31T23:59:59Z")), Optional.empty(),
        kz.ekino.core.model.TicketId.of("T".repeat(40)), c.vendor(), c.cinema(),
        kz.ekino.core.model.HallId.of("H".repeat(16)), Instant.parse("2099-12-31T23:59:59Z"),
        kz.ekino.core.model.RentalCertificate.of("F".repeat(40)), Seat.assigned(9_999, 9_999),
        kz.ekino.core.model.Sale.MAX_PRICE_TIYN);
    TicketToken token = TicketToken.issue(largest, SigningKey.generate(alg));

    assertThat(ClaimsV1.decode(ClaimsV1.encode(largest))).isEqualTo(largest);
    assertThat(token.size()).isEqualTo(253);
    assertThat(token.qrText(UrlBase.of("https://" + "q".repeat(56))).length())
        .as("64-character base + /T/ + base32 of 253 bytes").isEqualTo(472);
  }

  private static TicketClaims withSeat(Seat seat) {
    TicketClaims c = TicketClaims.registered(Samples.sale(), 9, Samples.REGISTERED_AT);
    return new TicketClaims(c.kind(), c.serial(), c.registeredAt(), c.soldAt(), c.ticketId(),
        c.vendor(), c.cinema(), c.hall(), c.screeningStart(), c.film(), seat, c.priceTiyn());
  }
}
