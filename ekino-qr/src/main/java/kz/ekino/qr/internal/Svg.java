package kz.ekino.qr.internal;


/** SVG rendering: one path of module runs on a white square, crisp at any size. */
public final class Svg {
  private Svg() {}

  public static String render(QrEncoding.Matrix symbol, String width, String height) {
    int full = symbol.sizeWithQuietZone();
    int q = QrEncoding.QUIET_ZONE;
    StringBuilder d = new StringBuilder();
    for (int y = 0; y < symbol.size(); y++) {
      int x = 0;
      while (x < symbol.size()) {
        if (!symbol.isDark(x, y)) {
          x++;
          continue;
        }
        int start = x;
        while (x < symbol.size() && symbol.isDark(x, y)) {
          x++;
        }
        int run = x - start;
        d.append('M').append(start + q).append(' ').append(y + q)
            .append('h').append(run).append("v1h-").append(run).append('z');
      }
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + width
        + "\" height=\"" + height + "\" viewBox=\"0 0 " + full + " " + full
        + "\" shape-rendering=\"crispEdges\">\n"
        + "<rect width=\"" + full + "\" height=\"" + full + "\" fill=\"#ffffff\"/>\n"
        + "<path fill=\"#000000\" d=\"" + d + "\"/>\n"
        + "</svg>\n";
  }
}
