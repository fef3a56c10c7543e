package org.ipcube.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;

/**
 * Stocks (what is in force at a period end: valid patents, marks, pledges, GI products), pure.
 * From spans (one per thing in force, {@code [from_date, to_date)}, with its county) to one row per
 * county (or region, for distinct stocks) x indicator x breakdown x view x month, quarter and year
 * end.
 */
public final class CubeStocks {
  private CubeStocks() {}

  /**
   * Stocks at each period end. Spans: {@code county_code, indicator, breakdown, view, from_date,
   * to_date} (to exclusive). A span counts at a month end E iff from ≤ E &lt; to, so each span adds
   * +1 at month(from) and −1 at month(to); a running sum over months gives the stock. Also adds
   * breakdown "total". Months outside [first, last] are computed through but not returned. Stocks
   * have no year-to-date rows: a stock at the end of January-to-March is the March stock.
   */
  public static Dataset<Row> stocksByPeriod(Dataset<Row> spans, LocalDate firstMonth, LocalDate lastMonth) {
    return stocks(spans.withColumn("breakdown", CubeFlows.withTotal(col("breakdown"))), new String[] {"county_code"}, firstMonth, lastMonth);
  }

  /** Stocks keyed by {@code regionKeys} plus indicator, breakdown (already with "total") and view. */
  private static Dataset<Row> stocks(Dataset<Row> spans, String[] regionKeys, LocalDate firstMonth, LocalDate lastMonth) {
    int first = firstMonth.getYear() * 12 + firstMonth.getMonthValue() - 1;
    int last = lastMonth.getYear() * 12 + lastMonth.getMonthValue() - 1;
    String[] series = CubeKeys.join(regionKeys, new String[] {"indicator", "breakdown", "view"});
    String[] withIdx = CubeKeys.join(series, new String[] {"idx"});
    Column[] seriesCols = java.util.Arrays.stream(series).map(functions::col).toArray(Column[]::new);
    Column[] idxCols = java.util.Arrays.stream(withIdx).map(functions::col).toArray(Column[]::new);
    Dataset<Row> deltas = spans
        .withColumn("s", CubePeriods.monthIndex(col("from_date")))
        .withColumn("e", CubePeriods.monthIndex(col("to_date")))
        .filter(col("s").lt(col("e")).and(col("s").leq(last)))
        .withColumn("d", functions.explode(functions.array(
            functions.struct(col("s").as("idx"), lit(1L).as("delta")),
            functions.struct(col("e").as("idx"), lit(-1L).as("delta")))))
        .withColumn("idx", col("d.idx")).withColumn("delta", col("d.delta"))
        .select(CubeKeys.append(seriesCols, col("idx"), col("delta")))
        .filter(col("idx").leq(last))
        // Only the running sum from the first month on is returned: earlier changes fold into the
        // first month (same sums, and the window walks the months asked for, not all history).
        .withColumn("idx", functions.greatest(col("idx"), lit(first)))
        .groupBy(idxCols).agg(functions.sum("delta").as("delta"));
    Dataset<Row> grid = deltas.select(seriesCols).distinct()
        .withColumn("idx", functions.explode(functions.sequence(lit(first), lit(last))))
        .withColumn("delta", lit(0L));
    WindowSpec running = Window.partitionBy(seriesCols).orderBy("idx")
        .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Column[] outKeys = java.util.Arrays.stream(regionKeys).map(functions::col).toArray(Column[]::new);
    Dataset<Row> stock = deltas.unionByName(grid)
        .groupBy(idxCols).agg(functions.sum("delta").as("delta"))
        .withColumn("stock", functions.sum("delta").over(running))
        .filter(col("idx").between(first, last))
        .withColumn("period_year", functions.floor(col("idx").divide(12)).cast("int"))
        .withColumn("m", col("idx").mod(12).plus(1).cast("int"));
    Column periods = functions.filter(functions.array(
        functions.struct(lit("month").as("type"), col("m").as("number")),
        functions.struct(when(col("m").mod(3).equalTo(0), lit("quarter")).as("type"), col("m").divide(3).cast("int").as("number")),
        functions.struct(when(col("m").equalTo(12), lit("year")).as("type"), lit(0).as("number"))),
        p -> p.getField("type").isNotNull());
    return stock
        .filter(col("stock").notEqual(0))
        .withColumn("p", functions.explode(periods))
        .select(CubeKeys.append(outKeys, col("indicator"), col("breakdown"), col("view"), col("p.type").as("period_type"),
            col("period_year"), col("p.number").as("period_number"), col("stock").cast("double").as("value")));
  }

  /**
   * Distinct stocks: {@code member}s in force at each period end, at every level and boundary
   * directly (a GI product whose area spans two cities counts once in their province). Spans:
   * {@code county_code, indicator, breakdown, view, member, from_date, to_date}; a member's spans
   * in several counties of one region collapse to one.
   */
  public static Dataset<Row> distinctStocksByPeriod(Dataset<Row> spans, Dataset<Row> dimRegions, LocalDate firstMonth,
      LocalDate lastMonth) {
    Dataset<Row> perRegion = RegionRollUp.inBothBoundaries(spans, dimRegions)
        .withColumn("r", functions.explode(RegionRollUp.regionsOfCounty(col("county_code"))))
        .withColumn("breakdown", CubeFlows.withTotal(col("breakdown")))
        .select(col("r.region_code").as("region_code"), col("r.region_level").as("region_level"), col("boundary"),
            col("indicator"), col("breakdown"), col("view"), col("member"), col("from_date"), col("to_date"))
        .dropDuplicates();
    return stocks(perRegion, new String[] {"region_code", "region_level", "boundary"}, firstMonth, lastMonth);
  }

  /**
   * Stock spans placed in the division valid at each period end (INDICATORS: each figure carries
   * the division code valid on its date, and a stock's date is its period end). A span whose county
   * leaves the snapshots before the span ends is cut at the start of each year its area changes
   * holder, and each part is placed in that year's holder (a recoded county's successor, an
   * abolished one's unknown county of its city). Spans of counties still listed pass unchanged.
   * Spans: any rows with {@code county_code, from_date, to_date}; successions: {@code code,
   * from_date, to_date, held_by} ({@link org.ipcube.region.Crosswalk#successions}, small).
   */
  public static Dataset<Row> placedAtPeriodEnd(Dataset<Row> spans, Dataset<Row> successions) {
    Dataset<Row> held = functions.broadcast(successions.select(col("code").as("_code"), col("from_date").as("_from"),
        col("to_date").as("_to"), col("held_by").as("_held_by")));
    Column[] out = java.util.Arrays.stream(spans.columns()).map(c -> switch (c) {
      case "county_code" -> functions.coalesce(col("_held_by"), col(c)).as(c);
      case "from_date" -> functions.greatest(col(c), col("_from")).as(c);
      case "to_date" -> functions.least(col(c), col("_to")).as(c);
      default -> col(c);
    }).toArray(Column[]::new);
    return spans.join(held, col("county_code").equalTo(col("_code"))
            .and(col("from_date").lt(col("_to"))).and(col("to_date").gt(col("_from"))), "left")
        .select(out);
  }

  /**
   * Stock spans of change-data-capture versions ({@code known_from}, {@code known_to}), in both
   * views: "latest" is the current version's span {@code [from, to)}; "first_published" takes each
   * version while it was the known state at period end + lag, i.e. its span cut to
   * {@code [known_from - lag, known_to - lag)}. Adds {@code view, from_date, to_date}; a null
   * {@code to} is open. Versions whose span is empty drop out in the stock computation.
   */
  public static Dataset<Row> versionSpans(Dataset<Row> versions, Column from, Column to, int lagDays) {
    Column end = functions.coalesce(to, lit(CubePeriods.OPEN_END));
    Dataset<Row> withSpan = versions.filter(from.isNotNull()).withColumn("_from", from).withColumn("_to", end);
    Dataset<Row> latest = withSpan.filter(col("known_to").isNull())
        .withColumn("view", lit("latest")).withColumn("from_date", col("_from")).withColumn("to_date", col("_to"));
    Dataset<Row> firstPublished = withSpan
        .withColumn("view", lit("first_published"))
        .withColumn("from_date", functions.greatest(col("_from"), functions.date_sub(col("known_from"), lagDays)))
        .withColumn("to_date", functions.least(col("_to"),
            functions.coalesce(functions.date_sub(col("known_to"), lagDays), lit(CubePeriods.OPEN_END))));
    return latest.unionByName(firstPublished).drop("_from", "_to");
  }
}
