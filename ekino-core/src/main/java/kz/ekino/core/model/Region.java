package kz.ekino.core.model;

/** The regions of Kazakhstan, keyed by the first two digits of a KATO code. */
public enum Region {
  ABAI("10", "Abai"),
  AKMOLA("11", "Akmola"),
  AKTOBE("15", "Aktobe"),
  ALMATY_REGION("19", "Almaty region"),
  ATYRAU("23", "Atyrau"),
  WEST_KAZAKHSTAN("27", "West Kazakhstan"),
  ZHAMBYL("31", "Zhambyl"),
  ZHETYSU("33", "Zhetysu"),
  KARAGANDA("35", "Karaganda"),
  KOSTANAY("39", "Kostanay"),
  KYZYLORDA("43", "Kyzylorda"),
  MANGYSTAU("47", "Mangystau"),
  PAVLODAR("55", "Pavlodar"),
  NORTH_KAZAKHSTAN("59", "North Kazakhstan"),
  TURKISTAN("61", "Turkistan"),
  ULYTAU("62", "Ulytau"),
  EAST_KAZAKHSTAN("63", "East Kazakhstan"),
  ASTANA("71", "Astana"),
  ALMATY_CITY("75", "Almaty city"),
  SHYMKENT("79", "Shymkent");

  private final String code;
  private final String englishName;

  Region(String code, String englishName) {
    this.code = code;
    this.englishName = englishName;
  }

  /** The two-digit KATO prefix. */
  public String code() {
    return code;
  }

  public String englishName() {
    return englishName;
  }

  /** The region with this two-digit code; throws when the code names no region. */
  public static Region ofCode(String code) {
    for (Region r : values()) {
      if (r.code.equals(code)) {
        return r;
      }
    }
    throw new IllegalArgumentException("no region has KATO code '" + Text.quote(code) + "'");
  }
}
