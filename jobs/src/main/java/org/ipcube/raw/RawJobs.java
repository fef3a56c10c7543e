package org.ipcube.raw;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.ipcube.common.RunMode;
import org.ipcube.common.Progress;
import org.ipcube.common.Settings;

/**
 * The raw-layer jobs by feed, so commands and DAG tasks can name a feed. Each feed's job writes its
 * raw table; the quarantine and the delivery log of all feeds ingested are written once at the end.
 */
public final class RawJobs {
  private RawJobs() {}

  /** Every feed of the SPEC, each with its raw-layer job. */
  public enum Feed {
    patent_biblio, patent_legal, trademark, pledge, gi, stats
  }

  public static List<RawIngest.Result> ingest(SparkSession spark, Settings settings, List<Feed> feeds, LocalDate from,
      LocalDate to, RunMode mode) {
    List<RawIngest.Result> out = new ArrayList<>();
    for (Feed f : feeds) {
      Progress.step(spark, "raw " + f);
      out.add(switch (f) {
        case patent_biblio -> IngestPatentBiblioJob.run(spark, settings, from, to, mode);
        case patent_legal -> IngestPatentLegalJob.run(spark, settings, from, to, mode);
        case trademark -> IngestTrademarksJob.run(spark, settings, from, to, mode);
        case pledge -> IngestPledgesJob.run(spark, settings, from, to, mode);
        case gi -> IngestGiJob.run(spark, settings, from, to, mode);
        case stats -> IngestStatsJob.run(spark, settings, from, to, mode);
      });
    }
    RawIngest.writeShared(spark, settings, out);
    return out;
  }
}
