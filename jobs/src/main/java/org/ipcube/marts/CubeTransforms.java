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
import org.ipcube.common.IndicatorCatalogue;

/**
 * Domain-independent cube building blocks (patents now; trademarks, pledges and GI reuse them).
 * All pure. The base shape, at county level, is
 * {@code county_code, indicator, breakdown, view, period_type, period_year, period_number, value}.
 *
 * <p>Period keys: a month m of year y belongs to month (y, m), quarter (y, ceil(m/3)), year
 * (y, 0) and the year-to-date periods (y, k) for k ≥ m. A period's end month is m, 3q, 12 or k.
 */
public final class CubeTransforms {
  private CubeTransforms() {}

  public static final String[] BASE_KEYS = {"indicator", "breakdown", "view", "period_type", "period_year", "period_number"};

  /** The periods a month belongs to, as an array of structs (type, number, end_month). */
  private static Column periodsOfMonth(Column month) {
    return functions.concat(
        functions.array(
            functions.struct(lit("month").as("type"), month.as("number"), month.as("end_month")),
            functions.struct(lit("quarter").as("type"), functions.ceil(month.divide(3)).cast("int").as("number"),
                functions.ceil(month.divide(3)).cast("int").multiply(3).as("end_month")),
            functions.struct(lit("year").as("type"), lit(0).as("number"), lit(12).as("end_month"))),
        functions.transform(functions.sequence(month, lit(12)),
            k -> functions.struct(lit("ytd").as("type"), k.as("number"), k.as("end_month"))));
  }

  /**
   * Breakdowns whose facts are not summed into "total" (the catalogue's
   * {@link IndicatorCatalogue#breakdownsNotSummedIntoTotal}): the per-criterion rows of one
   * deduplicated figure (a high-value invention meeting two criteria is in both; their
   * deduplicated row "any" adds to total), and a fact's second and third breakdown (a grant's
   * applicant type and service, besides its patent type): total counts each fact once.
   */
  public static final java.util.List<String> NOT_SUMMED_INTO_TOTAL =
      java.util.List.copyOf(IndicatorCatalogue.shipped().breakdownsNotSummedIntoTotal());

  /** The breakdown and "total" (once, when the breakdown is null or already "total"; never for {@link #NOT_SUMMED_INTO_TOTAL}). */
  private static Column withTotal(Column breakdown) {
    Column total = when(breakdown.isin(NOT_SUMMED_INTO_TOTAL.toArray()), lit(null).cast("string")).otherwise(lit("total"));
    return functions.explode(functions.array_distinct(functions.array_compact(functions.array(breakdown, total))));
  }

  /** The first end month (of the event's year) whose end + lag is on or after the known date; 13 = never. */
  static Column firstPublishedMonth(int lagDays) {
    Column y = functions.year(col("event_date"));
    Column m = functions.month(col("event_date"));
    Column shifted = functions.date_sub(col("known_date"), lagDays);
    return when(col("known_date").isNull(), m)
        .when(functions.year(shifted).lt(y), m)
        .when(functions.year(shifted).gt(y), lit(13))
        .otherwise(functions.greatest(m, functions.month(shifted)));
  }

  /**
   * Flows by period and view. Facts: {@code county_code, indicator, breakdown, event_date,
   * known_date} and optionally {@code measure} (summed; without it each fact counts 1). "latest"
   * counts every fact; "first_published" counts a fact in a period only if it was delivered by
   * the period's end + lag. Every fact also counts under breakdown "total".
   */
  public static Dataset<Row> flowsByPeriod(Dataset<Row> facts, int lagDays, int firstYear, int lastYear) {
    Column y = functions.year(col("event_date"));
    Column m = functions.month(col("event_date"));
    Column measure = java.util.Arrays.asList(facts.columns()).contains("measure") ? col("measure") : lit(1L);
    Dataset<Row> monthly = facts
        .filter(y.between(firstYear, lastYear))
        .withColumn("y", y).withColumn("m", m).withColumn("fp_month", firstPublishedMonth(lagDays)).withColumn("_measure", measure)
        .withColumn("breakdown", withTotal(col("breakdown")))
        .groupBy("county_code", "indicator", "breakdown", "y", "m", "fp_month")
        .agg(functions.sum("_measure").as("n"));
    Dataset<Row> byPeriod = monthly
        .withColumn("p", functions.explode(periodsOfMonth(col("m"))))
        .groupBy(col("county_code"), col("indicator"), col("breakdown"), col("y").as("period_year"),
            col("p.type").as("period_type"), col("p.number").as("period_number"))
        .agg(functions.sum("n").as("latest"),
            functions.sum(when(col("fp_month").leq(col("p.end_month")), col("n")).otherwise(0)).as("first_published"));
    return stackViews(byPeriod);
  }

  private static Dataset<Row> stackViews(Dataset<Row> wide) {
    return stackViews(wide, col("county_code"));
  }

  private static Dataset<Row> stackViews(Dataset<Row> wide, Column... regionKeys) {
    Column[] tail = {col("indicator"), col("breakdown"), col("v.view").as("view"), col("period_type"),
        col("period_year"), col("period_number"), col("v.value").as("value")};
    Column[] cols = new Column[regionKeys.length + tail.length];
    System.arraycopy(regionKeys, 0, cols, 0, regionKeys.length);
    System.arraycopy(tail, 0, cols, regionKeys.length, tail.length);
    return wide
        .withColumn("v", functions.explode(functions.array(
            functions.struct(lit("latest").as("view"), col("latest").cast("double").as("value")),
            functions.struct(lit("first_published").as("view"), col("first_published").cast("double").as("value")))))
        .select(cols);
  }

  /** Each fact twice: "as_was" with its own county, "as_is" with the county restated to the boundary year. */
  private static Dataset<Row> inBothBoundaries(Dataset<Row> facts, Dataset<Row> dimRegions) {
    Dataset<Row> current = functions.broadcast(dimRegions.filter(col("region_level").equalTo("county"))
        .select(col("region_code").as("_code"), col("current_code")));
    Dataset<Row> asIs = facts.join(current, facts.col("county_code").equalTo(current.col("_code")), "left")
        .withColumn("county_code", functions.coalesce(col("current_code"), col("county_code")))
        .drop("_code", "current_code")
        .withColumn("boundary", lit("as_is"));
    return facts.withColumn("boundary", lit("as_was")).unionByName(asIs);
  }

  /** The regions a county counts in: itself, its city, its province and, for the mainland, the nation. */
  private static Column regionsOfCounty(Column code) {
    return functions.filter(functions.array(
        functions.struct(code.as("region_code"), lit("county").as("region_level")),
        functions.struct(functions.concat(functions.substring(code, 1, 4), lit("00")).as("region_code"), lit("city").as("region_level")),
        functions.struct(functions.concat(functions.substring(code, 1, 2), lit("0000")).as("region_code"),
            lit("province").as("region_level")),
        functions.struct(when(isMainland(code), lit("000000")).as("region_code"), lit("nation").as("region_level"))),
        r -> r.getField("region_code").isNotNull());
  }

  /**
   * Distinct counts of {@code member} by period and view, computed at every level and boundary
   * directly (never summed from the level below: an enterprise with contracts in two counties is
   * one enterprise of the city). Facts: {@code county_code, indicator, breakdown, member,
   * event_date, known_date}. Returns the rolled-up shape ({@code region_code, region_level,
   * boundary, ...}).
   */
  public static Dataset<Row> distinctFlowsByPeriod(Dataset<Row> facts, Dataset<Row> dimRegions, int lagDays, int firstYear,
      int lastYear) {
    Column y = functions.year(col("event_date"));
    Dataset<Row> byPeriod = inBothBoundaries(facts.filter(y.between(firstYear, lastYear)), dimRegions)
        .withColumn("fp_month", firstPublishedMonth(lagDays))
        .withColumn("r", functions.explode(regionsOfCounty(col("county_code"))))
        .withColumn("breakdown", withTotal(col("breakdown")))
        .withColumn("p", functions.explode(periodsOfMonth(functions.month(col("event_date")))))
        .groupBy(col("r.region_code").as("region_code"), col("r.region_level").as("region_level"), col("boundary"),
            col("indicator"), col("breakdown"), functions.year(col("event_date")).as("period_year"),
            col("p.type").as("period_type"), col("p.number").as("period_number"))
        .agg(functions.countDistinct(col("member")).as("latest"),
            functions.countDistinct(when(col("fp_month").leq(col("p.end_month")), col("member"))).as("first_published"));
    return stackViews(byPeriod, col("region_code"), col("region_level"), col("boundary"));
  }

  /**
   * Distinct stocks: {@code member}s in force at each period end, at every level and boundary
   * directly (a GI product whose area spans two cities counts once in their province). Spans:
   * {@code county_code, indicator, breakdown, view, member, from_date, to_date}; a member's spans
   * in several counties of one region collapse to one.
   */
  public static Dataset<Row> distinctStocksByPeriod(Dataset<Row> spans, Dataset<Row> dimRegions, LocalDate firstMonth,
      LocalDate lastMonth) {
    Dataset<Row> perRegion = inBothBoundaries(spans, dimRegions)
        .withColumn("r", functions.explode(regionsOfCounty(col("county_code"))))
        .withColumn("breakdown", withTotal(col("breakdown")))
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

  /** Months since year 0, the index used for stocks: a date belongs to the month whose end is on or after it. */
  static Column monthIndex(Column date) {
    return functions.year(date).multiply(12).plus(functions.month(date)).minus(1);
  }

  /**
   * Stocks at each period end. Spans: {@code county_code, indicator, breakdown, view, from_date,
   * to_date} (to exclusive). A span counts at a month end E iff from ≤ E &lt; to, so each span adds
   * +1 at month(from) and −1 at month(to); a running sum over months gives the stock. Also adds
   * breakdown "total". Months outside [first, last] are computed through but not returned. Stocks
   * have no year-to-date rows: a stock at the end of January-to-March is the March stock.
   */
  public static Dataset<Row> stocksByPeriod(Dataset<Row> spans, LocalDate firstMonth, LocalDate lastMonth) {
    return stocks(spans.withColumn("breakdown", withTotal(col("breakdown"))), new String[] {"county_code"}, firstMonth, lastMonth);
  }

  /** Stocks keyed by {@code regionKeys} plus indicator, breakdown (already with "total") and view. */
  private static Dataset<Row> stocks(Dataset<Row> spans, String[] regionKeys, LocalDate firstMonth, LocalDate lastMonth) {
    int first = firstMonth.getYear() * 12 + firstMonth.getMonthValue() - 1;
    int last = lastMonth.getYear() * 12 + lastMonth.getMonthValue() - 1;
    String[] series = concatArr(regionKeys, new String[] {"indicator", "breakdown", "view"});
    String[] withIdx = concatArr(series, new String[] {"idx"});
    Column[] seriesCols = java.util.Arrays.stream(series).map(functions::col).toArray(Column[]::new);
    Column[] idxCols = java.util.Arrays.stream(withIdx).map(functions::col).toArray(Column[]::new);
    Dataset<Row> deltas = spans
        .withColumn("s", monthIndex(col("from_date")))
        .withColumn("e", monthIndex(col("to_date")))
        .filter(col("s").lt(col("e")).and(col("s").leq(last)))
        .withColumn("d", functions.explode(functions.array(
            functions.struct(col("s").as("idx"), lit(1L).as("delta")),
            functions.struct(col("e").as("idx"), lit(-1L).as("delta")))))
        .withColumn("idx", col("d.idx")).withColumn("delta", col("d.delta"))
        .select(concatCols(seriesCols, col("idx"), col("delta")))
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
        .select(concatCols(outKeys, col("indicator"), col("breakdown"), col("view"), col("p.type").as("period_type"),
            col("period_year"), col("p.number").as("period_number"), col("stock").cast("double").as("value")));
  }

  private static Column[] concatCols(Column[] head, Column... tail) {
    Column[] out = new Column[head.length + tail.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(tail, 0, out, head.length, tail.length);
    return out;
  }

  /**
   * Both boundaries: "as_was" keeps each fact's county as it was on its date; "as_is" restates it
   * to the boundary year through the dimension's {@code current_code}.
   */
  public static Dataset<Row> withBoundaries(Dataset<Row> base, Dataset<Row> dimRegions) {
    Dataset<Row> current = dimRegions.filter(col("region_level").equalTo("county"))
        .select(col("region_code").as("_code"), col("current_code"));
    Dataset<Row> asIs = base.join(current, base.col("county_code").equalTo(current.col("_code")), "left")
        .withColumn("county_code", functions.coalesce(col("current_code"), col("county_code")))
        .drop("_code", "current_code")
        .groupBy(concat("county_code", BASE_KEYS)).agg(functions.sum("value").as("value"))
        .withColumn("boundary", lit("as_is"));
    return base.withColumn("boundary", lit("as_was")).unionByName(asIs);
  }

  private static Column[] concat(String first, String[] rest) {
    Column[] out = new Column[rest.length + 1];
    out[0] = col(first);
    for (int i = 0; i < rest.length; i++) out[i + 1] = col(rest[i]);
    return out;
  }

  static Column isMainland(Column code) {
    return functions.not(functions.substring(code, 1, 2).isin("71", "81", "82", "90"));
  }

  /**
   * County rows → county, city, province and (mainland only) nation rows, summed level by level
   * (each level from the one below, so every level is read once): additive measures only.
   */
  public static Dataset<Row> rollUp(Dataset<Row> withBoundary) {
    String[] keys = {"indicator", "breakdown", "view", "period_type", "period_year", "period_number", "boundary"};
    Dataset<Row> county = withBoundary.withColumnRenamed("county_code", "region_code").withColumn("region_level", lit("county"));
    Dataset<Row> city = sumTo(county, functions.concat(functions.substring(col("region_code"), 1, 4), lit("00")), "city", keys);
    Dataset<Row> province = sumTo(city, functions.concat(functions.substring(col("region_code"), 1, 2), lit("0000")), "province", keys);
    Dataset<Row> nation = sumTo(province.filter(isMainland(col("region_code"))), lit("000000"), "nation", keys);
    return county.select(concat("region_code", concatArr(keys, new String[] {"region_level", "value"})))
        .unionByName(city).unionByName(province).unionByName(nation);
  }

  private static Dataset<Row> sumTo(Dataset<Row> rows, Column code, String level, String[] keys) {
    return rows.withColumn("region_code", code)
        .groupBy(concat("region_code", keys)).agg(functions.sum("value").as("value"))
        .withColumn("region_level", lit(level));
  }

  private static String[] concatArr(String[] a, String[] b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The parent member's code for each level (counties → city, cities → province, provinces → nation). */
  static Column parentCode(Column code, Column level) {
    return when(level.equalTo("county"), functions.concat(functions.substring(code, 1, 4), lit("00")))
        .when(level.equalTo("city"), functions.concat(functions.substring(code, 1, 2), lit("0000")))
        .when(level.equalTo("province").and(isMainland(code)), lit("000000"));
  }

  static Column isUnknownMember(Column code, Column level) {
    return when(level.equalTo("county"), functions.substring(code, 5, 2).equalTo("99"))
        .when(level.equalTo("city"), functions.substring(code, 3, 2).equalTo("99"))
        .when(level.equalTo("province"), code.equalTo("990000"))
        .otherwise(lit(false));
  }

  /**
   * Adds the derived columns every indicator has: previous-year value and growth (%), parent value
   * and share of parent (%, additive indicators only), rank among siblings and among the peer
   * groups (known, mainland members only), plus keys and flags from the dimensions.
   *
   * <p>One shuffle of the values, by the keys both windows share. The previous year is a
   * {@code lag} over the series ordered by year. Siblings share one window ordered
   * ranked-members-first: rank, the count of ranked members and, because additive measures are
   * rolled up level by level with unknown members included, the parent's value as the sum over
   * all its children. Peer groups are a handful of cities, read from the values, ranked apart and
   * joined back.
   *
   * <p>The catalogue says which of {@code domain}'s indicators are additive, which are distinct
   * counts (computed at every level directly: their parent value is the parent's own row) and
   * which are ratios (no share), and which have incomplete recent months.
   */
  public static Dataset<Row> derive(Dataset<Row> values, Dataset<Row> dimRegions, Dataset<Row> dimPeriods, LocalDate asOf,
      int incompleteMonths, IndicatorCatalogue catalogue, String domain) {
    java.util.Set<String> distinctCounts = catalogue.names(domain, "distinct");
    String[] series = {"region_code", "region_level", "boundary", "view", "indicator", "breakdown", "period_type", "period_number"};
    String[] seriesOfPeriod = {"boundary", "view", "indicator", "breakdown", "period_type", "period_year", "period_number"};
    WindowSpec byYear = Window.partitionBy(concat(series[0], java.util.Arrays.copyOfRange(series, 1, series.length)))
        .orderBy("period_year");
    Column additive = catalogue.isAdditive(col("indicator"));
    // Both windows below partition by supersets of these keys: hashing the rows once by them
    // serves both (a partitioning on a subset of a window's keys satisfies it), so the cube is
    // shuffled once, not twice (the demo's 23 M patent rows: 4.8 GiB per shuffle).
    String[] sharedKeys = {"region_level", "boundary", "view", "indicator", "breakdown", "period_type", "period_number"};
    Dataset<Row> v = values
        .repartition(java.util.Arrays.stream(sharedKeys).map(functions::col).toArray(Column[]::new))
        .withColumn("parent_code", parentCode(col("region_code"), col("region_level")))
        .withColumn("is_unknown_member", isUnknownMember(col("region_code"), col("region_level")))
        .withColumn("is_mainland", isMainland(col("region_code")))
        .withColumn("_rankable", col("is_mainland").and(functions.not(col("is_unknown_member"))))
        .withColumn("_prev_year", functions.lag("period_year", 1).over(byYear))
        .withColumn("previous_year_value", when(col("_prev_year").equalTo(col("period_year").minus(1)),
            functions.lag("value", 1).over(byYear)));
    WindowSpec siblings = Window.partitionBy(concat("parent_code", concatArr(new String[] {"region_level"}, seriesOfPeriod)))
        .orderBy(col("_rankable").desc(), col("value").desc());
    WindowSpec allSiblings = siblings.rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
    Dataset<Row> ranked = v
        .withColumn("sibling_rank", when(col("_rankable").and(col("parent_code").isNotNull()), functions.rank().over(siblings)))
        .withColumn("sibling_count", when(col("_rankable").and(col("parent_code").isNotNull()),
            functions.count(when(col("_rankable"), lit(1))).over(allSiblings)))
        .withColumn("parent_value", when(additive.and(col("parent_code").isNotNull()), functions.sum("value").over(allSiblings)));

    if (!distinctCounts.isEmpty()) {
      Dataset<Row> parents = values.filter(col("indicator").isin(distinctCounts.toArray())).select(col("region_code").as("_pc"),
          col("region_level").as("_pl"), col("boundary").as("_b"), col("view").as("_v"), col("indicator").as("_i"),
          col("breakdown").as("_bd"), col("period_type").as("_pt"), col("period_year").as("_py"), col("period_number").as("_pn"),
          col("value").as("_pv"));
      Column parentLevel = when(col("region_level").equalTo("county"), lit("city"))
          .when(col("region_level").equalTo("city"), lit("province")).when(col("region_level").equalTo("province"), lit("nation"));
      ranked = ranked.join(parents, col("parent_code").equalTo(col("_pc")).and(parentLevel.equalTo(col("_pl")))
              .and(col("boundary").equalTo(col("_b"))).and(col("view").equalTo(col("_v"))).and(col("indicator").equalTo(col("_i")))
              .and(col("breakdown").equalTo(col("_bd"))).and(col("period_type").equalTo(col("_pt")))
              .and(col("period_year").equalTo(col("_py"))).and(col("period_number").equalTo(col("_pn"))), "left")
          .withColumn("parent_value", functions.coalesce(col("parent_value"), col("_pv")))
          .drop("_pc", "_pl", "_b", "_v", "_i", "_bd", "_pt", "_py", "_pn", "_pv");
    }
    Dataset<Row> dims = functions.broadcast(dimRegions.select(col("region_code").as("_rc"), col("region_level").as("_rl"),
        col("region_id"), col("is_provincial_capital"), col("is_sub_provincial_city"), col("is_separately_planned_city")));
    Dataset<Row> withDims = ranked.join(dims,
        ranked.col("region_code").equalTo(dims.col("_rc")).and(ranked.col("region_level").equalTo(dims.col("_rl"))), "left")
        .drop("_rc", "_rl");
    // The peer groups' cities straight from the values (not from the windowed rows: their ranks
    // need only each city's value, and reading the few cities from the values keeps this branch
    // from sorting the whole cube again).
    Dataset<Row> peerCities = values.join(dims, values.col("region_code").equalTo(dims.col("_rc"))
        .and(values.col("region_level").equalTo(dims.col("_rl"))));
    Dataset<Row> peerRanks = peerGroupRanks(peerCities.filter(col("region_level").equalTo("city")
        .and(col("is_provincial_capital").or(col("is_sub_provincial_city")).or(col("is_separately_planned_city")))), seriesOfPeriod);
    Dataset<Row> withPeers = withDims.join(functions.broadcast(peerRanks),
        concatList(concat2("region_code", seriesOfPeriod), "region_level"), "left");

    Dataset<Row> periods = functions.broadcast(dimPeriods.select(col("period_type").as("_pt"), col("period_year").as("_py"),
        col("period_number").as("_pn"), col("period_id"), col("period_end")));
    Dataset<Row> out = withPeers.join(periods, withPeers.col("period_type").equalTo(periods.col("_pt"))
            .and(withPeers.col("period_year").equalTo(periods.col("_py"))).and(withPeers.col("period_number").equalTo(periods.col("_pn"))))
        .drop("_pt", "_py", "_pn", "_rankable", "_prev_year");
    return out
        .withColumn("yoy_growth_pct", when(col("previous_year_value").gt(0),
            functions.round(col("value").divide(col("previous_year_value")).minus(1).multiply(100), 4)))
        .withColumn("share_of_parent_pct", when(col("parent_value").gt(0),
            functions.round(col("value").divide(col("parent_value")).multiply(100), 4)))
        .withColumn("is_complete_period", col("period_end").leq(lit(asOf)))
        .withColumn("is_incomplete_flow", catalogue.hasIncompleteRecentMonths(col("indicator"))
            .and(col("period_end").gt(lit(asOf.minusMonths(incompleteMonths)))));
  }

  /** Ranks of the cities of each peer group (small: tens of cities), keyed to join back. */
  private static Dataset<Row> peerGroupRanks(Dataset<Row> cities, String[] seriesOfPeriod) {
    Dataset<Row> out = cities.select(concat("region_code", concatArr(seriesOfPeriod,
        new String[] {"region_level", "value", "is_provincial_capital", "is_sub_provincial_city", "is_separately_planned_city"})));
    for (String[] g : new String[][] {{"is_provincial_capital", "provincial_capital_rank"},
        {"is_sub_provincial_city", "sub_provincial_rank"}, {"is_separately_planned_city", "separately_planned_rank"}}) {
      out = out.withColumn(g[1], when(col(g[0]), functions.rank().over(
          Window.partitionBy(concat(g[0], seriesOfPeriod)).orderBy(col("value").desc()))));
    }
    return out.drop("value", "is_provincial_capital", "is_sub_provincial_city", "is_separately_planned_city");
  }

  private static String[] concat2(String first, String[] rest) {
    return concatArr(new String[] {first}, rest);
  }

  private static scala.collection.immutable.Seq<String> concatList(String[] keys, String last) {
    String[] all = concatArr(keys, new String[] {last});
    return scala.jdk.javaapi.CollectionConverters.asScala(java.util.Arrays.asList(all)).toList();
  }

  /**
   * Adds column {@code as}: the statistics figure {@code indicator} of each row's region for
   * {@code year}, from the latest release published by the row's {@code known_at} (null = any).
   */
  public static Dataset<Row> withStatistic(Dataset<Row> rows, Dataset<Row> stats, String indicator, Column year, String as) {
    Dataset<Row> s = stats.filter(col("indicator").equalTo(indicator))
        .select(col("region_code").as("_src"), col("year").as("_sy"), col("value").as("_sv"), col("publication_date").as("_sp"),
            col("release").as("_sr"));
    Column releaseOrder = when(col("_sr").equalTo("final"), 3).when(col("_sr").equalTo("revised"), 2).otherwise(1);
    Dataset<Row> joined = rows.withColumn("_row", functions.monotonically_increasing_id())
        .join(s, col("region_code").equalTo(col("_src")).and(year.equalTo(col("_sy")))
            .and(col("known_at").isNull().or(col("_sp").leq(col("known_at")))), "left")
        .withColumn("_pick", functions.row_number().over(Window.partitionBy("_row")
            .orderBy(col("_sp").desc_nulls_last(), releaseOrder.desc())))
        .filter(col("_pick").equalTo(1))
        .withColumn(as, col("_sv"));
    return joined.drop("_src", "_sy", "_sv", "_sp", "_sr", "_pick", "_row");
  }


  /** A date after every period, for spans that have not ended. */
  public static final LocalDate OPEN_END = LocalDate.of(9999, 12, 31);

  /**
   * Stock spans of change-data-capture versions ({@code known_from}, {@code known_to}), in both
   * views: "latest" is the current version's span {@code [from, to)}; "first_published" takes each
   * version while it was the known state at period end + lag, i.e. its span cut to
   * {@code [known_from - lag, known_to - lag)}. Adds {@code view, from_date, to_date}; a null
   * {@code to} is open. Versions whose span is empty drop out in the stock computation.
   */
  public static Dataset<Row> versionSpans(Dataset<Row> versions, Column from, Column to, int lagDays) {
    Column end = functions.coalesce(to, lit(OPEN_END));
    Dataset<Row> withSpan = versions.filter(from.isNotNull()).withColumn("_from", from).withColumn("_to", end);
    Dataset<Row> latest = withSpan.filter(col("known_to").isNull())
        .withColumn("view", lit("latest")).withColumn("from_date", col("_from")).withColumn("to_date", col("_to"));
    Dataset<Row> firstPublished = withSpan
        .withColumn("view", lit("first_published"))
        .withColumn("from_date", functions.greatest(col("_from"), functions.date_sub(col("known_from"), lagDays)))
        .withColumn("to_date", functions.least(col("_to"),
            functions.coalesce(functions.date_sub(col("known_to"), lagDays), lit(OPEN_END))));
    return latest.unionByName(firstPublished).drop("_from", "_to");
  }

  /**
   * {@code year}: the cube years whose counts differ between a domain's rows before and after a
   * change, from both sides' flow facts ({@link #flowsByPeriod}'s input) and stock spans
   * ({@link #stocksByPeriod}'s). Flows: each fact in one side and not the other touches its
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
    Column end = functions.coalesce(col("to_date"), lit(OPEN_END));
    return spans.filter(col("from_date").lt(end))
        .withColumn("d", functions.explode(functions.array(
            functions.struct(functions.trunc(col("from_date"), "month").as("month"), lit((long) sign).as("delta")),
            functions.struct(functions.trunc(end, "month").as("month"), lit((long) -sign).as("delta")))))
        .select(col("county_code"), col("indicator"), col("breakdown"), col("view"), col("d.month").as("month"), col("d.delta").as("delta"));
  }
}
