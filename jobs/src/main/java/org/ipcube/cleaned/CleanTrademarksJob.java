package org.ipcube.cleaned;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ipcube.cleaned.trademarks.TrademarkTransforms;
import org.ipcube.common.RunMode;
import org.ipcube.common.Settings;
import org.ipcube.common.Table;
import org.ipcube.landing.Feed;

/**
 * Reads {@code raw.trademark_records} and writes {@code cleaned.trademark_versions} (one row per
 * mark per version known: the state history), {@code cleaned.trademarks} (one row per mark: its
 * current version) and the trademark rows of {@code cleaned.rejected_records}.
 * Every row is a function of one mark's raw lines: a nightly ({@link RunMode#CHANGES}) re-derives
 * the marks the raw changes since the last run mention, from all of their lines, and MERGEs them;
 * the result does not depend on the order deliveries arrived in.
 */
public final class CleanTrademarksJob {
  private CleanTrademarksJob() {}

  static final String JOB = "CleanTrademarksJob";
  static final String RAW = "raw.trademark_records";

  /**
   * Counts for the console: the raw lines read, rows written (a rebuild) or changed (a nightly),
   * and, over the marks in scope, those folded away and registered.
   */
  public record Result(String scope, long rawLines, long versions, long quarantined, long folded, long marks, long registered) {}

  public static Result run(SparkSession spark, Settings s, RunMode mode) {
    CleanScope scope = CleanScope.plan(spark, s, JOB, List.of(RAW), List.of(RAW), List.of("trademark_versions", "trademarks"), mode)
        .byKeys((table, changed) -> TrademarkTransforms.registrationNumbers(changed));
    if (scope.isUnchanged()) {
      return new Result(scope.describe(), 0, 0, 0, 0, 0, 0);
    }
    Dataset<Row> raw = scope.read(spark, s, RAW);
    Dataset<Row> parsed = TrademarkTransforms.parseRecords(scope.isByKeys() ? TrademarkTransforms.mentioning(raw, scope.keys()) : raw)
        .cache();
    Dataset<Row> delivered = scope.isByKeys() ? TrademarkTransforms.parseRecords(scope.changedDeliveries(raw, RAW)) : parsed;
    try {
      long rawLines = parsed.count();
      long quarantined = scope.writeQuarantine(TrademarkTransforms.quarantine(delivered), s, Feed.trademark.name(), RAW);
      long versionRows = scope.write(TrademarkTransforms.versions(parsed.filter(col("reject_code").isNull())),
          Table.CLEANED_TRADEMARK_VERSIONS, s, "reg_no");
      Dataset<Row> versions = scope.written(spark, s, "trademark_versions", "reg_no");
      scope.write(TrademarkTransforms.current(versions), Table.CLEANED_TRADEMARKS, s, "reg_no");
      Row counts = scope.written(spark, s, "trademarks", "reg_no")
          .selectExpr("count(*)", "coalesce(sum(lines_folded), 0)", "count_if(valid_from IS NOT NULL)").first();
      scope.recordConsumed(spark, s, JOB);
      return new Result(scope.describe(), rawLines, versionRows, quarantined, counts.getLong(1), counts.getLong(0), counts.getLong(2));
    } finally {
      parsed.unpersist();
    }
  }
}
