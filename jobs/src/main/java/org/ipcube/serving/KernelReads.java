package org.ipcube.serving;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.ipcube.common.IpcubeException;

/**
 * Reads a few rows of a Delta table without Spark, through Delta Kernel: what {@code report} and
 * other quick look-ups need. A SparkSession costs seconds to start and plans every query; a
 * bulletin reads a few hundred cube rows. Kernel skips files by the equality filters given (on
 * partition values and file statistics); the rows of the remaining files are filtered here.
 * Handles the column types the marts use (string, int, bigint, double, boolean, date).
 */
public final class KernelReads {
  private KernelReads() {}

  /** One row: column name to value (String, Integer, Long, Double, Boolean, LocalDate or null). */
  public record KernelRow(Map<String, Object> values) {
    public String string(String column) {
      return (String) values.get(column);
    }

    public Integer integer(String column) {
      return (Integer) values.get(column);
    }

    public Double number(String column) {
      return (Double) values.get(column);
    }

    public Object get(String column) {
      return values.get(column);
    }
  }

  /**
   * The rows of the table at {@code path} whose columns equal the given values ({@code equals}:
   * column → string value; every entry must hold), with the columns named (all when empty).
   */
  public static List<KernelRow> rows(String path, Map<String, String> equals, List<String> columns) {
    return rows(path, equals, columns, column -> true);
  }

  /** A test of a row on the columns read, made before the row is materialised (a read keeps a few rows of many). */
  public interface RowTest {
    boolean test(java.util.function.Function<String, Object> column);
  }

  /** As {@link #rows(String, Map, List)}, keeping only the rows that also pass {@code keep}. */
  public static List<KernelRow> rows(String path, Map<String, String> equals, List<String> columns, RowTest keep) {
    Engine engine = DefaultEngine.create(new Configuration());
    Snapshot snapshot = latestSnapshot(engine, path);
    StructType full = snapshot.getSchema();
    StructType readSchema = full;
    if (!columns.isEmpty()) {
      List<StructField> fields = new ArrayList<>();
      for (String c : columns) fields.add(full.get(c));
      for (String c : equals.keySet()) {
        if (!columns.contains(c)) fields.add(full.get(c));
      }
      readSchema = new StructType(fields);
    }
    var builder = snapshot.getScanBuilder().withReadSchema(readSchema);
    Optional<Predicate> filter = equals.entrySet().stream()
        .map(e -> new Predicate("=", new Column(e.getKey()), literal(full.get(e.getKey()).getDataType(), e.getValue())))
        .reduce((a, b) -> new Predicate("AND", a, b));
    if (filter.isPresent()) builder = builder.withFilter(filter.get());
    Scan scan = builder.build();
    io.delta.kernel.data.Row scanState = scan.getScanState(engine);
    StructType physical = ScanStateRow.getPhysicalDataReadSchema(scanState);
    List<KernelRow> out = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
      while (files.hasNext()) {
        try (CloseableIterator<io.delta.kernel.data.Row> scanFiles = files.next().getRows()) {
          while (scanFiles.hasNext()) {
            io.delta.kernel.data.Row scanFile = scanFiles.next();
            FileStatus file = InternalScanFileUtils.getAddFileStatus(scanFile);
            CloseableIterator<ColumnarBatch> data = engine.getParquetHandler()
                .readParquetFiles(Utils.singletonCloseableIterator(file), physical, Optional.empty()).map(FileReadResult::getData);
            try (CloseableIterator<FilteredColumnarBatch> batches = Scan.transformPhysicalData(engine, scanState, scanFile, data)) {
              while (batches.hasNext()) collect(batches.next(), equals, keep, out);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + path, e);
    }
    return out;
  }

  /**
   * The local paths of the data files of the table's current version (Kernel replays the log),
   * for a reader that filters rows faster than {@link #rows} (DuckDB: {@link DuckDbReads}); empty
   * when the table is not on a local file system or a file has a deletion vector (its rows are not
   * all live, which only Kernel applies).
   */
  public static Optional<List<String>> localDataFiles(String path) {
    Engine engine = DefaultEngine.create(new Configuration());
    List<String> files = new ArrayList<>();
    try {
      Scan scan = latestSnapshot(engine, path).getScanBuilder().build();
      try (CloseableIterator<FilteredColumnarBatch> batches = scan.getScanFiles(engine)) {
        while (batches.hasNext()) {
          try (CloseableIterator<io.delta.kernel.data.Row> scanFiles = batches.next().getRows()) {
            while (scanFiles.hasNext()) {
              io.delta.kernel.data.Row scanFile = scanFiles.next();
              String file = InternalScanFileUtils.getAddFileStatus(scanFile).getPath();
              if (InternalScanFileUtils.getDeletionVectorDescriptorFromRow(scanFile) != null || !file.startsWith("file:")) {
                return Optional.empty();
              }
              files.add(java.nio.file.Path.of(java.net.URI.create(file.replaceFirst("^file:/+", "file:///"))).toString());
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the log of " + path, e);
    }
    return Optional.of(files);
  }

  /** The table's current version, or an error naming the stage to run when there is no table yet. */
  private static Snapshot latestSnapshot(Engine engine, String path) {
    try {
      return Table.forPath(engine, path).getLatestSnapshot(engine);
    } catch (TableNotFoundException e) {
      throw new IpcubeException("No table at " + path + ".", "the stage that writes it has not run (or did not finish).",
          "Run `ipcube run` (or the stage named by the table's layer) for this warehouse first.", e);
    }
  }

  /**
   * The table's row count per value of a partition column, from the file statistics in the Delta
   * log alone (no data file is read, no Spark job runs); empty when a file has no row count in its
   * statistics or carries a deletion vector, so the caller counts rows instead.
   */
  public static Optional<Map<String, Long>> rowCountsByPartition(String path, String partitionColumn) {
    Engine engine = DefaultEngine.create(new Configuration());
    Map<String, Long> counts = new java.util.TreeMap<>();
    try {
      Scan scan = Table.forPath(engine, path).getLatestSnapshot(engine).getScanBuilder().build();
      try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine, true)) {
        while (files.hasNext()) {
          try (CloseableIterator<io.delta.kernel.data.Row> scanFiles = files.next().getRows()) {
            while (scanFiles.hasNext()) {
              io.delta.kernel.data.Row scanFile = scanFiles.next();
              io.delta.kernel.data.Row add = scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL);
              if (InternalScanFileUtils.getDeletionVectorDescriptorFromRow(scanFile) != null
                  || add.isNullAt(InternalScanFileUtils.ADD_FILE_STATS_ORDINAL)) {
                return Optional.empty();
              }
              long records = STATS.readTree(add.getString(InternalScanFileUtils.ADD_FILE_STATS_ORDINAL)).path("numRecords").asLong(-1);
              if (records < 0) return Optional.empty();
              counts.merge(InternalScanFileUtils.getPartitionValues(scanFile).get(partitionColumn), records, Long::sum);
            }
          }
        }
      }
    } catch (TableNotFoundException e) {
      return Optional.of(Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException("reading the log of " + path, e);
    }
    return Optional.of(counts);
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper STATS = new com.fasterxml.jackson.databind.ObjectMapper();

  /** A filter value as a literal of its column's type (Kernel compares partition values typed). */
  private static Literal literal(DataType type, String value) {
    if (type instanceof IntegerType) return Literal.ofInt(Integer.parseInt(value));
    if (type instanceof LongType) return Literal.ofLong(Long.parseLong(value));
    if (type instanceof DateType) return Literal.ofDate((int) LocalDate.parse(value).toEpochDay());
    return Literal.ofString(value);
  }

  private static void collect(FilteredColumnarBatch batch, Map<String, String> equals, RowTest keep, List<KernelRow> out) {
    ColumnarBatch data = batch.getData();
    StructType schema = data.getSchema();
    Map<String, ColumnVector> vectors = new java.util.HashMap<>();
    for (int c = 0; c < schema.length(); c++) vectors.put(schema.at(c).getName(), data.getColumnVector(c));
    Optional<ColumnVector> selection = batch.getSelectionVector();
    int[] row = new int[1];
    java.util.function.Function<String, Object> column = name -> value(vectors.get(name), row[0]);
    for (int i = 0; i < data.getSize(); i++) {
      if (selection.isPresent() && (selection.get().isNullAt(i) || !selection.get().getBoolean(i))) continue;
      row[0] = i;
      boolean kept = true;
      for (Map.Entry<String, String> e : equals.entrySet()) {
        if (!e.getValue().equals(String.valueOf(column.apply(e.getKey())))) {
          kept = false;
          break;
        }
      }
      if (!kept || !keep.test(column)) continue;
      Map<String, Object> values = new LinkedHashMap<>();
      for (int c = 0; c < schema.length(); c++) values.put(schema.at(c).getName(), value(data.getColumnVector(c), i));
      out.add(new KernelRow(values));
    }
  }

  private static Object value(ColumnVector v, int i) {
    if (v.isNullAt(i)) return null;
    DataType t = v.getDataType();
    if (t instanceof StringType) return v.getString(i);
    if (t instanceof IntegerType) return v.getInt(i);
    if (t instanceof LongType) return v.getLong(i);
    if (t instanceof DoubleType) return v.getDouble(i);
    if (t instanceof BooleanType) return v.getBoolean(i);
    if (t instanceof DateType) return LocalDate.ofEpochDay(v.getInt(i));
    throw new IllegalArgumentException("KernelReads does not read columns of type " + t);
  }
}
