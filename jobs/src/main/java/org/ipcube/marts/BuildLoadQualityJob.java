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
import org.ipcube.landing.Feed;

/**
 * Reads {@code raw.deliveries}, {@code raw.quarantined_records}, {@code cleaned.rejected_records},
 * the cleaned tables' current records (their address match quality and delivery), the held orphan
 * events, the statistics and {@code marts.dim_regions}, and writes {@code marts.load_quality}: one row per feed, delivery and
 * metric (QualityTransforms), overwritten only when it changed.
 */
public final class BuildLoadQualityJob {
  private BuildLoadQualityJob() {}

  /** @return the rows of the table */
  public static long run(SparkSession spark, Settings s, LocalDate asOf) {
    Dataset<Row> deliveries = Table.RAW_DELIVERIES.readOrEmpty(spark, s);
    // The sequence of each date's loaded delivery: tables that keep only the date join through it.
    Dataset<Row> loaded = deliveries.filter(col("status").equalTo("loaded"))
        .select(col("feed").as("_feed"), col("delivery_date").as("_date"), col("delivery_sequence"));
    Dataset<Row> addresses = Table.CLEANED_PATENTS.readOrEmpty(spark, s).select(lit(Feed.patent_biblio.name()).as("feed"), col("delivery_date"),
            col("delivery_sequence"), col("applicant_match_quality").as("match_quality"))
        .unionByName(Table.CLEANED_TRADEMARKS.readOrEmpty(spark, s).select(lit(Feed.trademark.name()).as("feed"), col("delivery_date"),
            col("delivery_sequence"), col("registrant_match_quality").as("match_quality")))
        .unionByName(Table.CLEANED_GI_USER_VERSIONS.readOrEmpty(spark, s).filter(col("known_to").isNull()).select(lit(Feed.gi.name()).as("feed"),
            col("delivery_date"), col("delivery_sequence"), col("match_quality")))
        .unionByName(withSequence(Table.CLEANED_PLEDGE_CONTRACTS.readOrEmpty(spark, s).select(lit(Feed.pledge.name()).as("feed"), col("delivery_date"),
            col("pledgor_match_quality").as("match_quality")), loaded));
    Dataset<Row> orphans = Table.CLEANED_PATENT_LEGAL_EVENTS.readOrEmpty(spark, s).filter(col("is_orphan"))
        .select(lit(Feed.patent_legal.name()).as("feed"), col("known_date").as("delivery_date"), col("delivery_sequence"))
        .unionByName(Table.CLEANED_PLEDGE_EVENTS.readOrEmpty(spark, s).filter(col("is_orphan"))
            .select(lit(Feed.pledge.name()).as("feed"), col("delivery_date"), col("delivery_sequence")));
    Dataset<Row> latestStats = deliveries.filter(col("status").equalTo("loaded").and(col("feed").equalTo(Feed.stats.name())))
        .orderBy(col("delivery_date").desc(), col("delivery_sequence").desc()).limit(1)
        .select("feed", "delivery_date", "delivery_sequence");
    Dataset<Row> counts = QualityTransforms.deliveryCounts(deliveries)
        .unionByName(QualityTransforms.quarantineCounts(Table.RAW_QUARANTINED_RECORDS.readOrEmpty(spark, s),
            Table.CLEANED_REJECTED_RECORDS.readOrEmpty(spark, s)));
    Dataset<Row> all = counts.unionByName(QualityTransforms.quarantinedShare(counts))
        .unionByName(QualityTransforms.addressShares(addresses))
        .unionByName(QualityTransforms.orphans(orphans))
        .unionByName(QualityTransforms.regionsWithoutPopulation(Table.MARTS_DIM_REGIONS.readOrEmpty(spark, s),
            Table.CLEANED_STATS_FIGURES.readOrEmpty(spark, s), asOf.getYear() - 1, latestStats));
    return DeltaTables.overwriteIfChanged(all.orderBy("feed", "delivery_date", "delivery_sequence", "metric"),
        Table.MARTS_LOAD_QUALITY.schema(), Table.MARTS_LOAD_QUALITY.path(s));
  }

  private static Dataset<Row> withSequence(Dataset<Row> rows, Dataset<Row> loaded) {
    return rows.join(loaded, col("feed").equalTo(col("_feed")).and(col("delivery_date").equalTo(col("_date"))), "left")
        .withColumn("delivery_sequence", functions.coalesce(col("delivery_sequence"), lit(1))).drop("_feed", "_date");
  }
}
