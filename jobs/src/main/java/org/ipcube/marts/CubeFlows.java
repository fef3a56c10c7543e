package org.ipcube.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.ipcube.common.IndicatorCatalogue;

/**
 * Flows (events in a period: applications, grants, transfers, contracts), pure. From fact rows
 * (one per counted event, with its county, event date and known date) to one row per county (or,
 * for distinct counts, per region at every level and boundary) x indicator x breakdown x view x
 * period, with breakdown "total" added.
 */
public final class CubeFlows {
  private CubeFlows() {}

  /**
   * Breakdowns whose facts are not summed into "total" (the catalogue's
   * {@link IndicatorCatalogue#breakdownsNotSummedIntoTotal}): the per-criterion rows of one
   * deduplicated figure (a high-value invention meeting two criteria is in both; their
   * deduplicated row "any" adds to total), and a fact's second and third breakdown (a grant's
   * applicant type and service, besides its patent type): total counts each fact once.
   */
  public static final java.util.List<String> NOT_SUMMED_INTO_TOTAL =
      java.util.List.copyOf(IndicatorCatalogue.shipped().breakdownsNotSummedIntoTotal());

  /** The breakdown and "total" (once, when the breakdown is null or already "total"; never for {@link #NOT_SUMMED_INTO_TOTAL}). */
  static Column withTotal(Column breakdown) {
    Column total = when(breakdown.isin(NOT_SUMMED_INTO_TOTAL.toArray()), lit(null).cast("string")).otherwise(lit("total"));
    return functions.explode(functions.array_distinct(functions.array_compact(functions.array(breakdown, total))));
  }

  /**
   * Flows by period and view. Facts: {@code county_code, indicator, breakdown, event_date,
   * known_date} and optionally {@code measure} (summed; without it each fact counts 1). "latest"
   * counts every fact; "first_published" counts a fact in a period only if it was delivered by
   * the period's end + lag. Every fact also counts under breakdown "total".
   */
  public static Dataset<Row> flowsByPeriod(Dataset<Row> facts, int lagDays, int firstYear, int lastYear) {
    Column y = functions.year(col("event_date"));
    Column m = functions.month(col("event_date"));
    Column measure = java.util.Arrays.asList(facts.columns()).contains("measure") ? col("measure") : lit(1L);
    Dataset<Row> monthly = facts
        .filter(y.between(firstYear, lastYear))
        .withColumn("y", y).withColumn("m", m).withColumn("fp_month", CubePeriods.firstPublishedMonth(lagDays)).withColumn("_measure", measure)
        .withColumn("breakdown", withTotal(col("breakdown")))
        .groupBy("county_code", "indicator", "breakdown", "y", "m", "fp_month")
        .agg(functions.sum("_measure").as("n"));
    Dataset<Row> byPeriod = monthly
        .withColumn("p", functions.explode(CubePeriods.periodsOfMonth(col("m"))))
        .groupBy(col("county_code"), col("indicator"), col("breakdown"), col("y").as("period_year"),
            col("p.type").as("period_type"), col("p.number").as("period_number"))
        .agg(functions.sum("n").as("latest"),
            functions.sum(when(col("fp_month").leq(col("p.end_month")), col("n")).otherwise(0)).as("first_published"));
    return stackViews(byPeriod);
  }

  /**
   * Distinct counts of {@code member} by period and view, computed at every level and boundary
   * directly (never summed from the level below: an enterprise with contracts in two counties is
   * one enterprise of the city). Facts: {@code county_code, indicator, breakdown, member,
   * event_date, known_date}. Returns the rolled-up shape ({@code region_code, region_level,
   * boundary, ...}).
   */
  public static Dataset<Row> distinctFlowsByPeriod(Dataset<Row> facts, Dataset<Row> dimRegions, int lagDays, int firstYear,
      int lastYear) {
    Column y = functions.year(col("event_date"));
    Dataset<Row> byPeriod = RegionRollUp.inBothBoundaries(facts.filter(y.between(firstYear, lastYear)), dimRegions)
        .withColumn("fp_month", CubePeriods.firstPublishedMonth(lagDays))
        .withColumn("r", functions.explode(RegionRollUp.regionsOfCounty(col("county_code"))))
        .withColumn("breakdown", withTotal(col("breakdown")))
        .withColumn("p", functions.explode(CubePeriods.periodsOfMonth(functions.month(col("event_date")))))
        .groupBy(col("r.region_code").as("region_code"), col("r.region_level").as("region_level"), col("boundary"),
            col("indicator"), col("breakdown"), functions.year(col("event_date")).as("period_year"),
            col("p.type").as("period_type"), col("p.number").as("period_number"))
        .agg(functions.countDistinct(col("member")).as("latest"),
            functions.countDistinct(when(col("fp_month").leq(col("p.end_month")), col("member"))).as("first_published"));
    return stackViews(byPeriod, col("region_code"), col("region_level"), col("boundary"));
  }

  private static Dataset<Row> stackViews(Dataset<Row> wide) {
    return stackViews(wide, col("county_code"));
  }

  private static Dataset<Row> stackViews(Dataset<Row> wide, Column... regionKeys) {
    Column[] tail = {col("indicator"), col("breakdown"), col("v.view").as("view"), col("period_type"),
        col("period_year"), col("period_number"), col("v.value").as("value")};
    Column[] cols = new Column[regionKeys.length + tail.length];
    System.arraycopy(regionKeys, 0, cols, 0, regionKeys.length);
    System.arraycopy(tail, 0, cols, regionKeys.length, tail.length);
    return wide
        .withColumn("v", functions.explode(functions.array(
            functions.struct(lit("latest").as("view"), col("latest").cast("double").as("value")),
            functions.struct(lit("first_published").as("view"), col("first_published").cast("double").as("value")))))
        .select(cols);
  }
}
