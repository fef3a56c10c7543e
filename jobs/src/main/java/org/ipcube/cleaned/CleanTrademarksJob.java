package org.ipcube.cleaned;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ipcube.cleaned.trademarks.TrademarkTransforms;
import org.ipcube.common.DeltaTables;
import org.ipcube.common.Settings;
import org.ipcube.common.TableSchema;

/**
 * Reads {@code raw.trademark_records} (every loaded delivery) and writes
 * {@code cleaned.trademark_versions} (one row per mark per version known: the state history),
 * {@code cleaned.trademarks} (one row per mark: its current version) and the stage-"cleaned"
 * trademark rows of {@code raw.quarantined_records}. Recomputed from the raw layer each run, so
 * the result does not depend on the order deliveries arrived in.
 */
public final class CleanTrademarksJob {
  private CleanTrademarksJob() {}

  /** Counts for the console and for the delivered = versions + quarantined + folded check. */
  public record Result(long rawLines, long versions, long quarantined, long folded, long marks, long registered) {}

  public static Result run(SparkSession spark, Settings s) {
    TableSchema rawSchema = TableSchema.of("raw", "trademark_records");
    TableSchema quarantine = TableSchema.of("raw", "quarantined_records");
    Dataset<Row> parsed = TrademarkTransforms.parseRecords(DeltaTables.read(spark, rawSchema, s.tablePath("raw", rawSchema.name())))
        .cache();
    try {
      // Row counts come from the commits' metrics and one pass over the (small) current marks.
      long rawLines = parsed.count();
      long quarantined = DeltaTables.replace(TrademarkTransforms.quarantine(parsed), quarantine, s.tablePath("raw", quarantine.name()),
          "feed = 'trademark' AND stage = 'cleaned'");
      long versionRows = DeltaTables.overwrite(TrademarkTransforms.versions(parsed.filter(col("reject_code").isNull())),
          TableSchema.of("cleaned", "trademark_versions"), s.tablePath("cleaned", "trademark_versions"));
      Dataset<Row> versions = spark.read().format("delta").load(s.tablePath("cleaned", "trademark_versions"));
      DeltaTables.overwrite(TrademarkTransforms.current(versions), TableSchema.of("cleaned", "trademarks"),
          s.tablePath("cleaned", "trademarks"));
      Row counts = spark.read().format("delta").load(s.tablePath("cleaned", "trademarks"))
          .selectExpr("count(*)", "coalesce(sum(lines_folded), 0)", "count_if(valid_from IS NOT NULL)").first();
      return new Result(rawLines, versionRows, quarantined, counts.getLong(1), counts.getLong(0), counts.getLong(2));
    } finally {
      parsed.unpersist();
    }
  }
}
