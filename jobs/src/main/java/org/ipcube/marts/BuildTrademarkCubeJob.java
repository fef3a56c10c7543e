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
import org.ipcube.marts.trademarks.TrademarkCubeTransforms;

/**
 * Reads {@code cleaned.trademarks}, {@code cleaned.trademark_versions}, {@code cleaned.stats_figures}
 * and the dimensions, and writes the trademark rows ({@code domain = 'trademark'}) of
 * {@code marts.regional_indicators}: one row per region, period, indicator, breakdown, view and
 * boundary (registrations, valid marks, Madrid marks, 驰名商标, valid marks per 万户 market entities).
 */
public final class BuildTrademarkCubeJob {
  private BuildTrademarkCubeJob() {}

  /** Rolled-up counts and the ratio, before the derived columns. */
  public static Dataset<Row> values(Dataset<Row> trademarks, Dataset<Row> versions, Dataset<Row> stats, Dataset<Row> dimRegions,
      Dataset<Row> successions, Dataset<Row> dimPeriods, int lagDays, int firstYear, LocalDate asOf) {
    return values(trademarks, versions, stats, dimRegions, successions, dimPeriods, lagDays, firstYear, asOf.getYear(), asOf);
  }

  /** The values of the years {@code fromYear..toYear} only (a night's years and the one before them, for growth). */
  static Dataset<Row> values(Dataset<Row> trademarks, Dataset<Row> versions, Dataset<Row> stats, Dataset<Row> dimRegions,
      Dataset<Row> successions, Dataset<Row> dimPeriods, int lagDays, int fromYear, int toYear, LocalDate asOf) {
    Dataset<Row> flows = CubeFlows.flowsByPeriod(TrademarkCubeTransforms.flowFacts(trademarks), lagDays, fromYear,
        Math.min(toYear, asOf.getYear()));
    Dataset<Row> stocks = CubeStocks.stocksByPeriod(
        CubeStocks.placedAtPeriodEnd(TrademarkCubeTransforms.stockSpans(versions, lagDays), successions), LocalDate.of(fromYear, 1, 1),
        DomainCubes.lastStockMonth(toYear, asOf));
    Dataset<Row> counts = DomainCubes.rolledUp(flows.unionByName(stocks), dimRegions);
    return DomainCubes.withoutRatio(counts)
        .unionByName(DomainCubes.materialise(TrademarkCubeTransforms.ratios(counts, stats, lagDays, dimPeriods)));
  }

  /** Builds the whole cube of the domain. */
  public static long run(SparkSession spark, Settings s, int firstYear, LocalDate asOf) {
    return run(spark, s, firstYear, asOf, CubeScope.whole("asked for"));
  }

  /** Builds the years of the domain's cube that {@code scope} names (all of them when it is whole). */
  static long run(SparkSession spark, Settings s, int firstYear, LocalDate asOf, CubeScope scope) {
    Dataset<Row> trademarks = Table.CLEANED_TRADEMARKS.readCached(spark, s);
    Dataset<Row> versions = Table.CLEANED_TRADEMARK_VERSIONS.readCached(spark, s);
    Dataset<Row> stats = Table.CLEANED_STATS_FIGURES.readCached(spark, s);
    Dataset<Row> dimRegions = Table.MARTS_DIM_REGIONS.readCached(spark, s);
    Dataset<Row> dimPeriods = Table.MARTS_DIM_PERIODS.readCached(spark, s);
    try {
      return DomainCubes.write(spark, s, "trademark",
          values(trademarks, versions, stats, dimRegions, BuildDimensionsJob.successions(spark), dimPeriods, s.publicationLagDays(),
              scope.firstYearToCompute(firstYear), scope.lastYearToCompute(asOf), asOf),
          dimRegions, dimPeriods, asOf, scope);
    } finally {
      spark.catalog().clearCache();
    }
  }

  /**
   * The years of the trademark cube that the inputs' changes between two watermarks touch
   * ({@link TrademarkCubeTransforms#touchedYears}): the changed rows of the cleaned trademark
   * tables from their change feeds, and the statistics' difference between the two versions.
   * Empty when a change feed does not cover the versions: the caller then builds the whole cube.
   */
  static Optional<SortedSet<Integer>> touchedYears(SparkSession spark, Settings s, Watermarks.State consumed, Watermarks.State now,
      int lastYear) {
    Optional<Map<String, Dataset<Row>>> changes = DomainCubes.changedRows(spark, s, consumed, now,
        List.of("cleaned.trademarks", "cleaned.trademark_versions"));
    if (changes.isEmpty()) {
      return Optional.empty();
    }
    Dataset<Row> marks = changes.get().get("cleaned.trademarks");
    Dataset<Row> versions = changes.get().get("cleaned.trademark_versions");
    return Optional.of(DomainCubes.years(TrademarkCubeTransforms.touchedYears(DomainCubes.removed(marks), DomainCubes.added(marks),
        DomainCubes.removed(versions), DomainCubes.added(versions), DomainCubes.changedStatistics(spark, s, consumed, now),
        s.publicationLagDays(), lastYear)));
  }
}
