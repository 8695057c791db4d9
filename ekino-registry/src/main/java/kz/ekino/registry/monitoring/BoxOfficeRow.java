package kz.ekino.registry.monitoring;

/**
 * Box office of one group: tickets sold and refunded, box office net of refunds in tiyn, and
 * admissions of tickets that were not refunded. Specimen tickets are never counted.
 */
public record BoxOfficeRow(GroupKey key, long ticketsSold, long ticketsRefunded,
    long boxOfficeTiyn, long admissions) {
  public long netTickets() {
    return ticketsSold - ticketsRefunded;
  }
}
