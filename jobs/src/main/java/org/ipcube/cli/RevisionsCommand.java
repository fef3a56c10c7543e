package org.ipcube.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ipcube.common.IndicatorCatalogue;
import org.ipcube.common.Settings;
import org.ipcube.common.SparkSessions;
import org.ipcube.common.Table;
import org.ipcube.marts.ExplainFigures;
import org.ipcube.serving.KernelReads;
import org.ipcube.serving.KernelReads.KernelRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ipcube revisions}: a region's figures of a year that changed since they were first
 * published, from {@code marts.figure_revisions} (read through Delta Kernel, no SparkSession), each
 * change split by cause; with {@code --rights}, the rights behind the data revisions (a Spark job
 * over the cleaned tables, as {@code explain}).
 */
@Command(name = "revisions", mixinStandardHelpOptions = true,
    description = "Show which figures of a region and year changed since first published, and why.")
public final class RevisionsCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--region", required = true, description = "Region code: 000000, 330000, 330400 or 330402.")
  String region;

  @Option(names = "--year", required = true, description = "The year of the periods.")
  int year;

  @Option(names = "--all-periods", description = "Quarters, months and years to date as well as the year.")
  boolean allPeriods;

  @Option(names = "--rights", description = "Also list the rights behind each data revision of the year (starts Spark).")
  boolean rights;

  @Override
  public Integer call() throws Exception {
    Settings settings = common.settings();
    Preflight.regionCode(region);
    Preflight.requireTable(settings, "marts", "figure_revisions", "ipcube marts");
    Preflight.requireFinishedMarts(settings);
    String level = org.ipcube.region.RegionCodes.level(region);
    IndicatorCatalogue catalogue = IndicatorCatalogue.shipped();
    List<String> order = catalogue.indicators().stream().map(IndicatorCatalogue.Indicator::name).toList();
    List<String> periodOrder = List.of("year", "quarter", "month", "ytd");
    List<KernelRow> rows = KernelReads.rows(Table.MARTS_FIGURE_REVISIONS.path(settings),
            Map.of("region_code", region, "region_level", level, "period_year", String.valueOf(year)), List.of()).stream()
        .filter(r -> allPeriods || r.string("period_type").equals("year"))
        .sorted(Comparator.comparing((KernelRow r) -> periodOrder.indexOf(r.string("period_type")))
            .thenComparing(r -> r.integer("period_number")).thenComparing(r -> order.indexOf(r.string("indicator")))
            .thenComparing(r -> r.string("breakdown")))
        .toList();
    System.out.printf("%s %d: %d figures changed since first published (first published: as known at period end + %d days, on the "
        + "divisions of the time; now: all deliveries, current divisions)%n", region, year, rows.size(), settings.publicationLagDays());
    List<String[]> table = new ArrayList<>();
    table.add(new String[] {"period", "indicator", "breakdown", "first published", "now", "revision", "later deliveries", "boundaries",
        "statistics", "unit"});
    for (KernelRow r : rows) {
      table.add(new String[] {Console.period(r.string("period_type"), r.integer("period_year"), r.integer("period_number")),
          r.string("indicator"), r.string("breakdown"), Console.figure(r.number("first_published_value")),
          Console.figure(r.number("latest_value")), Console.figure(r.number("revision")), Console.figure(r.number("data_revision")),
          Console.figure(r.number("boundary_restatement")), Console.figure(r.number("statistics_revision")), r.string("unit")});
    }
    Console.table(table).forEach(System.out::println);
    if (!rights) return 0;
    List<ExplainFigures.Figure> revisedByData = rows.stream()
        .filter(r -> r.string("period_type").equals("year") && r.number("data_revision") != null && r.number("data_revision") != 0)
        .map(r -> new ExplainFigures.Figure(region, level, "as_was", "latest", r.string("indicator"), r.string("breakdown"), "year", year, 0))
        .toList();
    if (revisedByData.isEmpty()) {
      System.out.println("no data revision in the year's figures: no rights to list");
      return 0;
    }
    try (SparkSessions.Lease lease = SparkSessions.lease(settings, "ipcube-revisions")) {
      SparkSession spark = lease.spark();
      Dataset<Row> diff = ExplainFigures.revisedRights(spark, settings, revisedByData);
      List<String> cols = List.of("indicator", "breakdown", "right_id", "holder_name", "delivery_date", "source_file", "cause");
      List<String[]> out = new ArrayList<>();
      out.add(cols.toArray(String[]::new));
      for (Row r : diff.collectAsList()) {
        out.add(cols.stream().map(k -> r.getAs(k) == null ? "" : String.valueOf((Object) r.getAs(k))).toArray(String[]::new));
      }
      System.out.println();
      System.out.println("rights behind the data revisions of the year (on the divisions of the time):");
      Console.table(out).forEach(System.out::println);
    }
    return 0;
  }

}
