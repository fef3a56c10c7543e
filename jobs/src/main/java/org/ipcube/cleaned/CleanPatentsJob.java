package org.ipcube.cleaned;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ipcube.cleaned.patents.LegalEventTransforms;
import org.ipcube.cleaned.patents.PatentTimeline;
import org.ipcube.cleaned.patents.PatentTransforms;
import org.ipcube.cleaned.patents.TimelineTransforms;
import org.ipcube.common.DeltaTables;
import org.ipcube.common.Settings;
import org.ipcube.common.TableSchema;

/**
 * Reads {@code raw.patent_biblio_records} and {@code raw.patent_legal_events} (every loaded
 * delivery) and writes the cleaned patent tables:
 * <ul>
 *   <li>{@code cleaned.patents}: one row per application, the latest delivery's record;</li>
 *   <li>{@code cleaned.patent_legal_events}: one row per application, event code and effective date;</li>
 *   <li>{@code cleaned.patent_validity_intervals}: one row per application, view and stretch of validity;</li>
 *   <li>{@code cleaned.patent_transactions}: one row per transfer or licence;</li>
 *   <li>stage-"cleaned" rows of {@code raw.quarantined_records} for both feeds.</li>
 * </ul>
 * Recomputed from the immutable raw layer each run, so the result does not depend on the order in
 * which deliveries arrived, and a rerun writes the same rows.
 */
public final class CleanPatentsJob {
  private CleanPatentsJob() {}

  public record Result(long patents, long biblioQuarantined, long events, long eventsQuarantined, long orphanEvents,
      long intervals, long transactions) {}

  public static Result run(SparkSession spark, Settings s) {
    TableSchema rawBiblio = TableSchema.of("raw", "patent_biblio_records");
    TableSchema rawLegal = TableSchema.of("raw", "patent_legal_events");
    TableSchema quarantine = TableSchema.of("raw", "quarantined_records");

    Dataset<Row> biblio = PatentTransforms.parseRecords(
        DeltaTables.read(spark, rawBiblio, s.tablePath("raw", rawBiblio.name())), s.patentTypeSource()).cache();
    Dataset<Row> legal = LegalEventTransforms.parseRecords(
        DeltaTables.read(spark, rawLegal, s.tablePath("raw", rawLegal.name()))).cache();
    try {
      // Row counts for the console come from each commit's metrics, never from another pass.
      long biblioQuarantined = DeltaTables.replace(PatentTransforms.quarantine(biblio, "patent_biblio"), quarantine,
          s.tablePath("raw", quarantine.name()), "feed = 'patent_biblio' AND stage = 'cleaned'");
      long eventsQuarantined = DeltaTables.replace(LegalEventTransforms.quarantine(legal), quarantine,
          s.tablePath("raw", quarantine.name()), "feed = 'patent_legal' AND stage = 'cleaned'");

      TableSchema patentsSchema = TableSchema.of("cleaned", "patents");
      Dataset<Row> patents = PatentTransforms.toPatents(
          PatentTransforms.currentRecords(biblio.filter(col("reject_code").isNull())));
      long patentRows = DeltaTables.overwrite(patents, patentsSchema, s.tablePath("cleaned", "patents"));
      Dataset<Row> written = spark.read().format("delta").load(s.tablePath("cleaned", "patents"));

      TableSchema eventsSchema = TableSchema.of("cleaned", "patent_legal_events");
      Dataset<Row> events = LegalEventTransforms.markOrphans(
          LegalEventTransforms.toEvents(LegalEventTransforms.deduplicate(legal.filter(col("reject_code").isNull()))),
          written.select("application_number"));
      long eventRows = DeltaTables.overwrite(events, eventsSchema, s.tablePath("cleaned", "patent_legal_events"));
      Dataset<Row> writtenEvents = spark.read().format("delta").load(s.tablePath("cleaned", "patent_legal_events"));

      Dataset<Row> withEvents = TimelineTransforms.patentsWithEvents(written, writtenEvents).cache();
      PatentTimeline.Rules rules = new PatentTimeline.Rules(s.publicationLagDays(), s.highValueMaintainedYears(),
          s.highValueMaintainedFrom().equals("grant"));
      long intervals = DeltaTables.overwrite(TimelineTransforms.intervals(withEvents, rules),
          TableSchema.of("cleaned", "patent_validity_intervals"), s.tablePath("cleaned", "patent_validity_intervals"));
      long transactions = DeltaTables.overwrite(TimelineTransforms.transactions(withEvents),
          TableSchema.of("cleaned", "patent_transactions"), s.tablePath("cleaned", "patent_transactions"));
      withEvents.unpersist();

      return new Result(patentRows, biblioQuarantined, eventRows, eventsQuarantined, writtenEvents.filter(col("is_orphan")).count(),
          intervals, transactions);
    } finally {
      biblio.unpersist();
      legal.unpersist();
    }
  }
}
