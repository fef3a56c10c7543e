package org.ipcube.marts.gi;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.ipcube.marts.CubeStocks;

/**
 * The geographical-indication indicators of INDICATORS.md as cube inputs: GI products (a distinct
 * stock: a product counts once in every region its protected area touches, at every level), GI
 * marks (stock and new, from the trademark register, registrant's county), GI users (stock, user's
 * county) and the GI total some cities publish (products + marks). Pure.
 */
public final class GiCubeTransforms {
  private GiCubeTransforms() {}

  /** {@code county_code, indicator, breakdown, view, member, from_date, to_date, right_id}: one span per product version and county. */
  public static Dataset<Row> productSpans(Dataset<Row> productVersions, int lagDays) {
    return CubeStocks.versionSpans(productVersions, col("valid_from"), col("valid_to"), lagDays)
        .select(functions.explode(col("area_county_codes")).as("county_code"), lit("gi_products").as("indicator"),
            lit(null).cast("string").as("breakdown"), col("view"), col("gi_id").as("member"), col("from_date"), col("to_date"), col("gi_id").as("right_id"));
  }

  /** Additive stock spans: GI marks (by kind) and GI users (by what they use: product | trademark). */
  public static Dataset<Row> stockSpans(Dataset<Row> trademarkVersions, Dataset<Row> userVersions, int lagDays) {
    Dataset<Row> marks = CubeStocks.versionSpans(trademarkVersions.filter(col("is_gi_mark")), col("valid_from"), col("valid_to"),
            lagDays)
        .select(col("registrant_county_code").as("county_code"), lit("gi_marks").as("indicator"), col("mark_kind").as("breakdown"),
            col("view"), col("from_date"), col("to_date"), col("reg_no").as("right_id"));
    Dataset<Row> users = CubeStocks.versionSpans(userVersions, col("valid_from"), col("valid_to"), lagDays)
        .select(col("county_code"), lit("gi_users").as("indicator"), col("gi_ref_type").as("breakdown"), col("view"),
            col("from_date"), col("to_date"), col("user_id").as("right_id"));
    return marks.unionByName(users);
  }

  /** New GI marks: flow by registration date. */
  public static Dataset<Row> flowFacts(Dataset<Row> trademarks) {
    return trademarks.filter(col("is_gi_mark").and(col("registration_date").isNotNull())).select(
        col("registrant_county_code").as("county_code"), lit("gi_mark_registrations").as("indicator"), col("mark_kind").as("breakdown"),
        col("registration_date").as("event_date"), col("registration_known_date").as("known_date"), col("reg_no").as("right_id"));
  }

  /** gi_total = gi_products + gi_marks of the same region, period, view and boundary (totals). */
  public static Dataset<Row> total(Dataset<Row> values) {
    List<String> keys = List.of("region_code", "region_level", "view", "period_type", "period_year", "period_number", "boundary");
    Dataset<Row> parts = values.filter(col("indicator").isin("gi_products", "gi_marks").and(col("breakdown").equalTo("total")));
    return parts.groupBy(keys.stream().map(functions::col).toArray(Column[]::new))
        .agg(functions.sum("value").as("value"))
        .withColumn("indicator", lit("gi_total")).withColumn("breakdown", lit("total"));
  }
}
