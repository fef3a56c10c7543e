package org.ipcube.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Regions, pure: both boundaries (as_was, as_is through {@code marts.dim_regions}'
 * {@code current_code}), the roll-up of additive county rows to city, province and nation, and
 * the region-code rules the derived columns need (parent, unknown member, mainland). From one row
 * per county x cube key to one row per region x level x boundary x cube key.
 */
public final class RegionRollUp {
  private RegionRollUp() {}

  public static final String[] BASE_KEYS = {"indicator", "breakdown", "view", "period_type", "period_year", "period_number"};

  /**
   * Both boundaries: "as_was" keeps each fact's county as it was on its date; "as_is" restates it
   * to the boundary year through the dimension's {@code current_code}.
   */
  public static Dataset<Row> withBoundaries(Dataset<Row> base, Dataset<Row> dimRegions) {
    Dataset<Row> current = dimRegions.filter(col("region_level").equalTo("county"))
        .select(col("region_code").as("_code"), col("current_code"));
    Dataset<Row> asIs = base.join(current, base.col("county_code").equalTo(current.col("_code")), "left")
        .withColumn("county_code", functions.coalesce(col("current_code"), col("county_code")))
        .drop("_code", "current_code")
        .groupBy(CubeKeys.columns("county_code", BASE_KEYS)).agg(functions.sum("value").as("value"))
        .withColumn("boundary", lit("as_is"));
    return base.withColumn("boundary", lit("as_was")).unionByName(asIs);
  }

  /** Each fact twice: "as_was" with its own county, "as_is" with the county restated to the boundary year. */
  static Dataset<Row> inBothBoundaries(Dataset<Row> facts, Dataset<Row> dimRegions) {
    Dataset<Row> current = functions.broadcast(dimRegions.filter(col("region_level").equalTo("county"))
        .select(col("region_code").as("_code"), col("current_code")));
    Dataset<Row> asIs = facts.join(current, facts.col("county_code").equalTo(current.col("_code")), "left")
        .withColumn("county_code", functions.coalesce(col("current_code"), col("county_code")))
        .drop("_code", "current_code")
        .withColumn("boundary", lit("as_is"));
    return facts.withColumn("boundary", lit("as_was")).unionByName(asIs);
  }

  /** The regions a county counts in: itself, its city, its province and, for the mainland, the nation. */
  static Column regionsOfCounty(Column code) {
    return functions.filter(functions.array(
        functions.struct(code.as("region_code"), lit("county").as("region_level")),
        functions.struct(functions.concat(functions.substring(code, 1, 4), lit("00")).as("region_code"), lit("city").as("region_level")),
        functions.struct(functions.concat(functions.substring(code, 1, 2), lit("0000")).as("region_code"),
            lit("province").as("region_level")),
        functions.struct(when(isMainland(code), lit("000000")).as("region_code"), lit("nation").as("region_level"))),
        r -> r.getField("region_code").isNotNull());
  }

  /**
   * County rows → county, city, province and (mainland only) nation rows, summed level by level
   * (each level from the one below, so every level is read once): additive measures only.
   */
  public static Dataset<Row> rollUp(Dataset<Row> withBoundary) {
    String[] keys = {"indicator", "breakdown", "view", "period_type", "period_year", "period_number", "boundary"};
    Dataset<Row> county = withBoundary.withColumnRenamed("county_code", "region_code").withColumn("region_level", lit("county"));
    Dataset<Row> city = sumTo(county, functions.concat(functions.substring(col("region_code"), 1, 4), lit("00")), "city", keys);
    Dataset<Row> province = sumTo(city, functions.concat(functions.substring(col("region_code"), 1, 2), lit("0000")), "province", keys);
    Dataset<Row> nation = sumTo(province.filter(isMainland(col("region_code"))), lit("000000"), "nation", keys);
    return county.select(CubeKeys.columns("region_code", CubeKeys.join(keys, new String[] {"region_level", "value"})))
        .unionByName(city).unionByName(province).unionByName(nation);
  }

  private static Dataset<Row> sumTo(Dataset<Row> rows, Column code, String level, String[] keys) {
    return rows.withColumn("region_code", code)
        .groupBy(CubeKeys.columns("region_code", keys)).agg(functions.sum("value").as("value"))
        .withColumn("region_level", lit(level));
  }

  /** The parent member's code for each level (counties → city, cities → province, provinces → nation). */
  static Column parentCode(Column code, Column level) {
    return when(level.equalTo("county"), functions.concat(functions.substring(code, 1, 4), lit("00")))
        .when(level.equalTo("city"), functions.concat(functions.substring(code, 1, 2), lit("0000")))
        .when(level.equalTo("province").and(isMainland(code)), lit("000000"));
  }

  static Column isUnknownMember(Column code, Column level) {
    return when(level.equalTo("county"), functions.substring(code, 5, 2).equalTo("99"))
        .when(level.equalTo("city"), functions.substring(code, 3, 2).equalTo("99"))
        .when(level.equalTo("province"), code.equalTo("990000"))
        .otherwise(lit(false));
  }

  static Column isMainland(Column code) {
    return functions.not(functions.substring(code, 1, 2).isin("71", "81", "82", "90"));
  }
}
