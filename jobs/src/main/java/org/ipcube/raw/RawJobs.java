package org.ipcube.raw;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.ipcube.common.Progress;
import org.ipcube.common.RunMode;
import org.ipcube.common.Settings;
import org.ipcube.landing.Feed;

/**
 * The raw-layer jobs by feed, so commands and DAG tasks can name a feed. Each feed's job writes its
 * raw table; the quarantine and the delivery log of all feeds ingested are written once at the end.
 */
public final class RawJobs {
  private RawJobs() {}

  /** How {@code feed}'s files become rows: the one place a new {@link Feed} needs code in the raw layer. */
  public static RawIngest.FeedReader reader(SparkSession spark, Feed feed) {
    return switch (feed) {
      case patent_biblio -> IngestPatentBiblioJob.reader(spark);
      case patent_legal -> IngestPatentLegalJob.reader(spark);
      case trademark -> IngestTrademarksJob.reader(spark);
      case pledge -> IngestPledgesJob.reader(spark);
      case gi -> IngestGiJob.reader(spark);
      case stats -> IngestStatsJob.reader(spark);
    };
  }

  public static List<RawIngest.Result> ingest(SparkSession spark, Settings settings, List<Feed> feeds, LocalDate from,
      LocalDate to, RunMode mode) {
    List<RawIngest.Result> out = new ArrayList<>();
    for (Feed f : feeds) {
      try (Progress.Step step = Progress.step(spark, "raw " + f)) {
        out.add(RawIngest.run(spark, settings, reader(spark, f), from, to, mode));
      }
    }
    RawIngest.writeShared(spark, settings, out);
    return out;
  }
}
