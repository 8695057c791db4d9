package kz.ekino.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import kz.ekino.core.model.Sale;
import kz.ekino.core.token.UrlBase;
import kz.ekino.registry.testing.Fixture;

/**
 * A vendor's process for {@link OutboxCrashTest}: {@code open FILE} opens the outbox and says
 * whether it could; {@code sell FILE PORT} sells tickets through an outbox whose registry is
 * away, printing each ticket id once its PROVISIONAL token is in hand, until it is killed.
 */
final class OutboxProcess {
  private OutboxProcess() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[1]);
    RegistryClient client = RegistryClient.builder(URI.create("http://127.0.0.1:" + args[2]))
        .retry(RetryPolicy.none()).connectTimeout(Duration.ofSeconds(1)).build();
    Outbox outbox;
    try {
      outbox = Outbox.builder(file, client).drainEvery(Duration.ZERO).open();
    } catch (OutboxException e) {
      System.out.println("REFUSED " + e.reason());
      System.out.flush();
      return;
    }
    System.out.println("OPEN");
    System.out.flush();
    if (args[0].equals("open")) {
      Thread.sleep(60_000); // holds the file until killed
      return;
    }
    Fixture fx = new Fixture();
    for (int i = 0; ; i++) {
      Sale sale = Fixture.sale("KILL-" + i, Fixture.almatyTonight(), 250_000,
          Fixture.START.minusSeconds(60));
      Ticket t = outbox.register(sale, fx.vendorA);
      // What a POS prints: only now may the ticket be handed over.
      System.out.println("PRINTED " + sale.ticketId() + " " + t.kind() + " "
          + t.qrText(UrlBase.of(UrlBase.DEFAULT)).length());
      System.out.flush();
    }
  }
}
