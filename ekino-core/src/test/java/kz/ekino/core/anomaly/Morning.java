package kz.ekino.core.anomaly;

import static kz.ekino.core.anomaly.PlantedLog.ALMATY;
import static kz.ekino.core.anomaly.PlantedLog.local;

import kz.ekino.core.anomaly.PlantedLog.Sold;
import kz.ekino.core.anomaly.PlantedLog.Till;
import kz.ekino.core.model.Screening;

/**
 * A cinema's quiet morning, clean of anomalies until 13:00: one box office terminal (BOX-1),
 * three declared screenings, and two tickets for the noon screening sold at 09:10 and 09:20
 * (terminal numbers 1 and 2).
 */
final class Morning {
  final PlantedLog log = new PlantedLog(local("2026-11-28T09:00"));
  final Till box = new Till("BOX-1", ALMATY);
  /** 12:00 in hall 1 (100 seats). */
  final Screening noon = PlantedLog.screening(ALMATY, "S-1200", 1, local("2026-11-28T12:00"));
  /** 13:00 in hall 2 (3 seats). */
  final Screening small = PlantedLog.screening(ALMATY, "S-1300", 2,
      local("2026-11-28T13:00"));
  /** Tomorrow 12:00 in hall 1, declared today. */
  final Screening tomorrow = PlantedLog.screening(ALMATY, "S-1200-29", 1,
      local("2026-11-29T12:00"));
  final Sold first;
  final Sold second;

  Morning() {
    log.cinema(ALMATY, 100, 3);
    log.terminal(box);
    log.declare(noon);
    log.declare(small);
    log.declare(tomorrow);
    first = log.at(local("2026-11-28T09:10")).sell(box, log.ticket(noon, 1, 1));
    second = log.at(local("2026-11-28T09:20")).sell(box, log.ticket(noon, 1, 2));
  }
}
