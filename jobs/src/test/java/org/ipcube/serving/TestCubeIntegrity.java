package org.ipcube.serving;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ipcube.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

class TestCubeIntegrity extends SparkTestBase {
  private static final String CUBE = "region_id INT, region_code STRING, region_level STRING, period_id INT, period_type STRING, "
      + "period_year INT, indicator STRING, breakdown STRING";

  @Test
  void everyMemberTheCubeRefersToAndADimensionLacksIsNamedWithItsRows() {
    Dataset<Row> cube = frame(CUBE,
        row(3304002, "330400", "city", 20230000, "year", 2023, "patent_grants", "total"),
        row(3304002, "330400", "city", 20230000, "year", 2023, "patent_grants", "invention"),
        row(9000003, "900000", "county", 20230000, "year", 2023, "valid_trademarks", "total"),
        row(9000003, "900000", "county", 20220000, "year", 2022, "patent_grants", "total"),
        row(3304002, "330400", "city", 20230212, "month", 2023, "patent_grants", "total"));
    Dataset<Row> regions = frame("region_id INT", row(3304002));
    Dataset<Row> periods = frame("period_id INT", row(20230000), row(20220000));
    Dataset<Row> indicators = frame("indicator STRING, breakdown STRING", row("patent_grants", "total"));

    assertThat(lines(CubeIntegrity.missingMembers(cube, regions, periods, indicators))).containsExactly(
        "dim_indicators|patent_grants invention|1",
        "dim_indicators|valid_trademarks total|1",
        "dim_periods|20230212 month 2023|1",
        "dim_regions|9000003 900000 county|2");
  }

  @Test
  void aCubeWhoseMembersAllExistHasNothingMissing() {
    Dataset<Row> cube = frame(CUBE, row(3304002, "330400", "city", 20230000, "year", 2023, "patent_grants", "total"));
    assertThat(CubeIntegrity.missingMembers(cube, frame("region_id INT", row(3304002)), frame("period_id INT", row(20230000)),
        frame("indicator STRING, breakdown STRING", row("patent_grants", "total"))).isEmpty()).isTrue();
  }
}
