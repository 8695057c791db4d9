package kz.ekino.registry.store;

import kz.ekino.core.model.SalesChannel;

/**
 * The codes enums have in the registry's tables, written out so that renaming or reordering
 * an enum never changes stored data (the strings are those schema version 1 stored). Log entry
 * kinds are stored as their wire codes: {@link Records#SALE}, {@link Records#REFUND}.
 */
final class SqlCodes {
  private SqlCodes() {}

  static String channel(SalesChannel channel) {
    return switch (channel) {
      case BOX_OFFICE -> "BOX_OFFICE";
      case ONLINE -> "ONLINE";
      case KIOSK -> "KIOSK";
      case PARTNER -> "PARTNER";
    };
  }

  static SalesChannel channel(String code) {
    return switch (code) {
      case "BOX_OFFICE" -> SalesChannel.BOX_OFFICE;
      case "ONLINE" -> SalesChannel.ONLINE;
      case "KIOSK" -> SalesChannel.KIOSK;
      case "PARTNER" -> SalesChannel.PARTNER;
      default -> throw new IllegalStateException("unknown sales channel code in the database: "
          + code);
    };
  }
}
