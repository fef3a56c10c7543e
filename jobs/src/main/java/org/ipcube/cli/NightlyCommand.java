package org.ipcube.cli;

import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.ipcube.common.RunMode;
import org.ipcube.common.Settings;
import org.ipcube.common.WarehouseLock;
import org.ipcube.common.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ipcube nightly --date D}: one night's load: that date's deliveries into raw, then the
 * cleaned layer for the keys they touch (MERGEd), then the marts.
 */
@Command(name = "nightly", mixinStandardHelpOptions = true,
    description = "Load one delivery date (ingest → clean → marts); what a scheduled run calls with {{ ds }}.")
public final class NightlyCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin NotifyOptions notify;

  @Option(names = "--date", required = true, description = "Delivery date (YYYY-MM-DD).")
  LocalDate date;

  @Override
  public Integer call() throws Exception {
    Settings settings = common.settings();
    Preflight.requireLanding(settings);
    try (WarehouseLock lock = WarehouseLock.acquire(settings, "nightly");
        SparkSessions.Lease lease = SparkSessions.lease(settings, "ipcube-nightly")) {
      SparkSession spark = lease.spark();
      return Pipeline.run(spark, settings, date, date, RunMode.CHANGES, notify);
    }
  }
}
