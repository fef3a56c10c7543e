package org.ipcube.marts;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ipcube.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

/** Stocks at period ends ({@link CubeStocks}) and their placement in the division valid then. */
class TestCubeStocks extends SparkTestBase {
  @Test
  void stocksCountSpansCoveringEachMonthEnd() {
    Dataset<Row> spans = frame("county_code string, indicator string, breakdown string, view string, from_date date, to_date date",
        row("330402", "valid_patents", "invention", "latest", d("2023-01-15"), d("2023-03-31")),
        row("330402", "valid_patents", "invention", "latest", d("2023-02-01"), d("2023-04-01")),
        row("330402", "valid_patents", "design", "latest", d("2023-05-10"), d("2023-05-20")));
    Dataset<Row> stocks = CubeStocks.stocksByPeriod(spans, d("2023-01-01"), d("2023-12-31"))
        .filter("breakdown = 'invention' AND period_type IN ('month', 'quarter')");
    assertThat(lines(stocks, "period_type", "period_number", "value"))
        .containsExactly("month|1|1", "month|2|2", "month|3|1", "quarter|1|1");
    assertThat(CubeStocks.stocksByPeriod(spans, d("2023-01-01"), d("2023-12-31")).filter("breakdown = 'design'").count()).isZero();
  }

  @Test
  void aStockIsPlacedInTheDivisionValidAtThePeriodEndNotInAnAbolishedOne() {
    // 江干区 (330104) is gone from 2021; its area is held by 上城区 (330102) from then on.
    Dataset<Row> successions = frame("code string, from_date date, to_date date, held_by string",
        row("330104", d("1900-01-01"), d("2021-01-01"), "330104"),
        row("330104", d("2021-01-01"), d("9999-12-31"), "330102"));
    Dataset<Row> spans = frame("county_code string, indicator string, breakdown string, view string, from_date date, to_date date",
        row("330104", "valid_patents", "invention", "latest", d("2019-06-01"), d("2039-06-01")),
        row("330104", "valid_patents", "design", "latest", d("2019-06-01"), d("2020-03-01")),
        row("330402", "valid_patents", "invention", "latest", d("2019-06-01"), d("2039-06-01")));
    Dataset<Row> placed = CubeStocks.placedAtPeriodEnd(spans, successions);
    assertThat(lines(placed, "county_code", "breakdown", "from_date", "to_date")).containsExactly(
        "330102|invention|2021-01-01|2039-06-01", "330104|design|2019-06-01|2020-03-01",
        "330104|invention|2019-06-01|2021-01-01", "330402|invention|2019-06-01|2039-06-01");
    Dataset<Row> yearEnds = CubeStocks.stocksByPeriod(placed, d("2020-01-01"), d("2023-12-31"))
        .filter("breakdown = 'invention' AND period_type = 'year'");
    assertThat(lines(yearEnds, "county_code", "period_year", "value")).containsExactly(
        "330102|2021|1", "330102|2022|1", "330102|2023|1", "330104|2020|1",
        "330402|2020|1", "330402|2021|1", "330402|2022|1", "330402|2023|1");
  }
}
