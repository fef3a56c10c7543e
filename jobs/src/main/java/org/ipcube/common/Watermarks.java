package org.ipcube.common;

import static org.apache.spark.sql.functions.col;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Reads and writes {@code <layer>.job_watermarks} (one row per job and input table: the input's
 * Delta version the job's last successful run consumed, and the parameters it ran with). A job
 * reads its watermark to learn what changed since, pins its inputs at their current versions, and
 * records those versions last: a run that fails before then leaves the old watermark, so the next
 * run re-derives the same keys again (every write is idempotent).
 */
public final class Watermarks {
  private Watermarks() {}

  /** A job's inputs at the versions it reads them, and the parameters its output depends on. */
  public record State(Map<String, Long> versions, String parameters) {
    public long version(String inputTable) {
      return versions.get(inputTable);
    }
  }

  /**
   * The current version of each input ({@code "raw.patent_biblio_records"} → its path), -1 for
   * one not written yet.
   */
  public static State current(SparkSession spark, Settings s, List<String> inputTables, String parameters) {
    Map<String, Long> versions = new LinkedHashMap<>();
    for (String t : inputTables) {
      versions.put(t, DeltaTables.version(spark, Table.of(t).path(s)));
    }
    return new State(versions, parameters);
  }

  /** What the job's last successful run consumed, or empty when it never ran. */
  public static Optional<State> consumed(SparkSession spark, Settings s, String layer, String job) {
    Table watermarks = Table.of(layer, "job_watermarks");
    if (!DeltaTables.exists(spark, watermarks.path(s))) {
      return Optional.empty();
    }
    List<Row> rows = watermarks.read(spark, s).filter(col("job").equalTo(job))
        .select("input_table", "input_version", "parameters").collectAsList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Long> versions = new LinkedHashMap<>();
    rows.forEach(r -> versions.put(r.getString(0), r.getLong(1)));
    return Optional.of(new State(versions, rows.get(0).getString(2)));
  }

  /** Records the versions a run consumed; {@code mode} is "rebuild" or "changes". */
  public static void record(SparkSession spark, Settings s, String layer, String job, State state, String mode) {
    Table watermarks = Table.of(layer, "job_watermarks");
    TableSchema schema = watermarks.schema();
    List<Row> rows = new ArrayList<>();
    Instant now = Instant.now();
    state.versions().forEach((table, version) -> rows.add(RowFactory.create(job, table, version, state.parameters(), mode, now)));
    DeltaTables.replace(spark.createDataFrame(rows, schema.structType()), schema, watermarks.path(s),
        "job = '" + job + "'");
  }
}
