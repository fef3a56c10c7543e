package org.ipcube.raw;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.ipcube.common.RunMode;
import org.ipcube.common.Settings;
import org.ipcube.landing.Feed;

/**
 * Reads {@code gi} deliveries (JSON Lines, UTF-8, gzip; feed SPEC §6) and writes
 * {@code raw.gi_records}: one row per line per delivery, products and users in one table told
 * apart by {@code kind}, fields as delivered.
 */
public final class IngestGiJob {
  private IngestGiJob() {}

  static final StructType JSON_SCHEMA = (StructType) DataType.fromDDL(String.join(",",
      "kind string", "gi_id string", "name string", "category string", "announcement_no string", "approved_date string",
      "protected_area array<struct<code:string,name:string>>", "status string", "user_id string",
      "gi_ref struct<type:string,id:string,reg_no:string>", "enterprise struct<name:string,uscc:string,address:string>",
      "record_updated_at string", "_corrupt_record string"));

  public static RawIngest.FeedReader reader(SparkSession spark) {
    return new RawIngest.FeedReader(Feed.gi, files -> IngestTrademarksJob.jsonLines(spark, files, JSON_SCHEMA), IngestGiJob::toRaw);
  }

  public static RawIngest.Result run(SparkSession spark, Settings settings, LocalDate from, LocalDate to, RunMode mode) {
    return RawIngest.run(spark, settings, reader(spark), from, to, mode);
  }

  public static Dataset<Row> toRaw(Dataset<Row> parsed) {
    return parsed.select(col("delivery_date"), col("delivery_sequence"), col("source_file"), col("record_position"),
        col("kind"), col("gi_id"), col("name"), col("category"), col("announcement_no"), col("approved_date"),
        col("protected_area"), col("status"), col("user_id"), col("gi_ref.type").as("gi_ref_type"),
        functions.coalesce(col("gi_ref.id"), col("gi_ref.reg_no")).as("gi_ref_id"), col("enterprise.name").as("enterprise_name"),
        col("enterprise.uscc").as("enterprise_uscc"), col("enterprise.address").as("enterprise_address"), col("record_updated_at"));
  }
}
