package org.ipcube.marts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ipcube.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

class TestCubeTransforms extends SparkTestBase {
  private static LocalDate d(String s) {
    return LocalDate.parse(s);
  }

  @Test
  void flowsCountByEveryPeriodAndFirstPublishedOnlyWhatWasDeliveredByPeriodEndPlusLag() {
    Dataset<Row> facts = frame("county_code string, indicator string, breakdown string, event_date date, known_date date",
        row("330402", "patent_grants", "invention", d("2023-02-14"), d("2023-02-21")),
        row("330402", "patent_grants", "invention", d("2023-03-28"), d("2023-05-09")));
    Dataset<Row> flows = CubeTransforms.flowsByPeriod(facts, 30, 2023, 2023)
        .filter("breakdown = 'invention' AND period_type IN ('month', 'quarter', 'year') AND value > 0");
    assertThat(lines(flows, "period_type", "period_number", "view", "value")).containsExactly(
        "month|2|first_published|1", "month|2|latest|1",
        "month|3|latest|1",
        "quarter|1|first_published|1", "quarter|1|latest|2",
        "year|0|first_published|2", "year|0|latest|2");
    Dataset<Row> ytd = CubeTransforms.flowsByPeriod(facts, 30, 2023, 2023)
        .filter("breakdown = 'total' AND period_type = 'ytd' AND period_number IN (2, 3, 4, 12) AND view = 'first_published'");
    assertThat(lines(ytd, "period_number", "value")).containsExactly("12|2", "2|1", "3|1", "4|2");
  }

  @Test
  void stocksCountSpansCoveringEachMonthEnd() {
    Dataset<Row> spans = frame("county_code string, indicator string, breakdown string, view string, from_date date, to_date date",
        row("330402", "valid_patents", "invention", "latest", d("2023-01-15"), d("2023-03-31")),
        row("330402", "valid_patents", "invention", "latest", d("2023-02-01"), d("2023-04-01")),
        row("330402", "valid_patents", "design", "latest", d("2023-05-10"), d("2023-05-20")));
    Dataset<Row> stocks = CubeTransforms.stocksByPeriod(spans, d("2023-01-01"), d("2023-12-31"))
        .filter("breakdown = 'invention' AND period_type IN ('month', 'quarter')");
    assertThat(lines(stocks, "period_type", "period_number", "value"))
        .containsExactly("month|1|1", "month|2|2", "month|3|1", "quarter|1|1");
    assertThat(CubeTransforms.stocksByPeriod(spans, d("2023-01-01"), d("2023-12-31")).filter("breakdown = 'design'").count()).isZero();
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
    Dataset<Row> placed = CubeTransforms.placedAtPeriodEnd(spans, successions);
    assertThat(lines(placed, "county_code", "breakdown", "from_date", "to_date")).containsExactly(
        "330102|invention|2021-01-01|2039-06-01", "330104|design|2019-06-01|2020-03-01",
        "330104|invention|2019-06-01|2021-01-01", "330402|invention|2019-06-01|2039-06-01");
    Dataset<Row> yearEnds = CubeTransforms.stocksByPeriod(placed, d("2020-01-01"), d("2023-12-31"))
        .filter("breakdown = 'invention' AND period_type = 'year'");
    assertThat(lines(yearEnds, "county_code", "period_year", "value")).containsExactly(
        "330102|2021|1", "330102|2022|1", "330102|2023|1", "330104|2020|1",
        "330402|2020|1", "330402|2021|1", "330402|2022|1", "330402|2023|1");
  }

  @Test
  void deriveRanksSiblingsAndPeerCitiesSharesTheParentAndComparesWithThePreviousYear() {
    // 杭州 (provincial capital, sub-provincial), 宁波 (sub-provincial, separately planned) and
    // 嘉兴, with their province, in 2022 and 2023.
    String ddl = "region_code string, region_level string, boundary string, view string, indicator string, breakdown string, "
        + "period_type string, period_year int, period_number int, value double, numerator double, denominator double";
    Dataset<Row> values = frame(ddl,
        row("330100", "city", "as_is", "latest", "patent_grants", "total", "year", 2023, 0, 50.0, null, null),
        row("330200", "city", "as_is", "latest", "patent_grants", "total", "year", 2023, 0, 30.0, null, null),
        row("330400", "city", "as_is", "latest", "patent_grants", "total", "year", 2023, 0, 20.0, null, null),
        row("330000", "province", "as_is", "latest", "patent_grants", "total", "year", 2023, 0, 100.0, null, null),
        row("330100", "city", "as_is", "latest", "patent_grants", "total", "year", 2022, 0, 40.0, null, null),
        row("330200", "city", "as_is", "latest", "patent_grants", "total", "year", 2022, 0, 30.0, null, null),
        row("330400", "city", "as_is", "latest", "patent_grants", "total", "year", 2022, 0, 25.0, null, null),
        row("330000", "province", "as_is", "latest", "patent_grants", "total", "year", 2022, 0, 95.0, null, null));
    Dataset<Row> dimRegions = frame("region_code string, region_level string, region_id int, is_provincial_capital boolean, "
            + "is_sub_provincial_city boolean, is_separately_planned_city boolean",
        row("330000", "province", 1, false, false, false), row("330100", "city", 2, true, true, false),
        row("330200", "city", 3, false, true, true), row("330400", "city", 4, false, false, false));
    Dataset<Row> dimPeriods = frame("period_type string, period_year int, period_number int, period_id int, period_end date",
        row("year", 2022, 0, 2022, d("2022-12-31")), row("year", 2023, 0, 2023, d("2023-12-31")));
    Dataset<Row> cube = CubeTransforms.derive(values, dimRegions, dimPeriods, d("2024-02-27"), 0,
            org.ipcube.common.IndicatorCatalogue.shipped(), "patent")
        .filter("period_year = 2023");
    assertThat(lines(cube, "region_code", "region_id", "period_id", "sibling_rank", "sibling_count", "parent_value",
        "share_of_parent_pct", "yoy_growth_pct", "provincial_capital_rank", "sub_provincial_rank", "separately_planned_rank"))
        .containsExactly(
            "330000|1|2023|1|1|100|100|5.2632|null|null|null",
            "330100|2|2023|1|3|100|50|25|1|1|null",
            "330200|3|2023|2|3|100|30|0|null|2|1",
            "330400|4|2023|3|3|100|20|-20|null|null|null");
  }

  @Test
  void rollUpAddsCountiesAndUnknownsIntoCitiesProvincesAndTheMainlandNation() {
    Dataset<Row> base = frame("county_code string, indicator string, breakdown string, view string, period_type string, "
            + "period_year int, period_number int, value double, boundary string",
        row("330402", "patent_grants", "total", "latest", "year", 2023, 0, 3.0, "as_is"),
        row("330499", "patent_grants", "total", "latest", "year", 2023, 0, 1.0, "as_is"),
        row("339999", "patent_grants", "total", "latest", "year", 2023, 0, 2.0, "as_is"),
        row("810000", "patent_grants", "total", "latest", "year", 2023, 0, 5.0, "as_is"));
    assertThat(lines(CubeTransforms.rollUp(base), "region_level", "region_code", "value")).containsExactly(
        "city|330400|4", "city|339900|2", "city|810000|5",
        "county|330402|3", "county|330499|1", "county|339999|2", "county|810000|5",
        "nation|000000|6", "province|330000|6", "province|810000|5");
  }

  @Test
  void asIsRestatesAbolishedCountiesToTheirSuccessor() {
    Dataset<Row> base = frame("county_code string, indicator string, breakdown string, view string, period_type string, "
            + "period_year int, period_number int, value double",
        row("330104", "valid_patents", "total", "latest", "year", 2020, 0, 2.0),
        row("330102", "valid_patents", "total", "latest", "year", 2020, 0, 1.0));
    Dataset<Row> dims = frame("region_code string, region_level string, current_code string",
        row("330104", "county", "330102"), row("330102", "county", "330102"));
    assertThat(lines(CubeTransforms.withBoundaries(base, dims), "boundary", "county_code", "value"))
        .containsExactly("as_is|330102|3", "as_was|330102|1", "as_was|330104|2");
  }
}
