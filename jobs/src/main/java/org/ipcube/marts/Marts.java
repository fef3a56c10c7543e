package org.ipcube.marts;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.ipcube.common.IpcubeException;
import org.ipcube.common.Settings;

/** The marts stage: dimensions, then each domain's cube, over the years the deliveries cover. */
public final class Marts {
  private Marts() {}

  /** Rows written per domain, the first year and the as-of date of the cube. */
  public record Result(java.util.Map<String, Long> rows, int firstYear, LocalDate asOf) {
    public long totalRows() {
      return rows.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  public static Result build(SparkSession spark, Settings s, LocalDate asOfOrNull) {
    Row span = spark.read().format("delta").load(s.tablePath("raw", "deliveries"))
        .filter(col("status").equalTo("loaded").and(col("feed").startsWith("patent_")))
        .agg(functions.min("delivery_date"), functions.max("delivery_date")).first();
    if (span.isNullAt(0)) {
      throw new IpcubeException("No patent deliveries are loaded.", "raw.deliveries has no loaded patent_biblio or patent_legal delivery.",
          "Run `ipcube ingest` (or `ipcube run`) for some delivery dates first.");
    }
    LocalDate first = span.getAs(0);
    LocalDate asOf = asOfOrNull != null ? asOfOrNull : span.getAs(1);
    BuildDimensionsJob.run(spark, s, first.getYear() - 1, asOf.getYear() + 1);
    java.util.Map<String, Long> rows = new java.util.LinkedHashMap<>();
    int firstYear = first.getYear();
    timed(rows, "patent", () -> BuildPatentCubeJob.run(spark, s, firstYear, asOf));
    timed(rows, "trademark", () -> BuildTrademarkCubeJob.run(spark, s, firstYear, asOf));
    timed(rows, "pledge", () -> BuildPledgeCubeJob.run(spark, s, firstYear, asOf));
    timed(rows, "gi", () -> BuildGiCubeJob.run(spark, s, firstYear, asOf));
    return new Result(rows, first.getYear(), asOf);
  }

  private static void timed(java.util.Map<String, Long> rows, String domain, java.util.function.LongSupplier job) {
    long t = System.nanoTime();
    rows.put(domain, job.getAsLong());
    System.out.printf("marts  %-16s %,d rows in %.1f s%n", domain + " cube", rows.get(domain), (System.nanoTime() - t) / 1e9);
  }
}
