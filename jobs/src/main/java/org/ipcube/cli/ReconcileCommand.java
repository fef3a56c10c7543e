package org.ipcube.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ipcube.common.IndicatorCatalogue;
import org.ipcube.common.Settings;
import org.ipcube.common.Table;
import org.ipcube.serving.KernelReads;
import org.ipcube.serving.KernelReads.KernelRow;
import org.ipcube.serving.PublishedFigures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ipcube reconcile}: officially published figures (a file in the format of
 * schemas/reference/published_figures.yml; by default the shipped 嘉兴 and 宁波 2023 figures) beside
 * the warehouse's figures of the same definition, with the gap. Reads {@code marts.regional_indicators}
 * through Delta Kernel (no SparkSession). Exit code 0 whatever the gaps (a report), unless
 * {@code --fail-on-gap} is given and a figure does not agree (exit 4).
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
    description = "Line up officially published figures with the warehouse's and report the gaps.")
public final class ReconcileCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--published", description = "Published figures (CSV, schemas/reference/published_figures.yml; default: the shipped "
      + "嘉兴 and 宁波 2023 figures).")
  java.nio.file.Path published;

  @Option(names = "--view", defaultValue = "latest", description = "latest | first_published (default: ${DEFAULT-VALUE}).")
  String view;

  @Option(names = "--boundary", defaultValue = "as_is", description = "as_is | as_was (default: ${DEFAULT-VALUE}).")
  String boundary;

  @Option(names = "--out", description = "Also write the report as CSV to this file.")
  java.nio.file.Path out;

  @Option(names = "--fail-on-gap", description = "Exit with code 4 when a published figure does not agree with the warehouse's.")
  boolean failOnGap;

  @Override
  public Integer call() throws Exception {
    Settings settings = common.settings();
    Preflight.oneOf("--view", view, "latest", "first_published");
    Preflight.oneOf("--boundary", boundary, "as_is", "as_was");
    List<PublishedFigures.Published> figures = published == null ? PublishedFigures.shipped() : PublishedFigures.read(published);
    Preflight.requireFinishedMarts(settings);
    Map<String, KernelRow> cube = new HashMap<>();
    for (String code : figures.stream().map(PublishedFigures.Published::regionCode).distinct().toList()) {
      for (KernelRow r : KernelReads.rows(Table.MARTS_REGIONAL_INDICATORS.path(settings),
          Map.of("region_code", code, "view", view, "boundary", boundary), PublishedFigures.CUBE_COLUMNS)) {
        cube.put(PublishedFigures.key(r), r);
      }
    }
    List<PublishedFigures.Line> lines = PublishedFigures.reconcile(figures, cube::get, IndicatorCatalogue.shipped());
    List<String[]> table = new ArrayList<>();
    table.add(new String[] {"region", "period", "indicator", "breakdown", "published", "warehouse", "gap", "gap %", "growth pub/wh",
        "agrees", "source"});
    for (PublishedFigures.Line l : lines) {
      PublishedFigures.Published p = l.published();
      table.add(new String[] {p.regionName() + " " + p.regionCode(), Console.period(p.periodType(), p.periodYear(), p.periodNumber()), p.indicator(), p.breakdown(),
          (p.qualifier().equals("at_least") ? "≥" : p.qualifier().equals("about") ? "≈" : "") + number(p.value()) + " " + l.unit(),
          l.warehouse() == null ? "no row" : number(l.warehouse()), l.gap() == null ? "" : number(l.gap()),
          l.gapPct() == null ? "" : String.format("%+.1f", l.gapPct()),
          (p.yoyGrowthPct() == null ? "-" : number(p.yoyGrowthPct())) + " / "
              + (l.warehouseGrowthPct() == null ? "-" : String.format("%.1f", l.warehouseGrowthPct())),
          l.agrees() ? "yes" : "no", p.source()});
    }
    System.out.printf("published figures against the warehouse (view %s, boundary %s): %d figures, %d agree%n", view, boundary,
        lines.size(), lines.stream().filter(PublishedFigures.Line::agrees).count());
    Console.table(table).forEach(System.out::println);
    if (out != null) {
      List<String> csv = new ArrayList<>();
      csv.add("region_code,period_type,period_year,period_number,indicator,breakdown,published,qualifier,warehouse,gap,gap_pct,"
          + "published_growth_pct,warehouse_growth_pct,agrees,source");
      for (PublishedFigures.Line l : lines) {
        PublishedFigures.Published p = l.published();
        csv.add(String.join(",", p.regionCode(), p.periodType(), String.valueOf(p.periodYear()), String.valueOf(p.periodNumber()),
            p.indicator(), p.breakdown(), String.valueOf(p.value()), p.qualifier(), str(l.warehouse()), str(l.gap()), str(l.gapPct()),
            str(p.yoyGrowthPct()), str(l.warehouseGrowthPct()), String.valueOf(l.agrees()), "\"" + p.source().replace("\"", "\"\"") + "\""));
      }
      Files.write(out, csv, StandardCharsets.UTF_8);
      System.out.println("report written to " + out.toAbsolutePath());
    }
    return failOnGap && lines.stream().anyMatch(l -> !l.agrees()) ? 4 : 0;
  }

  private static String number(double v) {
    return v == Math.rint(v) ? String.format("%,d", (long) v) : Math.abs(v) < 1 ? String.format("%.4f", v) : String.format("%,.2f", v);
  }

  private static String str(Double v) {
    return v == null ? "" : String.valueOf(v);
  }
}
