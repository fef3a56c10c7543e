package org.ipcube.cleaned;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ipcube.cleaned.gi.GiTransforms;
import org.ipcube.common.RunMode;
import org.ipcube.common.Settings;
import org.ipcube.common.Table;
import org.ipcube.landing.Feed;

/**
 * Reads {@code raw.gi_records} (every loaded delivery) and writes {@code cleaned.gi_product_versions}
 * (one row per GI product per version known), {@code cleaned.gi_user_versions} (one row per GI user
 * per version known) and the gi rows of {@code cleaned.rejected_records}.
 * Recomputed from the raw layer when it changed (thousands of records nationally); a table is
 * rewritten only when its rows differ.
 */
public final class CleanGiJob {
  private CleanGiJob() {}

  static final String JOB = "CleanGiJob";
  static final String RAW = "raw.gi_records";

  public record Result(String scope, long rawLines, long productVersions, long userVersions, long quarantined, long unresolvedAreaNames) {}

  public static Result run(SparkSession spark, Settings s, RunMode mode) {
    CleanScope scope = CleanScope.plan(spark, s, JOB, List.of(RAW), List.of(), List.of("gi_product_versions", "gi_user_versions"), mode);
    if (scope.isUnchanged()) {
      return new Result(scope.describe(), 0, 0, 0, 0, 0);
    }
    Dataset<Row> parsed = GiTransforms.parseRecords(scope.read(spark, s, RAW)).cache();
    try {
      scope.writeQuarantine(GiTransforms.quarantine(parsed), s, Feed.gi.name(), RAW);
      // The console's two counts of the parsed lines in one pass over the cached rows.
      Row lines = parsed.selectExpr("count(*)", "count_if(reject_code IS NOT NULL)").first();
      long quarantined = lines.getLong(1);
      Dataset<Row> valid = parsed.filter(col("reject_code").isNull());
      long productVersions = scope.write(GiTransforms.productVersions(valid), Table.CLEANED_GI_PRODUCT_VERSIONS, s);
      long userVersions = scope.write(GiTransforms.userVersions(valid), Table.CLEANED_GI_USER_VERSIONS, s);
      Dataset<Row> products = Table.CLEANED_GI_PRODUCT_VERSIONS.read(spark, s);
      Result r = new Result(scope.describe(), lines.getLong(0), productVersions, userVersions, quarantined,
          products.filter("known_to IS NULL").selectExpr("coalesce(sum(size(unresolved_area_names)), 0)").first().getLong(0));
      scope.recordConsumed(spark, s, JOB);
      return r;
    } finally {
      parsed.unpersist();
    }
  }
}
