package org.ipcube.raw;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ipcube.common.RunMode;
import org.ipcube.common.Settings;
import org.ipcube.landing.Feed;

/**
 * Reads {@code pledge} deliveries (GB18030 CSV with the Chinese header, not compressed; feed SPEC
 * §5) and writes {@code raw.pledge_registrations}: one row per registration row per delivery,
 * fields as delivered. Every file is first decoded strictly as GB18030 and its header compared
 * with the SPEC's, so a file exported in another encoding rejects its delivery by name instead of
 * loading mojibake.
 */
public final class IngestPledgesJob {
  private IngestPledgesJob() {}

  /** The SPEC's columns in order, under English names. */
  static final String[] COLUMNS = {"registration_no", "pledge_type", "pledgor_name", "pledgor_uscc", "pledgor_address",
      "pledgee_name", "pledged_items", "secured_amount_wan", "registration_date", "expiry_date", "status", "status_date"};

  static final StructType CSV_SCHEMA;

  static {
    StructType t = new StructType();
    for (String c : COLUMNS) t = t.add(c, DataTypes.StringType);
    CSV_SCHEMA = t.add("_corrupt_record", DataTypes.StringType);
  }

  public static RawIngest.FeedReader reader(SparkSession spark) {
    return new RawIngest.FeedReader(Feed.pledge, files -> IngestPatentLegalJob.csv(spark, files, CSV_SCHEMA, "GB18030"), IngestPledgesJob::toRaw);
  }

  public static RawIngest.Result run(SparkSession spark, Settings settings, LocalDate from, LocalDate to, RunMode mode) {
    return RawIngest.run(spark, settings, reader(spark), from, to, mode);
  }

  public static Dataset<Row> toRaw(Dataset<Row> csv) {
    Column[] lineage = {col("delivery_date"), col("delivery_sequence"), col("source_file"), col("record_position")};
    Column[] fields = Arrays.stream(COLUMNS).map(c -> col(c)).toArray(Column[]::new);
    Column[] all = new Column[lineage.length + fields.length];
    System.arraycopy(lineage, 0, all, 0, lineage.length);
    System.arraycopy(fields, 0, all, lineage.length, fields.length);
    return csv.select(all);
  }
}
