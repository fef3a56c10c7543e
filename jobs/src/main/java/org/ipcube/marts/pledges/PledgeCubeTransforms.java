package org.ipcube.marts.pledges;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.ipcube.common.IndicatorCatalogue;

/**
 * The pledge indicators of INDICATORS.md as cube inputs, attributed to the pledgor's county:
 * amount flows (each contract once when it becomes effective, a 变更's difference in its own
 * period, 注销 subtracting nothing), contract counts, the inclusive (普惠) subset, and the distinct
 * counts (pledged rights, enterprises). Amounts are summed in 万元 and stated in 亿元. Pure.
 */
public final class PledgeCubeTransforms {
  private PledgeCubeTransforms() {}

  /** Indicators in 亿元 in the catalogue: summed in 万元, stated in 亿元. */
  public static final Set<String> AMOUNTS = IndicatorCatalogue.shipped().indicators().stream()
      .filter(i -> i.domain().equals("pledge") && i.unit().equals("亿元")).map(IndicatorCatalogue.Indicator::name)
      .collect(java.util.stream.Collectors.toUnmodifiableSet());

  private static Dataset<Row> registered(Dataset<Row> events, Dataset<Row> contracts) {
    Dataset<Row> c = contracts.select(col("registration_no").as("_reg"), col("pledgor_county_code"), col("contract_kind"),
        col("includes_patent"), col("includes_trademark"), col("registered_amount_wan"));
    return events.filter(functions.not(col("is_orphan"))).join(c, col("registration_no").equalTo(col("_reg"))).drop("_reg");
  }

  /**
   * {@code county_code, indicator, breakdown, event_date, known_date, measure, right_id}: amounts (万元) and
   * contract counts. A contract is inclusive when its registered amount is under
   * {@code inclusiveThresholdWan}; a blank registered amount makes it neither.
   */
  public static Dataset<Row> flowFacts(Dataset<Row> events, Dataset<Row> contracts, double inclusiveThresholdWan) {
    Dataset<Row> e = registered(events, contracts)
        .filter(col("status").equalTo("生效").or(col("amount_change_wan").notEqual(0)));
    Column inclusive = col("registered_amount_wan").lt(inclusiveThresholdWan);
    Column isRegistration = col("status").equalTo("生效");
    Column amount = col("amount_change_wan").cast("double");
    Dataset<Row> amounts = e.select(col("pledgor_county_code").as("county_code"), functions.explode(functions.filter(functions.array(
            functions.struct(lit("pledge_amount").as("i"), col("contract_kind").as("b"), lit(true).as("on")),
            functions.struct(lit("patent_pledge_amount").as("i"), lit(null).cast("string").as("b"), col("includes_patent").as("on")),
            functions.struct(lit("trademark_pledge_amount").as("i"), lit(null).cast("string").as("b"), col("includes_trademark").as("on")),
            functions.struct(lit("inclusive_pledge_amount").as("i"), lit(null).cast("string").as("b"),
                functions.coalesce(inclusive, lit(false)).as("on")),
            functions.struct(lit("pledge_contracts").as("i"), col("contract_kind").as("b"), isRegistration.as("on")),
            functions.struct(lit("inclusive_pledge_contracts").as("i"), lit(null).cast("string").as("b"),
                isRegistration.and(functions.coalesce(inclusive, lit(false))).as("on"))),
            x -> x.getField("on"))).as("x"), col("status_date").as("event_date"), col("known_date"), amount.as("_amount"),
            col("registration_no").as("right_id"))
        .select(col("county_code"), col("x.i").as("indicator"), col("x.b").as("breakdown"), col("event_date"), col("known_date"),
            when(col("x.i").endsWith("_contracts"), lit(1.0)).otherwise(col("_amount")).as("measure"), col("right_id"));
    return amounts;
  }

  /**
   * {@code county_code, indicator, breakdown, member, event_date, known_date, right_id}: rights
   * pledged and enterprises (pledgor keys) benefiting, by the contract's registration date
   * ({@code right_id}: the contract's registration number).
   */
  public static Dataset<Row> distinctFacts(Dataset<Row> contracts, Dataset<Row> rights) {
    Dataset<Row> enterprises = contracts.select(col("pledgor_county_code").as("county_code"), lit("pledge_enterprises").as("indicator"),
        lit(null).cast("string").as("breakdown"), col("pledgor_key").as("member"), col("registration_date").as("event_date"),
        col("known_date"), col("registration_no").as("right_id"));
    Dataset<Row> r = rights.select(col("registration_no").as("_reg"), col("right_type"), col("right_id"));
    Dataset<Row> pledgedRights = contracts.join(r, col("registration_no").equalTo(col("_reg")))
        .select(col("pledgor_county_code").as("county_code"), lit("pledged_rights").as("indicator"), col("right_type").as("breakdown"),
            functions.concat(col("right_type"), lit(":"), col("right_id")).as("member"), col("registration_date").as("event_date"),
            col("known_date"), col("registration_no").as("right_id"));
    return enterprises.unionByName(pledgedRights);
  }

  /** Amounts from 万元 to 亿元 (rounded to 0.01万元 = 1e-6亿元, so the sum order cannot show). */
  public static Dataset<Row> toYi(Dataset<Row> rolledUp) {
    return rolledUp.withColumn("value", when(col("indicator").isin(AMOUNTS.toArray()),
        functions.round(col("value").divide(10000), 6)).otherwise(col("value")));
  }

  /** inclusive_pledge_share_pct: inclusive contracts ÷ contracts × 100 for every region, period, view and boundary. */
  public static Dataset<Row> inclusiveShare(Dataset<Row> rolledUp) {
    String[] keys = {"region_code", "region_level", "view", "period_type", "period_year", "period_number", "boundary"};
    Dataset<Row> all = rolledUp.filter(col("indicator").equalTo("pledge_contracts").and(col("breakdown").equalTo("total")))
        .select(col("region_code"), col("region_level"), col("view"), col("period_type"), col("period_year"), col("period_number"),
            col("boundary"), col("value").as("denominator"));
    Dataset<Row> inclusive = rolledUp.filter(col("indicator").equalTo("inclusive_pledge_contracts"))
        .select(col("region_code"), col("region_level"), col("view"), col("period_type"), col("period_year"), col("period_number"),
            col("boundary"), col("value").as("numerator"));
    return all.join(inclusive, scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of(keys)).toList(), "left")
        .withColumn("numerator", functions.coalesce(col("numerator"), lit(0.0)))
        .filter(col("denominator").gt(0))
        .select(col("region_code"), col("region_level"), lit("inclusive_pledge_share_pct").as("indicator"), lit("total").as("breakdown"),
            col("view"), col("period_type"), col("period_year"), col("period_number"), col("boundary"),
            functions.round(col("numerator").divide(col("denominator")).multiply(100), 4).as("value"), col("numerator"),
            col("denominator"));
  }

  /**
   * The patent high-value criterion "pledged with total secured amount ≥ threshold": for each
   * pledged patent, the first date on which the amounts of the contracts pledging it (each
   * contract's whole amount: the register does not apportion it among rights), with their
   * changes, add up to the threshold. {@code application_number, hv_pledge_from}.
   */
  public static Dataset<Row> highValuePledgeDates(Dataset<Row> events, Dataset<Row> rights, double thresholdWan) {
    Dataset<Row> patents = rights.filter(col("right_type").equalTo("patent"))
        .select(col("registration_no").as("_reg"), col("right_id").as("application_number"));
    return events.filter(functions.not(col("is_orphan")))
        .join(patents, col("registration_no").equalTo(col("_reg")))
        .groupBy("application_number", "status_date").agg(functions.sum("amount_change_wan").as("change"))
        .withColumn("total", functions.sum("change").over(Window.partitionBy("application_number").orderBy("status_date")
            .rowsBetween(Window.unboundedPreceding(), Window.currentRow())))
        .filter(col("total").geq(thresholdWan))
        .groupBy("application_number").agg(functions.min("status_date").as("hv_pledge_from"));
  }
}
