package org.ipcube.cleaned.stats;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.ipcube.cleaned.CleanedColumns;
import org.ipcube.common.Quarantine;
import org.ipcube.landing.Feed;

/**
 * Pure transforms from {@code raw.stats_figures} to {@code cleaned.stats_figures}: typed values,
 * one row per region, year, indicator and release (the latest delivery of it wins), with the
 * date it was published, which is what "as known at" filters on.
 */
public final class StatsTransforms {
  private StatsTransforms() {}

  public static Dataset<Row> parseRecords(Dataset<Row> raw) {
    Column value = functions.expr("try_cast(regexp_replace(trim(value), ',', '') AS DOUBLE)");
    Column year = functions.expr("try_cast(trim(year) AS INT)");
    Column where = CleanedColumns.recordLocator();
    return raw
        .withColumn("value_parsed", value)
        .withColumn("year_parsed", year)
        .withColumn("indicator_clean", functions.lower(functions.trim(col("indicator"))))
        .withColumn("release_clean", functions.lower(functions.trim(col("release"))))
        .withColumn("published_parsed", CleanedColumns.parseDate(col("published_date")))
        .withColumn("reject_code",
            when(functions.not(col("region_code").rlike("^\\d{6}$")).or(col("region_code").isNull()), lit("bad_region_code"))
                .when(col("year_parsed").isNull(), lit("bad_year"))
                .when(functions.not(col("indicator_clean").isin("resident_population", "gdp", "market_entities")), lit("unknown_indicator"))
                .when(functions.not(col("release_clean").isin("preliminary", "revised", "final")), lit("unknown_release"))
                .when(col("value_parsed").isNull().or(col("value_parsed").leq(0)), lit("bad_value")))
        .withColumn("reject_reason", functions.concat(coalesce(col("reject_code"), lit("")), lit(": "),
            functions.concat_ws(",", col("region_code"), col("year"), col("indicator"), col("value"), col("release")), where));
  }

  public static Dataset<Row> quarantine(Dataset<Row> parsed) {
    return Quarantine.rejected(parsed, Feed.stats.name(), functions.concat_ws(",", col("region_code"), col("region_name"), col("year"),
        col("indicator"), col("value"), col("unit"), col("release"), col("published_date")));
  }

  public static Dataset<Row> currentFigures(Dataset<Row> parsed) {
    return parsed.filter(col("reject_code").isNull())
        .withColumn("_rank", functions.row_number().over(Window
            .partitionBy("region_code", "year_parsed", "indicator_clean", "release_clean")
            .orderBy(CleanedColumns.latestArrivalFirst())))
        .filter(col("_rank").equalTo(1))
        .select(col("region_code"), col("region_name"), col("year_parsed").as("year"), col("indicator_clean").as("indicator"),
            col("value_parsed").as("value"), functions.trim(col("unit")).as("unit"), col("release_clean").as("release"),
            coalesce(col("published_parsed"), col("delivery_date")).as("publication_date"),
            col("delivery_date"), col("source_file"), col("record_position"));
  }
}
