package kz.ekino.server;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * The one way the server writes HTML: escaping by construction. Tag and attribute names are
 * the server's own constants (checked against a strict pattern, so a value can never become a
 * name); every text and attribute value goes through {@link #escape}. There is no method that
 * writes markup from a string, so no caller can concatenate data into HTML.
 */
final class PageHtml {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,20}");
  private static final java.util.Set<String> VOID = java.util.Set.of("meta", "link", "input",
      "br", "img");

  private final StringBuilder out = new StringBuilder(4096);
  private final Deque<String> open = new ArrayDeque<>();

  PageHtml() {
    out.append("<!DOCTYPE html>\n");
  }

  /** Opens {@code tag} with attributes given as name, value pairs. */
  PageHtml open(String tag, String... attributes) {
    start(tag, attributes);
    if (!VOID.contains(tag)) {
      open.push(tag);
    }
    return this;
  }

  /** Closes the innermost open element, which must be {@code tag}. */
  PageHtml close(String tag) {
    String top = open.poll();
    if (!tag.equals(top)) {
      throw new IllegalStateException("closing <" + tag + "> inside <" + top + ">");
    }
    out.append("</").append(tag).append('>');
    return this;
  }

  /** {@code <tag attributes>text</tag>}. */
  PageHtml element(String tag, String text, String... attributes) {
    return open(tag, attributes).text(text).close(tag);
  }

  /** Escaped text. */
  PageHtml text(String text) {
    out.append(escape(text));
    return this;
  }

  /** The document; every element must be closed. */
  String finish() {
    if (!open.isEmpty()) {
      throw new IllegalStateException("unclosed elements: " + open);
    }
    return out.toString();
  }

  private void start(String tag, String... attributes) {
    name(tag);
    if (attributes.length % 2 != 0) {
      throw new IllegalArgumentException("attributes come in name, value pairs");
    }
    out.append('<').append(tag);
    for (int i = 0; i < attributes.length; i += 2) {
      out.append(' ').append(name(attributes[i])).append("=\"").append(escape(attributes[i + 1]))
          .append('"');
    }
    out.append('>');
  }

  private static String name(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not an HTML name of the server's own: " + name);
    }
    return name;
  }

  /**
   * Escapes for text and for double- or single-quoted attribute values; drops the characters
   * HTML forbids (C0 controls other than tab and newline, DEL, C1 controls, lone surrogates).
   */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&':
          b.append("&amp;");
          break;
        case '<':
          b.append("&lt;");
          break;
        case '>':
          b.append("&gt;");
          break;
        case '"':
          b.append("&quot;");
          break;
        case '\'':
          b.append("&#39;");
          break;
        default:
          if (Character.isHighSurrogate(c) && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            b.append(c).append(s.charAt(++i));
          } else if ((c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c < 0xa0)
              || Character.isSurrogate(c)) {
            b.append('\uFFFD');
          } else {
            b.append(c);
          }
      }
    }
    return b.toString();
  }
}
