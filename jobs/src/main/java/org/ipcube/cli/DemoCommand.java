package org.ipcube.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.ipcube.common.Settings;
import org.ipcube.common.WarehouseLock;
import org.ipcube.common.SparkSessions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ipcube demo}: generate sample deliveries, run the whole pipeline on them, print 嘉兴 2023. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Generate sample deliveries, run ingest → clean → marts on them, and print the 嘉兴 2023 report.")
public final class DemoCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--from", defaultValue = "2018-01-01", description = "First delivery date (default: ${DEFAULT-VALUE}).")
  LocalDate from;

  @Option(names = "--to", defaultValue = "2024-02-29", description = "Last delivery date (default: ${DEFAULT-VALUE}).")
  LocalDate to;

  @Option(names = "--patents-per-year", description = "Applications per year (default: ipcube.generator.patents-per-year).")
  Integer perYear;

  @Override
  public Integer call() throws Exception {
    Settings s = common.settings();
    long t = System.nanoTime();
    if (Files.exists(Path.of(s.landingRoot()).resolve("patent_biblio"))) {
      System.out.println("demo: " + s.landingRoot() + " already has deliveries; generating into it again (same seed: same files)");
    }
    GenerateCommand.run(s, from, to, perYear != null ? perYear : s.generatorPatentsPerYear(), s.generatorSeed(), s.generatorDirtRate());
    Console.stage("generate", t);
    int code;
    try (WarehouseLock lock = WarehouseLock.acquire(s, "demo");
        SparkSessions.Lease lease = SparkSessions.lease(s, "ipcube-demo")) {
      SparkSession spark = lease.spark();
      code = Pipeline.run(spark, s, from, to);
    }
    System.out.println();
    int report = IpcubeCli.commandLine().execute("report", "--region", "330400", "--year", "2023",
        "--landing", s.landingRoot(), "--warehouse", s.warehouseRoot());
    return code != 0 ? code : report;
  }
}
