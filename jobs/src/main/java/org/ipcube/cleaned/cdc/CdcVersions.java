package org.ipcube.cleaned.cdc;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.ipcube.cleaned.CleanedColumns;

/**
 * The state history of change-data-capture feeds (trademark, gi: each line the full state of a
 * record, the latest {@code record_updated_at} wins). Lines are taken in delivery order (delivery
 * date, sequence, file, position: never arrival order). A line becomes the known state when its
 * timestamp is at least that of every line delivered before it, so an older state delivered late
 * never wins. The state known at a delivery date is the last winner of that date: a
 * <em>version</em>, known from that delivery date until the next version's. Pure.
 */
public final class CdcVersions {
  private CdcVersions() {}

  /**
   * Keeps the versions of each {@code id}, adding {@code version_number} (1-based),
   * {@code known_from} (its delivery date) and {@code known_to} (the next version's, null for the
   * current one) and {@code lines_folded} (lines of the record not kept: overtaken in the same
   * delivery or older states delivered late). Input needs {@code updated_at} (timestamp) and the lineage.
   */
  public static Dataset<Row> versions(Dataset<Row> lines, String id) {
    WindowSpec arrival = Window.partitionBy(id).orderBy(CleanedColumns.arrivalOrder());
    // The newest state wins; of equal states, the later arrival.
    Column key = functions.struct(col("updated_at"), col("delivery_date"), col("delivery_sequence"), col("source_file"),
        col("record_position"));
    Dataset<Row> winners = lines
        .withColumn("_key", key)
        .withColumn("_best", functions.max("_key").over(arrival.rowsBetween(Window.unboundedPreceding(), Window.currentRow())))
        .withColumn("_lines", functions.count(lit(1)).over(Window.partitionBy(id)))
        .filter(col("_key").equalTo(col("_best")))
        // Of the winners of one delivery date only the last was ever known.
        .withColumn("_last_of_date", functions.row_number().over(Window.partitionBy(col(id), col("delivery_date"))
            .orderBy(col("_key").desc())))
        .filter(col("_last_of_date").equalTo(1));
    WindowSpec versions = Window.partitionBy(id).orderBy(col("delivery_date"));
    return winners
        .withColumn("version_number", functions.row_number().over(versions))
        .withColumn("known_from", col("delivery_date"))
        .withColumn("known_to", functions.lead("delivery_date", 1).over(versions))
        .withColumn("lines_folded", col("_lines").minus(functions.count(lit(1)).over(Window.partitionBy(id))))
        .drop("_key", "_best", "_lines", "_last_of_date");
  }

  /** A record_updated_at such as 2024-03-01T02:00:00+08:00 (or without zone, or a bare date) as a timestamp. */
  public static Column parseTimestamp(Column raw) {
    Column s = functions.trim(raw);
    return functions.coalesce(
        functions.try_to_timestamp(s, lit("yyyy-MM-dd'T'HH:mm:ssXXX")),
        functions.try_to_timestamp(s, lit("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")),
        functions.try_to_timestamp(s, lit("yyyy-MM-dd'T'HH:mm:ss")),
        functions.try_to_timestamp(s, lit("yyyy-MM-dd HH:mm:ss")),
        functions.try_to_timestamp(s, lit("yyyy-MM-dd")));
  }
}
