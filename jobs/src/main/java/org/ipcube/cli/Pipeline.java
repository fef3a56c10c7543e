package org.ipcube.cli;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.ipcube.cleaned.CleanedJobs;
import org.ipcube.common.Progress;
import org.ipcube.common.RunMode;
import org.ipcube.common.Settings;
import org.ipcube.landing.Feed;
import org.ipcube.marts.Marts;
import org.ipcube.raw.RawIngest;
import org.ipcube.raw.RawJobs;

/** ingest → clean → marts in one Spark session, printing each stage's duration. */
public final class Pipeline {
  private Pipeline() {}

  /** {@code ipcube run}: a range of delivery dates, the cleaned layer rebuilt from all raw records. */
  public static int run(SparkSession spark, Settings s, LocalDate from, LocalDate to) {
    return run(spark, s, from, to, RunMode.REBUILD, new NotifyOptions());
  }

  /**
   * {@code ipcube nightly}: one delivery date (and any redelivery of an earlier one found with it),
   * the cleaned layer re-derived only for the keys the new raw rows mention.
   */
  public static int nightly(SparkSession spark, Settings s, LocalDate date) {
    return run(spark, s, date, date, RunMode.CHANGES, new NotifyOptions());
  }

  /** The raw and cleaned stages of a load (the marts follow in {@link #run}); the ingest's exit code. */
  public static int ingestAndClean(SparkSession spark, Settings s, LocalDate from, LocalDate to, RunMode mode) {
    int code = Console.reportIngest(RawJobs.ingest(spark, s, List.of(Feed.values()), from, to, mode));
    clean(spark, s, mode);
    return code;
  }

  /** The cleaned layer, every job in {@link CleanedJobs}' order (pledges after the patents and trademarks they link to). */
  static void clean(SparkSession spark, Settings s, RunMode mode) {
    for (CleanedJobs job : CleanedJobs.values()) {
      try (Progress.Step step = Progress.step(spark, "clean " + job.domain())) {
        job.run(spark, s, mode);
      }
    }
  }

  static int run(SparkSession spark, Settings s, LocalDate from, LocalDate to, RunMode mode, NotifyOptions notify) {
    long t = System.nanoTime();
    List<RawIngest.Result> ingested = RawJobs.ingest(spark, s, List.of(Feed.values()), from, to, mode);
    int code = Console.reportIngest(ingested);
    Console.stage("raw", t);
    t = System.nanoTime();
    clean(spark, s, mode);
    Console.stage("cleaned", t);
    t = System.nanoTime();
    Marts.Result r = Marts.build(spark, s, null, mode);
    System.out.printf("marts  regional cube     %,d rows %s, years %d..%d, as of %s%n", r.totalRows(), r.rows(), r.firstYear(),
        r.asOf().getYear(), r.asOf());
    Console.stage("marts", t);
    notify.afterPublish(r.asOf());
    return code;
  }
}
