package kz.ekino.core.anomaly;

import static kz.ekino.core.anomaly.PlantedLog.ALMATY;
import static kz.ekino.core.anomaly.PlantedLog.ASTANA;
import static kz.ekino.core.anomaly.PlantedLog.local;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kz.ekino.core.anomaly.PlantedLog.Sold;
import kz.ekino.core.anomaly.PlantedLog.Till;
import kz.ekino.core.model.SalesChannel;
import kz.ekino.core.model.Screening;
import kz.ekino.core.model.ScreeningId;
import kz.ekino.core.model.Seat;
import org.jspecify.annotations.Nullable;

/**
 * Saturday 2026-11-28 at two cinemas, as a registry logs it: cinemas, terminals and the day's
 * programme declared at 08:00 (one screening cancelled, a day without screenings announced),
 * then a sale every five minutes from 08:30 to 22:40 in turn through the Almaty box office
 * (BOX-1), the Almaty web shop (WEB-1), the Astana box office (BOX-A) and an Almaty kiosk still
 * on version 1; refunds half an hour after some sales, admissions at the Almaty gates ten
 * minutes before each start (one ticket in six is a no-show), two price corrections, and five
 * earlier mornings of a 10-seat hall at 09:00 that sold one ticket each.
 *
 * <p>{@link Plant}s add, each on its own, one case of a rule.
 */
final class RealisticDay {
  /** One planted case per rule (two for GHOST_SCREENING). */
  enum Plant {
    /** WEB-1 signs a sale at 14:14 and never sends it; its next sale is at 14:15. */
    GAP,
    /** A clone of BOX-A sends another sale under BOX-A's 13:00 number at 13:01. */
    FORK,
    /** BOX-1 is restored at 15:00 from a backup taken at 14:00. */
    ROLLBACK,
    /** WEB-1 sells seat 1/1 of the 19:00 screening again at 17:05. */
    SEAT_TWICE,
    /** WEB-1 registers at 16:30 a sale queued since 16:10 for a screening never declared. */
    UNDECLARED,
    /** Three kiosk sales of 10:00 to 10:20 registered at 12:30. */
    LATE,
    /** The operator refunds the first ticket of the 13:00 screening at 13:30. */
    REFUND_AFTER_START,
    /** BOX-A sends nothing from 15:00 on, while Astana screens at 18:30 and 21:00. */
    SILENT,
    /** WEB-1 sells 20 tickets of the 21:45 screening between 17:30 and 17:37:55. */
    BULK,
    /** Hall 2's 18:00 screening sells 15 more kiosk tickets and nobody is admitted. */
    NO_ADMISSIONS,
    /** Nine of the ten seats of the 09:00 screening in hall 3 sell, from 07:00 to 08:20. */
    EARLY_SELL_OUT
  }

  static final LocalDate DAY = LocalDate.parse("2026-11-28");
  /** 02:00 the next night: every screening of the day has ended. */
  static final Instant NOW = local("2026-11-29T02:00");

  final PlantedLog log = new PlantedLog(local("2026-11-20T12:00"));
  final List<Screening> almaty = new ArrayList<>();
  final List<Screening> astana = new ArrayList<>();
  final Screening cancelled = screening(ALMATY, 2, "22:15");
  final Screening early = screening(ALMATY, 3, "09:00");
  final Map<ScreeningId, List<Sold>> sold = new HashMap<>();
  private final Map<ScreeningId, Integer> seats = new HashMap<>();
  private final Till web = new Till("WEB-1", ALMATY);
  private final Till boxA = new Till("BOX-A", ASTANA);
  private final Till[] box1 = {new Till("BOX-1", ALMATY)};
  private final Till[] backup = new Till[1];
  private final Till[] clone = new Till[1];
  private final Set<Plant> plants;
  private int v2Sales;
  private int v1Sales;
  private int admissions;

  private static Screening screening(kz.ekino.core.model.Bin cinema, int hall, String at) {
    String prefix = cinema.equals(ALMATY) ? "A" + hall : "B";
    return PlantedLog.screening(cinema, prefix + "-" + at.replace(":", ""), hall,
        local(DAY + "T" + at));
  }

  RealisticDay(Plant... plants) {
    this.plants = EnumSet.noneOf(Plant.class);
    this.plants.addAll(java.util.Arrays.asList(plants));
    history();
    programme();
    day();
    plant();
  }

  private boolean planted(Plant p) {
    return plants.contains(p);
  }

  /** The hall-3 mornings of the 21st to the 25th: one kiosk ticket each, the evening before. */
  private void history() {
    log.cinema(ALMATY, 120, 60, 10);
    log.cinema(ASTANA, 80);
    log.film();
    for (int d = 21; d <= 25; d++) {
      Screening s = PlantedLog.screening(ALMATY, "A3-0900-" + d, 3,
          local("2026-11-" + d + "T09:00"));
      log.at(local("2026-11-" + (d - 1) + "T18:00"));
      log.sellV1(log.ticket(s, Seat.assigned(1, 1), log.clock().minusSeconds(3),
          SalesChannel.KIOSK));
    }
  }

  private void programme() {
    for (String at : List.of("10:30", "13:00", "16:00", "19:00", "21:45")) {
      almaty.add(screening(ALMATY, 1, at));
    }
    for (String at : List.of("11:00", "14:30", "18:00")) {
      almaty.add(screening(ALMATY, 2, at));
    }
    almaty.sort(java.util.Comparator.comparing(Screening::start));
    for (String at : List.of("12:00", "15:00", "18:30", "21:00")) {
      astana.add(screening(ASTANA, 1, at));
    }
    log.on(local(DAY + "T08:00"), l -> {
      l.terminal(box1[0]);
      l.terminal(web);
      l.terminal(boxA);
      almaty.forEach(l::declare);
      l.declare(cancelled);
      astana.forEach(l::declare);
      l.noScreenings(ASTANA, DAY.plusDays(1));
    });
    log.on(local(DAY + "T12:00"), l -> l.cancel(cancelled));
    // the early screening sells its usual one ticket, unless a sell-out is planted
    int early = planted(Plant.EARLY_SELL_OUT) ? 9 : 1;
    for (int k = 0; k < early; k++) {
      log.on(local(DAY + "T07:00").plusSeconds(600L * k), l -> kiosk(l, this.early));
    }
  }

  private @Nullable Screening upcoming(List<Screening> list, Instant t, int skip) {
    List<Screening> open = list.stream().filter(s -> s.start().isAfter(t.plusSeconds(900)))
        .toList();
    if (open.isEmpty()) {
      return null;
    }
    return open.get(Math.min(skip, open.size() - 1));
  }

  private Sale2 next(Screening s, Instant soldAt, SalesChannel channel) {
    int n = seats.merge(s.id(), 1, Integer::sum);
    return new Sale2(s, Seat.assigned((n - 1) / 20 + 1, (n - 1) % 20 + 1), soldAt, channel);
  }

  private record Sale2(Screening s, Seat seat, Instant soldAt, SalesChannel channel) {}

  private Sold kiosk(PlantedLog l, Screening s) {
    Sale2 x = next(s, l.clock().minusSeconds(3), SalesChannel.KIOSK);
    Sold out = l.sellV1(l.ticket(s, x.seat(), x.soldAt(), x.channel()));
    sold.computeIfAbsent(s.id(), k -> new ArrayList<>()).add(out);
    return out;
  }

  private Sold sellThrough(PlantedLog l, Till till, Screening s, SalesChannel channel) {
    Sale2 x = next(s, l.clock().minusSeconds(3), channel);
    Sold out = l.sell(till, l.ticket(s, x.seat(), x.soldAt(), x.channel()));
    sold.computeIfAbsent(s.id(), k -> new ArrayList<>()).add(out);
    return out;
  }

  private void day() {
    Instant t = local(DAY + "T08:30");
    for (int c = 0; !t.isAfter(local(DAY + "T22:40")); c++, t = t.plusSeconds(300)) {
      int seller = c % 4;
      Screening s = seller == 2 ? upcoming(astana, t, 0)
          : upcoming(almaty, t, seller == 1 ? c / 4 % 3 : seller == 3 ? 1 : 0);
      if (s == null || (seller == 2 && planted(Plant.SILENT)
          && !t.isBefore(local(DAY + "T15:00")))) {
        continue;
      }
      Instant at = t;
      boolean v2 = seller != 3;
      int count = v2 ? ++v2Sales : ++v1Sales;
      Sold[] handle = new Sold[1];
      log.on(at, l -> handle[0] = switch (seller) {
        case 0 -> sellThrough(l, box1[0], s, SalesChannel.BOX_OFFICE);
        case 1 -> sellThrough(l, web, s, SalesChannel.ONLINE);
        case 2 -> sellThrough(l, boxA, s, SalesChannel.BOX_OFFICE);
        default -> kiosk(l, s);
      });
      Instant refundAt = at.plus(Duration.ofMinutes(30));
      boolean refund = (v2 ? count % 7 == 3 : count % 5 == 2)
          && refundAt.isBefore(s.start().minus(Duration.ofMinutes(15)))
          && !(seller == 2 && planted(Plant.SILENT)
              && !refundAt.isBefore(local(DAY + "T15:00")));
      if (refund) {
        log.on(refundAt, l -> {
          if (handle[0].sale.seat().equals(Seat.assigned(1, 1))) {
            return; // the first ticket of a screening is kept: plants refer to it
          }
          switch (seller) {
            case 0 -> l.refund(box1[0], handle[0]);
            case 1 -> l.refund(web, handle[0]);
            case 2 -> l.refund(boxA, handle[0]);
            default -> l.refundV1(handle[0]);
          }
          handle[0] = null;
        });
      }
      boolean gates = s.cinema().equals(ALMATY)
          && !(planted(Plant.NO_ADMISSIONS) && s.id().value().equals("A2-1800"));
      if (gates && ++admissions % 6 != 5) {
        log.on(s.start().minus(Duration.ofMinutes(10)), l -> {
          if (handle[0] != null) {
            l.admit(handle[0]);
          }
        });
      }
    }
    log.on(local(DAY + "T12:00"), l -> l.correctPrice(firstSold(almaty.get(0)), 200_000));
    log.on(local(DAY + "T13:00"), l -> l.operatorPrice(firstSold(almaty.get(1)), 150_000));
  }

  /** The first ticket sold for {@code s} (seat 1/1, never refunded by the day's routine). */
  Sold firstSold(Screening s) {
    return java.util.Objects.requireNonNull(sold.get(s.id()), s.id().value()).get(0);
  }

  private Screening almaty(String id) {
    return almaty.stream().filter(s -> s.id().value().equals(id)).findFirst().orElseThrow();
  }

  private void plant() {
    if (planted(Plant.GAP)) {
      // replaces nothing: an extra sale at 14:00 that stays in WEB-1's outbox
      log.on(local(DAY + "T14:14"), l -> web.sign(l.ticket(almaty("A1-1600"), 19, 1)));
    }
    if (planted(Plant.FORK)) {
      log.on(local(DAY + "T12:59:59"), l -> clone[0] = boxA.copy());
      log.on(local(DAY + "T13:01"), l -> l.sell(clone[0], l.ticket(astana.get(1), 19, 1)));
    }
    if (planted(Plant.ROLLBACK)) {
      log.on(local(DAY + "T14:00"), l -> backup[0] = box1[0].copy());
      log.on(local(DAY + "T15:00"), l -> box1[0] = backup[0]);
    }
    if (planted(Plant.SEAT_TWICE)) {
      log.on(local(DAY + "T17:05"), l -> l.sell(web, l.ticket(almaty("A1-1900"), 1, 1)));
    }
    if (planted(Plant.UNDECLARED)) {
      Screening never = PlantedLog.screening(ALMATY, "X-1700", 2, local(DAY + "T17:00"));
      log.on(local(DAY + "T16:30"), l -> l.sell(web, l.ticket(never, Seat.assigned(1, 1),
          local(DAY + "T16:10"), SalesChannel.ONLINE)));
    }
    if (planted(Plant.LATE)) {
      for (int k = 0; k < 3; k++) {
        Instant soldAt = local(DAY + "T10:00").plusSeconds(600L * k);
        int seat = k + 1;
        log.on(local(DAY + "T12:30"), l -> l.sellV1(l.ticket(almaty("A1-1600"),
            Seat.assigned(18, seat), soldAt, SalesChannel.KIOSK)));
      }
    }
    if (planted(Plant.REFUND_AFTER_START)) {
      log.on(local(DAY + "T13:30"), l -> l.operatorRefund(firstSold(almaty("A1-1300"))));
    }
    if (planted(Plant.BULK)) {
      for (int k = 0; k < 20; k++) {
        int seat = k;
        log.on(local(DAY + "T17:30").plusSeconds(25L * k), l -> l.sell(web,
            l.ticket(almaty("A1-2145"), 17 - seat / 10, seat % 10 + 11)));
      }
    }
    if (planted(Plant.NO_ADMISSIONS)) {
      for (int k = 0; k < 15; k++) {
        log.on(local(DAY + "T16:00").plusSeconds(420L * k), l -> kiosk(l, almaty("A2-1800")));
      }
    }
  }

  AnomalyReport report() {
    return log.report(NOW);
  }
}
