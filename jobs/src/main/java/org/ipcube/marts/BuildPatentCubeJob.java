package org.ipcube.marts;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
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

  private static final java.util.List<Dataset<Row>> PERSISTED = new java.util.ArrayList<>();

  /**
   * The additive counts of every region, period, view and boundary (cached). The county-level base
   * and its two boundaries are each used several times (as_was and as_is, then every roll-up level),
   * so they are persisted rather than recomputed: this halves the stage.
   */
  public static Dataset<Row> counts(Dataset<Row> patents, Dataset<Row> transactions, Dataset<Row> intervals,
      Dataset<Row> dimRegions, int lag, int firstYear, LocalDate asOf) {
    unpersistInputs();
    Dataset<Row> flows = CubeTransforms.flowsByPeriod(PatentCubeTransforms.flowFacts(patents, transactions), lag,
        firstYear, asOf.getYear());
    Dataset<Row> stocks = CubeTransforms.stocksByPeriod(PatentCubeTransforms.stockSpans(intervals),
        LocalDate.of(firstYear, 1, 1), asOf);
    Dataset<Row> base = flows.unionByName(stocks).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> bounded = CubeTransforms.withBoundaries(base, dimRegions).persist(StorageLevel.MEMORY_AND_DISK());
    PERSISTED.add(base);
    PERSISTED.add(bounded);
    return CubeTransforms.rollUp(bounded).persist(StorageLevel.MEMORY_AND_DISK());
  }

  /** Releases what {@link #counts} persisted for the previous build. */
  public static void unpersistInputs() {
    PERSISTED.forEach(Dataset::unpersist);
    PERSISTED.clear();
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
      unpersistInputs();
      spark.catalog().clearCache();
    }
  }
}
