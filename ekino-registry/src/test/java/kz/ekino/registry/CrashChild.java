package kz.ekino.registry;

import kz.ekino.core.registration.RegistrationException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import kz.ekino.core.model.Sale;
import kz.ekino.core.submission.Submissions;
import kz.ekino.registry.testing.Fixture;

/**
 * The process {@link CrashTest} kills: registers sales from four threads forever, printing
 * each acknowledgement ("ACK serial ticket") and now and then the latest checkpoint
 * ("CHECKPOINT base64(note)"). What it printed is what it promised.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Fixture f = new Fixture();
    Registry registry = Registry.open(f.config(args[0]).clock(Clock.fixed(Fixture.START,
        java.time.ZoneOffset.UTC)).build());
    registry.registerCinema(Fixture.ALMATY_CINEMA);
    registry.registerCinema(Fixture.ASTANA_CINEMA);
    AtomicLong next = new AtomicLong(registry.size());
    Object out = new Object();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        while (true) {
          long n = next.incrementAndGet();
          Sale s = Fixture.sale("C-" + n, n % 2 == 0 ? Fixture.almatyTonight()
              : Fixture.astanaTonight(), 100_000 + n, Fixture.START);
          try {
            long serial = registry.register(Submissions.signSale(s, f.keyFor(s))).serial();
            synchronized (out) {
              System.out.println("ACK " + serial + " " + s.ticketId());
              if (serial % 50 == 0) {
                System.out.println("CHECKPOINT " + Base64.getEncoder().encodeToString(
                    registry.checkpoint().getBytes(StandardCharsets.UTF_8)));
              }
              System.out.flush();
            }
          } catch (RegistrationException e) {
            System.err.println("refused: " + e.getMessage());
          }
        }
      });
      thread.start();
    }
    Thread.sleep(Long.MAX_VALUE);
  }
}
