package org.ipcube.cli;

import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.ipcube.common.RunMode;
import org.ipcube.common.Settings;
import org.ipcube.common.WarehouseLock;
import org.ipcube.common.SparkSessions;
import org.ipcube.marts.Marts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ipcube marts}: dimensions and the regional cube from the cleaned layer. */
@Command(name = "marts", mixinStandardHelpOptions = true,
    description = "Build the dimensions and the regional indicator cube from the cleaned layer.")
public final class MartsCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin NotifyOptions notify;

  @Option(names = "--rebuild", description = "Build every domain's cube (default: only those whose inputs or parameters changed).")
  boolean rebuild;

  @Option(names = "--as-of", description = "Last delivery date the cube reflects (default: the latest loaded).")
  LocalDate asOf;

  @Override
  public Integer call() throws Exception {
    Settings settings = common.settings();
    Preflight.requireTable(settings, "raw", "deliveries", "ipcube ingest");
    Preflight.requireTable(settings, "cleaned", "patents", "ipcube clean");
    try (WarehouseLock lock = WarehouseLock.acquire(settings, "marts");
        SparkSessions.Lease lease = SparkSessions.lease(settings, "ipcube-marts")) {
      SparkSession spark = lease.spark();
      Marts.Result r = Marts.build(spark, settings, asOf, rebuild ? RunMode.REBUILD : RunMode.CHANGES);
      System.out.printf("marts  regional cube     %,d rows %s, years %d..%d, as of %s%n", r.totalRows(), r.rows(), r.firstYear(),
          r.asOf().getYear(), r.asOf());
      notify.afterPublish(r.asOf());
      return 0;
    }
  }
}
