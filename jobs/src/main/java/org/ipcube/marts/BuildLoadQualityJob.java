package org.ipcube.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.ipcube.common.DeltaTables;
import org.ipcube.common.Settings;
import org.ipcube.common.Table;

/**
 * Reads {@code raw.deliveries}, {@code raw.quarantined_records}, {@code cleaned.rejected_records},
 * the cleaned tables' current records (their address match quality and delivery), the held orphan
 * events, the statistics and {@code marts.dim_regions}, and writes {@code marts.load_quality}: one row per feed, delivery and
 * metric (QualityTransforms), overwritten only when it changed.
 */
public final class BuildLoadQualityJob {
  private BuildLoadQualityJob() {}

  private static Dataset<Row> read(SparkSession spark, Settings s, String layer, String table) {
    return Table.of(layer, table).readOrEmpty(spark, s);
  }

  /** @return the rows of the table */
  public static long run(SparkSession spark, Settings s, LocalDate asOf) {
    Dataset<Row> deliveries = read(spark, s, "raw", "deliveries");
    // The sequence of each date's loaded delivery: tables that keep only the date join through it.
    Dataset<Row> loaded = deliveries.filter(col("status").equalTo("loaded"))
        .select(col("feed").as("_feed"), col("delivery_date").as("_date"), col("delivery_sequence"));
    Dataset<Row> addresses = read(spark, s, "cleaned", "patents").select(lit("patent_biblio").as("feed"), col("delivery_date"),
            col("delivery_sequence"), col("applicant_match_quality").as("match_quality"))
        .unionByName(read(spark, s, "cleaned", "trademarks").select(lit("trademark").as("feed"), col("delivery_date"),
            col("delivery_sequence"), col("registrant_match_quality").as("match_quality")))
        .unionByName(read(spark, s, "cleaned", "gi_user_versions").filter(col("known_to").isNull()).select(lit("gi").as("feed"),
            col("delivery_date"), col("delivery_sequence"), col("match_quality")))
        .unionByName(withSequence(read(spark, s, "cleaned", "pledge_contracts").select(lit("pledge").as("feed"), col("delivery_date"),
            col("pledgor_match_quality").as("match_quality")), loaded));
    Dataset<Row> orphans = read(spark, s, "cleaned", "patent_legal_events").filter(col("is_orphan"))
        .select(lit("patent_legal").as("feed"), col("known_date").as("delivery_date"), col("delivery_sequence"))
        .unionByName(read(spark, s, "cleaned", "pledge_events").filter(col("is_orphan"))
            .select(lit("pledge").as("feed"), col("delivery_date"), col("delivery_sequence")));
    Dataset<Row> latestStats = deliveries.filter(col("status").equalTo("loaded").and(col("feed").equalTo("stats")))
        .orderBy(col("delivery_date").desc(), col("delivery_sequence").desc()).limit(1)
        .select("feed", "delivery_date", "delivery_sequence");
    Dataset<Row> counts = QualityTransforms.deliveryCounts(deliveries)
        .unionByName(QualityTransforms.quarantineCounts(read(spark, s, "raw", "quarantined_records"),
            read(spark, s, "cleaned", "rejected_records")));
    Dataset<Row> all = counts.unionByName(QualityTransforms.quarantinedShare(counts))
        .unionByName(QualityTransforms.addressShares(addresses))
        .unionByName(QualityTransforms.orphans(orphans))
        .unionByName(QualityTransforms.regionsWithoutPopulation(read(spark, s, "marts", "dim_regions"),
            read(spark, s, "cleaned", "stats_figures"), asOf.getYear() - 1, latestStats));
    return DeltaTables.overwriteIfChanged(all.orderBy("feed", "delivery_date", "delivery_sequence", "metric"),
        Table.MARTS_LOAD_QUALITY.schema(), Table.MARTS_LOAD_QUALITY.path(s));
  }

  private static Dataset<Row> withSequence(Dataset<Row> rows, Dataset<Row> loaded) {
    return rows.join(loaded, col("feed").equalTo(col("_feed")).and(col("delivery_date").equalTo(col("_date"))), "left")
        .withColumn("delivery_sequence", functions.coalesce(col("delivery_sequence"), lit(1))).drop("_feed", "_date");
  }
}
