package org.ipcube.marts;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ipcube.common.Settings;
import org.ipcube.common.Table;
import org.ipcube.common.Watermarks;
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
   * The additive counts of every region, period, view and boundary of the years
   * {@code fromYear..toYear}, materialised, as are the county-level base and its two boundaries
   * they are rolled up from: each grain is computed once and read as a leaf by the next (see
   * {@link DomainCubes#materialise}). Stocks are counted up to the as-of date's month, each in the
   * division valid at its period end ({@code successions}, see {@link CubeStocks#placedAtPeriodEnd}).
   */
  public static Dataset<Row> counts(Dataset<Row> patents, Dataset<Row> transactions, Dataset<Row> intervals,
      Dataset<Row> dimRegions, Dataset<Row> successions, int lagDays, int fromYear, int toYear, LocalDate asOf) {
    releaseInputs();
    Dataset<Row> flows = CubeFlows.flowsByPeriod(PatentCubeTransforms.flowFacts(patents, transactions), lagDays,
        fromYear, Math.min(toYear, asOf.getYear()));
    Dataset<Row> stocks = CubeStocks.stocksByPeriod(
        CubeStocks.placedAtPeriodEnd(PatentCubeTransforms.stockSpans(intervals), successions), LocalDate.of(fromYear, 1, 1),
        DomainCubes.lastStockMonth(toYear, asOf));
    Dataset<Row> counts = DomainCubes.rolledUp(flows.unionByName(stocks), dimRegions);
    MATERIALISED.add(counts);
    return counts;
  }

  /** The counts of every year from {@code firstYear} to the as-of date's. */
  public static Dataset<Row> counts(Dataset<Row> patents, Dataset<Row> transactions, Dataset<Row> intervals,
      Dataset<Row> dimRegions, Dataset<Row> successions, int lagDays, int firstYear, LocalDate asOf) {
    return counts(patents, transactions, intervals, dimRegions, successions, lagDays, firstYear, asOf.getYear(), asOf);
  }

  /**
   * The years of the patent cube that the inputs' changes between two watermarks touch
   * ({@link PatentCubeTransforms#touchedYears}): the changed rows of the large cleaned tables from
   * their change feeds, and of the small inputs (the pledge criterion's dates, the statistics) the
   * difference between their two versions. Empty when a change feed does not cover the versions
   * (enabled later, or vacuumed): the caller then builds the whole cube.
   */
  static Optional<SortedSet<Integer>> touchedYears(SparkSession spark, Settings s, Watermarks.State consumed, Watermarks.State now,
      int lastYear) {
    Optional<Map<String, Dataset<Row>>> changes = DomainCubes.changedRows(spark, s, consumed, now,
        List.of("cleaned.patents", "cleaned.patent_transactions", "cleaned.patent_validity_intervals"));
    if (changes.isEmpty()) {
      return Optional.empty();
    }
    Dataset<Row> patents = changes.get().get("cleaned.patents");
    Dataset<Row> transactions = changes.get().get("cleaned.patent_transactions");
    Dataset<Row> intervals = changes.get().get("cleaned.patent_validity_intervals");
    Dataset<Row> current = pledgeDates(spark, s, now);
    Dataset<Row> pledgeDates = DomainCubes.difference(pledgeDates(spark, s, consumed), current);
    Dataset<Row> stats = DomainCubes.changedStatistics(spark, s, consumed, now);
    return Optional.of(DomainCubes.years(PatentCubeTransforms.touchedYears(DomainCubes.removed(patents), DomainCubes.added(patents),
        DomainCubes.removed(transactions), DomainCubes.added(transactions), DomainCubes.removed(intervals), DomainCubes.added(intervals),
        current, pledgeDates, stats, lastYear)));
  }

  private static Dataset<Row> pledgeDates(SparkSession spark, Settings s, Watermarks.State state) {
    return PledgeCubeTransforms.highValuePledgeDates(at(spark, s, "cleaned.pledge_events", state.version("cleaned.pledge_events")),
        at(spark, s, "cleaned.pledged_rights", state.version("cleaned.pledged_rights")), s.highValuePledgeThresholdWan());
  }

  /** {@code layer.table} at {@code version} (empty, in the contract's shape, at -1). */
  private static Dataset<Row> at(SparkSession spark, Settings s, String table, long version) {
    return Table.of(table).readAt(spark, s, version);
  }

  /** Releases what {@link #counts} materialised for the previous build. */
  public static void releaseInputs() {
    MATERIALISED.forEach(DomainCubes::release);
    MATERIALISED.clear();
  }

  /**
   * Builds the whole cube of the domain.
   *
   * @param asOf the last delivery date the cube reflects (stocks are computed up to its month)
   */
  public static long run(SparkSession spark, Settings s, int firstYear, LocalDate asOf) {
    return run(spark, s, firstYear, asOf, CubeScope.whole("asked for"));
  }

  /** Builds the years of the domain's cube that {@code scope} names (all of them when it is whole). */
  static long run(SparkSession spark, Settings s, int firstYear, LocalDate asOf, CubeScope scope) {
    Dataset<Row> patents = Table.CLEANED_PATENTS.readCached(spark, s);
    Dataset<Row> transactions = Table.CLEANED_PATENT_TRANSACTIONS.readCached(spark, s);
    Dataset<Row> intervals = PatentCubeTransforms.withPledgeCriterion(
        Table.CLEANED_PATENT_VALIDITY_INTERVALS.readCached(spark, s),
        PledgeCubeTransforms.highValuePledgeDates(
            Table.CLEANED_PLEDGE_EVENTS.readCached(spark, s),
            Table.CLEANED_PLEDGED_RIGHTS.readCached(spark, s),
            s.highValuePledgeThresholdWan()));
    Dataset<Row> stats = Table.CLEANED_STATS_FIGURES.readCached(spark, s);
    Dataset<Row> dimRegions = Table.MARTS_DIM_REGIONS.readCached(spark, s);
    Dataset<Row> dimPeriods = Table.MARTS_DIM_PERIODS.readCached(spark, s);

    int lagDays = s.publicationLagDays();
    Dataset<Row> counts = counts(patents, transactions, intervals, dimRegions, BuildDimensionsJob.successions(spark), lagDays,
        scope.firstYearToCompute(firstYear), scope.lastYearToCompute(asOf), asOf);
    try {
      Dataset<Row> values = DomainCubes.withoutRatio(counts)
          .unionByName(DomainCubes.materialise(PatentCubeTransforms.ratios(counts, stats, lagDays, dimPeriods)));
      return DomainCubes.write(spark, s, "patent", values, dimRegions, dimPeriods, asOf, scope);
    } finally {
      releaseInputs();
      spark.catalog().clearCache();
    }
  }
}
