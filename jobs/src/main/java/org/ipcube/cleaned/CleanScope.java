package org.ipcube.cleaned;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.ipcube.common.DeltaTables;
import org.ipcube.common.RunMode;
import org.ipcube.common.Settings;
import org.ipcube.common.Table;
import org.ipcube.common.TableSchema;
import org.ipcube.common.Watermarks;

/**
 * What one run of a clean job re-derives, and how it writes, decided from the job's watermark in
 * {@code cleaned.job_watermarks}:
 * <ul>
 *   <li><b>unchanged</b>: no input has a new version and the settings are the same: the job writes
 *       nothing (no new table versions);</li>
 *   <li><b>rebuild</b>: every key from all raw records, tables overwritten (first load, backfill,
 *       {@link RunMode#REBUILD}, changed settings, or change data not available);</li>
 *   <li><b>recompute</b>: the small domains (pledges, GI, statistics; thousands to tens of thousands
 *       of rows nationally) recompute in full and write only when the result differs;</li>
 *   <li><b>keys</b>: the large domains (patents, trademarks) re-derive only the business keys the
 *       raw changes mention, each from <em>all</em> of that key's raw records, so the result never
 *       depends on arrival order, and MERGE them ({@link DeltaTables#mergeKeys}).</li>
 * </ul>
 * A raw delivery partition replaced by a redelivery or a late delivery shows in Delta's change
 * data feed as its old rows (deletes) and its new ones (inserts): the keys of both are touched.
 */
public final class CleanScope {
  enum Kind { UNCHANGED, REBUILD, RECOMPUTE, KEYS }

  private final Kind kind;
  private final Watermarks.State inputs;
  private final Watermarks.State consumed;
  private final Map<String, Dataset<Row>> changes;
  private final Dataset<Row> keys;
  private final Map<String, List<LocalDate>> changedDates;

  private CleanScope(Kind kind, Watermarks.State inputs, Watermarks.State consumed, Map<String, Dataset<Row>> changes,
      Dataset<Row> keys, Map<String, List<LocalDate>> changedDates) {
    this.kind = kind;
    this.inputs = inputs;
    this.consumed = consumed;
    this.changes = changes;
    this.keys = keys;
    this.changedDates = changedDates;
  }

  /**
   * Compares the inputs' current versions with what the job consumed last. {@code changeFed} are
   * the inputs whose changed rows name the keys to re-derive (raw tables with the change feed);
   * the other inputs only decide whether the job runs at all. {@code outputs} are the cleaned
   * tables the job writes: their contracts (columns and types) are part of what the watermark
   * records, so a release that changes one rebuilds the job's tables once instead of MERGEing rows
   * of a new shape into old ones.
   */
  static CleanScope plan(SparkSession spark, Settings s, String job, List<String> inputTables, List<String> changeFed,
      List<String> outputs, RunMode mode) {
    // Every clean job also writes its rejects to cleaned.rejected_records.
    String contracts = java.util.stream.Stream.concat(outputs.stream(), java.util.stream.Stream.of("rejected_records"))
        .map(t -> t + "(" + Table.of("cleaned", t).schema().columns().stream()
        .map(c -> c.name() + " " + c.typeText()).collect(Collectors.joining(", ")) + ")").collect(Collectors.joining(";"));
    Watermarks.State now = Watermarks.current(spark, s, inputTables,
        s.contentFingerprint() + ";contracts=" + Integer.toHexString(contracts.hashCode()));
    Optional<Watermarks.State> last = mode == RunMode.REBUILD ? Optional.empty() : Watermarks.consumed(spark, s, "cleaned", job);
    if (last.isEmpty() || !last.get().parameters().equals(now.parameters())
        || !last.get().versions().keySet().equals(now.versions().keySet())) {
      return new CleanScope(Kind.REBUILD, now, null, Map.of(), null, Map.of());
    }
    if (last.get().versions().equals(now.versions())) {
      return new CleanScope(Kind.UNCHANGED, now, last.get(), Map.of(), null, Map.of());
    }
    Map<String, Dataset<Row>> changes = new java.util.LinkedHashMap<>();
    for (String t : changeFed) {
      long from = last.get().version(t);
      long to = now.version(t);
      if (to == from) {
        continue;
      }
      Optional<Dataset<Row>> c = DeltaTables.changes(spark, Table.of(t).path(s), from, to);
      if (c.isEmpty()) {
        return new CleanScope(Kind.REBUILD, now, null, Map.of(), null, Map.of());
      }
      changes.put(t, c.get());
    }
    return new CleanScope(Kind.RECOMPUTE, now, last.get(), changes, null, Map.of());
  }

  /**
   * Narrows a recompute to the business keys the changes mention: {@code keysOfChanges} maps each
   * change-fed input's changed rows to a one-column frame of keys (same column name for all).
   */
  CleanScope byKeys(java.util.function.BiFunction<String, Dataset<Row>, Dataset<Row>> keysOfChanges) {
    if (kind != Kind.RECOMPUTE) {
      return this;
    }
    Dataset<Row> touched = null;
    Map<String, List<LocalDate>> dates = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, Dataset<Row>> e : changes.entrySet()) {
      Dataset<Row> changed = e.getValue().select(col("delivery_date"), functions.struct(col("*")).as("_row")).localCheckpoint();
      dates.put(e.getKey(), changed.select("delivery_date").distinct().collectAsList().stream()
          .map(r -> (LocalDate) r.get(0)).sorted().toList());
      Dataset<Row> k = keysOfChanges.apply(e.getKey(), changed.select("_row.*"));
      touched = touched == null ? k : touched.unionByName(k);
    }
    if (touched == null) {
      return this; // no change-fed input changed: a plain recompute
    }
    Dataset<Row> keySet = touched.filter(col(touched.columns()[0]).isNotNull()).distinct().localCheckpoint();
    return new CleanScope(Kind.KEYS, inputs, consumed, changes, keySet, dates);
  }

  public boolean isUnchanged() {
    return kind == Kind.UNCHANGED;
  }

  boolean isByKeys() {
    return kind == Kind.KEYS;
  }

  /** The input versions the job reads (pinned for one consistent state). */
  long version(String inputTable) {
    return inputs.version(inputTable);
  }

  /** The keys in scope (one column); null unless keyed. */
  Dataset<Row> keys() {
    return keys;
  }

  /** Number of keys re-derived, for the console. */
  long keyCount() {
    return keys == null ? 0 : keys.count();
  }

  /** Reads an input at the version the scope pinned. */
  Dataset<Row> read(SparkSession spark, Settings s, String inputTable) {
    return Table.of(inputTable).readAt(spark, s, inputs.version(inputTable));
  }

  /** Rows whose key column is one of the keys in scope (all rows unless keyed). */
  Dataset<Row> restrict(Dataset<Row> rows, String keyColumn) {
    if (kind != Kind.KEYS) {
      return rows;
    }
    String k = keys.columns()[0];
    return rows.join(functions.broadcast(keys.withColumnRenamed(k, "_scope_key")), col(keyColumn).equalTo(col("_scope_key")), "left_semi");
  }

  /** The raw rows of the delivery dates that changed (all rows unless keyed): what the cleaned rejects are redone for. */
  Dataset<Row> changedDeliveries(Dataset<Row> raw, String inputTable) {
    if (kind != Kind.KEYS) {
      return raw;
    }
    List<LocalDate> dates = changedDates.getOrDefault(inputTable, List.of());
    return dates.isEmpty() ? raw.limit(0) : raw.filter(col("delivery_date").isin(dates.toArray()));
  }

  /**
   * Writes the rejects of one feed for the deliveries in scope to {@code cleaned.rejected_records}.
   * The checks are record-level: a recompute whose raw input did not change leaves them as they
   * are, and a keyed run redoes only the delivery dates that changed. The first write of the table
   * also removes the rejects that releases before it wrote into {@code raw.quarantined_records}
   * (stage {@code cleaned}, every feed's: a warehouse built by one of them has no
   * {@code cleaned.rejected_records}, and its changed contract rebuilds every clean job), so no
   * reject is counted twice; later writes skip that query.
   */
  long writeQuarantine(Dataset<Row> rows, Settings s, String feed, String inputTable) {
    TableSchema q = Table.CLEANED_REJECTED_RECORDS.schema();
    String path = Table.CLEANED_REJECTED_RECORDS.path(s);
    String predicate = "feed = '" + feed + "'";
    return switch (kind) {
      case REBUILD -> {
        if (!DeltaTables.exists(rows.sparkSession(), path)) {
          removeRejectsOfEarlierReleases(rows.sparkSession(), s);
        }
        yield DeltaTables.replace(rows, q, path, predicate);
      }
      case RECOMPUTE -> consumed.version(inputTable) == inputs.version(inputTable) ? 0 : DeltaTables.replace(rows, q, path, predicate);
      case KEYS -> {
        List<LocalDate> dates = changedDates.getOrDefault(inputTable, List.of());
        yield dates.isEmpty() ? 0 : DeltaTables.replace(rows, q, path, predicate + " AND delivery_date IN ("
            + dates.stream().map(d -> "DATE'" + d + "'").collect(Collectors.joining(", ")) + ")");
      }
      case UNCHANGED -> 0;
    };
  }

  private static void removeRejectsOfEarlierReleases(SparkSession spark, Settings s) {
    TableSchema raw = Table.RAW_QUARANTINED_RECORDS.schema();
    String path = Table.RAW_QUARANTINED_RECORDS.path(s);
    String legacy = "stage = 'cleaned'";
    if (!DeltaTables.read(spark, raw, path).filter(legacy).isEmpty()) {
      DeltaTables.replace(spark.createDataFrame(List.of(), raw.structType()), raw, path, legacy);
    }
  }

  /** Writes one cleaned table of a small domain: overwrite (rebuild), overwrite when different (recompute). */
  long write(Dataset<Row> rows, Table table, Settings s) {
    String path = table.path(s);
    return kind == Kind.REBUILD ? DeltaTables.overwrite(rows, table.schema(), path)
        : DeltaTables.overwriteIfChanged(rows, table.schema(), path);
  }

  /** Writes one cleaned table of a keyed domain: overwrite (rebuild), or MERGE of the keys' rows on {@code keyColumn}. */
  long write(Dataset<Row> rows, Table table, Settings s, String keyColumn) {
    if (kind != Kind.KEYS) {
      return write(rows, table, s);
    }
    return DeltaTables.mergeKeys(rows, keys.withColumnRenamed(keys.columns()[0], keyColumn), table.schema(), table.path(s), keyColumn);
  }

  /** A written table, restricted to the keys in scope. */
  Dataset<Row> written(SparkSession spark, Settings s, String table, String keyColumn) {
    return restrict(Table.of("cleaned", table).read(spark, s), keyColumn);
  }

  /**
   * Records the input versions consumed: the job's last step. Unchanged inputs were recorded by the
   * run that consumed them: a repeated or empty night commits no watermark.
   */
  void recordConsumed(SparkSession spark, Settings s, String job) {
    if (kind == Kind.UNCHANGED) return;
    Watermarks.record(spark, s, "cleaned", job, inputs, kind == Kind.REBUILD ? "rebuild" : "changes");
  }

  /** How the run went, for the console. */
  String describe() {
    return switch (kind) {
      case UNCHANGED -> "unchanged since the last run";
      case REBUILD -> "rebuilt";
      case RECOMPUTE -> "recomputed (inputs changed)";
      case KEYS -> String.format("%,d keys re-derived", keyCount());
    };
  }
}
