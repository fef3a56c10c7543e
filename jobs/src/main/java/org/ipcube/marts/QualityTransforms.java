package org.ipcube.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Load-quality metrics per delivery ({@code marts.load_quality}): how many records each delivery
 * brought, loaded, quarantined (by stage and reason) and had superseded; how well the addresses of
 * the records it holds now were placed (county, only city or province, not at all); the orphan
 * events it left held; and the regions the statistics miss. Shape: {@code feed, delivery_date,
 * delivery_sequence, metric, value, detail}. Pure.
 */
public final class QualityTransforms {
  private QualityTransforms() {}

  /** Match qualities that place an address in its county (see cleaned.patents.applicant_match_quality). */
  public static final List<String> COUNTY = List.of("county", "alias", "crosswalk", "street", "uscc");
  /** Match qualities of records outside the mainland: not in an address share's denominator. */
  public static final List<String> OUTSIDE = List.of("non_mainland", "foreign");

  private static Dataset<Row> metric(Dataset<Row> rows, String metric, Column value, Column detail) {
    return rows.select(col("feed"), col("delivery_date"), col("delivery_sequence"), lit(metric).as("metric"),
        value.cast("double").as("value"), detail.cast("string").as("detail"));
  }

  /** From {@code raw.deliveries}: delivered, loaded, raw-quarantined and superseded records, and rejected deliveries. */
  public static Dataset<Row> deliveryCounts(Dataset<Row> deliveries) {
    Column none = lit(null).cast("string");
    return metric(deliveries, "records_delivered", functions.coalesce(col("manifest_records"), lit(0L)), none)
        .unionByName(metric(deliveries.filter(col("status").equalTo("loaded")), "records_loaded",
            functions.coalesce(col("loaded_records"), lit(0L)), none))
        .unionByName(metric(deliveries.filter(col("status").equalTo("loaded")), "records_quarantined_raw",
            functions.coalesce(col("quarantined_records"), lit(0L)), none))
        .unionByName(metric(deliveries.filter(col("status").equalTo("superseded")), "records_superseded",
            functions.coalesce(col("manifest_records"), lit(0L)), col("message")))
        .unionByName(metric(deliveries.filter(col("status").isin("rejected", "incomplete")), "delivery_rejected", lit(1), col("message")));
  }

  /**
   * From {@code raw.quarantined_records} ({@code quarantined}, stage raw) and
   * {@code cleaned.rejected_records} ({@code rejected}, stage cleaned): per stage and reason code,
   * and the cleaned stage's total.
   */
  public static Dataset<Row> quarantineCounts(Dataset<Row> quarantined, Dataset<Row> rejected) {
    Dataset<Row> both = quarantined.filter(col("stage").equalTo("raw")).select("feed", "delivery_date", "delivery_sequence", "stage",
            "reason_code", "reason")
        .unionByName(rejected.select(col("feed"), col("delivery_date"), col("delivery_sequence"), lit("cleaned").as("stage"),
            col("reason_code"), col("reason")));
    return countsByStage(both);
  }

  private static Dataset<Row> countsByStage(Dataset<Row> quarantined) {
    Dataset<Row> byReason = quarantined.groupBy("feed", "delivery_date", "delivery_sequence", "stage", "reason_code")
        .agg(functions.count(lit(1)).as("n"), functions.min("reason").as("example"));
    Dataset<Row> cleaned = quarantined.filter(col("stage").equalTo("cleaned")).groupBy("feed", "delivery_date", "delivery_sequence")
        .agg(functions.count(lit(1)).as("n"));
    return byReason.select(col("feed"), col("delivery_date"), col("delivery_sequence"),
            functions.concat(lit("quarantined:"), col("stage"), lit(":"), col("reason_code")).as("metric"),
            col("n").cast("double").as("value"), col("example").as("detail"))
        .unionByName(metric(cleaned, "records_quarantined_cleaned", col("n"), lit(null)));
  }

  /**
   * Address placement of the records each delivery holds now ({@code rows}: {@code feed,
   * delivery_date, delivery_sequence, match_quality}): their count (mainland only) and the shares
   * placed in a county, only in a city, only in a province, and not at all.
   */
  public static Dataset<Row> addressShares(Dataset<Row> rows) {
    Column q = col("match_quality");
    Dataset<Row> g = rows.filter(functions.not(q.isin(OUTSIDE.toArray()))).groupBy("feed", "delivery_date", "delivery_sequence")
        .agg(functions.count(lit(1)).as("n"), functions.sum(when(q.isin(COUNTY.toArray()), 1).otherwise(0)).as("county"),
            functions.sum(when(q.equalTo("city"), 1).otherwise(0)).as("city"),
            functions.sum(when(q.isin("province", "province_code"), 1).otherwise(0)).as("province"),
            functions.sum(when(q.equalTo("unresolved"), 1).otherwise(0)).as("unresolved"));
    Column none = lit(null).cast("string");
    return metric(g, "addresses", col("n"), none)
        .unionByName(metric(g, "address_county_share", col("county").divide(col("n")), none))
        .unionByName(metric(g, "address_city_only_share", col("city").divide(col("n")), none))
        .unionByName(metric(g, "address_province_only_share", col("province").divide(col("n")), none))
        .unionByName(metric(g, "address_unresolved_share", col("unresolved").divide(col("n")), none));
  }

  /** Orphan events still held ({@code feed, delivery_date, delivery_sequence} of each). */
  public static Dataset<Row> orphans(Dataset<Row> heldEvents) {
    Dataset<Row> g = heldEvents.groupBy("feed", "delivery_date", "delivery_sequence").agg(functions.count(lit(1)).as("n"));
    return metric(g, "orphan_events_held", col("n"), lit(null));
  }

  /**
   * The share of a delivery's records quarantined at either stage: from the delivered and the
   * per-stage counts of {@code counts} (the other metrics).
   */
  public static Dataset<Row> quarantinedShare(Dataset<Row> counts) {
    Dataset<Row> g = counts.groupBy("feed", "delivery_date", "delivery_sequence")
        .agg(functions.sum(when(col("metric").equalTo("records_delivered"), col("value"))).as("delivered"),
            functions.sum(when(col("metric").isin("records_quarantined_raw", "records_quarantined_cleaned"), col("value")).otherwise(0.0))
                .as("quarantined"),
            functions.max(when(col("metric").equalTo("records_loaded"), lit(1))).as("loaded"))
        .filter(col("delivered").gt(0).and(col("loaded").equalTo(1)));
    return metric(g, "quarantined_share", col("quarantined").divide(col("delivered")), lit(null));
  }

  /**
   * Mainland cities and provinces of the dimension in use in {@code year} with no resident
   * population for it in the statistics (their per-capita figures are missing), counted on the
   * latest statistics delivery ({@code latestStats}: one row, feed, delivery_date,
   * delivery_sequence); the first codes in {@code detail}.
   */
  public static Dataset<Row> regionsWithoutPopulation(Dataset<Row> dimRegions, Dataset<Row> stats, int year, Dataset<Row> latestStats) {
    Dataset<Row> known = stats.filter(col("indicator").equalTo("resident_population").and(col("year").equalTo(year)))
        .select(col("region_code").as("_code")).distinct();
    Dataset<Row> missing = dimRegions.filter(col("region_level").isin("city", "province").and(col("is_mainland"))
            .and(functions.not(col("is_unknown"))).and(functions.not(col("is_pseudo_city"))).and(functions.not(col("is_development_zone")))
            .and(col("first_year").leq(year)).and(col("last_year").geq(year)))
        .join(known, col("region_code").equalTo(col("_code")), "left_anti")
        .agg(functions.count(lit(1)).as("n"),
            functions.array_join(functions.slice(functions.array_sort(functions.collect_list(col("region_code"))), 1, 10), " ").as("codes"));
    return metric(latestStats.crossJoin(missing), "regions_without_population", col("n"),
        functions.concat(lit("resident population " + year + " missing for "), col("codes")));
  }
}
