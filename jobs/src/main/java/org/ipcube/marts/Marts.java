package org.ipcube.marts;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import java.util.List;
import org.ipcube.common.RunMode;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.ipcube.common.DeltaTables;
import org.ipcube.common.IpcubeException;
import org.ipcube.common.Progress;
import org.ipcube.common.Settings;
import org.ipcube.common.Table;
import org.ipcube.common.TableSchema;
import org.ipcube.common.Watermarks;

/**
 * The marts stage: dimensions, then each domain's cube (and the revisions of its figures), over the
 * years the deliveries cover, then the load-quality metrics of every delivery; a nightly skips the
 * cubes none of whose inputs changed.
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
   * Builds the dimensions, then each domain's cube: all of it ({@link RunMode#REBUILD}), or
   * ({@link RunMode#CHANGES}) only what changed since the last build, per
   * {@code marts.job_watermarks} ({@link CubeScope}): a domain none of whose inputs changed and
   * whose as-of date is the same is left alone; the patent and trademark cubes rewrite the years
   * their inputs' changes touch; pledges and GI (small next to them) are rebuilt whole when an
   * input changed, and rewrite the years a moved as-of date changes when only it moved.
   */
  public static Result build(SparkSession spark, Settings s, LocalDate asOfOrNull, RunMode mode) {
    Row span = Table.RAW_DELIVERIES.read(spark, s)
        .filter(col("status").equalTo("loaded").and(col("feed").startsWith("patent_")))
        .agg(functions.min("delivery_date"), functions.max("delivery_date")).first();
    if (span.isNullAt(0)) {
      throw new IpcubeException("No patent deliveries are loaded.", "raw.deliveries has no loaded patent_biblio or patent_legal delivery.",
          "Run `ipcube ingest` (or `ipcube run`) for some delivery dates first.");
    }
    LocalDate first = span.getAs(0);
    LocalDate asOf = asOfOrNull != null ? asOfOrNull : span.getAs(1);
    try (Progress.Step step = Progress.step(spark, "marts dimensions")) {
      BuildDimensionsJob.run(spark, s, first.getYear() - 1, asOf.getYear() + 1);
    }
    if (DeltaTables.repartitionedSince(spark, Table.MARTS_REGIONAL_INDICATORS.schema(), Table.MARTS_REGIONAL_INDICATORS.path(s))) {
      // A release that partitions the cube another way: every domain is rebuilt into the new layout.
      System.out.println("marts  regional cube    partitioned anew: every domain is rebuilt");
      mode = RunMode.REBUILD;
    }
    java.util.Map<String, Long> rows = new java.util.LinkedHashMap<>();
    int firstYear = first.getYear();
    String contracts = java.util.stream.Stream.of("regional_indicators", "cubes").map(t -> Table.of("marts", t).schema())
        .map(t -> t.name() + t.partitionedBy() + t.columns().stream().map(c -> c.name() + " " + c.typeText()).toList())
        .collect(java.util.stream.Collectors.joining(";"));
    String fixed = "first_year=" + firstYear + ";" + s.contentFingerprint() + ";contracts=" + Integer.toHexString(contracts.hashCode());
    List<String> dims = List.of("marts.dim_regions", "marts.dim_periods");
    Build build = new Build(spark, s, mode, CubeScope.parameters(asOf, fixed), asOf, firstYear, dims, rows);
    build.domain("patent", "BuildPatentCubeJob", concat(List.of("cleaned.patents", "cleaned.patent_transactions",
        "cleaned.patent_validity_intervals", "cleaned.pledge_events", "cleaned.pledged_rights", "cleaned.stats_figures"), dims),
        (before, now) -> BuildPatentCubeJob.touchedYears(spark, s, before, now, asOf.getYear()),
        scope -> BuildPatentCubeJob.run(spark, s, firstYear, asOf, scope));
    build.domain("trademark", "BuildTrademarkCubeJob", concat(List.of("cleaned.trademarks", "cleaned.trademark_versions",
        "cleaned.stats_figures"), dims), (before, now) -> BuildTrademarkCubeJob.touchedYears(spark, s, before, now, asOf.getYear()),
        scope -> BuildTrademarkCubeJob.run(spark, s, firstYear, asOf, scope));
    build.domain("pledge", "BuildPledgeCubeJob", concat(List.of("cleaned.pledge_events", "cleaned.pledge_contracts",
        "cleaned.pledged_rights"), dims), null, scope -> BuildPledgeCubeJob.run(spark, s, firstYear, asOf, scope));
    build.domain("gi", "BuildGiCubeJob", concat(List.of("cleaned.gi_product_versions", "cleaned.gi_user_versions",
        "cleaned.trademarks", "cleaned.trademark_versions"), dims), null, scope -> BuildGiCubeJob.run(spark, s, firstYear, asOf, scope));
    build.finish();
    try (Progress.Step step = Progress.step(spark, "marts load quality")) {
      buildLoadQuality(spark, s, mode, asOf);
    }
    return new Result(rows, first.getYear(), asOf);
  }

  private static void buildLoadQuality(SparkSession spark, Settings s, RunMode mode, LocalDate asOf) {
    long t = System.nanoTime();
    // The metrics are a function of these tables and the as-of year: a night that changed none of
    // them (a feed without a delivery) skips their dozen small Spark jobs.
    Watermarks.State qualityInputs = Watermarks.current(spark, s, List.of("raw.deliveries", "raw.quarantined_records",
        "cleaned.rejected_records", "cleaned.patents", "cleaned.trademarks", "cleaned.gi_user_versions", "cleaned.pledge_contracts",
        "cleaned.patent_legal_events", "cleaned.pledge_events", "cleaned.stats_figures", "marts.dim_regions"), "as_of_year=" + asOf.getYear());
    if (mode == RunMode.CHANGES && Watermarks.consumed(spark, s, "marts", "BuildLoadQualityJob").filter(qualityInputs::equals).isPresent()) {
      System.out.println("marts  load quality     unchanged since the last build");
    } else {
      long quality = BuildLoadQualityJob.run(spark, s, asOf);
      Watermarks.record(spark, s, "marts", "BuildLoadQualityJob", qualityInputs, mode == RunMode.REBUILD ? "rebuild" : "changes");
      System.out.printf("marts  load quality     %,d metrics of the deliveries, in %.1f s%n", quality, (System.nanoTime() - t) / 1e9);
    }
  }

  /**
   * The domains {@code marts.cubes} (at {@code cubesPath}) flags as being rewritten by a marts run
   * that has not finished (Delta Kernel, no Spark). A table written before the flag existed has
   * no such column: its cubes were finished.
   */
  public static List<String> unfinishedCubes(String cubesPath) {
    return org.ipcube.serving.KernelReads.rows(cubesPath, java.util.Map.of(), List.of()).stream()
        .filter(r -> Boolean.FALSE.equals(r.get("is_complete"))).map(r -> r.string("domain")).toList();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** One marts run: decides per domain what to build, times it, and records what it consumed. */
  private record Build(SparkSession spark, Settings s, RunMode mode, String parameters, LocalDate asOf, int firstYear,
      List<String> dimensions, java.util.Map<String, Long> rows, java.util.Map<String, String> outcomes) {
    Build(SparkSession spark, Settings s, RunMode mode, String parameters, LocalDate asOf, int firstYear, List<String> dimensions,
        java.util.Map<String, Long> rows) {
      this(spark, s, mode, parameters, asOf, firstYear, dimensions, rows, new java.util.LinkedHashMap<>());
    }

    void domain(String domain, String job, List<String> inputs, CubeScope.TouchedYears touched,
        java.util.function.ToLongFunction<CubeScope> cube) {
      try (Progress.Step step = Progress.step(spark, "marts " + domain + " cube")) {
        domainInItsStep(domain, job, inputs, touched, cube);
      }
    }

    private void domainInItsStep(String domain, String job, List<String> inputs, CubeScope.TouchedYears touched,
        java.util.function.ToLongFunction<CubeScope> cube) {
      long t = System.nanoTime();
      Watermarks.State now = Watermarks.current(spark, s, inputs, parameters);
      CubeScope scope = mode == RunMode.REBUILD ? CubeScope.whole("rebuild asked for")
          : CubeScope.plan(Watermarks.consumed(spark, s, "marts", job), now, asOf, firstYear, s.applicationsIncompleteMonths(),
              dimensions, touched);
      if (scope.kind() == CubeScope.Kind.UNCHANGED) {
        outcomes.put(domain, "unchanged");
        System.out.printf("marts  %-16s unchanged since the last build%n", domain + " cube");
        return;
      }
      if (scope.kind() == CubeScope.Kind.YEARS && !scope.years().isEmpty()) {
        System.out.printf("marts  %-16s rewriting %s (planned in %.1f s)%n", domain + " cube", CubeScope.describe(scope.years()),
            (System.nanoTime() - t) / 1e9);
      }
      if (outcomes.values().stream().allMatch("unchanged"::equals)) {
        markUnfinished();
      }
      // No year touched (the as-of date moved within a month, changes outside the cube's years):
      // no row changes, only the watermark and the as-of record move.
      long written = scope.kind() == CubeScope.Kind.YEARS && scope.years().isEmpty() ? 0 : cube.applyAsLong(scope);
      Watermarks.record(spark, s, "marts", job, now, mode == RunMode.REBUILD ? "rebuild" : "changes");
      String what = scope.kind() == CubeScope.Kind.WHOLE ? "whole: " + scope.reason()
          : scope.years().isEmpty() ? "no year touched" : String.format("%,d rows of %s rewritten", written, CubeScope.describe(scope.years()));
      outcomes.put(domain, what);
      System.out.printf("marts  %-16s %s, in %.1f s%n", domain + " cube", what, (System.nanoTime() - t) / 1e9);
    }

    /**
     * Before the first cube of the run is rewritten, {@code marts.cubes} says so (every row
     * {@code is_complete = false}) until {@link #finish} records the new as-of dates. A run killed
     * or failed between two cubes leaves the cube mixing two dates; readers see the flag and say
     * to rerun the marts instead of reporting that mix as a finished cube. (A first build has no
     * {@code marts.cubes} until it finishes, and readers already ask for the marts then.)
     */
    private void markUnfinished() {
      String path = Table.MARTS_CUBES.path(s);
      if (!DeltaTables.exists(spark, path)) {
        return;
      }
      List<Row> flagged = Table.MARTS_CUBES.read(spark, s).collectAsList().stream()
          .map(r -> org.apache.spark.sql.RowFactory.create(r.getAs("domain"), r.getAs("as_of_date"), r.getAs("first_year"),
              r.getAs("last_year"), false))
          .toList();
      TableSchema cubes = Table.MARTS_CUBES.schema();
      DeltaTables.overwrite(spark.createDataFrame(flagged, cubes.structType()), cubes, path);
    }

    /**
     * True when a killed or failed run left {@code marts.cubes} flagged: this run found every cube
     * up to date (the killed run had recorded their watermarks) and must still clear the flag.
     * Read through Delta Kernel: a night with nothing to build pays no Spark job for it.
     */
    private boolean leftUnfinished() {
      String path = Table.MARTS_CUBES.path(s);
      return DeltaTables.exists(spark, path) && !unfinishedCubes(path).isEmpty();
    }

    /**
     * Records the as-of date every domain's cube now reflects in {@code marts.cubes}, flag cleared
     * (one commit, only when a domain was built or a killed run left the flag), and counts each
     * domain's rows for the summary.
     */
    void finish() {
      if (outcomes.values().stream().anyMatch(o -> !o.equals("unchanged")) || leftUnfinished()) {
        TableSchema cubes = Table.MARTS_CUBES.schema();
        List<Row> rowsOfCubes = outcomes.keySet().stream()
            .map(d -> org.apache.spark.sql.RowFactory.create(d, java.sql.Date.valueOf(asOf), firstYear, asOf.getYear(), true)).toList();
        DeltaTables.overwrite(spark.createDataFrame(rowsOfCubes, cubes.structType()), cubes, Table.MARTS_CUBES.path(s));
      }
      // From the file statistics in the Delta log (no Spark job: a night that built nothing paid
      // ~20 s on the demo's cube for this count); a query only if a file lacks them.
      String cube = Table.MARTS_REGIONAL_INDICATORS.path(s);
      java.util.Map<String, Long> counted = org.ipcube.serving.KernelReads.rowCountsByPartition(cube, "domain").orElseGet(() -> {
        java.util.Map<String, Long> queried = new java.util.HashMap<>();
        Table.MARTS_REGIONAL_INDICATORS.read(spark, s).groupBy("domain").count().collectAsList()
            .forEach(r -> queried.put(r.getString(0), r.getLong(1)));
        return queried;
      });
      outcomes.keySet().forEach(domain -> rows.put(domain, counted.getOrDefault(domain, 0L)));
    }
  }
}
