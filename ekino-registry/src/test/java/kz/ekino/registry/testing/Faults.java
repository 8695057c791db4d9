package kz.ekino.registry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import kz.ekino.core.model.Sale;
import kz.ekino.core.submission.Submissions;
import kz.ekino.core.registration.Registration;
import kz.ekino.core.registration.RegistrationException;
import kz.ekino.registry.Registry;
import kz.ekino.core.registration.TicketStatus;

/** What every storage fault test does: register, retry as a vendor's outbox would, check. */
public final class Faults {
  private Faults() {}

  public static Registration register(Registry r, Fixture f, String ticket)
      throws RegistrationException {
    Sale s = Fixture.sale(ticket, Fixture.almatyTonight(), 100_000, Fixture.START);
    return r.register(Submissions.signSale(s, f.keyFor(s)));
  }

  /**
   * Retries a registration until it succeeds; every refusal on the way must say that a retry
   * may succeed. Fails after {@code within}.
   */
  public static Registration eventually(Registry r, Fixture f, String ticket, Duration within)
      throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      try {
        return register(r, f, ticket);
      } catch (RegistrationException e) {
        assertThat(e.refusal().retryable()).as(e.getMessage()).isTrue();
        if (System.nanoTime() > deadline) {
          throw new AssertionError("still refused after " + within + ": " + e.getMessage(), e);
        }
        Thread.sleep(50);
      }
    }
  }

  /**
   * Nothing acknowledged is lost, serials are gapless (the audit checks every serial from 1
   * to the head) and every record hashes to its leaf under the signed root.
   */
  public static void assertIntact(Registry r, Map<Long, String> acknowledged) throws Exception {
    for (Map.Entry<Long, String> e : acknowledged.entrySet()) {
      assertThat(r.status(e.getKey()).status()).as("serial %d", e.getKey())
          .isEqualTo(TicketStatus.Status.REGISTERED);
      assertThat(r.entry(e.getKey())).isPresent();
    }
    assertThat(r.audit()).isEqualTo(r.size());
    assertThat(r.size()).isGreaterThanOrEqualTo(acknowledged.size());
  }
}
