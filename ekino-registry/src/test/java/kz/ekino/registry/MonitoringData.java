package kz.ekino.registry;

import kz.ekino.core.registration.Gate;
import static kz.ekino.registry.testing.Fixture.START;
import static kz.ekino.registry.testing.Fixture.almatyTonight;
import static kz.ekino.registry.testing.Fixture.astanaTonight;
import static kz.ekino.registry.testing.Fixture.sale;

import java.time.Duration;
import kz.ekino.core.model.Refund;
import kz.ekino.core.model.Sale;
import kz.ekino.core.model.SalesChannel;
import kz.ekino.core.model.Screening;
import kz.ekino.core.submission.Submissions;
import kz.ekino.registry.testing.Fixture;

/**
 * A small, hand-counted day: five sales in two cinemas (one refunded, one admitted) and a
 * specimen that must never count. The constants are counted by hand from the list below.
 */
final class MonitoringData {
  static final long SOLD = 5;
  /** 250 000 + 200 000 + 150 000 + 300 000 + 300 000, minus the 200 000 refund. */
  static final long NET_TIYN = 1_000_000;
  /** A-1 only: A-2 (also Kazakh) was refunded. */
  static final long KAZAKH_NET_TICKETS = 1;
  /** The national drama: A-1 250 000 + A-3 150 000 (A-2 refunded in full). */
  static final long NATIONAL_NET_TIYN = 400_000;

  private MonitoringData() {}

  static void load(Registry registry, Fixture f) throws Exception {
    Screening russianDrama = Fixture.screening(Fixture.ALMATY, "S-ALA-2200",
        Fixture.NATIONAL_DRAMA, almatyTonight().start().plus(Duration.ofHours(2)), "ru");
    Sale a1 = sale("A-1", almatyTonight(), 250_000, START.minus(Duration.ofMinutes(30)));
    Sale a2 = sale("A-2", almatyTonight(), 200_000, START.minus(Duration.ofMinutes(90)));
    Sale a3 = sale("A-3", russianDrama, 150_000, START);
    Sale b1 = sale("B-1", astanaTonight(), 300_000, START.minus(Duration.ofMinutes(10)));
    Sale b2 = new Sale(kz.ekino.core.model.TicketId.of("B-2"), Fixture.VENDOR_B,
        astanaTonight(), kz.ekino.core.model.Seat.generalAdmission(), 300_000, START,
        SalesChannel.ONLINE, false);
    Sale demo = new Sale(kz.ekino.core.model.TicketId.of("A-DEMO"), Fixture.VENDOR_A,
        almatyTonight(), kz.ekino.core.model.Seat.assigned(1, 1), 0, START, SalesChannel.KIOSK,
        true);
    String qrA1 = "";
    long serialA2 = 0;
    for (Sale s : new Sale[] {a1, a2, a3, b1, b2, demo}) {
      kz.ekino.core.registration.Registration r =
          registry.register(Submissions.signSale(s, f.keyFor(s)));
      long serial = r.serial();
      if (s.equals(a1)) {
        qrA1 = r.token().qrText(kz.ekino.core.token.UrlBase.of(
            kz.ekino.core.token.UrlBase.DEFAULT));
      } else if (s.equals(a2)) {
        serialA2 = serial;
      }
    }
    registry.refund(Submissions.signRefund(new Refund(serialA2, a2.ticketId(), a2.vendor(),
        START, 200_000, "changed plans"), f.vendorA));
    // Doors open an hour before the screening: admit then, and come back to the present.
    java.time.Instant now = f.clock.instant();
    f.clock.set(almatyTonight().start().minus(Duration.ofMinutes(20)));
    registry.admit(qrA1, new Gate(Fixture.ALMATY, "hall-3"));
    f.clock.set(now);
  }
}
