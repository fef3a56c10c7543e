package org.ipcube.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Revisions of published figures ({@code marts.figure_revisions}), from the cube rows alone: a
 * figure as first published (view first_published, boundary as_was: what was known at period end
 * + lag, on the divisions of the time) against the same figure today (view latest, boundary
 * as_is), the difference split into the boundary restatement (as_is − as_was today), a revised
 * statistics release (ratios: the latest numerator over the latest denominator minus over the first
 * published one) and the rest, which later deliveries made (late first deliveries, backdated lapses
 * and restorations, corrections). Complete periods only; unrevised figures are left out. Pure.
 */
public final class RevisionTransforms {
  private RevisionTransforms() {}

  private static final String[] SERIES = {"domain", "region_id", "region_code", "region_level", "period_id", "period_type",
      "period_year", "period_number", "indicator", "breakdown", "unit"};

  /** Cube rows ({@code marts.regional_indicators}) → the revised figures among them. */
  public static Dataset<Row> revisions(Dataset<Row> cube) {
    Column fp = col("view").equalTo("first_published").and(col("boundary").equalTo("as_was"));
    Column latestAsWas = col("view").equalTo("latest").and(col("boundary").equalTo("as_was"));
    Column latest = col("view").equalTo("latest").and(col("boundary").equalTo("as_is"));
    Dataset<Row> wide = cube.filter(col("is_complete_period").and(fp.or(latestAsWas).or(latest)))
        .groupBy(java.util.Arrays.stream(SERIES).map(functions::col).toArray(Column[]::new))
        .agg(functions.max(when(fp, col("value"))).as("fp"), functions.max(when(latestAsWas, col("value"))).as("lw"),
            functions.max(when(latest, col("value"))).as("l"), functions.max(when(fp, col("numerator"))).as("fp_num"),
            functions.max(when(fp, col("denominator"))).as("fp_den"), functions.max(when(latestAsWas, col("numerator"))).as("lw_num"),
            functions.max(when(latestAsWas, col("denominator"))).as("lw_den"),
            functions.max(col("denominator").isNotNull().cast("int")).as("_ratio"));
    // A count absent from the cube is zero (regions and periods without events have no rows); a
    // ratio without its row had no statistic, so it stays unknown.
    Column isRatio = col("_ratio").equalTo(1);
    Column fpV = when(isRatio, col("fp")).otherwise(functions.coalesce(col("fp"), lit(0.0)));
    Column lwV = when(isRatio, col("lw")).otherwise(functions.coalesce(col("lw"), lit(0.0)));
    Column lV = when(isRatio, col("l")).otherwise(functions.coalesce(col("l"), lit(0.0)));
    Column statistics = when(isRatio, col("lw_num").divide(col("lw_den")).minus(col("lw_num").divide(col("fp_den")))).otherwise(lit(0.0));
    return wide
        .withColumn("first_published_value", fpV).withColumn("latest_as_was_value", lwV).withColumn("latest_value", lV)
        .withColumn("revision", round(lV.minus(fpV)))
        .withColumn("boundary_restatement", round(lV.minus(lwV)))
        .withColumn("statistics_revision", round(statistics))
        .withColumn("data_revision", round(lwV.minus(fpV).minus(statistics)))
        .withColumn("first_published_denominator", col("fp_den")).withColumn("latest_denominator", col("lw_den"))
        .filter(col("revision").notEqual(0).or(col("first_published_value").isNull().notEqual(col("latest_value").isNull())))
        .drop("fp", "lw", "l", "fp_num", "fp_den", "lw_num", "lw_den", "_ratio");
  }

  /** Differences rounded to 1e-6 so that float noise of a ratio is not a revision. */
  private static Column round(Column c) {
    return functions.round(c, 6);
  }
}
