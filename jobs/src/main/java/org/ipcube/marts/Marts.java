package org.ipcube.marts;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import java.util.List;
import org.ipcube.common.RunMode;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.ipcube.common.IpcubeException;
import org.ipcube.common.Settings;
import org.ipcube.common.Watermarks;

/**
 * The marts stage: dimensions, then each domain's cube, over the years the deliveries cover; a
 * nightly skips the cubes none of whose inputs changed.
 */
public final class Marts {
  private Marts() {}

  /** Rows written per domain, the first year and the as-of date of the cube. */
  public record Result(java.util.Map<String, Long> rows, int firstYear, LocalDate asOf) {
    public long totalRows() {
      return rows.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Builds every domain's cube (a rebuild, as {@code ipcube run} does). */
  public static Result build(SparkSession spark, Settings s, LocalDate asOfOrNull) {
    return build(spark, s, asOfOrNull, RunMode.REBUILD);
  }

  /**
   * Builds the dimensions, then each domain's cube: all of them ({@link RunMode#REBUILD}), or
   * ({@link RunMode#CHANGES}) only those whose inputs have a new version or whose parameters
   * (as-of date, first year, counting settings) differ from the last build, per
   * {@code marts.job_watermarks}. A cube is still rebuilt whole: its rows carry the as-of date,
   * and derive (growth, shares, ranks) reads whole series.
   */
  public static Result build(SparkSession spark, Settings s, LocalDate asOfOrNull, RunMode mode) {
    Row span = spark.read().format("delta").load(s.tablePath("raw", "deliveries"))
        .filter(col("status").equalTo("loaded").and(col("feed").startsWith("patent_")))
        .agg(functions.min("delivery_date"), functions.max("delivery_date")).first();
    if (span.isNullAt(0)) {
      throw new IpcubeException("No patent deliveries are loaded.", "raw.deliveries has no loaded patent_biblio or patent_legal delivery.",
          "Run `ipcube ingest` (or `ipcube run`) for some delivery dates first.");
    }
    LocalDate first = span.getAs(0);
    LocalDate asOf = asOfOrNull != null ? asOfOrNull : span.getAs(1);
    BuildDimensionsJob.run(spark, s, first.getYear() - 1, asOf.getYear() + 1);
    java.util.Map<String, Long> rows = new java.util.LinkedHashMap<>();
    int firstYear = first.getYear();
    String parameters = "as_of=" + asOf + ";first_year=" + firstYear + ";" + s.contentFingerprint();
    List<String> dims = List.of("marts.dim_regions", "marts.dim_periods");
    Build build = new Build(spark, s, mode, parameters, rows);
    build.domain("patent", "BuildPatentCubeJob", concat(List.of("cleaned.patents", "cleaned.patent_transactions",
        "cleaned.patent_validity_intervals", "cleaned.pledge_events", "cleaned.pledged_rights", "cleaned.stats_figures"), dims),
        () -> BuildPatentCubeJob.run(spark, s, firstYear, asOf));
    build.domain("trademark", "BuildTrademarkCubeJob", concat(List.of("cleaned.trademarks", "cleaned.trademark_versions",
        "cleaned.stats_figures"), dims), () -> BuildTrademarkCubeJob.run(spark, s, firstYear, asOf));
    build.domain("pledge", "BuildPledgeCubeJob", concat(List.of("cleaned.pledge_events", "cleaned.pledge_contracts",
        "cleaned.pledged_rights"), dims), () -> BuildPledgeCubeJob.run(spark, s, firstYear, asOf));
    build.domain("gi", "BuildGiCubeJob", concat(List.of("cleaned.gi_product_versions", "cleaned.gi_user_versions",
        "cleaned.trademarks", "cleaned.trademark_versions"), dims), () -> BuildGiCubeJob.run(spark, s, firstYear, asOf));
    return new Result(rows, first.getYear(), asOf);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** One marts run: decides per domain whether to build, times it, and records what it consumed. */
  private record Build(SparkSession spark, Settings s, RunMode mode, String parameters, java.util.Map<String, Long> rows) {
    void domain(String domain, String job, List<String> inputs, java.util.function.LongSupplier cube) {
      long t = System.nanoTime();
      Watermarks.State now = Watermarks.current(spark, s, inputs, parameters);
      if (mode == RunMode.CHANGES && Watermarks.consumed(spark, s, "marts", job).filter(now::equals).isPresent()) {
        rows.put(domain, spark.read().format("delta").load(s.tablePath("marts", "regional_indicators"))
            .filter(col("domain").equalTo(domain)).count());
        System.out.printf("marts  %-16s unchanged since the last build (%,d rows)%n", domain + " cube", rows.get(domain));
        return;
      }
      rows.put(domain, cube.getAsLong());
      Watermarks.record(spark, s, "marts", job, now, mode == RunMode.REBUILD ? "rebuild" : "changes");
      System.out.printf("marts  %-16s %,d rows in %.1f s%n", domain + " cube", rows.get(domain), (System.nanoTime() - t) / 1e9);
    }
  }
}
