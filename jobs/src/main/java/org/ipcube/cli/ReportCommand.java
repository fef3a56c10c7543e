package org.ipcube.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.ipcube.common.Settings;
import org.ipcube.common.UsageException;
import org.ipcube.report.BulletinReport;
import org.ipcube.serving.KernelReads;
import org.ipcube.serving.KernelReads.KernelRow;
import org.ipcube.report.Charts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ipcube report}: a region's year stated the way the bureaus' bulletins state it. Reads
 * {@code marts.dim_regions} and the year rows of {@code marts.regional_indicators} through Delta
 * Kernel, without a SparkSession: a bulletin needs a few hundred rows, not a query engine.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Print a region's figures for a year as the bulletins state them.")
public final class ReportCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--region", required = true, description = "Region code: 330000 (province), 330400 (city) or 330402 (county).")
  String region;

  @Option(names = "--year", required = true, description = "Reporting year.")
  int year;

  @Option(names = "--view", defaultValue = "latest", description = "latest | first_published (default: ${DEFAULT-VALUE}).")
  String view;

  @Option(names = "--boundary", defaultValue = "as_is", description = "as_is | as_was (default: ${DEFAULT-VALUE}).")
  String boundary;

  @Option(names = "--format", defaultValue = "text", description = "text | md | html (html embeds a trend chart and a comparison "
      + "with the sibling regions; default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--out", description = "Write the report to this file instead of standard output.")
  java.nio.file.Path out;

  private static final List<String> CUBE_COLUMNS = List.of("region_id", "region_code", "region_level", "period_year", "indicator",
      "breakdown", "value", "yoy_growth_pct", "share_of_parent_pct", "sibling_rank", "sibling_count", "provincial_capital_rank",
      "sub_provincial_rank", "separately_planned_rank");

  @Override
  public Integer call() throws Exception {
    Settings settings = common.settings();
    Preflight.oneOf("--format", format, "text", "md", "html");
    Preflight.oneOf("--view", view, "latest", "first_published");
    Preflight.oneOf("--boundary", boundary, "as_is", "as_was");
    Preflight.regionCode(region);
    Preflight.requireFinishedMarts(settings);
    String level = org.ipcube.region.RegionCodes.level(region);
    Map<String, KernelRow> dimByCode = new HashMap<>();
    Map<Integer, String> nameById = new HashMap<>();
    for (KernelRow r : KernelReads.rows(settings.tablePath("marts", "dim_regions"), Map.of(),
        List.of("region_id", "region_code", "region_level", "region_name", "parent_code"))) {
      dimByCode.put(r.string("region_code") + "/" + r.string("region_level"), r);
      nameById.put(r.integer("region_id"), r.string("region_name"));
    }
    KernelRow dim = dimByCode.get(region + "/" + level);
    if (dim == null) {
      throw new UsageException("Region " + region + " is not a " + level + " of any division snapshot.",
          "marts.dim_regions has no " + level + " with that code.",
          "Check the code against jobs/src/main/resources/reference/divisions/ (e.g. 330400 for 嘉兴市).");
    }
    String parentCode = dim.string("parent_code");
    KernelRow parent = parentCode == null ? null
        : dimByCode.get(parentCode + "/" + (level.equals("county") ? "city" : level.equals("city") ? "province" : "nation"));
    // The year rows of this view and boundary: the region's figures, and the siblings for the chart.
    List<KernelRow> yearRows = KernelReads.rows(settings.tablePath("marts", "regional_indicators"),
        Map.of("period_type", "year", "view", view, "boundary", boundary), CUBE_COLUMNS);
    List<BulletinReport.Figure> figures = new ArrayList<>();
    TreeSet<Integer> years = new TreeSet<>();
    // Every domain's cube is built with the same as-of date; the latest is the report's.
    String asOf = KernelReads.rows(settings.tablePath("marts", "cubes"), Map.of(), List.of("as_of_date")).stream()
        .map(r -> String.valueOf(r.get("as_of_date"))).max(String::compareTo).orElse("-");
    for (KernelRow r : yearRows) {
      if (!region.equals(r.string("region_code")) || !level.equals(r.string("region_level"))) continue;
      years.add(r.integer("period_year"));
      if (r.integer("period_year") != year) continue;
      figures.add(new BulletinReport.Figure(r.string("indicator"), r.string("breakdown"), r.number("value"),
          r.number("yoy_growth_pct"), r.number("share_of_parent_pct"), r.integer("sibling_rank"), (Long) r.get("sibling_count"),
          r.integer("provincial_capital_rank"), r.integer("sub_provincial_rank"), r.integer("separately_planned_rank")));
    }
    if (figures.isEmpty()) {
      throw new UsageException("No figures for " + dim.string("region_name") + " (" + region + ") in " + year + ".",
          years.isEmpty() ? "the cube has no year rows for this region in view " + view + ", boundary " + boundary + "."
              : "the cube covers " + years.first() + ".." + years.last() + " for this region.",
          years.isEmpty() ? "Load deliveries that cover the region, then run `ipcube marts`." : "Pass a --year in that range.");
    }
    String text = BulletinReport.render(new BulletinReport.Context(dim.string("region_name"), level,
        parent == null ? null : parent.string("region_name"), year, view, boundary, asOf), figures,
        view.equals("latest") ? revisions(settings, level) : List.of());
    String output = switch (format) {
      case "md" -> BulletinReport.markdown(text);
      case "html" -> BulletinReport.html(text, charts(yearRows, level, parentCode, dim.string("region_name"), nameById));
      default -> text;
    };
    if (out != null) {
      java.nio.file.Files.writeString(out, output, java.nio.charset.StandardCharsets.UTF_8);
      System.out.println("report written to " + out.toAbsolutePath());
    } else {
      System.out.print(output);
    }
    return 0;
  }

  /**
   * The region's year figures that changed since they were first published (marts.figure_revisions;
   * none for a warehouse built before that table existed), in catalogue order.
   */
  private List<BulletinReport.Revision> revisions(Settings settings, String level) {
    if (!Preflight.hasTable(settings, "marts", "figure_revisions")) return List.of();
    org.ipcube.common.IndicatorCatalogue catalogue = org.ipcube.common.IndicatorCatalogue.shipped();
    List<String> order = catalogue.indicators().stream().map(org.ipcube.common.IndicatorCatalogue.Indicator::name).toList();
    return KernelReads.rows(settings.tablePath("marts", "figure_revisions"), Map.of("region_code", region, "region_level", level, "period_type", "year",
            "period_year", String.valueOf(year)),
            List.of("indicator", "breakdown", "first_published_value", "latest_value", "boundary_restatement", "statistics_revision",
                "data_revision")).stream()
        .sorted(Comparator.comparing((KernelRow r) -> order.indexOf(r.string("indicator")))
            .thenComparing(r -> catalogue.indicator(r.string("indicator")).breakdowns().indexOf(r.string("breakdown"))))
        .map(r -> new BulletinReport.Revision(r.string("indicator"), r.string("breakdown"), r.number("first_published_value"),
            r.number("latest_value"), zero(r.number("boundary_restatement")), zero(r.number("statistics_revision")),
            zero(r.number("data_revision"))))
        .toList();
  }

  private static double zero(Double v) {
    return v == null ? 0 : v;
  }

  /** The trend of valid invention patents over the years, and this year's values of the sibling regions. */
  private List<String> charts(List<KernelRow> yearRows, String level, String parentCode, String name, Map<Integer, String> nameById) {
    List<KernelRow> validInventions = yearRows.stream()
        .filter(r -> "valid_patents".equals(r.string("indicator")) && "invention".equals(r.string("breakdown"))
            && level.equals(r.string("region_level")))
        .toList();
    List<Charts.Point> trend = validInventions.stream()
        .filter(r -> region.equals(r.string("region_code")) && r.integer("period_year") <= year)
        .sorted(Comparator.comparing(r -> r.integer("period_year")))
        .map(r -> new Charts.Point(String.valueOf(r.integer("period_year")), r.number("value")))
        .toList();
    List<String> charts = new ArrayList<>();
    charts.add(Charts.line(name + " 有效发明专利 (件), 历年", trend));
    if (parentCode != null) {
      String prefix = parentCode.equals("000000") ? "" : parentCode.replaceAll("(00)+$", "");
      List<Charts.Point> siblings = validInventions.stream()
          .filter(r -> r.integer("period_year") == year && r.get("sibling_rank") != null && r.string("region_code").startsWith(prefix)
              && nameById.containsKey(r.integer("region_id")))
          .sorted(Comparator.comparing((KernelRow r) -> r.number("value")).reversed())
          .map(r -> new Charts.Point(nameById.get(r.integer("region_id")), r.number("value")))
          .toList();
      charts.add(Charts.bars("有效发明专利 (件), " + year + ": 与同级地区比较", siblings, name));
    }
    return charts;
  }
}
