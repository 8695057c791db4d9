package kz.ekino.core.model;

import java.util.Locale;
import java.util.Set;

/** An ISO 3166-1 alpha-2 country code, upper case: {@code KZ}, {@code FR}. */
public record CountryCode(String code) {
  private static final Set<String> ISO_3166 = Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2);

  public CountryCode {
    if (!ISO_3166.contains(code)) {
      throw new IllegalArgumentException(
          "not an ISO 3166-1 alpha-2 country code: '" + Text.quote(code) + "'");
    }
  }

  public static CountryCode of(String code) {
    return new CountryCode(code);
  }

  @Override
  public String toString() {
    return code;
  }
}
