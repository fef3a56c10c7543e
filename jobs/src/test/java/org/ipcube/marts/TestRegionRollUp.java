package org.ipcube.marts;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ipcube.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

/** Both boundaries and the roll-up to city, province and nation ({@link RegionRollUp}). */
class TestRegionRollUp extends SparkTestBase {
  @Test
  void rollUpAddsCountiesAndUnknownsIntoCitiesProvincesAndTheMainlandNation() {
    Dataset<Row> base = frame("county_code string, indicator string, breakdown string, view string, period_type string, "
            + "period_year int, period_number int, value double, boundary string",
        row("330402", "patent_grants", "total", "latest", "year", 2023, 0, 3.0, "as_is"),
        row("330499", "patent_grants", "total", "latest", "year", 2023, 0, 1.0, "as_is"),
        row("339999", "patent_grants", "total", "latest", "year", 2023, 0, 2.0, "as_is"),
        row("810000", "patent_grants", "total", "latest", "year", 2023, 0, 5.0, "as_is"));
    assertThat(lines(RegionRollUp.rollUp(base), "region_level", "region_code", "value")).containsExactly(
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
    assertThat(lines(RegionRollUp.withBoundaries(base, dims), "boundary", "county_code", "value"))
        .containsExactly("as_is|330102|3", "as_was|330102|1", "as_was|330104|2");
  }
}
