package org.ipcube.raw;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ipcube.common.RunMode;
import org.ipcube.common.Settings;
import org.ipcube.landing.Feed;

/**
 * Reads {@code stats} deliveries (CSV with header, UTF-8; feed SPEC §7) and writes
 * {@code raw.stats_figures}: one row per figure line per delivery, as delivered.
 */
public final class IngestStatsJob {
  private IngestStatsJob() {}

  static final StructType CSV_SCHEMA = new StructType()
      .add("region_code", DataTypes.StringType).add("region_name", DataTypes.StringType)
      .add("year", DataTypes.StringType).add("indicator", DataTypes.StringType)
      .add("value", DataTypes.StringType).add("unit", DataTypes.StringType)
      .add("release", DataTypes.StringType).add("published_date", DataTypes.StringType)
      .add("_corrupt_record", DataTypes.StringType);

  public static RawIngest.FeedReader reader(SparkSession spark) {
    return new RawIngest.FeedReader(Feed.stats, files -> IngestPatentLegalJob.csv(spark, files, CSV_SCHEMA, "UTF-8"), IngestStatsJob::toRaw);
  }

  public static RawIngest.Result run(SparkSession spark, Settings settings, LocalDate from, LocalDate to, RunMode mode) {
    return RawIngest.run(spark, settings, reader(spark), from, to, mode);
  }

  public static Dataset<Row> toRaw(Dataset<Row> csv) {
    return csv.select(col("delivery_date"), col("delivery_sequence"), col("source_file"), col("record_position"),
        col("region_code"), col("region_name"), col("year"), col("indicator"), col("value"), col("unit"),
        col("release"), col("published_date"));
  }
}
