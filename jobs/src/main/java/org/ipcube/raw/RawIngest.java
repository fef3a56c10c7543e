package org.ipcube.raw;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.ipcube.common.DeltaTables;
import org.ipcube.common.IpcubeException;
import org.ipcube.common.Quarantine;
import org.ipcube.common.RunMode;
import org.ipcube.common.Settings;
import org.ipcube.common.Table;
import org.ipcube.common.TableSchema;
import org.ipcube.landing.Deliveries;
import org.ipcube.landing.Feed;
import org.ipcube.landing.Deliveries.Delivery;
import org.ipcube.landing.Deliveries.Outcome;

/**
 * The shared shell of the raw-layer ingest jobs: scan and validate deliveries, parse the accepted
 * files with the feed's reader, add lineage (delivery date and sequence, source file, record
 * position) to every row, send malformed records to {@code raw.quarantined_records} with the
 * reason, write exactly the delivery-date partitions loaded ({@code replaceWhere}), log every
 * delivery folder in {@code raw.deliveries}, and check that loaded + quarantined = delivered.
 */
public final class RawIngest {
  private RawIngest() {}

  /**
   * How one feed is read. {@code parse} gets the accepted files; it returns rows with
   * {@code _corrupt_record} (the text of a record that did not parse), optionally {@code _problem}
   * (what is wrong with it), and {@code _path} and {@code _position} when it splits the files into
   * records itself (otherwise they come from the file scan).
   */
  public record FeedReader(Feed feed, Function<List<String>, Dataset<Row>> parse, Function<Dataset<Row>, Dataset<Row>> toRaw) {}

  /**
   * What one feed's ingest did, and the rows it leaves for the shared tables: its quarantine rows
   * (materialised, or null when nothing was parsed) with the predicate of the partitions they
   * replace, and its lines of the delivery log with theirs. {@link #writeShared} writes those of
   * every feed in one commit per table, instead of two commits per feed.
   */
  public record Result(String feed, List<Outcome> outcomes, int alreadyLoaded, long loaded, long quarantined,
      Dataset<Row> quarantineRows, String quarantinePredicate, List<Row> logRows, String logPredicate, List<String> problems) {
    public List<Outcome> rejected() {
      return outcomes.stream().filter(o -> o.status().equals("rejected")).toList();
    }
  }

  /**
   * Scans, validates and parses one feed's deliveries and replaces their partitions of the feed's
   * raw table; the quarantine and delivery-log rows are returned for {@link #writeShared}. With
   * {@link RunMode#CHANGES} (a nightly, a plain {@code ingest}) a delivery date whose chosen folder
   * the delivery log already has as loaded is left alone: SPEC §1 makes a folder's content final
   * (a correction is a new sequence, which is a new folder), so parsing it again could only give
   * the same rows, and would show downstream as every one of its records changed.
   * {@link RunMode#REBUILD} ({@code run}, {@code ingest --reload}) parses every folder again.
   */
  public static Result run(SparkSession spark, Settings settings, FeedReader reader, LocalDate from, LocalDate to, RunMode mode) {
    String feed = reader.feed().name();
    Deliveries.Scan scan = Deliveries.scan(spark, settings.landingRoot(), feed, from, to,
        reader.feed().layout(), settings.verifyChecksums());
    java.util.Set<String> loadedBefore = mode == RunMode.CHANGES ? loadedFolders(spark, settings, feed) : java.util.Set.of();
    java.util.Set<String> skippedDates = scan.accepted().stream().filter(d -> loadedBefore.contains(d.date() + "." + d.sequence()))
        .map(d -> d.date().toString()).collect(Collectors.toSet());
    List<Delivery> accepted = scan.accepted().stream().filter(d -> !skippedDates.contains(d.date().toString())).toList();
    List<Outcome> outcomes = scan.outcomes().stream().filter(o -> !skippedDates.contains(o.date().toString())).toList();
    long loaded = 0;
    long quarantined = 0;
    Map<String, long[]> perDelivery = new TreeMap<>();
    Dataset<Row> quarantineRows = null;
    String quarantinePredicate = null;
    if (!accepted.isEmpty()) {
      List<String> files = accepted.stream().flatMap(d -> d.files().stream()).toList();
      Dataset<Row> parsed = withLineage(reader.parse().apply(files), feed).cache();
      try {
        Dataset<Row> good = parsed.filter(col("_corrupt_record").isNull());
        Dataset<Row> bad = parsed.filter(col("_corrupt_record").isNotNull());
        String dates = inList(accepted.stream().map(d -> d.date().toString()).toList());
        Table raw = Table.of("raw", reader.feed().rawTable());
        DeltaTables.replace(reader.toRaw().apply(good), raw.schema(), raw.path(settings),
            "delivery_date IN (" + dates + ")");
        // What is wrong, when the reader could tell (the XML parser's message), else the generic word.
        Column problem = java.util.Arrays.asList(parsed.columns()).contains("_problem")
            ? functions.coalesce(col("_problem"), lit("not parseable as the SPEC's format"))
            : lit("not parseable as the SPEC's format");
        // Local checkpoint: the rows outlive the cached parse, which is released below.
        quarantineRows = Quarantine.rows(bad, feed, "raw", lit("malformed_record"),
            functions.concat(lit("malformed " + feed + " record at "), col("source_file"), lit(" #"),
                col("record_position").cast("string"), lit(": "), problem),
            col("_corrupt_record")).localCheckpoint();
        quarantinePredicate = "feed = '" + feed + "' AND stage = 'raw' AND delivery_date IN (" + dates + ")";
        for (Row r : parsed.groupBy("delivery_date")
            .agg(functions.sum(functions.when(col("_corrupt_record").isNull(), 1).otherwise(0)).as("ok"),
                functions.sum(functions.when(col("_corrupt_record").isNotNull(), 1).otherwise(0)).as("bad"))
            .collectAsList()) {
          perDelivery.put(r.get(0).toString(), new long[] {r.getLong(1), r.getLong(2)});
        }
      } finally {
        parsed.unpersist();
      }
    }
    List<Row> log = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Outcome o : outcomes) {
      long[] counts = o.status().equals("loaded") ? perDelivery.getOrDefault(o.date().toString(), new long[2]) : null;
      String message = o.message();
      if (counts != null) {
        loaded += counts[0];
        quarantined += counts[1];
        if (counts[0] + counts[1] != o.manifestRecords()) {
          message = "parsed " + (counts[0] + counts[1]) + " records but the manifest says " + o.manifestRecords();
          problems.add(feed + " " + o.date() + ": " + message);
        }
      }
      log.add(RowFactory.create(o.feed(), o.date(), o.sequence(), o.status(), o.fileCount(),
          o.manifestRecords(), counts == null ? null : counts[0], counts == null ? null : counts[1], message));
    }
    List<String> scannedDates = outcomes.stream().map(o -> o.date().toString()).distinct().toList();
    String logPredicate = scannedDates.isEmpty() ? null
        : "feed = '" + feed + "' AND delivery_date IN (" + inList(scannedDates) + ")";
    return new Result(feed, outcomes, skippedDates.size(), loaded, quarantined, quarantineRows, quarantinePredicate, log,
        logPredicate, problems);
  }

  /** "date.sequence" of the feed's folders {@code raw.deliveries} logs as loaded (Delta Kernel: no Spark job). */
  private static java.util.Set<String> loadedFolders(SparkSession spark, Settings settings, String feed) {
    String path = Table.RAW_DELIVERIES.path(settings);
    if (!DeltaTables.exists(spark, path)) {
      return java.util.Set.of();
    }
    return org.ipcube.serving.KernelReads.rows(path, Map.of("feed", feed), List.of("delivery_date", "delivery_sequence", "status"))
        .stream().filter(r -> "loaded".equals(r.string("status")))
        .map(r -> r.get("delivery_date") + "." + r.get("delivery_sequence")).collect(Collectors.toSet());
  }

  /**
   * Writes the raw-stage quarantine rows and the delivery-log lines of every feed ingested, one
   * commit per table (each replacing exactly the partitions the feeds loaded or scanned), then
   * fails if any feed's record counts did not add up: after every feed was loaded and logged, so
   * one feed's trouble never keeps the others out.
   */
  public static void writeShared(SparkSession spark, Settings settings, List<Result> results) {
    List<Result> parsed = results.stream().filter(r -> r.quarantinePredicate() != null).toList();
    if (!parsed.isEmpty()) {
      Dataset<Row> rows = parsed.stream().map(Result::quarantineRows).reduce(Dataset::unionByName).orElseThrow();
      TableSchema q = Table.RAW_QUARANTINED_RECORDS.schema();
      DeltaTables.replace(rows, q, Table.RAW_QUARANTINED_RECORDS.path(settings), anyOf(parsed.stream().map(Result::quarantinePredicate)));
    }
    List<Result> scanned = results.stream().filter(r -> r.logPredicate() != null).toList();
    if (!scanned.isEmpty()) {
      TableSchema deliveries = Table.RAW_DELIVERIES.schema();
      List<Row> log = scanned.stream().flatMap(r -> r.logRows().stream()).toList();
      DeltaTables.replace(spark.createDataFrame(log, deliveries.structType()), deliveries, Table.RAW_DELIVERIES.path(settings),
          anyOf(scanned.stream().map(Result::logPredicate)));
    }
    List<String> problems = results.stream().flatMap(r -> r.problems().stream()).toList();
    if (!problems.isEmpty()) {
      throw new IpcubeException("Record counts do not add up for " + problems + ".",
          "the reader parsed a different number of records than the delivery's manifest declares.",
          "Inspect the named delivery; nothing was dropped silently, but the load must be checked before use.");
    }
  }

  private static String anyOf(java.util.stream.Stream<String> predicates) {
    return predicates.map(p -> "(" + p + ")").collect(Collectors.joining(" OR "));
  }

  /**
   * Adds lineage from the file path {@code .../<feed>/<date>[.<seq>]/<file>}: delivery date and
   * sequence, the source file relative to the landing root, and the record's 1-based position in
   * its file. Position: gzip files are not splittable, so one file is read in order by one task and
   * {@code monotonically_increasing_id} grows in file order; for split plain files it still grows
   * across a file's splits (partition index is its high bits).
   */
  public static Dataset<Row> withLineage(Dataset<Row> parsed, String feed) {
    // A reader that splits files itself (XML) names each record's file and position; for the
    // others they come from the file scan.
    boolean split = java.util.Arrays.asList(parsed.columns()).contains("_position");
    Dataset<Row> withPath = split ? parsed : parsed
        .withColumn("_path", functions.input_file_name())
        .withColumn("_order", functions.monotonically_increasing_id());
    Column position = split ? col("_position").cast("int")
        : functions.row_number().over(Window.partitionBy("_path").orderBy("_order"));
    String folder = feed + "/(\\d{4}-\\d{2}-\\d{2})(?:\\.(\\d+))?/([^/]+)$";
    return withPath
        .withColumn("delivery_date", functions.to_date(functions.regexp_extract(col("_path"), folder, 1)))
        .withColumn("delivery_sequence", functions.coalesce(
            functions.expr("try_cast(nullif(regexp_extract(_path, '" + folder + "', 2), '') AS INT)"), lit(1)))
        .withColumn("source_file", functions.regexp_extract(col("_path"), "(" + feed + "/[^/]+/[^/]+)$", 1))
        .withColumn("record_position", position)
        .drop("_path", "_order", "_position");
  }

  static String inList(List<String> dates) {
    return dates.stream().map(d -> "DATE'" + d + "'").collect(Collectors.joining(", "));
  }
}
