package org.ipcube.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ipcube.cleaned.CleanTrademarksJob;
import org.ipcube.common.Settings;
import org.ipcube.common.SparkSessions;
import org.ipcube.common.Table;
import org.ipcube.feeds.RegionSampler;
import org.ipcube.feeds.trademarks.TrademarkFeedGenerator;
import org.ipcube.marts.BuildDimensionsJob;
import org.ipcube.marts.BuildTrademarkCubeJob;
import org.ipcube.raw.IngestTrademarksJob;
import org.ipcube.region.Crosswalk;
import org.ipcube.region.Divisions;

/**
 * The trademark path at scale: a register of {@code registrationsPerYear} x ~11 marks (the marks in
 * force when the range starts plus two years of registrations, renewals, lapses and cancellations)
 * delivered weekly over 2022-2023, then raw ingest, the state history (cleaned) and the trademark
 * cube, each timed once (the steps rewrite their tables, so a rerun measures the same work).
 */
public final class TrademarkBench {
  private TrademarkBench() {}

  static final LocalDate FROM = LocalDate.of(2022, 1, 1);
  static final LocalDate TO = LocalDate.of(2023, 12, 31);

  public static int run(Settings base, int registrationsPerYear, Path work) throws Exception {
    Path landing = work.resolve("landing");
    Settings s = base.withRoots(landing.toString(), work.resolve("warehouse").toString());
    out("trademarks: %,d registrations a year (%s..%s), work dir %s", registrationsPerYear, FROM, TO, work);
    if (!Files.exists(landing.resolve("trademark"))) {
      long t = System.nanoTime();
      TreeSet<LocalDate> dates = new TreeSet<>();
      for (LocalDate d = FROM.with(TemporalAdjusters.nextOrSame(DayOfWeek.TUESDAY)); !d.isAfter(TO); d = d.plusWeeks(1)) dates.add(d);
      TrademarkFeedGenerator.Summary g = new TrademarkFeedGenerator(new TrademarkFeedGenerator.Params(FROM, TO, registrationsPerYear,
          s.generatorSeed(), s.generatorDirtRate(), 2_000_000), landing, dates,
          new RegionSampler(Divisions.shipped(), Crosswalk.shipped())).generate();
      out("generated %,d marks as %,d register lines in %.1f s", g.marks(), g.lines(), secs(t));
    }
    try (SparkSession spark = SparkSessions.create(s, "ipcube-bench-trademarks")) {
      long t = System.nanoTime();
      long loaded = IngestTrademarksJob.run(spark, s, FROM, TO, org.ipcube.common.RunMode.REBUILD).loaded();
      double raw = secs(t);
      out("TM1 parse trademark JSON lines → raw: %.1f s, %,d lines (%,.0f lines/s)", raw, loaded, loaded / raw);
      t = System.nanoTime();
      CleanTrademarksJob.Result c = CleanTrademarksJob.run(spark, s, org.ipcube.common.RunMode.REBUILD);
      out("TM2 state history (versions, current marks): %.1f s, %,d versions of %,d marks", secs(t), c.versions(), c.marks());
      Dataset<Row> marks = Table.CLEANED_TRADEMARKS.readOrEmpty(spark, s);
      long valid = marks.filter("valid_from <= DATE'2023-12-31' AND (valid_to IS NULL OR valid_to > DATE'2023-12-31')").count();
      out("valid marks at 2023-12-31: %,d", valid);
      BuildDimensionsJob.run(spark, s, FROM.getYear() - 1, TO.getYear() + 1);
      t = System.nanoTime();
      long rows = BuildTrademarkCubeJob.run(spark, s, FROM.getYear(), TO);
      out("TM3 trademark cube (stocks from the state history, both views and boundaries, every level): %.1f s, %,d rows", secs(t), rows);
    }
    return 0;
  }

  private static double secs(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static void out(String fmt, Object... args) {
    System.out.println("bench: " + String.format(Locale.ROOT, fmt, args));
  }
}
