package org.ipcube.common;

import io.delta.tables.DeltaTable;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Idempotent writes. A job owns a set of partitions (or the whole table) and overwrites exactly
 * those with {@code replaceWhere}; it never appends blindly, so running it twice changes nothing.
 */
public final class DeltaTables {
  private DeltaTables() {}

  /** Replaces the rows matching {@code predicate} (a SQL condition on partition columns) with {@code rows}. */
  public static void replace(Dataset<Row> rows, TableSchema schema, String path, String predicate) {
    Dataset<Row> conformed = schema.conform(rows);
    var writer = conformed.write().format("delta").mode(SaveMode.Overwrite)
        .option("replaceWhere", predicate);
    if (!schema.partitionedBy().isEmpty()) {
      writer = writer.partitionBy(schema.partitionedBy().toArray(String[]::new));
    }
    writer.save(path);
  }

  /** Replaces the whole table (for tables rebuilt from scratch each run, e.g. dimensions). */
  public static void overwrite(Dataset<Row> rows, TableSchema schema, String path) {
    Dataset<Row> conformed = schema.conform(rows);
    var writer = conformed.write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true");
    if (!schema.partitionedBy().isEmpty()) {
      writer = writer.partitionBy(schema.partitionedBy().toArray(String[]::new));
    }
    writer.save(path);
  }

  public static boolean exists(SparkSession spark, String path) {
    return DeltaTable.isDeltaTable(spark, path);
  }

  /** Reads a table, or an empty frame of the contract's shape when it has not been written yet. */
  public static Dataset<Row> read(SparkSession spark, TableSchema schema, String path) {
    if (!exists(spark, path)) {
      return spark.createDataFrame(List.of(), schema.structType());
    }
    return spark.read().format("delta").load(path);
  }
}
