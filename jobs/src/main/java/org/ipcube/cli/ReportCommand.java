package org.ipcube.cli;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ipcube.common.IpcubeException;
import org.ipcube.common.Settings;
import org.ipcube.common.SparkSessions;
import org.ipcube.report.BulletinReport;
import org.ipcube.report.Charts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ipcube report}: a region's year stated the way the bureaus' bulletins state it. */
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

  @Override
  public Integer call() throws Exception {
    Settings settings = common.settings();
    if (!java.util.List.of("text", "md", "html").contains(format)) {
      throw new IpcubeException("Unknown report format '" + format + "'.", "--format takes text, md or html.", "Pass one of them.");
    }
    if (!region.matches("\\d{6}")) {
      throw new IpcubeException("Region '" + region + "' is not a 6-digit code.", "regions are keyed by 6-digit division codes.",
          "Use e.g. 330400 for 嘉兴市 or 330000 for 浙江省.");
    }
    String level = region.endsWith("0000") ? (region.equals("000000") ? "nation" : "province") : region.endsWith("00") ? "city" : "county";
    try (SparkSession spark = SparkSessions.create(settings, "ipcube-report")) {
      List<Row> dims = spark.read().format("delta").load(settings.tablePath("marts", "dim_regions"))
          .filter(col("region_code").equalTo(region).and(col("region_level").equalTo(level))).collectAsList();
      if (dims.isEmpty()) {
        throw new IpcubeException("Region " + region + " is not in marts.dim_regions.", "no division snapshot lists that code.",
            "Check the code against jobs/src/main/resources/reference/divisions/.");
      }
      Row dim = dims.get(0);
      String parentCode = dim.getAs("parent_code");
      String parentName = null;
      if (parentCode != null) {
        List<Row> parents = spark.read().format("delta").load(settings.tablePath("marts", "dim_regions"))
            .filter(col("region_code").equalTo(parentCode)).select("region_name").collectAsList();
        if (!parents.isEmpty()) parentName = parents.get(0).getString(0);
      }
      List<Row> rows = spark.read().format("delta").load(settings.tablePath("marts", "regional_indicators"))
          .filter(col("region_code").equalTo(region).and(col("region_level").equalTo(level))
              .and(col("period_type").equalTo("year")).and(col("period_year").equalTo(year))
              .and(col("view").equalTo(view)).and(col("boundary").equalTo(boundary)))
          .collectAsList();
      List<BulletinReport.Figure> figures = new ArrayList<>();
      String asOf = "-";
      for (Row r : rows) {
        figures.add(new BulletinReport.Figure(r.getAs("indicator"), r.getAs("breakdown"), r.<Double>getAs("value"),
            r.getAs("yoy_growth_pct"), r.getAs("share_of_parent_pct"), r.getAs("sibling_rank"), r.getAs("sibling_count"),
            r.getAs("provincial_capital_rank"), r.getAs("sub_provincial_rank"), r.getAs("separately_planned_rank")));
        asOf = String.valueOf((Object) r.getAs("as_of_date"));
      }
      String text = BulletinReport.render(new BulletinReport.Context(dim.getAs("region_name"), level, parentName, year, view,
          boundary, asOf), figures);
      String output = switch (format) {
        case "md" -> BulletinReport.markdown(text);
        case "html" -> BulletinReport.html(text, charts(spark, settings, level, parentCode, dim.getAs("region_name")));
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
  }

  /** The trend of valid invention patents over the years, and this year's values of the sibling regions. */
  private List<String> charts(SparkSession spark, Settings settings, String level, String parentCode, String name) {
    org.apache.spark.sql.Dataset<Row> cube = spark.read().format("delta").load(settings.tablePath("marts", "regional_indicators"))
        .filter(col("indicator").equalTo("valid_patents").and(col("breakdown").equalTo("invention"))
            .and(col("period_type").equalTo("year")).and(col("view").equalTo(view)).and(col("boundary").equalTo(boundary)));
    List<Charts.Point> trend = new ArrayList<>();
    for (Row r : cube.filter(col("region_code").equalTo(region).and(col("region_level").equalTo(level))
        .and(col("period_year").leq(year))).orderBy("period_year").collectAsList()) {
      trend.add(new Charts.Point(String.valueOf((Object) r.getAs("period_year")), r.<Double>getAs("value")));
    }
    List<String> charts = new ArrayList<>();
    charts.add(Charts.line(name + " 有效发明专利 (件), 历年", trend));
    if (parentCode != null) {
      org.apache.spark.sql.Dataset<Row> names = spark.read().format("delta").load(settings.tablePath("marts", "dim_regions"))
          .select(col("region_id").as("_id"), col("region_name"));
      List<Charts.Point> siblings = new ArrayList<>();
      for (Row r : cube.filter(col("region_level").equalTo(level).and(col("period_year").equalTo(year))
              .and(col("sibling_rank").isNotNull())
              .and(col("region_code").startsWith(parentCode.equals("000000") ? "" : parentCode.replaceAll("(00)+$", ""))))
          .join(names, col("region_id").equalTo(col("_id"))).orderBy(col("value").desc()).collectAsList()) {
        siblings.add(new Charts.Point(r.getAs("region_name"), r.<Double>getAs("value")));
      }
      charts.add(Charts.bars("有效发明专利 (件), " + year + ": 与同级地区比较", siblings, name));
    }
    return charts;
  }
}
