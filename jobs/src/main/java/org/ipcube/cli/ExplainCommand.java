package org.ipcube.cli;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ipcube.common.IndicatorCatalogue;
import org.ipcube.common.Settings;
import org.ipcube.common.SparkSessions;
import org.ipcube.common.Table;
import org.ipcube.common.UsageException;
import org.ipcube.marts.ExplainFigures;
import org.ipcube.serving.KernelReads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ipcube explain}: one figure of the cube and the rights behind it. Reads
 * {@code marts.regional_indicators}, {@code marts.dim_regions} and the cleaned tables its domain's
 * cube is built from; prints the figure, the counting rule, the rights (one row per counted fact
 * or span, with the address it was attributed by, how that was resolved and its delivery) and
 * whether they add up to the figure; writes all of them to CSV or Parquet for a notebook.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = "Show where a figure comes from: the rights it counts, by which rule, from which delivery.")
public final class ExplainCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--region", required = true, description = "Region code: 000000 (nation), 330000, 330400 or 330402.")
  String region;

  @Option(names = "--indicator", required = true, description = "An indicator of the catalogue (marts.dim_indicators), e.g. patent_grants.")
  String indicator;

  @Option(names = "--breakdown", defaultValue = "total", description = "One of the indicator's breakdowns (default: ${DEFAULT-VALUE}).")
  String breakdown;

  @Option(names = "--period", required = true,
      description = "2023 (year), 2023-Q2 (quarter), 2023-05 (month) or 2023-YTD05 (January to May).")
  String period;

  @Option(names = "--view", defaultValue = "latest", description = "latest | first_published (default: ${DEFAULT-VALUE}).")
  String view;

  @Option(names = "--boundary", defaultValue = "as_is", description = "as_is | as_was (default: ${DEFAULT-VALUE}).")
  String boundary;

  @Option(names = "--out", description = "Also write every listed right to this file: .csv (one file) or .parquet (a Parquet folder).")
  java.nio.file.Path out;

  @Option(names = "--limit", defaultValue = "20", description = "Rights printed on the console (default: ${DEFAULT-VALUE}; --out has all).")
  int limit;

  private static final Pattern PERIOD = Pattern.compile("(\\d{4})(?:-(Q[1-4]|\\d{2}|YTD\\d{2}))?");

  /** {type, year, number} of a period written as the option's help says. */
  static Object[] parsePeriod(String text) {
    Matcher m = PERIOD.matcher(text.toUpperCase());
    if (m.matches()) {
      int year = Integer.parseInt(m.group(1));
      String rest = m.group(2);
      if (rest == null) return new Object[] {"year", year, 0};
      if (rest.startsWith("Q")) return new Object[] {"quarter", year, Integer.parseInt(rest.substring(1))};
      int month = Integer.parseInt(rest.startsWith("YTD") ? rest.substring(3) : rest);
      if (month >= 1 && month <= 12) return new Object[] {rest.startsWith("YTD") ? "ytd" : "month", year, month};
    }
    throw new UsageException("Period '" + text + "' is not understood.", "periods are a year, a quarter, a month or a year to date.",
        "Write 2023, 2023-Q2, 2023-05 or 2023-YTD05.");
  }

  @Override
  public Integer call() throws Exception {
    Settings settings = common.settings();
    IndicatorCatalogue catalogue = IndicatorCatalogue.shipped();
    if (catalogue.indicators().stream().noneMatch(i -> i.name().equals(indicator))) {
      throw new UsageException("Unknown indicator '" + indicator + "'.", "it is not in the indicator catalogue.",
          "Use one of " + catalogue.indicators().stream().map(IndicatorCatalogue.Indicator::name).toList() + ".");
    }
    IndicatorCatalogue.Indicator ind = catalogue.indicator(indicator);
    if (!ind.breakdowns().contains(breakdown)) {
      throw new UsageException("Indicator " + indicator + " has no breakdown '" + breakdown + "'.", "its breakdowns are " + ind.breakdowns() + ".",
          "Pass one of them with --breakdown.");
    }
    Preflight.oneOf("--view", view, "latest", "first_published");
    Preflight.oneOf("--boundary", boundary, "as_is", "as_was");
    Object[] p = parsePeriod(period);
    if (!ind.periodTypes().contains((String) p[0])) {
      throw new UsageException(indicator + " has no " + p[0] + " figures.", "its periods are " + ind.periodTypes() + ".",
          "Ask for one of those periods.");
    }
    if (out != null && !out.toString().endsWith(".csv") && !out.toString().endsWith(".parquet")) {
      throw new UsageException("--out " + out + " has an unknown format.", "explain writes .csv or .parquet.", "Name the file x.csv or x.parquet.");
    }
    Preflight.regionCode(region);
    Preflight.requireFinishedMarts(settings);
    String level = org.ipcube.region.RegionCodes.level(region);
    String name = KernelReads.rows(Table.MARTS_DIM_REGIONS.path(settings), Map.of("region_code", region, "region_level", level),
            List.of("region_name")).stream().map(r -> r.string("region_name")).findFirst()
        .orElseThrow(() -> new UsageException("Region " + region + " is not a " + level + " of any division snapshot.",
            "marts.dim_regions has no " + level + " with that code.", "Check the code (e.g. 330400 for 嘉兴市)."));
    ExplainFigures.Figure figure = new ExplainFigures.Figure(region, level, boundary, view, indicator, breakdown, (String) p[0],
        (Integer) p[1], (Integer) p[2]);
    try (SparkSessions.Lease lease = SparkSessions.lease(settings, "ipcube-explain")) {
      SparkSession spark = lease.spark();
      ExplainFigures.Explanation e = ExplainFigures.explain(spark, settings, figure);
      print(name, ind, e);
      if (out != null) {
        write(e.rights(), out);
        System.out.println("rights written to " + out.toAbsolutePath());
      }
      return 0;
    }
  }

  private void print(String name, IndicatorCatalogue.Indicator ind, ExplainFigures.Explanation e) {
    System.out.printf("%s (%s) · %s%s · %s · view %s · boundary %s%n", name, region, ind.labelZh(),
        breakdown.equals("total") ? "" : " (" + breakdown + ")", period, view, boundary);
    Row c = e.cubeRow();
    System.out.println("figure     " + (c == null ? "none in the cube (no right counted, or the period is outside the cube)"
        : Console.figure(c.<Double>getAs("value")) + " " + ind.unit()));
    System.out.println("rule       " + ind.rule());
    if (ind.isRatio()) {
      System.out.printf("ratio      %s ÷ %s%n", ind.numerator(), ind.denominator());
      if (c != null) {
        System.out.printf("           numerator %s, denominator %s%n", Console.figure(c.<Double>getAs("numerator")), Console.figure(c.<Double>getAs("denominator")));
      }
      Row st = e.statistic();
      if (st != null) {
        System.out.printf("statistic  %s of %s, %s release published %s (%s): %s%n", st.getAs("indicator"), st.getAs("year"),
            st.getAs("release"), st.getAs("publication_date"), st.getAs("source_file"), Console.figure(st.<Double>getAs("value")));
      } else if (ind.denominatorStatistic() != null) {
        System.out.println("statistic  none published for this region and year by the figure's date: the cube has no ratio here");
      }
      if (e.denominatorValue() != null) {
        System.out.println("           denominator listed: " + Console.figure(e.denominatorValue()));
      }
    }
    double expected = c == null ? 0.0 : ind.isRatio() ? c.<Double>getAs("numerator") : c.<Double>getAs("value");
    boolean agrees = Math.abs(expected - e.listedValue()) < 1e-6;
    System.out.printf("listed     %s (%s of %s, %,d rights): %s%n", Console.figure(e.listedValue()), e.counted().indicator(), e.counted().breakdown(),
        e.listedRights(), agrees ? "equals the " + (ind.isRatio() ? "numerator" : "figure") : "DIFFERS from the cube's " + Console.figure(expected)
            + " (the cube is older than the cleaned tables: rerun `ipcube marts`)");
    List<String> cols = List.of("right_id", "fact_breakdown", "county_code", "event_date", "known_date", "from_date", "to_date", "measure",
        "holder_name", "attribution_address", "address_resolution", "delivery_date", "source_file", "record_position");
    List<String[]> table = new ArrayList<>();
    table.add(cols.toArray(String[]::new));
    for (Row r : e.rights().limit(limit).collectAsList()) {
      table.add(cols.stream().map(k -> r.getAs(k) == null ? "" : String.valueOf((Object) r.getAs(k))).toArray(String[]::new));
    }
    Console.table(table).forEach(System.out::println);
    if (e.listedRights() > limit) System.out.printf("(%d of the rows shown; --out writes all)%n", limit);
  }

  /** CSV as one file (streamed from the executors: a national figure lists millions of rights), Parquet as a folder. */
  private static void write(Dataset<Row> rights, java.nio.file.Path path) throws java.io.IOException {
    if (path.toString().endsWith(".parquet")) {
      rights.coalesce(1).write().mode("overwrite").parquet(path.toString());
      return;
    }
    try (BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      w.write(String.join(",", rights.columns()));
      w.newLine();
      for (Iterator<Row> it = rights.toLocalIterator(); it.hasNext();) {
        Row r = it.next();
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < r.length(); i++) cells.add(csv(r.get(i)));
        w.write(String.join(",", cells));
        w.newLine();
      }
    }
  }

  private static String csv(Object v) {
    if (v == null) return "";
    String s = String.valueOf(v);
    return s.matches(".*[,\"\\n\\r].*") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
