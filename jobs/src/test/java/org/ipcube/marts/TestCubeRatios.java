package org.ipcube.marts;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ipcube.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

/** The statistics figure a ratio divides by ({@link CubeRatios}): the release known at the row's date. */
class TestCubeRatios extends SparkTestBase {
  @Test
  void aRatioTakesTheLatestReleasePublishedByItsDateAndFinalOverRevisedOnTheSameDay() {
    Dataset<Row> stats = frame("region_code string, year int, indicator string, release string, value double, publication_date date",
        row("330400", 2022, "population", "preliminary", 540.0, d("2023-03-01")),
        row("330400", 2022, "population", "final", 555.1, d("2023-09-01")),
        row("330400", 2022, "gdp", "final", 6739.5, d("2023-09-01")),
        row("330200", 2022, "population", "revised", 900.0, d("2023-09-01")),
        row("330200", 2022, "population", "final", 910.0, d("2023-09-01")));
    Dataset<Row> rows = frame("region_code string, period_year int, known_at date",
        row("330400", 2023, d("2023-01-15")), row("330400", 2023, d("2023-06-30")), row("330400", 2023, d("2023-12-31")),
        row("330400", 2023, null), row("330200", 2023, d("2023-12-31")));
    Dataset<Row> withPopulation = CubeRatios.withStatistic(rows, stats, "population",
        org.apache.spark.sql.functions.col("period_year").minus(1), "population");
    assertThat(lines(withPopulation, "region_code", "known_at", "population")).containsExactlyInAnyOrder(
        "330400|2023-01-15|null", "330400|2023-06-30|540", "330400|2023-12-31|555.1", "330400|null|555.1",
        "330200|2023-12-31|910");
  }
}
