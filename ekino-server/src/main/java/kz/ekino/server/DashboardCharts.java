package kz.ekino.server;

import java.util.List;
import java.util.Locale;

/**
 * Server-rendered inline SVG charts: no script, no external resource, only presentation
 * attributes (the page's Content-Security-Policy allows no inline style). They scale with the
 * page through their viewBox.
 */
final class DashboardCharts {
  /** One bar: its label, its value (what the length shows) and the value's text. */
  record Bar(String label, long value, String valueText) {}

  private static final String INK = "#1f3a5f";
  private static final String BAR = "#2f7fbf";
  private static final String GRID = "#d5dbe3";

  private DashboardCharts() {}

  /** Horizontal bars, one row per item (regions, films, genres), longest first as given. */
  static void bars(DashboardHtml h, String id, String title, List<Bar> bars) {
    // Narrow enough that its text stays readable when a phone scales it down.
    int width = 480;
    int labelWidth = 150;
    int valueWidth = 115;
    int row = 26;
    int height = Math.max(1, bars.size()) * row + 8;
    long max = bars.stream().mapToLong(Bar::value).max().orElse(0);
    h.open("svg", "xmlns", "http://www.w3.org/2000/svg", "viewBox", "0 0 " + width + " "
        + height, "width", "100%", "role", "img", "aria-label", title, "class", "chart",
        "data-chart", id, "preserveAspectRatio", "xMinYMin meet");
    h.element("title", title);
    if (bars.isEmpty()) {
      h.element("text", "no data in this period", "x", "4", "y", "18", "fill", INK,
          "font-size", "13");
    }
    int span = width - labelWidth - valueWidth;
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      int y = 4 + i * row;
      long length = max <= 0 ? 0 : Math.max(b.value() > 0 ? 1 : 0, b.value() * span / max);
      h.element("text", clip(b.label(), 20), "x", "4", "y", num(y + 18), "fill", INK,
          "font-size", "14");
      h.open("rect", "x", num(labelWidth), "y", num(y + 4), "width", num(length), "height",
          num(row - 8), "fill", BAR, "data-value", Long.toString(b.value()));
      h.element("title", b.label() + ": " + b.valueText());
      h.close("rect");
      h.element("text", b.valueText(), "x", num(labelWidth + length + 6), "y", num(y + 18),
          "fill", INK, "font-size", "13");
    }
    h.close("svg");
  }

  /** Vertical columns in the given order (days), labelled below every few columns. */
  static void columns(DashboardHtml h, String id, String title, List<Bar> bars) {
    int width = 640;
    int height = 220;
    int top = 10;
    int bottom = 40;
    int left = 8;
    long max = bars.stream().mapToLong(Bar::value).max().orElse(0);
    h.open("svg", "xmlns", "http://www.w3.org/2000/svg", "viewBox", "0 0 " + width + " "
        + height, "width", "100%", "role", "img", "aria-label", title, "class", "chart",
        "data-chart", id, "preserveAspectRatio", "xMinYMin meet");
    h.element("title", title);
    int plot = height - top - bottom;
    h.empty("line", "x1", num(left), "y1", num(top + plot), "x2", num(width - left), "y2",
        num(top + plot), "stroke", GRID);
    if (bars.isEmpty()) {
      h.element("text", "no data in this period", "x", num(left), "y", "30", "fill", INK,
          "font-size", "13");
    }
    double step = bars.isEmpty() ? 0 : (double) (width - 2 * left) / bars.size();
    int every = Math.max(1, (int) Math.ceil(bars.size() / 8.0));
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      long tall = max <= 0 ? 0 : b.value() * plot / max;
      double x = left + i * step;
      h.open("rect", "x", num(x + step * 0.1), "y", num(top + plot - tall), "width",
          num(step * 0.8), "height", num(tall), "fill", BAR, "data-value",
          Long.toString(b.value()));
      h.element("title", b.label() + ": " + b.valueText());
      h.close("rect");
      if (i % every == 0) {
        h.element("text", b.label(), "x", num(x + step / 2), "y", num(top + plot + 16),
            "fill", INK, "font-size", "11", "text-anchor", "middle");
      }
    }
    if (!bars.isEmpty()) {
      h.element("text", "max " + bars.stream().filter(b -> b.value() == max).findFirst()
          .map(Bar::valueText).orElse(""), "x", num(left), "y", num(height - 6), "fill", INK,
          "font-size", "11");
    }
    h.close("svg");
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
  }

  private static String num(long v) {
    return Long.toString(v);
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
