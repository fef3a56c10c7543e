package org.ipcube.cleaned;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ipcube.cleaned.stats.StatsTransforms;
import org.ipcube.common.DeltaTables;
import org.ipcube.common.Settings;
import org.ipcube.common.TableSchema;

/**
 * Reads {@code raw.stats_figures} and writes {@code cleaned.stats_figures} (one row per region,
 * year, indicator and release) plus stage-"cleaned" quarantine rows for the stats feed.
 */
public final class CleanStatsJob {
  private CleanStatsJob() {}

  public static long run(SparkSession spark, Settings s) {
    TableSchema raw = TableSchema.of("raw", "stats_figures");
    Dataset<Row> parsed = StatsTransforms.parseRecords(DeltaTables.read(spark, raw, s.tablePath("raw", raw.name()))).cache();
    try {
      TableSchema q = TableSchema.of("raw", "quarantined_records");
      DeltaTables.replace(StatsTransforms.quarantine(parsed), q, s.tablePath("raw", q.name()),
          "feed = 'stats' AND stage = 'cleaned'");
      DeltaTables.overwrite(StatsTransforms.currentFigures(parsed), TableSchema.of("cleaned", "stats_figures"),
          s.tablePath("cleaned", "stats_figures"));
      return parsed.filter(col("reject_code").isNull()).count();
    } finally {
      parsed.unpersist();
    }
  }
}
