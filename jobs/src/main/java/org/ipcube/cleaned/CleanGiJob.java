package org.ipcube.cleaned;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ipcube.cleaned.gi.GiTransforms;
import org.ipcube.common.DeltaTables;
import org.ipcube.common.Settings;
import org.ipcube.common.TableSchema;

/**
 * Reads {@code raw.gi_records} (every loaded delivery) and writes {@code cleaned.gi_product_versions}
 * (one row per GI product per version known), {@code cleaned.gi_user_versions} (one row per GI user
 * per version known) and the stage-"cleaned" gi rows of {@code raw.quarantined_records}.
 * Recomputed from the raw layer each run (thousands of records nationally).
 */
public final class CleanGiJob {
  private CleanGiJob() {}

  public record Result(long rawLines, long productVersions, long userVersions, long quarantined, long unresolvedAreaNames) {}

  public static Result run(SparkSession spark, Settings s) {
    TableSchema rawSchema = TableSchema.of("raw", "gi_records");
    TableSchema quarantine = TableSchema.of("raw", "quarantined_records");
    Dataset<Row> parsed = GiTransforms.parseRecords(DeltaTables.read(spark, rawSchema, s.tablePath("raw", rawSchema.name()))).cache();
    try {
      long quarantined = DeltaTables.replace(GiTransforms.quarantine(parsed), quarantine, s.tablePath("raw", quarantine.name()),
          "feed = 'gi' AND stage = 'cleaned'");
      Dataset<Row> valid = parsed.filter(col("reject_code").isNull());
      long productVersions = DeltaTables.overwrite(GiTransforms.productVersions(valid), TableSchema.of("cleaned", "gi_product_versions"),
          s.tablePath("cleaned", "gi_product_versions"));
      long userVersions = DeltaTables.overwrite(GiTransforms.userVersions(valid), TableSchema.of("cleaned", "gi_user_versions"),
          s.tablePath("cleaned", "gi_user_versions"));
      Dataset<Row> products = spark.read().format("delta").load(s.tablePath("cleaned", "gi_product_versions"));
      return new Result(parsed.count(), productVersions, userVersions, quarantined,
          products.filter("known_to IS NULL").selectExpr("coalesce(sum(size(unresolved_area_names)), 0)").first().getLong(0));
    } finally {
      parsed.unpersist();
    }
  }
}
