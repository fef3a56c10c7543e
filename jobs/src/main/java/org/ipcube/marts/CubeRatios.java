package org.ipcube.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * What per-capita and per-GDP ratios divide by, pure: a statistics figure of each row's region and
 * year, from the release known at the row's date ({@code cleaned.stats_figures}). One row in, one
 * row out with the figure added.
 */
public final class CubeRatios {
  private CubeRatios() {}

  /**
   * Adds column {@code as}: the statistics figure {@code indicator} of each row's region for
   * {@code year}, from the latest release published by the row's {@code known_at} (null = any).
   */
  public static Dataset<Row> withStatistic(Dataset<Row> rows, Dataset<Row> stats, String indicator, Column year, String as) {
    Dataset<Row> s = stats.filter(col("indicator").equalTo(indicator))
        .select(col("region_code").as("_src"), col("year").as("_sy"), col("value").as("_sv"), col("publication_date").as("_sp"),
            col("release").as("_sr"));
    Column releaseOrder = when(col("_sr").equalTo("final"), 3).when(col("_sr").equalTo("revised"), 2).otherwise(1);
    Dataset<Row> joined = rows.withColumn("_row", functions.monotonically_increasing_id())
        .join(s, col("region_code").equalTo(col("_src")).and(year.equalTo(col("_sy")))
            .and(col("known_at").isNull().or(col("_sp").leq(col("known_at")))), "left")
        .withColumn("_pick", functions.row_number().over(Window.partitionBy("_row")
            .orderBy(col("_sp").desc_nulls_last(), releaseOrder.desc())))
        .filter(col("_pick").equalTo(1))
        .withColumn(as, col("_sv"));
    return joined.drop("_src", "_sy", "_sv", "_sp", "_sr", "_pick", "_row");
  }
}
