package kz.ekino.core.model;

/** Where the ticket was sold. */
public enum SalesChannel {
  BOX_OFFICE,
  ONLINE,
  KIOSK,
  PARTNER
}
