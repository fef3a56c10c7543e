package org.ipcube.cleaned;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ipcube.cleaned.pledges.PledgeTransforms;
import org.ipcube.common.RunMode;
import org.ipcube.common.Settings;
import org.ipcube.common.Table;
import org.ipcube.landing.Feed;

/**
 * Reads {@code raw.pledge_registrations} (every loaded delivery), {@code cleaned.patents} and,
 * when loaded, {@code cleaned.trademarks} (to tell known pledged rights from unknown ones), and
 * writes the cleaned pledge tables:
 * <ul>
 *   <li>{@code cleaned.pledge_events}: one row per contract, status and status date;</li>
 *   <li>{@code cleaned.pledge_contracts}: one row per registered contract, its current state;</li>
 *   <li>{@code cleaned.pledged_rights}: one row per contract and pledged right;</li>
 *   <li>the pledge rows of {@code cleaned.rejected_records}.</li>
 * </ul>
 * Recomputed from the raw layer when any input changed (tens of thousands of contracts a year
 * nationally), so the result does not depend on arrival order; a table is rewritten only when its
 * rows differ. Runs after the patent and trademark clean jobs.
 */
public final class CleanPledgesJob {
  private CleanPledgesJob() {}

  static final String JOB = "CleanPledgesJob";
  static final String RAW = "raw.pledge_registrations";

  /** Counts for the console and for the delivered = loaded + quarantined + superseded check. */
  public record Result(String scope, long rawRows, long events, long quarantined, long superseded, long orphanEvents, long contracts,
      long rights, long unknownRights) {}

  public static Result run(SparkSession spark, Settings s, RunMode mode) {
    // Small nationally: recomputed in full whenever the feed or the rights it links to changed,
    // and written only where the result differs.
    CleanScope scope = CleanScope.plan(spark, s, JOB, List.of(RAW, "cleaned.patents", "cleaned.trademarks"), List.of(),
        List.of("pledge_events", "pledge_contracts", "pledged_rights"), mode);
    if (scope.isUnchanged()) {
      return new Result(scope.describe(), 0, 0, 0, 0, 0, 0, 0, 0);
    }
    Dataset<Row> parsed = PledgeTransforms.parseRecords(scope.read(spark, s, RAW)).cache();
    try {
      scope.writeQuarantine(PledgeTransforms.quarantine(parsed), s, Feed.pledge.name(), RAW);
      // The console's two counts of the parsed rows in one pass over the cached rows.
      Row rows = parsed.selectExpr("count(*)", "count_if(reject_code IS NOT NULL)").first();
      long quarantined = rows.getLong(1);
      Dataset<Row> valid = parsed.filter(col("reject_code").isNull());

      long eventCount = scope.write(PledgeTransforms.events(valid), Table.CLEANED_PLEDGE_EVENTS, s);
      Dataset<Row> events = Table.CLEANED_PLEDGE_EVENTS.read(spark, s);
      long contracts = scope.write(PledgeTransforms.contracts(valid, events), Table.CLEANED_PLEDGE_CONTRACTS, s);

      Dataset<Row> patents = scope.read(spark, s, "cleaned.patents");
      Dataset<Row> trademarks = scope.version("cleaned.trademarks") >= 0
          ? scope.read(spark, s, "cleaned.trademarks").select("reg_no") : null;
      long rightCount = scope.write(PledgeTransforms.rights(valid, patents, trademarks), Table.CLEANED_PLEDGED_RIGHTS, s);
      Dataset<Row> rights = Table.CLEANED_PLEDGED_RIGHTS.read(spark, s);

      long rawRows = rows.getLong(0);
      long validRows = rawRows - quarantined;
      Result r = new Result(scope.describe(), rawRows, eventCount, quarantined, PledgeTransforms.superseded(validRows, eventCount),
          events.filter(col("is_orphan")).count(), contracts, rightCount, rights.filter(col("is_known_right").equalTo(false)).count());
      scope.recordConsumed(spark, s, JOB);
      return r;
    } finally {
      parsed.unpersist();
    }
  }
}
