package kz.ekino.client;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.TicketId;
import kz.ekino.core.registration.Registration;
import kz.ekino.core.registration.RegistrationException;

/**
 * One sale in the outbox, as last recorded.
 *
 * @param soldAt the sale instant (what the registry's upload bound is measured from)
 * @param queuedAt when the outbox first wrote it (by the outbox's clock)
 * @param attempts failed sending attempts so far
 * @param lastError the last failure to send it, for support (never a secret)
 * @param registration the registry's registration, once {@link State#REGISTERED}
 * @param refusal the registry's refusal, once {@link State#REFUSED}
 */
public record OutboxEntry(Bin vendor, TicketId ticketId, State state, Instant soldAt,
    Instant queuedAt, int attempts, Optional<String> lastError,
    Optional<Registration> registration, Optional<RegistrationException> refusal) {

  /** Where a sale is. */
  public enum State {
    /** Written durably, not yet registered: the drainer will send it. */
    PENDING,
    /** The registry registered it; {@code registration} holds its token. */
    REGISTERED,
    /**
     * The registry refused it on its merits (not retryable): kept, and reported to the
     * listener and by {@link Outbox#refused}, for the vendor to resolve with the registry.
     */
    REFUSED
  }

  public OutboxEntry {
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(soldAt, "soldAt");
    Objects.requireNonNull(queuedAt, "queuedAt");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(registration, "registration");
    Objects.requireNonNull(refusal, "refusal");
  }
}
