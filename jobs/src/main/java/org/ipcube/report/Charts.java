package org.ipcube.report;

import java.util.List;
import java.util.Locale;

/**
 * Inline SVG charts for the HTML bulletin: a trend line and a sibling comparison. Plain Java, no
 * scripts and no external resources, so the report is one file that renders anywhere (and prints).
 */
public final class Charts {
  private Charts() {}

  /** One labelled value. */
  public record Point(String label, double value) {}

  private static final int W = 560;
  private static final int H = 260;
  private static final int LEFT = 60;
  private static final int BOTTOM = 40;
  private static final int TOP = 30;

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static String num(double v) {
    return Math.abs(v) >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  private static double max(List<Point> points) {
    return Math.max(1e-9, points.stream().mapToDouble(Point::value).max().orElse(1));
  }

  /** A line over the points in order (years), with the values labelled. */
  public static String line(String title, List<Point> points) {
    StringBuilder b = header(title, "trend");
    double max = max(points);
    int n = points.size();
    double step = n > 1 ? (W - LEFT - 20.0) / (n - 1) : 0;
    StringBuilder poly = new StringBuilder();
    for (int i = 0; i < n; i++) {
      double x = LEFT + i * step;
      double y = TOP + (H - TOP - BOTTOM) * (1 - points.get(i).value() / max);
      poly.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#c0392b\"/>", x, y));
      b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">%s</text>", x, y - 8,
          num(points.get(i).value())));
      b.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>", x,
          H - BOTTOM + 18, esc(points.get(i).label())));
    }
    b.append("<polyline class=\"series\" fill=\"none\" stroke=\"#c0392b\" stroke-width=\"2\" points=\"").append(poly.toString().strip())
        .append("\"/>");
    return b.append("</svg>").toString();
  }

  /** Horizontal-axis bars, one per sibling, the reporting region highlighted. */
  public static String bars(String title, List<Point> points, String highlight) {
    StringBuilder b = header(title, "siblings");
    double max = max(points);
    int n = Math.max(1, points.size());
    double slot = (W - LEFT - 10.0) / n;
    for (int i = 0; i < points.size(); i++) {
      Point p = points.get(i);
      double h = (H - TOP - BOTTOM) * p.value() / max;
      double x = LEFT + i * slot + slot * 0.15;
      boolean mine = p.label().equals(highlight);
      b.append(String.format(Locale.ROOT, "<rect class=\"bar%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
          + "<title>%s: %s</title></rect>", mine ? " highlight" : "", x, H - BOTTOM - h, slot * 0.7, h, mine ? "#c0392b" : "#7f8c8d",
          esc(p.label()), num(p.value())));
      b.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>",
          x + slot * 0.35, H - BOTTOM + 14, esc(p.label().length() > 4 ? p.label().substring(0, 4) : p.label())));
    }
    return b.append("</svg>").toString();
  }

  private static StringBuilder header(String title, String kind) {
    StringBuilder b = new StringBuilder();
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart ").append(kind).append("\" width=\"").append(W)
        .append("\" height=\"").append(H).append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" role=\"img\">");
    b.append("<title>").append(esc(title)).append("</title>");
    b.append("<text x=\"").append(W / 2).append("\" y=\"18\" font-size=\"14\" text-anchor=\"middle\" font-weight=\"bold\">")
        .append(esc(title)).append("</text>");
    b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", LEFT, H - BOTTOM, W - 10, H - BOTTOM));
    return b;
  }
}
