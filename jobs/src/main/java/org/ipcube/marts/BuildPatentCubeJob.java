package org.ipcube.marts;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ipcube.common.DeltaTables;
import org.ipcube.common.Settings;
import org.ipcube.common.TableSchema;
import org.ipcube.marts.patents.PatentCubeTransforms;
import org.ipcube.marts.pledges.PledgeCubeTransforms;

/**
 * Reads the cleaned patent tables, the cleaned pledge events and rights (for the high-value pledge
 * criterion), {@code cleaned.stats_figures} and the dimensions, and writes
 * the patent rows ({@code domain = 'patent'}) of {@code marts.regional_indicators}: one row per
 * region, period, indicator, breakdown, view and boundary, with growth, shares and ranks.
 */
public final class BuildPatentCubeJob {
  private BuildPatentCubeJob() {}

  private static final java.util.List<Dataset<Row>> MATERIALISED = new java.util.ArrayList<>();

  /**
   * The additive counts of every region, period, view and boundary, materialised, as are the
   * county-level base and its two boundaries they are rolled up from: each grain is computed once
   * and read as a leaf by the next (see {@link DomainCubes#materialise}).
   */
  public static Dataset<Row> counts(Dataset<Row> patents, Dataset<Row> transactions, Dataset<Row> intervals,
      Dataset<Row> dimRegions, int lag, int firstYear, LocalDate asOf) {
    releaseInputs();
    Dataset<Row> flows = CubeTransforms.flowsByPeriod(PatentCubeTransforms.flowFacts(patents, transactions), lag,
        firstYear, asOf.getYear());
    Dataset<Row> stocks = CubeTransforms.stocksByPeriod(PatentCubeTransforms.stockSpans(intervals),
        LocalDate.of(firstYear, 1, 1), asOf);
    Dataset<Row> counts = DomainCubes.rolledUp(flows.unionByName(stocks), dimRegions);
    MATERIALISED.add(counts);
    return counts;
  }

  /** Releases what {@link #counts} materialised for the previous build. */
  public static void releaseInputs() {
    MATERIALISED.forEach(DomainCubes::release);
    MATERIALISED.clear();
  }

  /** @param asOf the last delivery date the cube reflects (stocks are computed up to its month). */
  public static long run(SparkSession spark, Settings s, int firstYear, LocalDate asOf) {
    Dataset<Row> patents = DeltaTables.readCached(spark, TableSchema.of("cleaned", "patents"), s.tablePath("cleaned", "patents"));
    Dataset<Row> transactions = DeltaTables.readCached(spark, TableSchema.of("cleaned", "patent_transactions"),
        s.tablePath("cleaned", "patent_transactions"));
    Dataset<Row> intervals = PatentCubeTransforms.withPledgeCriterion(
        DeltaTables.readCached(spark, TableSchema.of("cleaned", "patent_validity_intervals"),
            s.tablePath("cleaned", "patent_validity_intervals")),
        PledgeCubeTransforms.highValuePledgeDates(
            DeltaTables.readCached(spark, TableSchema.of("cleaned", "pledge_events"), s.tablePath("cleaned", "pledge_events")),
            DeltaTables.readCached(spark, TableSchema.of("cleaned", "pledged_rights"), s.tablePath("cleaned", "pledged_rights")),
            s.highValuePledgeThresholdWan()));
    TableSchema statsSchema = TableSchema.of("cleaned", "stats_figures");
    Dataset<Row> stats = DeltaTables.readCached(spark, statsSchema, s.tablePath("cleaned", "stats_figures"));
    Dataset<Row> dimRegions = DeltaTables.readCached(spark, TableSchema.of("marts", "dim_regions"), s.tablePath("marts", "dim_regions"));
    Dataset<Row> dimPeriods = DeltaTables.readCached(spark, TableSchema.of("marts", "dim_periods"), s.tablePath("marts", "dim_periods"));

    int lag = s.publicationLagDays();
    Dataset<Row> counts = counts(patents, transactions, intervals, dimRegions, lag, firstYear, asOf);
    try {
      Dataset<Row> values = DomainCubes.withoutRatio(counts).unionByName(PatentCubeTransforms.ratios(counts, stats, lag, dimPeriods));
      return DomainCubes.write(spark, s, "patent", values, java.util.Set.of(), PatentCubeTransforms.unit(col("indicator")),
          dimRegions, dimPeriods, asOf);
    } finally {
      releaseInputs();
      spark.catalog().clearCache();
    }
  }
}
