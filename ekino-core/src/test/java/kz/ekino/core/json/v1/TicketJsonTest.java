package kz.ekino.core.json.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import kz.ekino.core.key.SigningKey;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.Screening;
import kz.ekino.core.model.TicketClaims;
import kz.ekino.core.testing.Samples;
import kz.ekino.core.testing.TestKeys;
import kz.ekino.core.token.TicketToken;
import kz.ekino.core.token.UrlBase;
import kz.ekino.core.trust.TrustList;
import kz.ekino.core.verify.TicketVerifier;
import kz.ekino.core.verify.VerificationPolicy;
import kz.ekino.core.verify.VerificationResult;
import org.junit.jupiter.api.Test;

class TicketJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final UrlBase BASE = UrlBase.of(UrlBase.DEFAULT);
  private final SigningKey registry = TestKeys.signing(TestKeys.REGISTRY_ED25519);

  @Test
  void theDisplayBlockGivesAlmatyTimeTengeAndTheCertificateWithoutATitle() throws Exception {
    JsonNode v = JSON.readTree(TicketJson.verdict(verify(Samples.sale())));

    assertThat(v.at("/ticket/screeningStart").asText()).isEqualTo("2026-11-28T14:30:00Z");
    assertThat(v.at("/ticket/priceTiyn").asLong()).isEqualTo(250_000);
    assertThat(v.at("/display/timeZone").asText()).isEqualTo("Asia/Almaty");
    assertThat(v.at("/display/screeningLocal").asText()).isEqualTo("2026-11-28T19:30:00+05:00");
    assertThat(v.at("/display/priceTenge").asText()).isEqualTo("2500.00");
    assertThat(v.at("/display/film/certificate").asText()).isEqualTo("KZ-2026-0417");
    assertThat(v.at("/display/film").has("title")).isTrue();
    assertThat(v.at("/display/film/title").isNull()).isTrue();
  }

  @Test
  void aLateShowFallsOnTheNextLocalDayAndSmallPricesKeepTwoDecimals() throws Exception {
    Sale s = Samples.sale();
    Screening sc = s.screening();
    Sale late = new Sale(s.ticketId(), s.vendor(), new Screening(sc.id(), sc.cinema(),
        sc.hall(), sc.film(), Instant.parse("2026-11-28T20:00:00Z"), sc.language(),
        sc.format()), s.seat(), 7, s.soldAt(), s.channel(), false);

    JsonNode v = JSON.readTree(TicketJson.verdict(verify(late)));

    assertThat(v.at("/display/screeningLocal").asText()).isEqualTo("2026-11-29T01:00:00+05:00");
    assertThat(v.at("/display/priceTenge").asText()).isEqualTo("0.07");
    assertThat(TicketJson.tenge(0)).isEqualTo("0.00");
    assertThat(TicketJson.tenge(Sale.MAX_PRICE_TIYN)).isEqualTo("100000000.00");
  }

  @Test
  void aRejectionHasNoDisplayBlock() throws Exception {
    JsonNode v = JSON.readTree(TicketJson.verdict(TicketVerifier.verify("HTTPS://QR.EKINO.KZ/T/A",
        policy())));

    assertThat(v.get("verdict").asText()).isEqualTo("MALFORMED");
    assertThat(v.has("display")).isFalse();
  }

  private VerificationResult verify(Sale sale) {
    String qr = TicketToken.issue(
        TicketClaims.registered(sale, Samples.SERIAL, Samples.REGISTERED_AT), registry)
        .qrText(BASE);
    VerificationResult r = TicketVerifier.verify(qr, policy());
    assertThat(r.verdict()).isEqualTo("VALID");
    return r;
  }

  private VerificationPolicy policy() {
    return VerificationPolicy.builder(TrustList.pinned(registry.verificationKey()),
        Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC))
        .officialBase(BASE).build();
  }
}
