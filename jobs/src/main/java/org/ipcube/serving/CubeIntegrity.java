package org.ipcube.serving;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The cube's referential integrity, checked before anything is published: every row of
 * {@code marts.regional_indicators} must have its region in {@code dim_regions}, its period in
 * {@code dim_periods} and its indicator and breakdown in {@code dim_indicators}. A row without its
 * member would fail PostgreSQL's constraints half way, or vanish from every BI join. Pure: frames
 * in, frame out.
 */
public final class CubeIntegrity {
  private CubeIntegrity() {}

  /**
   * One row per dimension member the cube refers to and the dimension lacks: {@code dimension},
   * {@code member} (the key and what the cube says of it) and {@code cube_rows} (how many rows refer
   * to it). Empty when the cube can be published.
   */
  public static Dataset<Row> missingMembers(Dataset<Row> cube, Dataset<Row> regions, Dataset<Row> periods, Dataset<Row> indicators) {
    return missing(cube, regions, "dim_regions", List.of("region_id"), List.of("region_code", "region_level"))
        .unionByName(missing(cube, periods, "dim_periods", List.of("period_id"), List.of("period_type", "period_year")))
        .unionByName(missing(cube, indicators, "dim_indicators", List.of("indicator", "breakdown"), List.of()));
  }

  private static Dataset<Row> missing(Dataset<Row> cube, Dataset<Row> dimension, String name, List<String> key, List<String> described) {
    List<String> columns = new java.util.ArrayList<>(key);
    columns.addAll(described);
    return cube.groupBy(columns.stream().map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new)).count()
        .join(dimension.select(key.stream().map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new)),
            CollectionConverters.asScala(key).toSeq(), "left_anti")
        .select(lit(name).as("dimension"),
            concat_ws(" ", columns.stream().map(c -> col(c).cast("string")).toArray(org.apache.spark.sql.Column[]::new)).as("member"),
            col("count").as("cube_rows"));
  }
}
