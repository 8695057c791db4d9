package kz.ekino.core.model;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A film's titles in Kazakh, Russian and English; at least one is present. */
public record Titles(@Nullable String kk, @Nullable String ru, @Nullable String en) {
  public Titles {
    if (kk == null && ru == null && en == null) {
      throw new IllegalArgumentException("a film needs at least one title (kk, ru or en)");
    }
    if (kk != null) {
      Text.humanText("Kazakh title", kk, 256);
    }
    if (ru != null) {
      Text.humanText("Russian title", ru, 256);
    }
    if (en != null) {
      Text.humanText("English title", en, 256);
    }
  }

  /** The title in {@code language}, if the film has one in it. */
  public Optional<String> in(LanguageCode language) {
    switch (language.code()) {
      case "kk":
        return Optional.ofNullable(kk);
      case "ru":
        return Optional.ofNullable(ru);
      case "en":
        return Optional.ofNullable(en);
      default:
        return Optional.empty();
    }
  }
}
