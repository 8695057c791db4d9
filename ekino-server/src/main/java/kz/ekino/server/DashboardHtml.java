package kz.ekino.server;

import java.util.regex.Pattern;

/**
 * The dashboard's one HTML writer, escaping by construction: text and attribute values are
 * always escaped, tag and attribute names must be constants of the writer's own syntax, and
 * there is no way to add raw markup. Inline SVG is written with it too.
 */
final class DashboardHtml {
  private static final Pattern NAME = Pattern.compile("[a-z][a-zA-Z0-9-]*");
  private final StringBuilder out = new StringBuilder(16 * 1024);

  DashboardHtml() {
    out.append("<!DOCTYPE html>\n");
  }

  /** An element's start tag with attribute name-value pairs; a null value omits the pair. */
  DashboardHtml open(String tag, String... attributes) {
    out.append('<').append(name(tag));
    if (attributes.length % 2 != 0) {
      throw new IllegalArgumentException("attributes come as name-value pairs");
    }
    for (int i = 0; i < attributes.length; i += 2) {
      out.append(' ').append(name(attributes[i])).append("=\"");
      escape(attributes[i + 1]);
      out.append('"');
    }
    out.append('>');
    return this;
  }

  DashboardHtml close(String tag) {
    out.append("</").append(name(tag)).append('>');
    return this;
  }

  /** A void element (input, meta, link) or a self-closed SVG element. */
  DashboardHtml empty(String tag, String... attributes) {
    open(tag, attributes);
    if (!tag.equals("input") && !tag.equals("meta") && !tag.equals("link")
        && !tag.equals("br")) {
      out.setLength(out.length() - 1);
      out.append("/>");
    }
    return this;
  }

  DashboardHtml text(String text) {
    escape(text);
    return this;
  }

  /** {@code <tag attributes>text</tag>}. */
  DashboardHtml element(String tag, String text, String... attributes) {
    return open(tag, attributes).text(text).close(tag);
  }

  private static String name(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not an HTML name: " + name);
    }
    return name;
  }

  private void escape(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&':
          out.append("&amp;");
          break;
        case '<':
          out.append("&lt;");
          break;
        case '>':
          out.append("&gt;");
          break;
        case '"':
          out.append("&quot;");
          break;
        case '\'':
          out.append("&#39;");
          break;
        default:
          out.append(c);
      }
    }
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
