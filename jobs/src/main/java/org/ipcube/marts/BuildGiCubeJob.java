package org.ipcube.marts;


import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ipcube.common.Settings;
import org.ipcube.common.Table;
import org.ipcube.marts.gi.GiCubeTransforms;

/**
 * Reads {@code cleaned.gi_product_versions}, {@code cleaned.gi_user_versions}, the GI marks of
 * {@code cleaned.trademarks} / {@code cleaned.trademark_versions} and the dimensions, and writes the
 * GI rows ({@code domain = 'gi'}) of {@code marts.regional_indicators}: one row per region, period,
 * indicator, breakdown, view and boundary (GI products, GI marks stock and new, GI users, GI total).
 */
public final class BuildGiCubeJob {
  private BuildGiCubeJob() {}

  /** Rolled-up marks and users, distinct products at every level, and their total, before the derived columns. */
  public static Dataset<Row> values(Dataset<Row> productVersions, Dataset<Row> userVersions, Dataset<Row> trademarks,
      Dataset<Row> trademarkVersions, Dataset<Row> dimRegions, Dataset<Row> successions, int lagDays, int firstYear, LocalDate asOf) {
    LocalDate firstMonth = LocalDate.of(firstYear, 1, 1);
    Dataset<Row> flows = CubeFlows.flowsByPeriod(GiCubeTransforms.flowFacts(trademarks), lagDays, firstYear, asOf.getYear());
    Dataset<Row> stocks = CubeStocks.stocksByPeriod(
        CubeStocks.placedAtPeriodEnd(GiCubeTransforms.stockSpans(trademarkVersions, userVersions, lagDays), successions), firstMonth, asOf);
    Dataset<Row> additive = DomainCubes.rolledUp(flows.unionByName(stocks), dimRegions);
    Dataset<Row> products = CubeStocks.distinctStocksByPeriod(
        CubeStocks.placedAtPeriodEnd(GiCubeTransforms.productSpans(productVersions, lagDays), successions), dimRegions,
        firstMonth, asOf);
    Dataset<Row> all = DomainCubes.materialise(additive.unionByName(products));
    return DomainCubes.withoutRatio(all.unionByName(DomainCubes.materialise(GiCubeTransforms.total(all))));
  }

  /** Builds the whole cube of the domain. */
  public static long run(SparkSession spark, Settings s, int firstYear, LocalDate asOf) {
    return run(spark, s, firstYear, asOf, CubeScope.whole("asked for"));
  }

  /** Builds the years of the domain's cube that {@code scope} names (all of them when it is whole). */
  static long run(SparkSession spark, Settings s, int firstYear, LocalDate asOf, CubeScope scope) {
    Dataset<Row> products = Table.CLEANED_GI_PRODUCT_VERSIONS.readCached(spark, s);
    Dataset<Row> users = Table.CLEANED_GI_USER_VERSIONS.readCached(spark, s);
    Dataset<Row> trademarks = Table.CLEANED_TRADEMARKS.readCached(spark, s);
    Dataset<Row> versions = Table.CLEANED_TRADEMARK_VERSIONS.readCached(spark, s);
    Dataset<Row> dimRegions = Table.MARTS_DIM_REGIONS.readCached(spark, s);
    Dataset<Row> dimPeriods = Table.MARTS_DIM_PERIODS.readCached(spark, s);
    try {
      return DomainCubes.write(spark, s, "gi",
          values(products, users, trademarks, versions, dimRegions, BuildDimensionsJob.successions(spark), s.publicationLagDays(), firstYear,
              asOf),
          dimRegions, dimPeriods, asOf, scope);
    } finally {
      spark.catalog().clearCache();
    }
  }
}
