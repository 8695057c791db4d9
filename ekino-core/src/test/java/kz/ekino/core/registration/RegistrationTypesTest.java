package kz.ekino.core.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import kz.ekino.core.registration.TicketStatus.Status;
import kz.ekino.core.testing.Samples;
import kz.ekino.core.verify.RejectionReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RegistrationTypesTest {
  private static final Instant AT = Instant.parse("2026-11-25T10:12:10Z");
  private static final Gate GATE = new Gate(Samples.CINEMA, "hall-3");

  @Test
  void exactlyTheRefusalsOfATransientRegistryStateAreRetryable() {
    EnumSet<Refusal> retryable = EnumSet.noneOf(Refusal.class);
    Arrays.stream(Refusal.values()).filter(Refusal::retryable).forEach(retryable::add);

    assertThat(retryable).containsExactlyInAnyOrder(Refusal.UNAVAILABLE, Refusal.TIMEOUT,
        Refusal.CLOSED);
  }

  @ParameterizedTest
  @EnumSource(value = RejectionReason.class, mode = EnumSource.Mode.EXCLUDE,
      names = {"FOREIGN_URL", "PROVISIONAL_EXPIRED", "SCREENING_OVER", "STALE_LIST",
          "LIST_ROLLBACK"})
  void aSubmissionsRejectionBecomesTheRefusalOfTheSameMeaning(RejectionReason reason) {
    assertThat(Refusal.of(reason).name()).isEqualTo(reason.name());
  }

  @ParameterizedTest
  @EnumSource(value = RejectionReason.class, names = {"FOREIGN_URL", "PROVISIONAL_EXPIRED",
      "SCREENING_OVER", "STALE_LIST", "LIST_ROLLBACK"})
  void verdictsThatOnlyTicketsOrListsGetAreNotRefusals(RejectionReason reason) {
    assertThatThrownBy(() -> Refusal.of(reason)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason.name());
  }

  @Test
  void aRegistrationExceptionKeepsReasonDetailAndCause() {
    IOException cause = new IOException("disk full");
    RegistrationException e = new RegistrationException(Refusal.UNAVAILABLE, "batch 7", cause);

    assertThat(e.getMessage()).isEqualTo("UNAVAILABLE: batch 7");
    assertThat(e.detail()).isEqualTo("batch 7");
    assertThat(e.retryable()).isTrue();
    assertThat(e.getCause()).isSameAs(cause);
    assertThat(new RegistrationException(Refusal.CONFLICT, "x").retryable()).isFalse();
  }

  @Test
  void receiptsNeedPositiveSerialsAndARefundComesAfterItsSale() {
    assertThatThrownBy(() -> new RefundReceipt(5, 5, AT, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RefundReceipt(9, 0, AT, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new RefundReceipt(9, 5, AT, true).alreadyRefunded()).isTrue();
  }

  @Test
  void aStatusCarriesExactlyTheInstantsItsStatusHas() {
    Optional<Instant> at = Optional.of(AT);
    Optional<Instant> none = Optional.empty();
    assertThat(new TicketStatus(1, Status.ADMITTED, at, none, at, Optional.of(GATE))
        .admittedAtGate()).contains(GATE);
    assertThat(new TicketStatus(1, Status.REFUNDED, at, at, at, Optional.of(GATE)).status())
        .isEqualTo(Status.REFUNDED);
    assertThat(new TicketStatus(-4, Status.UNKNOWN, none, none, none, Optional.empty())
        .serial()).isEqualTo(-4);

    assertThatThrownBy(() -> new TicketStatus(1, Status.UNKNOWN, at, none, none,
        Optional.empty())).hasMessageContaining("UNKNOWN");
    assertThatThrownBy(() -> new TicketStatus(1, Status.REGISTERED, none, none, none,
        Optional.empty())).hasMessageContaining("registration instant");
    assertThatThrownBy(() -> new TicketStatus(1, Status.REGISTERED, at, at, none,
        Optional.empty())).hasMessageContaining("no refund");
    assertThatThrownBy(() -> new TicketStatus(1, Status.REGISTERED, at, none, at,
        Optional.of(GATE))).hasMessageContaining("no admission");
    assertThatThrownBy(() -> new TicketStatus(1, Status.ADMITTED, at, none, none,
        Optional.empty())).hasMessageContaining("admission instant");
    assertThatThrownBy(() -> new TicketStatus(1, Status.ADMITTED, at, none, at,
        Optional.empty())).hasMessageContaining("gate");
  }

  @Test
  void admissionFactoriesFillWhatTheyAreGiven() {
    AdmissionResult known = AdmissionResult.of(AdmissionResult.Outcome.WRONG_VENUE, 7, "x");
    AdmissionResult unknown = AdmissionResult.of(AdmissionResult.Outcome.INVALID_TICKET, "y");

    assertThat(known.serial()).isEqualTo(OptionalLong.of(7));
    assertThat(known.at()).isEmpty();
    assertThat(unknown.serial()).isEmpty();
    assertThat(unknown.detail()).isEqualTo("y");
  }

  @Test
  void gateIdsAreShortAndPlain() {
    assertThatThrownBy(() -> new Gate(Samples.CINEMA, "hall 3"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Gate(Samples.CINEMA, "x".repeat(33)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new Gate(Samples.CINEMA, "main-door.2_b").id()).isEqualTo("main-door.2_b");
  }
}
