package org.ipcube.common;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one place a SparkSession is configured: Delta's extension and catalog, the local master when
 * nobody (spark-submit) set one, and the pass-through settings from configuration.
 */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession create(Settings settings, String appName) {
    SparkConf probe = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName(appName)
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.shuffle.partitions", settings.shufflePartitions())
        .config("spark.sql.session.timeZone", "Asia/Shanghai")
        // Dates in Java code are java.time.LocalDate, never java.sql.Date with its time-zone traps.
        .config("spark.sql.datetime.java8API.enabled", "true")
        // Business dates are civil dates; keep Parquet's legacy rebase out of the way.
        .config("spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED")
        .config("spark.databricks.delta.schema.autoMerge.enabled", "false")
        // Deletion vectors pay off where rows are MERGEd into large files; every ipcube write
        // replaces whole partitions or tables, where a DV only adds a scan for touched files and
        // state work per commit (raw ingest of the test deliveries: 50 s -> 39 s without them).
        .config("spark.databricks.delta.properties.defaults.enableDeletionVectors", "false")
        // A replaceWhere of whole partitions counts the table's files for its metrics, which forces
        // the snapshot's full state (a Spark job per commit) when only the removed files matter.
        .config("spark.databricks.delta.dmlMetricsFromMetadata.enabled", "false")
        // Delta re-lists every file after each commit to cross-check its CRC when the session time
        // zone is not UTC (ours is Asia/Shanghai, the business calendar): seconds per commit for a
        // self-check, not a correctness feature. Off; checksums are still written and read.
        .config("spark.databricks.delta.allFilesInCrc.verificationMode.enabled", "false")
        .config("spark.databricks.delta.allFilesInCrc.verificationMode.forceOnNonUTC.enabled", "false")
        .config("spark.databricks.delta.snapshotPartitions", Math.max(2, settings.shufflePartitions()))
        // The pledge feed is GB18030 (feed SPEC §5); Spark 4 only lets CSV name the JDK's charsets
        // with this. Undecodable bytes cannot turn into mojibake: Deliveries decodes every pledge
        // file strictly first and rejects the delivery.
        .config("spark.sql.legacy.javaCharsets", "true")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false");
    if (!probe.contains("spark.master")) {
      builder.master(settings.sparkMaster())
          // Local mode only: a driver-side warehouse for any managed table, and no Hive.
          .config("spark.sql.warehouse.dir", settings.warehouseRoot() + "/_spark_catalog")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1");
    }
    for (Map.Entry<String, String> e : settings.sparkExtra().entrySet()) {
      builder.config(e.getKey(), e.getValue());
    }
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Progress.install(spark, java.time.Duration.ofSeconds(settings.progressIntervalSeconds()));
    return spark;
  }

  /** A command's session, stopped at the end only when the command started it. */
  public record Lease(SparkSession spark, boolean owned) implements AutoCloseable {
    @Override
    public void close() {
      if (owned) spark.stop();
    }
  }

  /**
   * A session like {@link #create}, to be closed with the lease: one already running in this JVM
   * (a test's, or a notebook kernel's) is borrowed and left running.
   */
  public static Lease lease(Settings settings, String appName) {
    boolean running = SparkSession.getDefaultSession().isDefined();
    return new Lease(create(settings, appName), !running);
  }
}
