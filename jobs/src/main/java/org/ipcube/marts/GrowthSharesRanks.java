package org.ipcube.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.ipcube.common.IndicatorCatalogue;

/**
 * The derived columns of every cube row, pure: previous-year value and growth, parent value and
 * share, sibling and peer-group ranks, plus the keys and flags of {@code marts.dim_regions} and
 * {@code marts.dim_periods}. One row in, one row out (the grain of {@code marts.regional_indicators}
 * without domain and unit).
 */
public final class GrowthSharesRanks {
  private GrowthSharesRanks() {}

  /**
   * Adds the derived columns every indicator has: previous-year value and growth (%), parent value
   * and share of parent (%, additive indicators only), rank among siblings and among the peer
   * groups (known, mainland members only), plus keys and flags from the dimensions.
   *
   * <p>One shuffle of the values, by the keys both windows share. The previous year is a
   * {@code lag} over the series ordered by year. Siblings share one window ordered
   * ranked-members-first: rank, the count of ranked members and, because additive measures are
   * rolled up level by level with unknown members included, the parent's value as the sum over
   * all its children. Peer groups are a handful of cities, read from the values, ranked apart and
   * joined back.
   *
   * <p>The catalogue says which of {@code domain}'s indicators are additive, which are distinct
   * counts (computed at every level directly: their parent value is the parent's own row) and
   * which are ratios (no share), and which have incomplete recent months.
   */
  public static Dataset<Row> derive(Dataset<Row> values, Dataset<Row> dimRegions, Dataset<Row> dimPeriods, LocalDate asOf,
      int incompleteMonths, IndicatorCatalogue catalogue, String domain) {
    java.util.Set<String> distinctCounts = catalogue.names(domain, "distinct");
    String[] series = {"region_code", "region_level", "boundary", "view", "indicator", "breakdown", "period_type", "period_number"};
    String[] seriesOfPeriod = {"boundary", "view", "indicator", "breakdown", "period_type", "period_year", "period_number"};
    WindowSpec byYear = Window.partitionBy(CubeKeys.columns(series[0], java.util.Arrays.copyOfRange(series, 1, series.length)))
        .orderBy("period_year");
    Column additive = catalogue.isAdditive(col("indicator"));
    // Both windows below partition by supersets of these keys: hashing the rows once by them
    // serves both (a partitioning on a subset of a window's keys satisfies it), so the cube is
    // shuffled once, not twice (the demo's 23 M patent rows: 4.8 GiB per shuffle).
    String[] sharedKeys = {"region_level", "boundary", "view", "indicator", "breakdown", "period_type", "period_number"};
    Dataset<Row> v = values
        .repartition(java.util.Arrays.stream(sharedKeys).map(functions::col).toArray(Column[]::new))
        .withColumn("parent_code", RegionRollUp.parentCode(col("region_code"), col("region_level")))
        .withColumn("is_unknown_member", RegionRollUp.isUnknownMember(col("region_code"), col("region_level")))
        .withColumn("is_mainland", RegionRollUp.isMainland(col("region_code")))
        .withColumn("_rankable", col("is_mainland").and(functions.not(col("is_unknown_member"))))
        .withColumn("_prev_year", functions.lag("period_year", 1).over(byYear))
        .withColumn("previous_year_value", when(col("_prev_year").equalTo(col("period_year").minus(1)),
            functions.lag("value", 1).over(byYear)));
    WindowSpec siblings = Window.partitionBy(CubeKeys.columns("parent_code", CubeKeys.join(new String[] {"region_level"}, seriesOfPeriod)))
        .orderBy(col("_rankable").desc(), col("value").desc());
    WindowSpec allSiblings = siblings.rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
    Dataset<Row> ranked = v
        .withColumn("sibling_rank", when(col("_rankable").and(col("parent_code").isNotNull()), functions.rank().over(siblings)))
        .withColumn("sibling_count", when(col("_rankable").and(col("parent_code").isNotNull()),
            functions.count(when(col("_rankable"), lit(1))).over(allSiblings)))
        .withColumn("parent_value", when(additive.and(col("parent_code").isNotNull()), functions.sum("value").over(allSiblings)));

    if (!distinctCounts.isEmpty()) {
      Dataset<Row> parents = values.filter(col("indicator").isin(distinctCounts.toArray())).select(col("region_code").as("_pc"),
          col("region_level").as("_pl"), col("boundary").as("_b"), col("view").as("_v"), col("indicator").as("_i"),
          col("breakdown").as("_bd"), col("period_type").as("_pt"), col("period_year").as("_py"), col("period_number").as("_pn"),
          col("value").as("_pv"));
      Column parentLevel = when(col("region_level").equalTo("county"), lit("city"))
          .when(col("region_level").equalTo("city"), lit("province")).when(col("region_level").equalTo("province"), lit("nation"));
      ranked = ranked.join(parents, col("parent_code").equalTo(col("_pc")).and(parentLevel.equalTo(col("_pl")))
              .and(col("boundary").equalTo(col("_b"))).and(col("view").equalTo(col("_v"))).and(col("indicator").equalTo(col("_i")))
              .and(col("breakdown").equalTo(col("_bd"))).and(col("period_type").equalTo(col("_pt")))
              .and(col("period_year").equalTo(col("_py"))).and(col("period_number").equalTo(col("_pn"))), "left")
          .withColumn("parent_value", functions.coalesce(col("parent_value"), col("_pv")))
          .drop("_pc", "_pl", "_b", "_v", "_i", "_bd", "_pt", "_py", "_pn", "_pv");
    }
    Dataset<Row> dims = functions.broadcast(dimRegions.select(col("region_code").as("_rc"), col("region_level").as("_rl"),
        col("region_id"), col("is_provincial_capital"), col("is_sub_provincial_city"), col("is_separately_planned_city")));
    Dataset<Row> withDims = ranked.join(dims,
        ranked.col("region_code").equalTo(dims.col("_rc")).and(ranked.col("region_level").equalTo(dims.col("_rl"))), "left")
        .drop("_rc", "_rl");
    // The peer groups' cities straight from the values (not from the windowed rows: their ranks
    // need only each city's value, and reading the few cities from the values keeps this branch
    // from sorting the whole cube again).
    Dataset<Row> peerCities = values.join(dims, values.col("region_code").equalTo(dims.col("_rc"))
        .and(values.col("region_level").equalTo(dims.col("_rl"))));
    Dataset<Row> peerRanks = peerGroupRanks(peerCities.filter(col("region_level").equalTo("city")
        .and(col("is_provincial_capital").or(col("is_sub_provincial_city")).or(col("is_separately_planned_city")))), seriesOfPeriod);
    Dataset<Row> withPeers = withDims.join(functions.broadcast(peerRanks),
        CubeKeys.seq(CubeKeys.prepend("region_code", seriesOfPeriod), "region_level"), "left");

    Dataset<Row> periods = functions.broadcast(dimPeriods.select(col("period_type").as("_pt"), col("period_year").as("_py"),
        col("period_number").as("_pn"), col("period_id"), col("period_end")));
    Dataset<Row> out = withPeers.join(periods, withPeers.col("period_type").equalTo(periods.col("_pt"))
            .and(withPeers.col("period_year").equalTo(periods.col("_py"))).and(withPeers.col("period_number").equalTo(periods.col("_pn"))))
        .drop("_pt", "_py", "_pn", "_rankable", "_prev_year");
    return out
        .withColumn("yoy_growth_pct", when(col("previous_year_value").gt(0),
            functions.round(col("value").divide(col("previous_year_value")).minus(1).multiply(100), 4)))
        .withColumn("share_of_parent_pct", when(col("parent_value").gt(0),
            functions.round(col("value").divide(col("parent_value")).multiply(100), 4)))
        .withColumn("is_complete_period", col("period_end").leq(lit(asOf)))
        .withColumn("is_incomplete_flow", catalogue.hasIncompleteRecentMonths(col("indicator"))
            .and(col("period_end").gt(lit(asOf.minusMonths(incompleteMonths)))));
  }

  /** Ranks of the cities of each peer group (small: tens of cities), keyed to join back. */
  private static Dataset<Row> peerGroupRanks(Dataset<Row> cities, String[] seriesOfPeriod) {
    Dataset<Row> out = cities.select(CubeKeys.columns("region_code", CubeKeys.join(seriesOfPeriod,
        new String[] {"region_level", "value", "is_provincial_capital", "is_sub_provincial_city", "is_separately_planned_city"})));
    for (String[] g : new String[][] {{"is_provincial_capital", "provincial_capital_rank"},
        {"is_sub_provincial_city", "sub_provincial_rank"}, {"is_separately_planned_city", "separately_planned_rank"}}) {
      out = out.withColumn(g[1], when(col(g[0]), functions.rank().over(
          Window.partitionBy(CubeKeys.columns(g[0], seriesOfPeriod)).orderBy(col("value").desc()))));
    }
    return out.drop("value", "is_provincial_capital", "is_sub_provincial_city", "is_separately_planned_city");
  }
}
