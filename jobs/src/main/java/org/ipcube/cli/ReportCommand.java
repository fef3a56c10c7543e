package org.ipcube.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.ipcube.common.Settings;
import org.ipcube.common.Table;
import org.ipcube.common.UsageException;
import org.ipcube.report.BulletinReport;
import org.ipcube.serving.DuckDbReads;
import org.ipcube.serving.KernelReads;
import org.ipcube.serving.KernelReads.KernelRow;
import org.ipcube.report.BulletinPage;
import org.ipcube.report.Chromium;
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

  @Option(names = "--format", defaultValue = "text", description = "text | md | html | pdf (html: one self-contained page with "
      + "ECharts charts, a map and a table of the sibling regions; pdf: that page printed by headless Chromium, needs --out; "
      + "default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--out", description = "Write the report to this file instead of standard output (required for pdf).")
  java.nio.file.Path out;

  private static final java.util.Set<Object> PAGE_SIBLING_INDICATORS = java.util.Set.of("valid_patents", "patent_grants");

  private static final List<String> CUBE_COLUMNS = List.of("region_id", "region_code", "region_level", "period_year", "indicator",
      "breakdown", "value", "yoy_growth_pct", "share_of_parent_pct", "sibling_rank", "sibling_count", "provincial_capital_rank",
      "sub_provincial_rank", "separately_planned_rank");

  @Override
  public Integer call() throws Exception {
    Settings settings = common.settings();
    Preflight.oneOf("--format", format, "text", "md", "html", "pdf");
    if (format.equals("pdf") && out == null) {
      throw new UsageException("--format pdf needs --out.", "a PDF is not written to standard output.",
          "Add --out bulletin.pdf (or use --format html).");
    }
    Preflight.oneOf("--view", view, "latest", "first_published");
    Preflight.oneOf("--boundary", boundary, "as_is", "as_was");
    Preflight.regionCode(region);
    Preflight.requireFinishedMarts(settings);
    String level = org.ipcube.region.RegionCodes.level(region);
    Map<String, KernelRow> dimByCode = new HashMap<>();
    Map<Integer, String> nameById = new HashMap<>();
    for (KernelRow r : KernelReads.rows(Table.MARTS_DIM_REGIONS.path(settings), Map.of(),
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
    // Only the rows a bulletin states or draws are materialised: the region's own, and this year's
    // valid invention patents and invention grants of its siblings.
    String siblingPrefix = siblingPrefix(parentCode);
    // DuckDB scans the cube's files (listed by the Delta log) with the filter pushed down; Kernel
    // reads them row by row where the warehouse is not on a local file system.
    String cubePath = Table.MARTS_REGIONAL_INDICATORS.path(settings);
    List<KernelRow> yearRows = KernelReads.localDataFiles(cubePath)
        .map(files -> DuckDbReads.rows(files, CUBE_COLUMNS, List.of("period_year"), "period_type = 'year' AND view = ? AND boundary = ? "
            + "AND (region_code = ? OR (period_year = ? AND region_level = ? AND breakdown = 'invention' "
            + "AND indicator IN ('valid_patents', 'patent_grants') AND starts_with(region_code, ?)))",
            List.of(view, boundary, region, year, level, siblingPrefix)))
        .orElseGet(() -> KernelReads.rows(cubePath, Map.of("period_type", "year", "view", view, "boundary", boundary), CUBE_COLUMNS,
            column -> region.equals(column.apply("region_code")) || (Integer.valueOf(year).equals(column.apply("period_year"))
                && level.equals(column.apply("region_level")) && "invention".equals(column.apply("breakdown"))
                && PAGE_SIBLING_INDICATORS.contains(column.apply("indicator"))
                && ((String) column.apply("region_code")).startsWith(siblingPrefix))));
    List<BulletinReport.Figure> figures = new ArrayList<>();
    TreeSet<Integer> years = new TreeSet<>();
    // Every domain's cube is built with the same as-of date; the latest is the report's.
    String asOf = KernelReads.rows(Table.MARTS_CUBES.path(settings), Map.of(), List.of("as_of_date")).stream()
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
    if (format.equals("pdf")) {
      java.nio.file.Path html = java.nio.file.Files.createTempFile("ipcube-bulletin", ".html");
      try {
        java.nio.file.Files.writeString(html, page(text, yearRows, level, parentCode, parent, dim.string("region_name"), nameById),
            java.nio.charset.StandardCharsets.UTF_8);
        Chromium.printToPdf(settings.chromium(), html, out);
      } finally {
        java.nio.file.Files.deleteIfExists(html);
      }
      System.out.println("report written to " + out.toAbsolutePath());
      return 0;
    }
    String output = switch (format) {
      case "md" -> BulletinReport.markdown(text);
      case "html" -> page(text, yearRows, level, parentCode, parent, dim.string("region_name"), nameById);
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
    return KernelReads.rows(Table.MARTS_FIGURE_REVISIONS.path(settings), Map.of("region_code", region, "region_level", level, "period_type", "year",
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

  /**
   * The HTML page: the region's grants by type and valid invention patents over the years up to the
   * report's, and every sibling region (same parent, same level, mainland and known) with this
   * year's valid invention patents and invention grants, in rank order.
   */
  private String page(String text, List<KernelRow> yearRows, String level, String parentCode, KernelRow parent, String name,
      Map<Integer, String> nameById) {
    Map<Integer, Map<String, KernelRow>> byYear = new java.util.TreeMap<>();
    Map<Integer, Map<String, KernelRow>> siblingsById = new java.util.LinkedHashMap<>();
    String prefix = siblingPrefix(parentCode);
    for (KernelRow r : yearRows) {
      String key = r.string("indicator") + "/" + r.string("breakdown");
      if (!List.of("valid_patents/invention", "patent_grants/invention", "patent_grants/utility_model", "patent_grants/design")
          .contains(key) || !level.equals(r.string("region_level"))) continue;
      if (region.equals(r.string("region_code")) && r.integer("period_year") <= year) {
        byYear.computeIfAbsent(r.integer("period_year"), y -> new HashMap<>()).put(key, r);
      }
      if (parentCode != null && r.integer("period_year") == year
          && List.of("valid_patents/invention", "patent_grants/invention").contains(key) && r.string("region_code").startsWith(prefix)
          && r.get("sibling_rank") != null && nameById.containsKey(r.integer("region_id"))) {
        siblingsById.computeIfAbsent(r.integer("region_id"), id -> new HashMap<>()).put(key, r);
      }
    }
    List<BulletinPage.Trend> trend = new ArrayList<>();
    byYear.forEach((y, f) -> trend.add(new BulletinPage.Trend(y, value(f, "patent_grants/invention"), value(f, "patent_grants/utility_model"),
        value(f, "patent_grants/design"), value(f, "valid_patents/invention"))));
    List<BulletinPage.Sibling> siblings = new ArrayList<>();
    siblingsById.forEach((id, f) -> {
      KernelRow valid = f.get("valid_patents/invention");
      KernelRow grants = f.get("patent_grants/invention");
      KernelRow any = valid != null ? valid : grants;
      siblings.add(new BulletinPage.Sibling(any.string("region_code"), nameById.get(id), valid == null ? null : valid.number("value"),
          valid == null ? null : valid.number("yoy_growth_pct"), valid == null ? null : valid.number("share_of_parent_pct"),
          valid == null ? null : valid.integer("sibling_rank"), grants == null ? null : grants.number("value"),
          grants == null ? null : grants.number("yoy_growth_pct"), grants == null ? null : grants.integer("sibling_rank"),
          region.equals(any.string("region_code"))));
    });
    siblings.sort(Comparator.comparing((BulletinPage.Sibling x) -> x.validInventionsRank() == null ? Integer.MAX_VALUE : x.validInventionsRank())
        .thenComparing(BulletinPage.Sibling::code));
    return BulletinPage.html(new BulletinPage.Content(text, name, level, parentCode, parent == null ? null : parent.string("region_name"),
        year, trend, siblings));
  }

  /** The code prefix the siblings share: their parent's code without its trailing 00s ("" under the nation). */
  private static String siblingPrefix(String parentCode) {
    return parentCode == null || parentCode.equals("000000") ? "" : parentCode.replaceAll("(00)+$", "");
  }

  private static Double value(Map<String, KernelRow> figures, String key) {
    KernelRow r = figures.get(key);
    return r == null ? null : r.number("value");
  }
}
