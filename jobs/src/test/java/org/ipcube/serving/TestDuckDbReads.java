package org.ipcube.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.ipcube.serving.KernelReads.KernelRow;
import org.ipcube.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

/**
 * DuckDB over the files of a Delta table's current version reads what Kernel reads: only the live
 * files (not those an overwrite removed), partition values from the paths with their types.
 */
class TestDuckDbReads extends SparkTestBase {
  private static final String DDL = "domain STRING, period_year INT, region_code STRING, period_type STRING, value DOUBLE, sibling_count BIGINT";

  @Test
  void theLiveFilesOfAPartitionedTableGiveKernelsRows() {
    String path = tempDir("duckdb-reads").resolve("cube").toString();
    frame(DDL, row("patent", 2022, "330400", "year", 1.0, 11L), row("patent", 2023, "330400", "year", 2.0, 11L))
        .write().format("delta").partitionBy("domain", "period_year").save(path);
    // Replaces 2023's partition: its old file is removed in the log but stays on disk.
    frame(DDL, row("patent", 2023, "330400", "year", 3.0, 11L), row("patent", 2023, "330100", "month", 4.0, null),
        row("gi", 2023, "330400", "year", 5.0, 9L))
        .write().format("delta").mode("overwrite").option("replaceWhere", "period_year = 2023").save(path);

    List<String> columns = List.of("domain", "period_year", "region_code", "value", "sibling_count");
    List<KernelRow> duck = DuckDbReads.rows(KernelReads.localDataFiles(path).orElseThrow(), columns, List.of("period_year"),
        "period_type = ? AND region_code = ?", List.of("year", "330400"));
    List<KernelRow> kernel = KernelReads.rows(path, Map.of("period_type", "year", "region_code", "330400"), columns);
    // Kernel also returns the filter's columns; compare the ones asked for.
    List<Map<String, Object>> kernelValues = kernel.stream().map(r -> {
      Map<String, Object> m = new java.util.HashMap<>(r.values());
      m.keySet().retainAll(columns);
      return m;
    }).toList();
    assertThat(duck).extracting(KernelRow::values).containsExactlyInAnyOrderElementsOf(kernelValues)
        .containsExactlyInAnyOrder(Map.of("domain", "patent", "period_year", 2022, "region_code", "330400", "value", 1.0, "sibling_count", 11L),
            Map.of("domain", "patent", "period_year", 2023, "region_code", "330400", "value", 3.0, "sibling_count", 11L),
            Map.of("domain", "gi", "period_year", 2023, "region_code", "330400", "value", 5.0, "sibling_count", 9L));
  }
}
