package kz.ekino.core.verify;

import java.util.Objects;
import java.util.Optional;
import kz.ekino.core.model.TokenKind;

/** The outcome of verifying a ticket: accepted with a {@link VerifiedTicket}, or rejected. */
public sealed interface VerificationResult
    permits VerificationResult.Accepted, VerificationResult.Rejected {

  /**
   * The one-word verdict shown to people and in JSON: {@code VALID} for a registered ticket,
   * {@code PROVISIONAL} or {@code SPECIMEN} for those kinds, else the rejection reason's name.
   */
  String verdict();

  /** The verified ticket, if accepted. */
  Optional<VerifiedTicket> ticket();

  /** The token verified; what it is worth depends on its kind. */
  record Accepted(VerifiedTicket verified) implements VerificationResult {
    public Accepted {
      Objects.requireNonNull(verified, "verified");
    }

    @Override
    public String verdict() {
      return verified.kind() == TokenKind.REGISTERED ? "VALID" : verified.kind().name();
    }

    @Override
    public Optional<VerifiedTicket> ticket() {
      return Optional.of(verified);
    }
  }

  /** The token did not verify; {@code detail} explains for logs and support, not for users. */
  record Rejected(RejectionReason reason, String detail) implements VerificationResult {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String verdict() {
      return reason.name();
    }

    @Override
    public Optional<VerifiedTicket> ticket() {
      return Optional.empty();
    }
  }
}
