package org.ipcube.cli;

import java.util.List;
import org.ipcube.landing.Deliveries.Outcome;
import org.ipcube.raw.RawIngest;

/** What the commands print: one readable line per stage, and exit codes scripts can use. */
final class Console {
  private Console() {}

  /** Exit code 0 = all loaded; 3 = some delivery was rejected (the rest is loaded; see raw.deliveries). */
  static int reportIngest(List<RawIngest.Result> results) {
    int code = 0;
    for (RawIngest.Result r : results) {
      long loadedDeliveries = r.outcomes().stream().filter(o -> o.status().equals("loaded")).count();
      long superseded = r.outcomes().stream().filter(o -> o.status().equals("superseded")).count();
      long incomplete = r.outcomes().stream().filter(o -> o.status().equals("incomplete")).count();
      System.out.printf("ingest %-14s %4d deliveries loaded (%d superseded, %d incomplete, %d rejected): %,d records, %,d quarantined%s%n",
          r.feed(), loadedDeliveries, superseded, incomplete, r.rejected().size(), r.loaded(), r.quarantined(),
          r.alreadyLoaded() == 0 ? "" : String.format("; %d already loaded before, left alone", r.alreadyLoaded()));
      for (Outcome o : r.rejected()) {
        System.err.printf("  REJECTED %s %s.%d: %s%n", o.feed(), o.date(), o.sequence(), o.message());
        code = 3;
      }
    }
    return code;
  }

  /**
   * Rows as aligned columns (the first row is the header), each cell but the last cut to 40
   * characters (the last, a reason or a path, is printed whole).
   */
  static List<String> table(List<String[]> rows) {
    int n = rows.get(0).length;
    int[] width = new int[n];
    for (String[] r : rows) {
      for (int i = 0; i < n - 1; i++) width[i] = Math.max(width[i], cut(r[i]).codePointCount(0, cut(r[i]).length()));
    }
    List<String> out = new java.util.ArrayList<>();
    for (String[] r : rows) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < n; i++) {
        if (i == n - 1) {
          b.append(r[i]);
          break;
        }
        String c = cut(r[i]);
        b.append(c).append(" ".repeat(width[i] - c.codePointCount(0, c.length()) + 2));
      }
      out.add(b.toString().stripTrailing());
    }
    return out;
  }

  /** A period as the commands write it: 2023, 2023-Q2, 2023-05, 2023-YTD05. */
  static String period(String type, int year, int number) {
    return switch (type) {
      case "year" -> String.valueOf(year);
      case "quarter" -> year + "-Q" + number;
      case "month" -> String.format("%d-%02d", year, number);
      default -> String.format("%d-YTD%02d", year, number);
    };
  }

  /** A figure: whole numbers with thousands separators, others to 4 places, "-" for none. */
  static String figure(Double v) {
    if (v == null) return "-";
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format("%,d", v.longValue()) : String.format("%,.4f", v);
  }

  private static String cut(String s) {
    return s.length() > 40 ? s.substring(0, 39) + "…" : s;
  }

  static void stage(String name, long startNanos) {
    System.out.printf("%-28s done in %6.1f s%n", name, (System.nanoTime() - startNanos) / 1e9);
  }
}
