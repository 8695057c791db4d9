package kz.ekino.core.anomaly;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import kz.ekino.core.anomaly.Programme.Ticket;
import org.jspecify.annotations.Nullable;

/**
 * The tickets by the serial of their sale, in pages of 4096 serials: one reference a serial
 * (4 bytes with compressed references) instead of a map entry and a boxed key per sale.
 */
final class TicketIndex {
  private static final int PAGE_BITS = 12;
  private final Map<Long, Ticket[]> pages = new HashMap<>();

  void put(Ticket t) {
    pages.computeIfAbsent(t.serial >>> PAGE_BITS, p -> new Ticket[1 << PAGE_BITS])
        [(int) (t.serial & ((1 << PAGE_BITS) - 1))] = t;
  }

  @Nullable Ticket get(long serial) {
    Ticket[] page = pages.get(serial >>> PAGE_BITS);
    return page == null ? null : page[(int) (serial & ((1 << PAGE_BITS) - 1))];
  }

  void forEach(Consumer<Ticket> action) {
    for (Ticket[] page : pages.values()) {
      for (Ticket t : page) {
        if (t != null) {
          action.accept(t);
        }
      }
    }
  }
}
