package org.ipcube.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Which cube years a night's changes touch, pure: from both sides of the changed rows (their flow
 * facts and stock spans) to one row per touched year. The cube jobs rebuild only those years (with
 * the year before each, for growth).
 */
public final class TouchedYears {
  private TouchedYears() {}

  /**
   * {@code year}: the cube years whose counts differ between a domain's rows before and after a
   * change, from both sides' flow facts ({@link CubeFlows#flowsByPeriod}'s input) and stock spans
   * ({@link CubeStocks#stocksByPeriod}'s). Flows: each fact in one side and not the other touches its
   * event's year. Stocks: each side's spans become +1 / -1 per county, series and month; where the
   * sums differ the stock differs from that month on, so its year and every later one up to
   * {@code lastYear} are touched. {@code otherSpans} ({@code from_year, to_year}) adds the years
   * other inputs touch (a statistic's year and the next, a criterion date and every later year).
   */
  public static Dataset<Row> touchedYears(Dataset<Row> factsBefore, Dataset<Row> factsAfter, Dataset<Row> spansBefore,
      Dataset<Row> spansAfter, Dataset<Row> otherSpans, int lastYear) {
    Dataset<Row> flows = factsBefore.exceptAll(factsAfter).unionByName(factsAfter.exceptAll(factsBefore))
        .select(functions.year(col("event_date")).as("year"));
    Dataset<Row> stockChanges = stockDeltas(spansBefore, -1).unionByName(stockDeltas(spansAfter, 1))
        .groupBy(col("county_code"), col("indicator"), col("breakdown"), col("view"), col("month"))
        .agg(functions.sum("delta").as("delta"))
        .filter(col("delta").notEqual(0))
        .groupBy(col("county_code"), col("indicator"), col("breakdown"), col("view"))
        .agg(functions.min("month").as("month"))
        .select(functions.year(col("month")).as("from_year"), lit(lastYear).as("to_year"));
    Dataset<Row> spans = stockChanges.unionByName(otherSpans.select(col("from_year"), col("to_year")))
        .filter(col("from_year").leq(col("to_year")))
        .select(functions.explode(functions.sequence(col("from_year"), col("to_year"))).as("year"));
    return flows.unionByName(spans).filter(col("year").isNotNull()).distinct();
  }

  /**
   * The years a changed statistic touches ({@code from_year, to_year} for {@link #touchedYears}):
   * its own and the next, whose per-capita ratios take the previous year-end's figure.
   */
  public static Dataset<Row> statisticYears(Dataset<Row> changedStats) {
    return changedStats.select(col("year").as("from_year"), col("year").plus(1).as("to_year"));
  }

  /** Each span as {@code sign} at its first month and {@code -sign} at its end's month ({@code month}: a month's first day). */
  private static Dataset<Row> stockDeltas(Dataset<Row> spans, int sign) {
    Column end = functions.coalesce(col("to_date"), lit(CubePeriods.OPEN_END));
    return spans.filter(col("from_date").lt(end))
        .withColumn("d", functions.explode(functions.array(
            functions.struct(functions.trunc(col("from_date"), "month").as("month"), lit((long) sign).as("delta")),
            functions.struct(functions.trunc(end, "month").as("month"), lit((long) -sign).as("delta")))))
        .select(col("county_code"), col("indicator"), col("breakdown"), col("view"), col("d.month").as("month"), col("d.delta").as("delta"));
  }
}
