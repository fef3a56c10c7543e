package org.ipcube.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.ipcube.common.RunMode;
import org.ipcube.common.Settings;
import org.ipcube.landing.Feed;
import org.ipcube.common.WarehouseLock;
import org.ipcube.common.SparkSessions;
import org.ipcube.raw.RawIngest;
import org.ipcube.raw.RawJobs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ipcube ingest}: the raw layer for one feed (or all) and one date or a range. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Load deliveries into the raw layer (validate manifest, parse, quarantine, log).")
public final class IngestCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin DateRangeOptions dates;

  @Option(names = "--feed", description = "Feed to load: ${COMPLETION-CANDIDATES} (default: all of them).")
  List<Feed> feeds;

  @Option(names = "--reload", description = "Parse delivery folders again that the delivery log already has as loaded "
      + "(default: skip them; a folder's content is final, corrections come as a new sequence).")
  boolean reload;

  @Override
  public Integer call() throws Exception {
    Settings settings = common.settings();
    Preflight.requireLanding(settings);
    dates.from();
    try (WarehouseLock lock = WarehouseLock.acquire(settings, "ingest");
        SparkSessions.Lease lease = SparkSessions.lease(settings, "ipcube-ingest")) {
      SparkSession spark = lease.spark();
      List<RawIngest.Result> results = RawJobs.ingest(spark, settings, feeds == null ? List.of(Feed.values()) : feeds,
          dates.from(), dates.to(), reload ? RunMode.REBUILD : RunMode.CHANGES);
      return Console.reportIngest(results);
    }
  }
}
