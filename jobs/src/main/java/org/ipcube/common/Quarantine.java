package org.ipcube.common;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The one shape every job uses to set a record aside: rows of {@code raw.quarantined_records}
 * (records the raw stage could not parse) and of {@code cleaned.rejected_records} (parsed, invalid).
 */
public final class Quarantine {
  private Quarantine() {}

  /**
   * Projects records carrying lineage ({@code delivery_date}, {@code delivery_sequence},
   * {@code source_file}, {@code record_position}) to quarantine rows.
   */
  public static Dataset<Row> rows(Dataset<Row> records, String feed, String stage, Column reasonCode, Column reason,
      Column recordText) {
    return records.select(lit(feed).as("feed"), col("delivery_date"), col("delivery_sequence"), col("source_file"),
        col("record_position"), lit(stage).as("stage"), reasonCode.as("reason_code"), reason.as("reason"),
        recordText.as("record_text"));
  }

  /**
   * Rows of {@code cleaned.rejected_records} (the quarantine's shape without its stage) from a
   * parsed frame whose transforms set {@code reject_code} and {@code reject_reason}.
   */
  public static Dataset<Row> rejected(Dataset<Row> parsed, String feed, Column recordText) {
    return rows(parsed.filter(col("reject_code").isNotNull()), feed, "cleaned", col("reject_code"), col("reject_reason"), recordText)
        .drop("stage");
  }
}
