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

  /**
   * Replaces the rows matching {@code predicate} (a SQL condition on partition columns) with {@code rows}.
   *
   * @return the rows written, from the commit's operation metrics (no second pass over the data)
   */
  public static long replace(Dataset<Row> rows, TableSchema schema, String path, String predicate) {
    long before = latestVersion(rows.sparkSession(), path);
    Dataset<Row> conformed = schema.conform(rows);
    var writer = conformed.write().format("delta").mode(SaveMode.Overwrite)
        .option("replaceWhere", predicate);
    if (!schema.partitionedBy().isEmpty()) {
      writer = writer.partitionBy(schema.partitionedBy().toArray(String[]::new));
    }
    writer.save(path);
    return rowsWritten(rows.sparkSession(), path, before);
  }

  /**
   * Replaces the whole table (for tables rebuilt from scratch each run, e.g. dimensions).
   *
   * @return the rows written, from the commit's operation metrics
   */
  public static long overwrite(Dataset<Row> rows, TableSchema schema, String path) {
    long before = latestVersion(rows.sparkSession(), path);
    Dataset<Row> conformed = schema.conform(rows);
    var writer = conformed.write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true");
    if (!schema.partitionedBy().isEmpty()) {
      writer = writer.partitionBy(schema.partitionedBy().toArray(String[]::new));
    }
    writer.save(path);
    return rowsWritten(rows.sparkSession(), path, before);
  }

  /**
   * {@code numOutputRows} of the commit the write made. Read from the commit file (a local
   * relation, no Spark job), so console lines and results cost nothing. A write that changed
   * nothing (no rows in, none to replace) makes no commit: then it wrote 0 rows.
   */
  static long rowsWritten(SparkSession spark, String path, long versionBefore) {
    Row last = DeltaTable.forPath(spark, path).history(1).select("version", "operationMetrics").first();
    if (last.getLong(0) == versionBefore) {
      return 0L;
    }
    scala.collection.Map<String, String> metrics = last.getMap(1);
    return metrics == null || metrics.get("numOutputRows").isEmpty() ? 0L : Long.parseLong(metrics.get("numOutputRows").get());
  }

  /** The table's latest version, or -1 before its first commit. */
  static long latestVersion(SparkSession spark, String path) {
    return exists(spark, path) ? DeltaTable.forPath(spark, path).history(1).select("version").first().getLong(0) : -1L;
  }

  /**
   * Reads a table once for a job that uses it several times: the rows are cached (memory, then
   * disk) so every later query plans against the cache, not the Delta scan. Without it each
   * reference re-runs Delta's file listing and the optimizer over the scan (the patent cube read
   * its inputs ~25 times per query). The caller releases it with {@link Dataset#unpersist()} or
   * the session's cache manager.
   */
  public static Dataset<Row> readCached(SparkSession spark, TableSchema schema, String path) {
    Dataset<Row> rows = read(spark, schema, path).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    rows.count();
    return rows;
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
