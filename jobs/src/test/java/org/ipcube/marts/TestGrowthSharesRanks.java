package org.ipcube.marts;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ipcube.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

/** Growth, shares and ranks ({@link GrowthSharesRanks}) on hand-made rows of 浙江 and three of its cities. */
class TestGrowthSharesRanks extends SparkTestBase {
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
    Dataset<Row> cube = GrowthSharesRanks.derive(values, dimRegions, dimPeriods, d("2024-02-27"), 0,
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
}
