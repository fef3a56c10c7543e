package org.ipcube.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.ipcube.common.IndicatorCatalogue;
import org.ipcube.marts.pledges.PledgeCubeTransforms;

/**
 * Where a figure comes from: the facts (flow events) and spans (stock stretches) the cube counts,
 * lined up with the figures they count in. Reads the same fact and span frames the cube jobs build
 * (each carries {@code right_id}), so the rights listed for a figure are the ones the cube counted,
 * by the same rules written a second way: a filter per figure instead of the cube's period
 * explosion, running stock sums and level-by-level roll-up. Summed back, the contributions of a
 * figure equal its cube value (the end-to-end test checks every cube row of the hand-made set).
 * Pure.
 *
 * <p>Contribution shape ({@link #CONTRIBUTION}): {@code indicator, breakdown, county_code,
 * right_kind, right_id, member, view, event_date, known_date, from_date, to_date, measure}. A flow
 * fact has no view (it counts in both, first_published only once delivered by the period end +
 * lag); a stock span has no event date. {@code member} is what a distinct count counts.
 */
public final class ExplainTransforms {
  private ExplainTransforms() {}

  public static final List<String> CONTRIBUTION = List.of("indicator", "breakdown", "county_code", "right_kind", "right_id", "member",
      "view", "event_date", "known_date", "from_date", "to_date", "measure");

  /** The keys of one figure, as in {@code marts.regional_indicators}. */
  public static final List<String> FIGURE_KEYS = List.of("region_code", "region_level", "boundary", "view", "indicator", "breakdown",
      "period_type", "period_year", "period_number");

  /** Flow facts ({@code county_code, indicator, breakdown, event_date, known_date, right_id}, optional {@code member}, {@code measure}). */
  public static Dataset<Row> fromFlows(Dataset<Row> facts, String rightKind) {
    List<String> cols = Arrays.asList(facts.columns());
    return facts.select(col("indicator"), col("breakdown"), col("county_code"), lit(rightKind).as("right_kind"), col("right_id"),
        cols.contains("member") ? col("member") : col("right_id").as("member"), lit(null).cast("string").as("view"),
        col("event_date"), col("known_date"), lit(null).cast("date").as("from_date"), lit(null).cast("date").as("to_date"),
        cols.contains("measure") ? col("measure").cast("double").as("measure") : lit(1.0).as("measure"));
  }

  /** Stock spans ({@code county_code, indicator, breakdown, view, from_date, to_date, right_id}, optional {@code member}). */
  public static Dataset<Row> fromSpans(Dataset<Row> spans, String rightKind) {
    List<String> cols = Arrays.asList(spans.columns());
    return spans.select(col("indicator"), col("breakdown"), col("county_code"), lit(rightKind).as("right_kind"), col("right_id"),
        cols.contains("member") ? col("member") : col("right_id").as("member"), col("view"), lit(null).cast("date").as("event_date"),
        lit(null).cast("date").as("known_date"), col("from_date"), col("to_date"), lit(1.0).as("measure"));
  }

  /**
   * GI total (products + GI marks, as some cities publish it): the product spans and the GI mark
   * spans under indicator {@code gi_total}, each member named by its kind so a product and a mark
   * with the same number stay two.
   */
  public static Dataset<Row> giTotal(Dataset<Row> contributions) {
    return contributions.filter(col("indicator").isin("gi_products", "gi_marks"))
        .withColumn("member", functions.concat(col("right_kind"), lit(":"), col("member")))
        .withColumn("indicator", lit("gi_total")).withColumn("breakdown", lit(null).cast("string"));
  }

  /**
   * Each contribution joined to every figure of {@code figures} (rows with {@link #FIGURE_KEYS})
   * it counts in, by the cube's rules: the region of its county at the figure's boundary (as_is
   * restates it through {@code dim_regions.current_code}) at the figure's level; the figure's
   * breakdown, or total for a breakdown summed into it; a flow's event month inside the period
   * (first_published: delivered by the end of a period it may count in + lag); a stock span in
   * force at the period's last month end, in the figure's view. Ratios are not figures here: ask
   * for their numerator ({@link #numeratorFigures}).
   */
  public static Dataset<Row> contributions(Dataset<Row> facts, Dataset<Row> figures, Dataset<Row> dimRegions, int lagDays) {
    Dataset<Row> current = functions.broadcast(dimRegions.filter(col("region_level").equalTo("county"))
        .select(col("region_code").as("_code"), col("current_code").as("_current")));
    Dataset<Row> f = facts.join(current, col("county_code").equalTo(col("_code")), "left")
        .withColumn("county_as_is", functions.coalesce(col("_current"), col("county_code"))).drop("_code", "_current")
        .withColumn("_fp_month", CubePeriods.firstPublishedMonth(lagDays));
    Column n = col("t_period_number");
    Column endMonth = when(col("t_period_type").equalTo("month"), n).when(col("t_period_type").equalTo("quarter"), n.multiply(3))
        .when(col("t_period_type").equalTo("year"), lit(12)).otherwise(n);
    Column startMonth = when(col("t_period_type").equalTo("month"), n).when(col("t_period_type").equalTo("quarter"), n.multiply(3).minus(2))
        .otherwise(lit(1));
    Dataset<Row> t = functions.broadcast(figures.select(FIGURE_KEYS.stream().map(k -> col(k).as("t_" + k)).toArray(Column[]::new))
        .withColumn("_end_month", endMonth).withColumn("_start_month", startMonth)
        .withColumn("_end_idx", col("t_period_year").multiply(12).plus(col("_end_month")).minus(1)));

    Column region = when(col("t_boundary").equalTo("as_is"), col("county_as_is")).otherwise(col("county_code"));
    Column inRegion = when(col("t_region_level").equalTo("county"), region.equalTo(col("t_region_code")))
        .when(col("t_region_level").equalTo("city"),
            functions.concat(functions.substring(region, 1, 4), lit("00")).equalTo(col("t_region_code")))
        .when(col("t_region_level").equalTo("province"),
            functions.concat(functions.substring(region, 1, 2), lit("0000")).equalTo(col("t_region_code")))
        .otherwise(RegionRollUp.isMainland(region));
    Column summedIntoTotal = col("breakdown").isNull().or(col("breakdown").equalTo("total"))
        .or(functions.not(col("breakdown").isin(CubeFlows.NOT_SUMMED_INTO_TOTAL.toArray())));
    Column inBreakdown = col("breakdown").equalTo(col("t_breakdown")).or(col("t_breakdown").equalTo("total").and(summedIntoTotal));
    Column month = functions.month(col("event_date"));
    Column flowIn = col("event_date").isNotNull()
        .and(functions.year(col("event_date")).equalTo(col("t_period_year")))
        .and(month.between(col("_start_month"), col("_end_month")))
        .and(col("t_view").equalTo("latest").or(col("_fp_month").leq(col("_end_month"))));
    Column stockIn = col("from_date").isNotNull().and(col("view").equalTo(col("t_view"))).and(col("t_period_type").notEqual("ytd"))
        .and(CubePeriods.monthIndex(col("from_date")).leq(col("_end_idx")))
        .and(CubePeriods.monthIndex(col("to_date")).gt(col("_end_idx")));
    Column[] out = new Column[FIGURE_KEYS.size() + CONTRIBUTION.size()];
    for (int i = 0; i < FIGURE_KEYS.size(); i++) out[i] = col("t_" + FIGURE_KEYS.get(i)).as(FIGURE_KEYS.get(i));
    for (int i = 0; i < CONTRIBUTION.size(); i++) {
      String c = CONTRIBUTION.get(i);
      out[FIGURE_KEYS.size() + i] = c.equals("indicator") || c.equals("breakdown") || c.equals("view")
          ? col(c).as("fact_" + c) : col(c);
    }
    return f.join(t, col("indicator").equalTo(col("t_indicator")).and(inRegion).and(inBreakdown).and(flowIn.or(stockIn)))
        .select(out);
  }

  /**
   * The figures of {@code contributions}: additive indicators sum their measure (pledge amounts
   * from 万元 to 亿元, rounded as the cube rounds them), distinct counts count their members.
   * Shape: {@link #FIGURE_KEYS}, {@code value, rights} (rights: distinct rights listed).
   */
  public static Dataset<Row> figureValues(Dataset<Row> contributions, IndicatorCatalogue catalogue) {
    Column[] keys = FIGURE_KEYS.stream().map(functions::col).toArray(Column[]::new);
    Column distinct = col("indicator").isin(catalogue.indicators().stream().filter(i -> i.aggregation().equals("distinct"))
        .map(IndicatorCatalogue.Indicator::name).toArray());
    Column amount = col("indicator").isin(PledgeCubeTransforms.AMOUNTS.toArray());
    return contributions.groupBy(keys)
        .agg(functions.sum("measure").as("_sum"), functions.countDistinct(col("member")).as("_members"),
            functions.countDistinct(col("right_kind"), col("right_id")).as("rights"))
        .withColumn("value", when(distinct, col("_members").cast("double"))
            .when(amount, functions.round(col("_sum").divide(10000), 6)).otherwise(col("_sum")))
        .drop("_sum", "_members");
  }

  /**
   * Figures of ratio indicators as the figures of their numerators (the catalogue's
   * {@code numerator}, e.g. {@code valid_patents (invention)}); other figures unchanged. Adds
   * {@code asked_indicator, asked_breakdown}.
   */
  public static Dataset<Row> numeratorFigures(Dataset<Row> figures, IndicatorCatalogue catalogue) {
    Column indicator = col("asked_indicator");
    Column breakdown = col("asked_breakdown");
    for (IndicatorCatalogue.Indicator i : catalogue.indicators()) {
      if (!i.isRatio()) continue;
      String[] num = numerator(i);
      indicator = when(col("asked_indicator").equalTo(i.name()), lit(num[0])).otherwise(indicator);
      breakdown = when(col("asked_indicator").equalTo(i.name()), lit(num[1])).otherwise(breakdown);
    }
    // Both from the asked columns: the second must not see the first's replacement.
    return figures.withColumn("asked_indicator", col("indicator")).withColumn("asked_breakdown", col("breakdown"))
        .withColumn("indicator", indicator).withColumn("breakdown", breakdown);
  }

  /** A ratio's numerator as {indicator, breakdown}, from the catalogue's {@code name (breakdown)}. */
  public static String[] numerator(IndicatorCatalogue.Indicator ratio) {
    return countOf(ratio.numerator()).orElseThrow(() -> new org.ipcube.common.IpcubeException(
        "The numerator of " + ratio.name() + " cannot be read: '" + ratio.numerator() + "'.",
        "explain needs it as 'indicator (breakdown)'.", "Write it so in " + IndicatorCatalogue.RESOURCE + "."));
  }

  /** A ratio's denominator as {indicator, breakdown} when it is a count of the cube (empty for a statistic). */
  public static java.util.Optional<String[]> denominator(IndicatorCatalogue.Indicator ratio) {
    return countOf(ratio.denominator());
  }

  private static java.util.Optional<String[]> countOf(String text) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\w+) \\((\\w+)\\)").matcher(text);
    return m.matches() ? java.util.Optional.of(new String[] {m.group(1), m.group(2)}) : java.util.Optional.empty();
  }
}
