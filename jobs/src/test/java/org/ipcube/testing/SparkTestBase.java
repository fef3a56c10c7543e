package org.ipcube.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.ipcube.common.Settings;
import org.ipcube.common.SparkSessions;
import org.ipcube.common.Table;

/**
 * One {@code local[2]} SparkSession per test JVM, configured exactly as the jobs configure theirs,
 * plus helpers to build small typed frames and compare exact rows.
 */
public abstract class SparkTestBase {
  private static SparkSession spark;

  protected static synchronized SparkSession spark() {
    if (spark == null) {
      spark = SparkSessions.create(settings(Path.of("target/tmp-unused-landing"), Path.of("target/tmp-unused-warehouse")), "ipcube-tests");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> spark.stop()));
    }
    return spark;
  }

  /** Default settings with the given roots and a small shuffle, for tests. */
  protected static Settings settings(Path landing, Path warehouse) {
    Settings s = Settings.load(java.util.Optional.empty());
    return s.withRoots(landing.toString(), warehouse.toString());
  }

  protected static Path tempDir(String prefix) {
    try {
      Path base = Path.of("target", "test-work");
      Files.createDirectories(base);
      return Files.createTempDirectory(base, prefix).toAbsolutePath();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A frame from a DDL schema and rows of Java values (dates as LocalDate). */
  protected static Dataset<Row> frame(String ddl, Object[]... rows) {
    StructType schema = (StructType) DataType.fromDDL(ddl);
    List<Row> list = Arrays.stream(rows).map(RowFactory::create).toList();
    return spark().createDataFrame(list, schema);
  }

  /** A date from its ISO form, for hand-made rows: {@code d("2023-02-14")}. */
  protected static java.time.LocalDate d(String isoDate) {
    return java.time.LocalDate.parse(isoDate);
  }

  protected static Object[] row(Object... values) {
    return values;
  }

  /**
   * Asserts that every table of the warehouse at {@code actualRoot} holds exactly the rows of the
   * same table at {@code expectedRoot} (the watermark tables aside: versions and times are state,
   * not data); returns how many rows were compared.
   */
  protected static long assertSameTables(String expectedRoot, String actualRoot) {
    long compared = 0;
    for (String t : Table.ids()) {
      if (t.endsWith("/job_watermarks")) continue;
      List<String> expected = lines(spark().read().format("delta").load(expectedRoot + "/" + t));
      assertThat(lines(spark().read().format("delta").load(actualRoot + "/" + t))).as(t).isEqualTo(expected);
      compared += expected.size();
    }
    return compared;
  }

  /** Rows as sorted "a|b|c" strings: easy to compare exactly and to read in a failure. */
  protected static List<String> lines(Dataset<Row> df, String... columns) {
    Dataset<Row> d = columns.length == 0 ? df : df.selectExpr(columns);
    return d.collectAsList().stream()
        .map(r -> {
          StringBuilder b = new StringBuilder();
          for (int i = 0; i < r.size(); i++) {
            if (i > 0) b.append('|');
            Object v = r.get(i);
            b.append(v instanceof Double dv && dv == Math.rint(dv) && Math.abs(dv) < 1e15 ? String.valueOf(dv.longValue()) : String.valueOf(v));
          }
          return b.toString();
        })
        .sorted().collect(Collectors.toList());
  }
}
