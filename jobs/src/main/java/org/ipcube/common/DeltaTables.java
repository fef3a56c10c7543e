package org.ipcube.common;

import io.delta.tables.DeltaTable;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import scala.collection.immutable.Seq;

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
    long before = version(rows.sparkSession(), path);
    ensureProperties(rows.sparkSession(), schema, path, before);
    Dataset<Row> conformed = schema.conform(rows);
    var writer = conformed.write().format("delta").mode(SaveMode.Overwrite).options(schema.properties())
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
    long before = version(rows.sparkSession(), path);
    ensureProperties(rows.sparkSession(), schema, path, before);
    Dataset<Row> conformed = schema.conform(rows);
    var writer = conformed.write().format("delta").mode(SaveMode.Overwrite).options(schema.properties())
        .option("overwriteSchema", "true");
    if (!schema.partitionedBy().isEmpty()) {
      writer = writer.partitionBy(schema.partitionedBy().toArray(String[]::new));
    }
    writer.save(path);
    return rowsWritten(rows.sparkSession(), path, before);
  }

  /**
   * {@code numOutputRows} of the commit the write made, read from the commit file (no Spark job),
   * so console lines and results cost nothing. A write that changed
   * nothing (no rows in, none to replace) makes no commit: then it wrote 0 rows.
   */
  static long rowsWritten(SparkSession spark, String path, long versionBefore) {
    long version = version(spark, path);
    if (version == versionBefore) {
      return 0L;
    }
    // The commit's own file holds its commitInfo with the operation metrics: read directly, it
    // costs a file read where a history query costs a Spark job.
    org.apache.hadoop.fs.Path commit = new org.apache.hadoop.fs.Path(path + "/_delta_log/" + String.format("%020d.json", version));
    try {
      org.apache.hadoop.fs.FileSystem fs = commit.getFileSystem(spark.sessionState().newHadoopConf());
      try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(fs.open(commit), java.nio.charset.StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          com.fasterxml.jackson.databind.JsonNode info = JSON.readTree(line).path("commitInfo");
          if (!info.isMissingNode()) {
            return info.path("operationMetrics").path("numOutputRows").asLong(0L);
          }
        }
      }
      return 0L;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot read the commit " + commit + " just written: " + e.getMessage(), e);
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  /**
   * Gives an existing table the properties its schema file declares (a table created before the
   * declaration, e.g. a raw table from before the change feed): once, as its own commit. A new
   * table gets them from the writer's options at creation.
   */
  static void ensureProperties(SparkSession spark, TableSchema schema, String path, long version) {
    if (schema.properties().isEmpty() || version < 0) {
      return;
    }
    scala.collection.Map<String, String> current = snapshot(spark, path).metadata().configuration();
    String missing = schema.properties().entrySet().stream()
        .filter(e -> !current.get(e.getKey()).contains(e.getValue()))
        .map(e -> "'" + e.getKey() + "' = '" + e.getValue() + "'")
        .collect(java.util.stream.Collectors.joining(", "));
    if (!missing.isEmpty()) {
      spark.sql("ALTER TABLE delta.`" + path + "` SET TBLPROPERTIES (" + missing + ")");
    }
  }

  /** The table's latest version, or -1 before its first commit. */
  public static long version(SparkSession spark, String path) {
    return snapshot(spark, path).version();
  }

  /**
   * The table's latest snapshot from Delta's log, without a Spark job (a history or detail query
   * costs a job per call, about a second each on two cores, and the jobs ask often). Version -1
   * when there is no table.
   */
  private static org.apache.spark.sql.delta.Snapshot snapshot(SparkSession spark, String path) {
    return org.apache.spark.sql.delta.DeltaLog.forTable(spark, path).update(false, scala.Option.empty(), scala.Option.empty());
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

  /** The table as of {@code version} (pinned, so a job reads one consistent state of each input). */
  public static Dataset<Row> readAt(SparkSession spark, TableSchema schema, String path, long version) {
    if (version < 0) {
      return spark.createDataFrame(List.of(), schema.structType());
    }
    return spark.read().format("delta").option("versionAsOf", version).load(path);
  }

  /**
   * The rows that versions {@code after + 1 .. to} inserted or removed (Delta's change data feed,
   * with {@code _change_type}): a replaced delivery partition shows its old rows as deletes and
   * its new ones as inserts; a table created since ({@code after} = -1) is all inserts. Empty when
   * the table did not record changes over that range (the feed was enabled later, or the versions
   * were vacuumed): the caller then rebuilds.
   */
  public static java.util.Optional<Dataset<Row>> changes(SparkSession spark, String path, long after, long to) {
    if (to <= after) {
      return java.util.Optional.empty();
    }
    if (after < 0) {
      // The table did not exist at the last run: everything it holds now is new.
      return java.util.Optional.of(spark.read().format("delta").option("versionAsOf", to).load(path)
          .withColumn("_change_type", functions.lit("insert")));
    }
    try {
      Dataset<Row> rows = spark.read().format("delta").option("readChangeFeed", "true")
          .option("startingVersion", after + 1).option("endingVersion", to).load(path)
          .filter(functions.col("_change_type").isin("insert", "delete", "update_preimage", "update_postimage"));
      rows.queryExecution().executedPlan(); // plans the scan now: a range without change data fails here, not mid-job
      return java.util.Optional.of(rows);
    } catch (Exception e) {
      if (e instanceof org.apache.spark.sql.AnalysisException || e instanceof IllegalArgumentException
          || e instanceof IllegalStateException) {
        return java.util.Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Makes the rows of the business keys in {@code keys} exactly {@code rows} (the keys' rows
   * re-derived from all their inputs) in one MERGE: rows that are new or changed are inserted,
   * rows no longer derived are deleted, identical rows are left alone. {@code keys} has the one
   * column {@code keyColumn}. A row is identified by its key and its {@link TableSchema#ROW_HASH}
   * (the schema must declare it), so tables with several rows per key (events, intervals,
   * versions) need no row id, and the MERGE reads only those two columns of the target. Nothing
   * changed means no commit.
   *
   * @return rows inserted plus rows deleted
   */
  public static long mergeKeys(Dataset<Row> rows, Dataset<Row> keys, TableSchema schema, String path, String keyColumn) {
    SparkSession spark = rows.sparkSession();
    long before = version(spark, path);
    if (before < 0) {
      // Only some keys' rows are at hand: creating the table from them would hide the others.
      throw new IpcubeException("Table " + schema.qualifiedName() + " does not exist at " + path + ".",
          "an incremental run MERGEs the keys it touched into an existing table, and this one is missing "
              + "(deleted, or a new warehouse given an old watermark).",
          "Run `ipcube clean --rebuild` (or `ipcube run`) to derive every key again.");
    }
    if (!schema.columnNames().contains(TableSchema.ROW_HASH)) {
      throw new IllegalArgumentException(schema.qualifiedName() + " declares no " + TableSchema.ROW_HASH + " column to MERGE on");
    }
    ensureProperties(spark, schema, path, before);
    String hash = TableSchema.ROW_HASH;
    Seq<String> id = scala.jdk.javaapi.CollectionConverters.asScala(List.of(keyColumn, hash)).toSeq();
    // Both sides are computed once (the diff reads each twice): the derived rows of the keys, and
    // the identities of the rows the table holds for them (two columns read).
    Dataset<Row> incoming = schema.conform(rows).localCheckpoint();
    Dataset<Row> existing = spark.read().format("delta").load(path).select(keyColumn, hash)
        .join(functions.broadcast(keys.select(keyColumn).distinct()), keyColumn, "left_semi").localCheckpoint();
    Dataset<Row> inserts = incoming.join(existing, id, "left_anti").withColumn("_is_delete", functions.lit(false));
    Dataset<Row> deletes = existing.distinct().join(incoming.select(keyColumn, hash), id, "left_anti")
        .withColumn("_is_delete", functions.lit(true));
    // Counted here, then read by the MERGE.
    Dataset<Row> changes = inserts.unionByName(deletes, true).localCheckpoint();
    long changed = changes.count();
    if (changed == 0) {
      return 0;
    }
    String on = "t." + keyColumn + " = s." + keyColumn + " AND t." + hash + " = s." + hash + " AND s._is_delete";
    java.util.Map<String, String> insert = new java.util.LinkedHashMap<>();
    schema.columnNames().forEach(c -> insert.put(c, "s." + c));
    DeltaTable.forPath(spark, path).as("t").merge(changes.as("s"), on)
        .whenMatched("s._is_delete").delete()
        .whenNotMatched("NOT s._is_delete").insertExpr(insert)
        .execute();
    return changed;
  }

  /**
   * Replaces the whole table only when {@code rows} differ from what it holds: the write of a small
   * table recomputed in full (pledges, GI, statistics, dimensions) on a night that did not change it
   * makes no new version, so the jobs downstream see that nothing changed.
   *
   * @return the rows the table holds afterwards
   */
  public static long overwriteIfChanged(Dataset<Row> rows, TableSchema schema, String path) {
    SparkSession spark = rows.sparkSession();
    Dataset<Row> next = schema.conform(rows).localCheckpoint();
    long count = next.count();
    if (exists(spark, path)) {
      Dataset<Row> current = schema.conform(spark.read().format("delta").load(path));
      if (current.count() == count && next.exceptAll(current).isEmpty()) {
        return count;
      }
    }
    overwrite(next, schema, path);
    return count;
  }

  /**
   * Whether the table exists with partition columns other than its contract's (a release that
   * partitions it anew). Then it is overwritten empty in the new layout (a new version: readers
   * can still time-travel to the old one), and the caller writes it again in full.
   */
  public static boolean repartitionedSince(SparkSession spark, TableSchema schema, String path) {
    if (version(spark, path) < 0) {
      return false;
    }
    List<String> current = scala.jdk.javaapi.CollectionConverters.asJava(snapshot(spark, path).metadata().partitionColumns());
    if (current.equals(schema.partitionedBy())) {
      return false;
    }
    overwrite(spark.createDataFrame(List.of(), schema.structType()), schema, path);
    return true;
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
