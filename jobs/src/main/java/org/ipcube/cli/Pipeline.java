package org.ipcube.cli;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.ipcube.cleaned.CleanPatentsJob;
import org.ipcube.cleaned.CleanPledgesJob;
import org.ipcube.cleaned.CleanTrademarksJob;
import org.ipcube.cleaned.CleanGiJob;
import org.ipcube.cleaned.CleanStatsJob;
import org.ipcube.common.Settings;
import org.ipcube.marts.Marts;
import org.ipcube.raw.RawIngest;
import org.ipcube.raw.RawJobs;

/** ingest → clean → marts in one Spark session, printing each stage's duration. */
public final class Pipeline {
  private Pipeline() {}

  public static int run(SparkSession spark, Settings s, LocalDate from, LocalDate to) {
    return run(spark, s, from, to, new NotifyOptions());
  }

  /** The cleaned layer, in dependency order: patents and trademarks, then pledges (which link to both), GI, statistics. */
  static void clean(SparkSession spark, Settings s) {
    Console.reportClean(CleanPatentsJob.run(spark, s));
    Console.reportClean(CleanTrademarksJob.run(spark, s));
    Console.reportClean(CleanPledgesJob.run(spark, s));
    Console.reportClean(CleanGiJob.run(spark, s));
    System.out.printf("clean  stats            %,d figures%n", CleanStatsJob.run(spark, s));
  }

  static int run(SparkSession spark, Settings s, LocalDate from, LocalDate to, NotifyOptions notify) {
    long t = System.nanoTime();
    List<RawIngest.Result> ingested = RawJobs.ingest(spark, s, List.of(RawJobs.Feed.values()), from, to);
    int code = Console.reportIngest(ingested);
    Console.stage("raw", t);
    t = System.nanoTime();
    clean(spark, s);
    Console.stage("cleaned", t);
    t = System.nanoTime();
    Marts.Result r = Marts.build(spark, s, null);
    System.out.printf("marts  regional cube     %,d rows %s, years %d..%d, as of %s%n", r.totalRows(), r.rows(), r.firstYear(),
        r.asOf().getYear(), r.asOf());
    Console.stage("marts", t);
    notify.afterPublish(r.asOf());
    return code;
  }
}
