package org.ipcube.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.ipcube.common.RunMode;
import org.ipcube.common.Settings;
import org.ipcube.common.WarehouseLock;
import org.ipcube.common.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ipcube run}: the whole pipeline for a range of delivery dates (backfill, first load). */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Ingest every delivery in a date range, then rebuild the cleaned layer and the marts.")
public final class RunCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin NotifyOptions notify;
  @Mixin DateRangeOptions dates;

  @Override
  public Integer call() throws Exception {
    Settings settings = common.settings();
    Preflight.requireLanding(settings);
    dates.from();
    try (WarehouseLock lock = WarehouseLock.acquire(settings, "run");
        SparkSessions.Lease lease = SparkSessions.lease(settings, "ipcube-run")) {
      SparkSession spark = lease.spark();
      return Pipeline.run(spark, settings, dates.from(), dates.to(), RunMode.REBUILD, notify);
    }
  }
}
