package org.ipcube.cleaned;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ipcube.cleaned.patents.LegalEventTransforms;
import org.ipcube.cleaned.patents.PatentTimeline;
import org.ipcube.cleaned.patents.PatentTransforms;
import org.ipcube.cleaned.patents.TimelineTransforms;
import org.ipcube.common.RunMode;
import org.ipcube.common.Settings;
import org.ipcube.common.Table;
import org.ipcube.landing.Feed;

/**
 * Reads {@code raw.patent_biblio_records} and {@code raw.patent_legal_events} and writes the
 * cleaned patent tables:
 * <ul>
 *   <li>{@code cleaned.patents}: one row per application, the latest delivery's record;</li>
 *   <li>{@code cleaned.patent_legal_events}: one row per application, event code and effective date;</li>
 *   <li>{@code cleaned.patent_validity_intervals}: one row per application, view and stretch of validity;</li>
 *   <li>{@code cleaned.patent_transactions}: one row per transfer or licence;</li>
 *   <li>the rows of both feeds in {@code cleaned.rejected_records}.</li>
 * </ul>
 * Every row is a function of one application's raw records. A rebuild derives every application;
 * a nightly ({@link RunMode#CHANGES}) derives the applications the raw changes since the last
 * run mention, each from all of its raw records, and MERGEs them (see {@link CleanScope}): the
 * result does not depend on the order in which deliveries arrived, and a rerun writes nothing.
 */
public final class CleanPatentsJob {
  private CleanPatentsJob() {}

  static final String JOB = "CleanPatentsJob";
  static final String BIBLIO = "raw.patent_biblio_records";
  static final String LEGAL = "raw.patent_legal_events";

  /** Counts for the console: rows written (a rebuild) or rows changed (a nightly). */
  public record Result(String scope, long patents, long biblioQuarantined, long events, long eventsQuarantined, long orphanEvents,
      long intervals, long transactions) {}

  public static Result run(SparkSession spark, Settings s, RunMode mode) {
    CleanScope scope = CleanScope.plan(spark, s, JOB, List.of(BIBLIO, LEGAL), List.of(BIBLIO, LEGAL),
        List.of("patents", "patent_legal_events", "patent_validity_intervals", "patent_transactions"), mode)
        .byKeys((table, changed) -> PatentTransforms.applicationNumbers(changed));
    if (scope.isUnchanged()) {
      return new Result(scope.describe(), 0, 0, 0, 0, 0, 0, 0);
    }
    Dataset<Row> rawBiblio = scope.read(spark, s, BIBLIO);
    Dataset<Row> rawLegal = scope.read(spark, s, LEGAL);
    String typeSource = s.patentTypeSource();
    // Parsed once; in a keyed run the quarantine (record-level checks) is redone only for the
    // delivery dates that changed, the cleaned rows only for the applications they mention.
    Dataset<Row> biblio = PatentTransforms.parseRecords(
        scope.isByKeys() ? PatentTransforms.mentioning(rawBiblio, scope.keys()) : rawBiblio, typeSource).cache();
    Dataset<Row> legal = LegalEventTransforms.parseRecords(
        scope.isByKeys() ? PatentTransforms.mentioning(rawLegal, scope.keys()) : rawLegal).cache();
    Dataset<Row> biblioDelivered = scope.isByKeys()
        ? PatentTransforms.parseRecords(scope.changedDeliveries(rawBiblio, BIBLIO), typeSource) : biblio;
    Dataset<Row> legalDelivered = scope.isByKeys() ? LegalEventTransforms.parseRecords(scope.changedDeliveries(rawLegal, LEGAL)) : legal;
    try {
      long biblioQuarantined = scope.writeQuarantine(PatentTransforms.quarantine(biblioDelivered, Feed.patent_biblio.name()), s, Feed.patent_biblio.name(),
          BIBLIO);
      long eventsQuarantined = scope.writeQuarantine(LegalEventTransforms.quarantine(legalDelivered), s, Feed.patent_legal.name(), LEGAL);
      Dataset<Row> current = PatentTransforms.currentRecords(biblio.filter(col("reject_code").isNull()));
      long patentRows = scope.write(PatentTransforms.toPatents(current), Table.CLEANED_PATENTS, s, "application_number");
      Dataset<Row> written = scope.written(spark, s, "patents", "application_number");

      Dataset<Row> events = LegalEventTransforms.markOrphans(
          LegalEventTransforms.toEvents(LegalEventTransforms.deduplicate(legal.filter(col("reject_code").isNull()))),
          written.select("application_number"));
      long eventRows = scope.write(events, Table.CLEANED_PATENT_LEGAL_EVENTS, s, "application_number");
      Dataset<Row> writtenEvents = scope.written(spark, s, "patent_legal_events", "application_number");

      Dataset<Row> withEvents = TimelineTransforms.patentsWithEvents(written, writtenEvents).cache();
      PatentTimeline.Rules rules = new PatentTimeline.Rules(s.publicationLagDays(), s.highValueMaintainedYears(),
          s.highValueMaintainedFrom().equals("grant"));
      long intervals = scope.write(TimelineTransforms.intervals(withEvents, rules), Table.CLEANED_PATENT_VALIDITY_INTERVALS,
          s, "application_number");
      long transactions = scope.write(TimelineTransforms.transactions(withEvents), Table.CLEANED_PATENT_TRANSACTIONS,
          s, "application_number");
      withEvents.unpersist();
      long orphans = writtenEvents.filter(col("is_orphan")).count();
      scope.recordConsumed(spark, s, JOB);
      return new Result(scope.describe(), patentRows, biblioQuarantined, eventRows, eventsQuarantined, orphans, intervals, transactions);
    } finally {
      biblio.unpersist();
      legal.unpersist();
    }
  }
}
