package org.ipcube.cleaned;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ipcube.cleaned.pledges.PledgeTransforms;
import org.ipcube.common.DeltaTables;
import org.ipcube.common.Settings;
import org.ipcube.common.TableSchema;

/**
 * Reads {@code raw.pledge_registrations} (every loaded delivery), {@code cleaned.patents} and,
 * when loaded, {@code cleaned.trademarks} (to tell known pledged rights from unknown ones), and
 * writes the cleaned pledge tables:
 * <ul>
 *   <li>{@code cleaned.pledge_events}: one row per contract, status and status date;</li>
 *   <li>{@code cleaned.pledge_contracts}: one row per registered contract, its current state;</li>
 *   <li>{@code cleaned.pledged_rights}: one row per contract and pledged right;</li>
 *   <li>stage-"cleaned" rows of {@code raw.quarantined_records} for the pledge feed.</li>
 * </ul>
 * Recomputed from the raw layer each run (tens of thousands of contracts a year nationally), so
 * the result does not depend on arrival order. Runs after the patent and trademark clean jobs.
 */
public final class CleanPledgesJob {
  private CleanPledgesJob() {}

  /** Counts for the console and for the delivered = loaded + quarantined + superseded check. */
  public record Result(long rawRows, long events, long quarantined, long superseded, long orphanEvents, long contracts,
      long rights, long unknownRights) {}

  public static Result run(SparkSession spark, Settings s) {
    TableSchema rawSchema = TableSchema.of("raw", "pledge_registrations");
    TableSchema quarantine = TableSchema.of("raw", "quarantined_records");
    Dataset<Row> parsed = PledgeTransforms.parseRecords(DeltaTables.read(spark, rawSchema, s.tablePath("raw", rawSchema.name()))).cache();
    try {
      // Row counts come from the commits' metrics; only the orphan and unknown-right counts need a pass.
      long quarantined = DeltaTables.replace(PledgeTransforms.quarantine(parsed), quarantine, s.tablePath("raw", quarantine.name()),
          "feed = 'pledge' AND stage = 'cleaned'");
      Dataset<Row> valid = parsed.filter(col("reject_code").isNull());

      long eventCount = DeltaTables.overwrite(PledgeTransforms.events(valid), TableSchema.of("cleaned", "pledge_events"),
          s.tablePath("cleaned", "pledge_events"));
      Dataset<Row> events = spark.read().format("delta").load(s.tablePath("cleaned", "pledge_events"));
      long contracts = DeltaTables.overwrite(PledgeTransforms.contracts(valid, events), TableSchema.of("cleaned", "pledge_contracts"),
          s.tablePath("cleaned", "pledge_contracts"));

      Dataset<Row> patents = DeltaTables.read(spark, TableSchema.of("cleaned", "patents"), s.tablePath("cleaned", "patents"));
      String trademarksPath = s.tablePath("cleaned", "trademarks");
      Dataset<Row> trademarks = DeltaTables.exists(spark, trademarksPath)
          ? spark.read().format("delta").load(trademarksPath).select("reg_no") : null;
      long rightCount = DeltaTables.overwrite(PledgeTransforms.rights(valid, patents, trademarks), TableSchema.of("cleaned", "pledged_rights"),
          s.tablePath("cleaned", "pledged_rights"));
      Dataset<Row> rights = spark.read().format("delta").load(s.tablePath("cleaned", "pledged_rights"));

      long rawRows = parsed.count();
      long validRows = rawRows - quarantined;
      return new Result(rawRows, eventCount, quarantined, PledgeTransforms.superseded(validRows, eventCount),
          events.filter(col("is_orphan")).count(), contracts, rightCount, rights.filter(col("is_known_right").equalTo(false)).count());
    } finally {
      parsed.unpersist();
    }
  }
}
