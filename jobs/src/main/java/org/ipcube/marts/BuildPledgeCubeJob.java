package org.ipcube.marts;


import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ipcube.common.Settings;
import org.ipcube.common.Table;
import org.ipcube.marts.pledges.PledgeCubeTransforms;

/**
 * Reads {@code cleaned.pledge_events}, {@code cleaned.pledge_contracts}, {@code cleaned.pledged_rights}
 * and the dimensions, and writes the pledge rows ({@code domain = 'pledge'}) of
 * {@code marts.regional_indicators}: one row per region, period, indicator, breakdown, view and
 * boundary. Amounts and contract counts are rolled up county → city → province → nation;
 * enterprises and rights are distinct counts computed at each level.
 */
public final class BuildPledgeCubeJob {
  private BuildPledgeCubeJob() {}

  /** The cube rows before the derived columns: rolled-up and distinct values plus the share ratio (each grain materialised). */
  public static Dataset<Row> values(Dataset<Row> events, Dataset<Row> contracts, Dataset<Row> rights, Dataset<Row> dimRegions,
      int lagDays, int firstYear, LocalDate asOf, double inclusiveThresholdWan) {
    Dataset<Row> flows = CubeFlows.flowsByPeriod(PledgeCubeTransforms.flowFacts(events, contracts, inclusiveThresholdWan), lagDays,
        firstYear, asOf.getYear());
    Dataset<Row> additive = PledgeCubeTransforms.toYi(DomainCubes.rolledUp(flows, dimRegions));
    Dataset<Row> distinct = DomainCubes.materialise(CubeFlows.distinctFlowsByPeriod(
        PledgeCubeTransforms.distinctFacts(contracts, rights), dimRegions, lagDays, firstYear, asOf.getYear()));
    return DomainCubes.withoutRatio(additive.unionByName(distinct))
        .unionByName(DomainCubes.materialise(PledgeCubeTransforms.inclusiveShare(additive)));
  }

  /** @return rows written; 0 (and the domain's rows removed) when no pledge delivery is loaded */
  /** Builds the whole cube of the domain. */
  public static long run(SparkSession spark, Settings s, int firstYear, LocalDate asOf) {
    return run(spark, s, firstYear, asOf, CubeScope.whole("asked for"));
  }

  /** Builds the years of the domain's cube that {@code scope} names (all of them when it is whole). */
  static long run(SparkSession spark, Settings s, int firstYear, LocalDate asOf, CubeScope scope) {
    Dataset<Row> events = Table.CLEANED_PLEDGE_EVENTS.readCached(spark, s);
    Dataset<Row> contracts = Table.CLEANED_PLEDGE_CONTRACTS.readCached(spark, s);
    Dataset<Row> rights = Table.CLEANED_PLEDGED_RIGHTS.readCached(spark, s);
    Dataset<Row> dimRegions = Table.MARTS_DIM_REGIONS.readCached(spark, s);
    Dataset<Row> dimPeriods = Table.MARTS_DIM_PERIODS.readCached(spark, s);
    try {
      Dataset<Row> values = values(events, contracts, rights, dimRegions, s.publicationLagDays(), firstYear, asOf,
          s.pledgeInclusiveThresholdWan());
      return DomainCubes.write(spark, s, "pledge", values, dimRegions, dimPeriods, asOf, scope);
    } finally {
      spark.catalog().clearCache();
    }
  }
}
