package kz.ekino.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PropertyResourceBundle;
import java.util.ResourceBundle;
import kz.ekino.core.model.Screening;
import org.jspecify.annotations.Nullable;

/**
 * The verification page's words in Kazakh, Russian and English, from the UTF-8 bundles
 * {@code page_kk.properties}, {@code page_ru.properties}, {@code page_en.properties} beside this
 * class (read as UTF-8 explicitly, never through the JVM's default locale or charset).
 */
enum PageText {
  KK("kk"),
  RU("ru"),
  EN("en");

  /** The cookie that keeps a visitor's choice. */
  static final String COOKIE = "ekino_lang";
  private static final List<String> TAGS = List.of("kk", "ru", "en");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern(
      "dd.MM.uuuu, HH:mm", Locale.ROOT).withZone(Screening.ZONE);

  final String tag;
  /** Map.copyOf: unmodifiable, which the checker cannot see through the Map type. */
  @SuppressWarnings("ImmutableEnumChecker")
  private final Map<String, String> words;

  PageText(String tag) {
    this.tag = tag;
    this.words = load(tag);
  }

  private static Map<String, String> load(String tag) {
    String name = "page_" + tag + ".properties";
    try (InputStream in = PageText.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the build lost " + name);
      }
      try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        ResourceBundle bundle = new PropertyResourceBundle(r);
        Map<String, String> m = new java.util.HashMap<>();
        for (String key : bundle.keySet()) {
          m.put(key, bundle.getString(key));
        }
        return Map.copyOf(m);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + name, e);
    }
  }

  /** The words for {@code key}; a missing key is a bug the bundle test catches. */
  String get(String key) {
    String w = words.get(key);
    if (w == null) {
      throw new IllegalStateException("no '" + key + "' in page_" + tag + ".properties");
    }
    return w;
  }

  boolean has(String key) {
    return words.containsKey(key);
  }

  /** {@link #get} with {@link MessageFormat} arguments (already formatted strings). */
  String format(String key, Object... args) {
    return new MessageFormat(get(key), Locale.ROOT).format(args);
  }

  Iterable<String> keys() {
    return words.keySet();
  }

  /** Asia/Almaty local time, as people in Kazakhstan write it: 25.11.2026, 19:30. */
  static String time(Instant t) {
    return TIME.format(t);
  }

  /** Whole tiyn as tenge: 2 500 ₸, or 2 500,50 ₸ (2,500.50 ₸ in English). */
  String tenge(long tiyn) {
    long whole = tiyn / 100;
    long cents = tiyn % 100;
    String group = this == EN ? "," : "\u00a0";
    StringBuilder digits = new StringBuilder(Long.toString(whole));
    for (int i = digits.length() - 3; i > 0; i -= 3) {
      digits.insert(i, group);
    }
    if (cents != 0) {
      digits.append(this == EN ? '.' : ',').append(cents < 10 ? "0" : "").append(cents);
    }
    return digits.append("\u00a0₸").toString();
  }

  /** A duration in days, hours and minutes, the two largest units that are not zero. */
  String duration(Duration d) {
    long minutes = Math.max(0, d.toMinutes());
    long days = minutes / (24 * 60);
    long hours = minutes / 60 % 24;
    long mins = minutes % 60;
    if (days > 0) {
      return hours > 0 ? format("duration.dh", days, hours) : format("duration.d", days);
    }
    if (hours > 0) {
      return mins > 0 ? format("duration.hm", hours, mins) : format("duration.h", hours);
    }
    return format("duration.m", mins);
  }

  /**
   * The visitor's language: a valid {@code ?lang=} (the switch), else the cookie, else the best
   * of {@code Accept-Language}, else Kazakh, the state language.
   */
  static PageText choose(@Nullable String query, @Nullable String cookie,
      @Nullable String acceptLanguage) {
    PageText q = of(query);
    if (q != null) {
      return q;
    }
    PageText c = of(cookie);
    if (c != null) {
      return c;
    }
    if (acceptLanguage != null && acceptLanguage.length() <= 1000) {
      try {
        List<Locale.LanguageRange> ranges = new ArrayList<>(
            Locale.LanguageRange.parse(acceptLanguage));
        String best = Locale.lookupTag(ranges, TAGS);
        PageText a = of(best);
        if (a != null) {
          return a;
        }
      } catch (IllegalArgumentException e) {
        // a malformed header chooses nothing
      }
    }
    return KK;
  }

  static @Nullable PageText of(@Nullable String tag) {
    if (tag == null) {
      return null;
    }
    for (PageText t : values()) {
      if (t.tag.equals(tag)) {
        return t;
      }
    }
    return null;
  }
}
