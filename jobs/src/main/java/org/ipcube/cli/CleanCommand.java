package org.ipcube.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.ipcube.common.Settings;
import org.ipcube.common.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ipcube clean}: the cleaned layer from everything loaded in the raw layer. */
@Command(name = "clean", mixinStandardHelpOptions = true,
    description = "Build the cleaned layer (normalised, deduplicated, validity intervals) from the raw layer.")
public final class CleanCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Settings settings = common.settings();
    Preflight.requireTable(settings, "raw", "deliveries", "ipcube ingest");
    try (SparkSession spark = SparkSessions.create(settings, "ipcube-clean")) {
      Pipeline.clean(spark, settings);
      return 0;
    }
  }
}
