package org.ipcube.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.ipcube.common.RunMode;
import org.ipcube.common.Settings;
import org.ipcube.common.WarehouseLock;
import org.ipcube.common.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ipcube clean}: the cleaned layer from everything loaded in the raw layer. */
@Command(name = "clean", mixinStandardHelpOptions = true,
    description = "Bring the cleaned layer (normalised, deduplicated, validity intervals) up to date with the raw layer: "
        + "the keys changed since the last clean, or every key with --rebuild.")
public final class CleanCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--rebuild", description = "Re-derive every key from all raw records (default: only what changed since the last clean).")
  boolean rebuild;

  @Override
  public Integer call() throws Exception {
    Settings settings = common.settings();
    Preflight.requireTable(settings, "raw", "deliveries", "ipcube ingest");
    try (WarehouseLock lock = WarehouseLock.acquire(settings, "clean");
        SparkSessions.Lease lease = SparkSessions.lease(settings, "ipcube-clean")) {
      SparkSession spark = lease.spark();
      Pipeline.clean(spark, settings, rebuild ? RunMode.REBUILD : RunMode.CHANGES);
      return 0;
    }
  }
}
