package kz.ekino.core.monitor;

/**
 * Box office of a group, as the registry's monitoring defines it (docs/registry.md): tickets
 * sold and refunded, box office net of refunds in tiyn (each sale's price less its refund's
 * amount), and admissions of tickets that were not refunded. Specimen tickets never count.
 */
public record Figures(long ticketsSold, long ticketsRefunded, long boxOfficeTiyn,
    long admissions) {
  public static final Figures ZERO = new Figures(0, 0, 0, 0);

  public Figures plus(Figures o) {
    return new Figures(Math.addExact(ticketsSold, o.ticketsSold),
        Math.addExact(ticketsRefunded, o.ticketsRefunded),
        Math.addExact(boxOfficeTiyn, o.boxOfficeTiyn), Math.addExact(admissions, o.admissions));
  }

  public long netTickets() {
    return ticketsSold - ticketsRefunded;
  }

  /** The first column that differs from {@code o}, by its name in monitoring.json; "" if none. */
  String firstDifference(Figures o) {
    if (ticketsSold != o.ticketsSold) {
      return "sold";
    }
    if (ticketsRefunded != o.ticketsRefunded) {
      return "refunded";
    }
    if (boxOfficeTiyn != o.boxOfficeTiyn) {
      return "boxOfficeTiyn";
    }
    return admissions != o.admissions ? "admissions" : "";
  }

  long column(String name) {
    switch (name) {
      case "sold":
        return ticketsSold;
      case "refunded":
        return ticketsRefunded;
      case "boxOfficeTiyn":
        return boxOfficeTiyn;
      case "admissions":
        return admissions;
      default:
        throw new IllegalArgumentException("no column " + name);
    }
  }
}
