package org.ipcube.bench;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.ipcube.cleaned.CleanPatentsJob;
import org.ipcube.cleaned.CleanStatsJob;
import org.ipcube.cleaned.patents.PatentTransforms;
import org.ipcube.common.Settings;
import org.ipcube.common.SparkSessions;
import org.ipcube.common.Table;
import org.ipcube.feeds.patents.PatentFeedGenerator;
import org.ipcube.feeds.stats.StatsFeedGenerator;
import org.ipcube.marts.BuildDimensionsJob;
import org.ipcube.marts.BuildPatentCubeJob;
import org.ipcube.marts.patents.PatentCubeTransforms;
import org.ipcube.raw.IngestPatentBiblioJob;
import org.ipcube.raw.IngestPatentLegalJob;
import org.ipcube.raw.IngestStatsJob;

/**
 * One benchmark size in one JVM (the {@code bench} command starts one per size). Generates the
 * deliveries once per size and seed, loads them, then times each workload over warm runs and
 * runs its DuckDB twin (JDBC, in process, 2 threads) on the Parquet files of the same Delta
 * snapshot, checking that both engines produce the same checksum.
 */
public final class BenchRunner {
  private BenchRunner() {}

  static final LocalDate FROM = LocalDate.parse("2019-01-01");
  static final LocalDate TO = LocalDate.parse("2023-12-31");

  private static final List<String> REPORT = new ArrayList<>();

  /** The last weekly (Tuesday) delivery of the range: the increment E2E loads. */
  public static LocalDate lastDelivery() {
    return TO.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.TUESDAY));
  }

  public static int run(Settings base, long patents, int warmUps, int runs, Path work) throws Exception {
    Path landing = work.resolve("landing");
    Path warehouse = work.resolve("warehouse");
    Settings s = base.withRoots(landing.toString(), warehouse.toString());
    out("size %,d patents (%s..%s), %d timed runs each after %d untimed; heap %,d MiB; work dir %s", patents, FROM, TO, runs, warmUps,
        Runtime.getRuntime().maxMemory() >> 20, work);
    if (!Files.exists(landing.resolve("patent_biblio"))) {
      long t = System.nanoTime();
      int perYear = (int) (patents / 5);
      PatentFeedGenerator.Summary g = new PatentFeedGenerator(
          new PatentFeedGenerator.Params(FROM, TO, perYear, s.generatorSeed(), s.generatorDirtRate(), 500_000), landing).generate();
      new StatsFeedGenerator(new StatsFeedGenerator.Params(FROM.getYear() - 1, TO.getYear(), s.generatorSeed(), TO)).generate(landing);
      out("generated %,d biblio records and %,d legal events in %.1f s", g.biblioRecords(), g.legalRecords(), secs(t));
    }
    long t0 = System.nanoTime();
    SparkSession spark = SparkSessions.create(s, "ipcube-bench");
    out("SparkSession start-up: %.2f s", secs(t0));
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      try (Statement st = duck.createStatement()) {
        st.execute("SET threads = 2");
      }
      // W1: parse the raw feed into the raw table.
      // Everything but the last delivery date: E2E loads that one as a real next night.
      LocalDate loadedTo = lastDelivery().minusDays(1);
      List<Double> w1 = time(warmUps, runs, () -> IngestPatentBiblioJob.run(spark, s, FROM, loadedTo, org.ipcube.common.RunMode.REBUILD).loaded());
      long rawRows = Table.RAW_PATENT_BIBLIO_RECORDS.read(spark, s).count();
      report("W1 parse patent_biblio → raw", w1, null, String.format(Locale.ROOT, "%,.0f rows/s", rawRows / min(w1)));
      IngestPatentLegalJob.run(spark, s, FROM, loadedTo, org.ipcube.common.RunMode.REBUILD);
      IngestStatsJob.run(spark, s, FROM, loadedTo, org.ipcube.common.RunMode.REBUILD);

      // W2: clean + deduplicate (normalise numbers and dates, latest record per application).
      view(duck, "raw_biblio", spark, Table.RAW_PATENT_BIBLIO_RECORDS.path(s));
      Dataset<Row> raw = Table.RAW_PATENT_BIBLIO_RECORDS.read(spark, s);
      List<Object> sparkW2 = new ArrayList<>();
      List<Double> w2 = time(warmUps, runs, () -> {
        Dataset<Row> current = PatentTransforms.currentRecords(
            PatentTransforms.parseRecords(raw, s.patentTypeSource()).filter(col("reject_code").isNull()));
        Row r = current.agg(functions.count(functions.lit(1)), functions.countDistinct("application_number_clean"),
            functions.sum(functions.year(col("application_date_parsed"))), functions.sum("delivery_sequence")).first();
        sparkW2.clear();
        sparkW2.addAll(List.of(r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3)));
        return r.getLong(0);
      });
      List<Object> duckW2 = new ArrayList<>();
      List<Double> d2 = time(warmUps, runs, () -> {
        duckW2.clear();
        duckW2.addAll(query(duck, DuckDbWorkloads.w2Clean()));
        return 0L;
      });
      compare("W2 clean + deduplicate", w2, d2, sparkW2, duckW2);

      // The rest of the cleaned layer and the dimensions, once (E2E below times a whole night).
      long tc = System.nanoTime();
      CleanPatentsJob.Result cleaned = CleanPatentsJob.run(spark, s, org.ipcube.common.RunMode.REBUILD);
      CleanStatsJob.run(spark, s, org.ipcube.common.RunMode.REBUILD);
      BuildDimensionsJob.run(spark, s, FROM.getYear() - 1, TO.getYear() + 1);
      out("cleaned layer (all of it, once): %.1f s - %,d applications, %,d intervals", secs(tc), cleaned.patents(), cleaned.intervals());

      // W3: the nightly MERGE of a night's worth of changed documents and events into the cleaned tables.
      merge(spark, s, runs);

      // W4: the cube aggregation over every level and period, both views and boundaries.
      Dataset<Row> patentsDf = Table.CLEANED_PATENTS.read(spark, s);
      Dataset<Row> tx = Table.CLEANED_PATENT_TRANSACTIONS.read(spark, s);
      Dataset<Row> intervals = Table.CLEANED_PATENT_VALIDITY_INTERVALS.read(spark, s)
          .withColumn("hv_pledge_from", functions.lit(null).cast("date"));
      Dataset<Row> dims = Table.MARTS_DIM_REGIONS.read(spark, s);
      Dataset<Row> successions = BuildDimensionsJob.successions(spark);
      Dataset<Row> periods = Table.MARTS_DIM_PERIODS.read(spark, s);
      Dataset<Row> stats = Table.CLEANED_STATS_FIGURES.read(spark, s);
      for (String[] v : new String[][] {{"patents", "cleaned/patents"}, {"tx", "cleaned/patent_transactions"},
          {"intervals_cleaned", "cleaned/patent_validity_intervals"}, {"dim_regions", "marts/dim_regions"},
          {"dim_periods", "marts/dim_periods"}, {"stats", "cleaned/stats_figures"}}) {
        view(duck, v[0], spark, s.warehouseRoot() + "/" + v[1]);
      }
      // The bench generates no pledge feed, so the pledge criterion is empty on both engines.
      try (Statement st = duck.createStatement()) {
        st.execute("CREATE OR REPLACE VIEW intervals AS SELECT *, NULL::DATE AS hv_pledge_from FROM intervals_cleaned");
        st.execute("CREATE OR REPLACE TABLE successions (code VARCHAR, from_date DATE, to_date DATE, held_by VARCHAR)");
        StringBuilder values = new StringBuilder();
        for (Row r : successions.collectAsList()) {
          values.append(values.length() == 0 ? "" : ", ").append(String.format("('%s', DATE '%s', DATE '%s', '%s')",
              r.getString(0), r.get(1), r.get(2), r.getString(3)));
        }
        st.execute("INSERT INTO successions VALUES " + values);
      }
      int lagDays = s.publicationLagDays();
      int firstIdx = FROM.getYear() * 12;
      int lastIdx = TO.getYear() * 12 + TO.getMonthValue() - 1;
      Dataset<Row>[] counts = new Dataset[1];
      List<Object> sparkW4 = new ArrayList<>();
      List<Double> w4 = time(warmUps, runs, () -> {
        if (counts[0] != null) counts[0].unpersist();
        counts[0] = BuildPatentCubeJob.counts(patentsDf, tx, intervals, dims, successions, lagDays, FROM.getYear(), TO);
        Row r = counts[0].agg(functions.count(functions.lit(1)), functions.sum("value"),
            functions.sum(col("value").multiply(col("period_year"))), functions.sum(col("value").multiply(col("period_number")))).first();
        sparkW4.clear();
        sparkW4.addAll(List.of(r.getLong(0), r.getDouble(1), r.getDouble(2), r.getDouble(3)));
        return r.getLong(0);
      });
      List<Object> duckW4 = new ArrayList<>();
      List<Double> d4 = time(warmUps, runs, () -> {
        try (Statement st = duck.createStatement()) {
          for (String sql : DuckDbWorkloads.w4Cube(FROM.getYear(), TO.getYear(), firstIdx, lastIdx, lagDays).split(";\n")) {
            if (!sql.isBlank()) st.execute(sql);
          }
        }
        duckW4.clear();
        duckW4.addAll(query(duck, DuckDbWorkloads.countsChecksum()));
        return 0L;
      });
      compare("W4 cube aggregation (all levels, periods)", w4, d4, sparkW4, duckW4);

      // W5: distinct counts per cube cell, computed at each level.
      List<Object> sparkW5 = new ArrayList<>();
      List<Double> w5 = time(warmUps, runs, () -> {
        Dataset<Row> g = patentsDf.filter(col("grant_date").isNotNull().and(col("first_applicant_name").isNotNull()))
            .select(col("applicant_county_code_at_grant").as("county"), functions.year(col("grant_date")).as("y"),
                col("patent_type"), col("first_applicant_name").as("who"));
        Dataset<Row> cells = null;
        for (Map.Entry<String, org.apache.spark.sql.Column> level : Map.of(
            "county", col("county"),
            "city", functions.concat(functions.substring(col("county"), 1, 4), functions.lit("00")),
            "province", functions.concat(functions.substring(col("county"), 1, 2), functions.lit("0000"))).entrySet()) {
          Dataset<Row> c = g.groupBy(level.getValue().as("code"), col("y"), col("patent_type"))
              .agg(functions.countDistinct("who").as("n"));
          cells = cells == null ? c : cells.unionByName(c);
        }
        Row r = cells.agg(functions.count(functions.lit(1)), functions.sum("n"), functions.sum(col("n").multiply(col("y")))).first();
        sparkW5.clear();
        sparkW5.addAll(List.of(r.getLong(0), r.getLong(1), r.getLong(2)));
        return r.getLong(0);
      });
      List<Object> duckW5 = new ArrayList<>();
      List<Double> d5 = time(warmUps, runs, () -> {
        duckW5.clear();
        duckW5.addAll(query(duck, DuckDbWorkloads.w5Distinct()));
        return 0L;
      });
      compare("W5 distinct counts per cell", w5, d5, sparkW5, duckW5);

      // W6: per-capita and per-GDP ratios on the W4 counts.
      List<Object> sparkW6 = new ArrayList<>();
      List<Double> w6 = time(warmUps, runs, () -> {
        Row r = PatentCubeTransforms.ratios(counts[0], stats, lagDays, periods)
            .agg(functions.count(functions.lit(1)), functions.sum("value")).first();
        sparkW6.clear();
        sparkW6.addAll(List.of(r.getLong(0), r.getDouble(1)));
        return r.getLong(0);
      });
      List<Object> duckW6 = new ArrayList<>();
      List<Double> d6 = time(warmUps, runs, () -> {
        duckW6.clear();
        duckW6.addAll(query(duck, DuckDbWorkloads.w6Ratios(lagDays)));
        return 0L;
      });
      compare("W6 per-capita ratios", w6, d6, sparkW6, duckW6);
    }
    spark.stop();
    out("summary");
    REPORT.forEach(l -> System.out.println("  " + l));
    return 0;
  }

  /** W3: MERGE ~1 % of the documents (updates and inserts) and twice as many events, with deletion vectors. */
  private static void merge(SparkSession spark, Settings s, int runs) {
    String patents = s.tablePath("bench", "patents_merge_target");
    String events = s.tablePath("bench", "events_merge_target");
    Dataset<Row> cleanedPatents = Table.CLEANED_PATENTS.read(spark, s);
    Dataset<Row> cleanedEvents = Table.CLEANED_PATENT_LEGAL_EVENTS.read(spark, s);
    long n = cleanedPatents.count();
    long nightDocs = Math.min(50_000, Math.max(1, n / 100));
    double fraction = Math.min(1.0, nightDocs * 1.4 / n);
    Dataset<Row> docs = cleanedPatents.sample(fraction, 11).limit((int) nightDocs)
        .withColumn("delivery_date", functions.date_add(col("delivery_date"), 400))
        .withColumn("application_number", functions.when(functions.rand(3).lt(0.3),
            functions.concat(col("application_number"), functions.lit("N"))).otherwise(col("application_number")))
        .cache();
    Dataset<Row> evs = cleanedEvents.sample(Math.min(1.0, nightDocs * 2.8 / Math.max(1, cleanedEvents.count())), 12)
        .limit((int) (2 * nightDocs))
        .withColumn("known_date", functions.date_add(col("known_date"), 400))
        .withColumn("effective_date", functions.when(functions.rand(4).lt(0.5), functions.date_add(col("effective_date"), 1))
            .otherwise(col("effective_date")))
        .cache();
    long sourceRows = docs.count() + evs.count();
    List<Double> times = new ArrayList<>();
    long rewritten = 0;
    for (int i = 0; i < runs; i++) {
      // Deletion vectors are a table property of the MERGE targets only (the session default is off).
      cleanedPatents.write().format("delta").mode("overwrite").option("delta.enableDeletionVectors", "true").save(patents);
      cleanedEvents.write().format("delta").mode("overwrite").option("delta.enableDeletionVectors", "true").save(events);
      long t = System.nanoTime();
      DeltaTable.forPath(spark, patents).as("t").merge(docs.as("s"), "t.application_number = s.application_number")
          .whenMatched("s.delivery_date > t.delivery_date").updateAll().whenNotMatched().insertAll().execute();
      DeltaTable.forPath(spark, events).as("t").merge(evs.as("s"),
              "t.application_number = s.application_number AND t.event_code = s.event_code AND t.effective_date = s.effective_date")
          .whenNotMatched().insertAll().execute();
      times.add(secs(t));
      rewritten = 0;
      for (String path : List.of(patents, events)) {
        Map<String, String> m = scala.jdk.javaapi.CollectionConverters.asJava(
            DeltaTable.forPath(spark, path).history(1).first().<scala.collection.Map<String, String>>getAs("operationMetrics"));
        rewritten += Long.parseLong(m.getOrDefault("numTargetRowsUpdated", "0")) + Long.parseLong(m.getOrDefault("numTargetRowsInserted", "0"))
            + Long.parseLong(m.getOrDefault("numTargetRowsCopied", "0"));
      }
    }
    report("W3 nightly MERGE into cleaned (DV on)", times, null,
        String.format(Locale.ROOT, "%,d source rows, %,d target rows written", sourceRows, rewritten));
    docs.unpersist();
    evs.unpersist();
  }

  private static void view(Connection duck, String name, SparkSession spark, String deltaPath) throws Exception {
    String files = Arrays.stream(spark.read().format("delta").load(deltaPath).inputFiles())
        .map(f -> "'" + f.replace("file://", "").replace("file:", "") + "'").collect(Collectors.joining(", "));
    try (Statement st = duck.createStatement()) {
      st.execute("CREATE OR REPLACE VIEW " + name + " AS SELECT * FROM read_parquet([" + files + "], hive_partitioning = true)");
    }
  }

  private static List<Object> query(Connection duck, String sql) throws Exception {
    try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      List<Object> out = new ArrayList<>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) out.add(rs.getObject(i));
      return out;
    }
  }

  private static void compare(String name, List<Double> spark, List<Double> duck, List<Object> a, List<Object> b) {
    boolean same = a.size() == b.size();
    for (int i = 0; same && i < a.size(); i++) {
      double x = ((Number) a.get(i)).doubleValue();
      double y = b.get(i) == null ? Double.NaN : ((Number) b.get(i)).doubleValue();
      same = Math.abs(x - y) <= 1e-6 * Math.max(1, Math.abs(x));
    }
    report(name, spark, duck, (same ? "checksums agree " : "CHECKSUMS DIFFER ") + a + (same ? "" : " vs " + b));
  }

  private static void report(String name, List<Double> spark, List<Double> duck, String note) {
    String line = duck == null
        ? String.format(Locale.ROOT, "%-42s Spark best %7.2f s, median %7.2f s; %s", name, min(spark), median(spark), note)
        : String.format(Locale.ROOT, "%-42s Spark best %7.2f s, median %7.2f s | DuckDB best %6.2f s, median %6.2f s | Spark/DuckDB %5.1fx; %s",
            name, min(spark), median(spark), min(duck), median(duck), min(spark) / min(duck), note);
    REPORT.add(line);
    out("%s", line);
  }

  /** Times {@code runs} runs after {@code warmUps} untimed ones. */
  private static List<Double> time(int warmUps, int runs, Callable<Long> work) throws Exception {
    for (int i = 0; i < warmUps; i++) {
      work.call();
    }
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      work.call();
      out.add(secs(t));
    }
    return out;
  }

  private static double min(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  private static double median(List<Double> xs) {
    double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static double secs(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static void out(String fmt, Object... args) {
    System.out.printf("bench: " + fmt + "%n", args);
    System.out.flush();
  }
}
