package kz.ekino.core.model;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** An ISO 639-1 language code, lower case: {@code kk}, {@code ru}, {@code en}. */
public record LanguageCode(String code) {
  private static final Set<String> ISO_639_1 =
      Arrays.stream(java.util.Locale.getISOLanguages()).collect(Collectors.toUnmodifiableSet());

  public static final LanguageCode KAZAKH = new LanguageCode("kk");
  public static final LanguageCode RUSSIAN = new LanguageCode("ru");
  public static final LanguageCode ENGLISH = new LanguageCode("en");

  public LanguageCode {
    if (code.length() != 2 || !ISO_639_1.contains(code)) {
      throw new IllegalArgumentException(
          "not an ISO 639-1 language code: '" + Text.quote(code) + "'");
    }
  }

  public static LanguageCode of(String code) {
    return new LanguageCode(code);
  }

  @Override
  public String toString() {
    return code;
  }
}
