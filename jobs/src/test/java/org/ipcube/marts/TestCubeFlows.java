package org.ipcube.marts;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ipcube.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

/** Flows by period and view ({@link CubeFlows}), additive and distinct, on hand-made facts. */
class TestCubeFlows extends SparkTestBase {
  @Test
  void flowsCountByEveryPeriodAndFirstPublishedOnlyWhatWasDeliveredByPeriodEndPlusLag() {
    Dataset<Row> facts = frame("county_code string, indicator string, breakdown string, event_date date, known_date date",
        row("330402", "patent_grants", "invention", d("2023-02-14"), d("2023-02-21")),
        row("330402", "patent_grants", "invention", d("2023-03-28"), d("2023-05-09")));
    Dataset<Row> flows = CubeFlows.flowsByPeriod(facts, 30, 2023, 2023)
        .filter("breakdown = 'invention' AND period_type IN ('month', 'quarter', 'year') AND value > 0");
    assertThat(lines(flows, "period_type", "period_number", "view", "value")).containsExactly(
        "month|2|first_published|1", "month|2|latest|1",
        "month|3|latest|1",
        "quarter|1|first_published|1", "quarter|1|latest|2",
        "year|0|first_published|2", "year|0|latest|2");
    Dataset<Row> ytd = CubeFlows.flowsByPeriod(facts, 30, 2023, 2023)
        .filter("breakdown = 'total' AND period_type = 'ytd' AND period_number IN (2, 3, 4, 12) AND view = 'first_published'");
    assertThat(lines(ytd, "period_number", "value")).containsExactly("12|2", "2|1", "3|1", "4|2");
  }

  @Test
  void aDistinctCountCountsAnEnterpriseOnceInTheCityItsTwoCountiesShare() {
    // 甲公司 contracts in 南湖区 (330402) in March and in 秀洲区 (330411) in May; 乙公司 in 南湖区 in
    // May, delivered only at the end of August (first published from July, with a 30-day lag).
    Dataset<Row> facts = frame("county_code string, indicator string, breakdown string, member string, event_date date, known_date date",
        row("330402", "pledge_enterprises", null, "甲公司", d("2023-03-10"), d("2023-03-15")),
        row("330411", "pledge_enterprises", null, "甲公司", d("2023-05-10"), d("2023-05-12")),
        row("330402", "pledge_enterprises", null, "乙公司", d("2023-05-20"), d("2023-08-30")));
    Dataset<Row> dimRegions = frame("region_code string, region_level string, current_code string",
        row("330402", "county", "330402"), row("330411", "county", "330411"));
    Dataset<Row> flows = CubeFlows.distinctFlowsByPeriod(facts, dimRegions, 30, 2023, 2023)
        .filter("boundary = 'as_was' AND region_level IN ('county', 'city') AND period_type IN ('quarter', 'year')");
    assertThat(lines(flows, "region_code", "breakdown", "period_type", "period_number", "view", "value")).containsExactlyInAnyOrder(
        "330400|total|quarter|1|first_published|1", "330400|total|quarter|1|latest|1",
        "330400|total|quarter|2|first_published|1", "330400|total|quarter|2|latest|2",
        "330400|total|year|0|first_published|2", "330400|total|year|0|latest|2",
        "330402|total|quarter|1|first_published|1", "330402|total|quarter|1|latest|1",
        "330402|total|quarter|2|first_published|0", "330402|total|quarter|2|latest|1",
        "330402|total|year|0|first_published|2", "330402|total|year|0|latest|2",
        "330411|total|quarter|2|first_published|1", "330411|total|quarter|2|latest|1",
        "330411|total|year|0|first_published|1", "330411|total|year|0|latest|1");
  }
}
