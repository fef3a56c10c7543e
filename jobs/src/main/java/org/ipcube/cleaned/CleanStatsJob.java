package org.ipcube.cleaned;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ipcube.cleaned.stats.StatsTransforms;
import org.ipcube.common.RunMode;
import org.ipcube.common.Settings;
import org.ipcube.common.Table;
import org.ipcube.landing.Feed;

/**
 * Reads {@code raw.stats_figures} and writes {@code cleaned.stats_figures} (one row per region,
 * year, indicator and release) plus the stats rows of {@code cleaned.rejected_records}, when the
 * feed changed since the last run.
 */
public final class CleanStatsJob {
  private CleanStatsJob() {}

  static final String JOB = "CleanStatsJob";
  static final String RAW = "raw.stats_figures";

  /** @return the valid figures read, or -1 when the feed did not change since the last run */
  public static long run(SparkSession spark, Settings s, RunMode mode) {
    CleanScope scope = CleanScope.plan(spark, s, JOB, List.of(RAW), List.of(), List.of("stats_figures"), mode);
    if (scope.isUnchanged()) {
      return -1;
    }
    Dataset<Row> parsed = StatsTransforms.parseRecords(scope.read(spark, s, RAW)).cache();
    try {
      scope.writeQuarantine(StatsTransforms.quarantine(parsed), s, Feed.stats.name(), RAW);
      scope.write(StatsTransforms.currentFigures(parsed), Table.CLEANED_STATS_FIGURES, s);
      long valid = parsed.filter(col("reject_code").isNull()).count();
      scope.recordConsumed(spark, s, JOB);
      return valid;
    } finally {
      parsed.unpersist();
    }
  }
}
