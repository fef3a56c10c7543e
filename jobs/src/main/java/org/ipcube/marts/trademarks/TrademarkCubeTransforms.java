package org.ipcube.marts.trademarks;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.ipcube.marts.CubeRatios;
import org.ipcube.marts.CubeStocks;
import org.ipcube.marts.TouchedYears;

/**
 * The trademark indicators of INDICATORS.md as cube inputs, attributed to the registrant's county:
 * registrations (flow by registration date), valid marks (stock, by kind), Madrid marks (stock),
 * 驰名商标 (cumulative count from recognition) and valid marks per 10,000 market entities of the
 * previous year-end. Stocks come from the state history, so a past period end is counted with the
 * state then in force, and "first published" with the state then known. Pure.
 */
public final class TrademarkCubeTransforms {
  private TrademarkCubeTransforms() {}

  /** {@code county_code, indicator, breakdown, event_date, known_date, right_id} of each registration (right_id: reg_no). */
  public static Dataset<Row> flowFacts(Dataset<Row> trademarks) {
    return trademarks.filter(col("registration_date").isNotNull()).select(col("registrant_county_code").as("county_code"),
        lit("trademark_registrations").as("indicator"), col("mark_kind").as("breakdown"), col("registration_date").as("event_date"),
        col("registration_known_date").as("known_date"), col("reg_no").as("right_id"));
  }

  /** {@code county_code, indicator, breakdown, view, from_date, to_date, right_id} for the stocks. */
  public static Dataset<Row> stockSpans(Dataset<Row> versions, int lagDays) {
    Dataset<Row> v = versions.select(col("reg_no").as("right_id"), col("registrant_county_code").as("county_code"), col("mark_kind"), col("madrid_ir_no"),
        col("well_known_date"), col("valid_from"), col("valid_to"), col("known_from"), col("known_to"));
    Dataset<Row> valid = CubeStocks.versionSpans(v, col("valid_from"), col("valid_to"), lagDays)
        .select(col("county_code"), lit("valid_trademarks").as("indicator"), col("mark_kind").as("breakdown"), col("view"),
            col("from_date"), col("to_date"), col("right_id"));
    Dataset<Row> madrid = CubeStocks.versionSpans(v.filter(col("madrid_ir_no").isNotNull()), col("valid_from"), col("valid_to"),
            lagDays)
        .select(col("county_code"), lit("madrid_marks").as("indicator"), lit(null).cast("string").as("breakdown"), col("view"),
            col("from_date"), col("to_date"), col("right_id"));
    Dataset<Row> wellKnown = CubeStocks.versionSpans(v, col("well_known_date"), lit(null).cast("date"), lagDays)
        .select(col("county_code"), lit("well_known_marks").as("indicator"), lit(null).cast("string").as("breakdown"), col("view"),
            col("from_date"), col("to_date"), col("right_id"));
    return valid.unionByName(madrid).unionByName(wellKnown);
  }

  /** valid_trademarks_per_10k_entities: valid marks ÷ previous year-end market entities (万户), the release known at the date. */
  public static Dataset<Row> ratios(Dataset<Row> counts, Dataset<Row> stats, int lagDays, Dataset<Row> dimPeriods) {
    Dataset<Row> ends = dimPeriods.select(col("period_type").as("_pt"), col("period_year").as("_py"),
        col("period_number").as("_pn"), col("period_end"));
    Dataset<Row> base = counts.filter(col("indicator").equalTo("valid_trademarks").and(col("breakdown").equalTo("total")))
        .join(ends, col("period_type").equalTo(col("_pt")).and(col("period_year").equalTo(col("_py")))
            .and(col("period_number").equalTo(col("_pn"))))
        .drop("_pt", "_py", "_pn")
        .withColumn("known_at", when(col("view").equalTo("first_published"), functions.date_add(col("period_end"), lagDays)));
    Dataset<Row> withEntities = CubeRatios.withStatistic(base, stats, "market_entities", col("period_year").minus(1), "entities");
    return withEntities.filter(col("entities").isNotNull()).select(col("region_code"), col("region_level"),
        lit("valid_trademarks_per_10k_entities").as("indicator"), lit("total").as("breakdown"), col("view"), col("period_type"),
        col("period_year"), col("period_number"), col("boundary"), col("value").divide(col("entities")).as("value"),
        col("value").as("numerator"), col("entities").as("denominator"));
  }

  /**
   * {@code year}: the trademark cube's years that differ between the rows before and after a
   * change (the rows of {@code cleaned.trademarks} and {@code cleaned.trademark_versions} a change
   * removed and those it added; see {@link TouchedYears#touchedYears}): a registration fact's
   * year, a stock's years from the month its spans differ, and for {@code changedStats} a figure's
   * year and the next (the ratio takes the previous year-end's market entities).
   */
  public static Dataset<Row> touchedYears(Dataset<Row> trademarksBefore, Dataset<Row> trademarksAfter, Dataset<Row> versionsBefore,
      Dataset<Row> versionsAfter, Dataset<Row> changedStats, int lagDays, int lastYear) {
    return TouchedYears.touchedYears(flowFacts(trademarksBefore), flowFacts(trademarksAfter), stockSpans(versionsBefore, lagDays),
        stockSpans(versionsAfter, lagDays), TouchedYears.statisticYears(changedStats), lastYear);
  }
}
