package org.ipcube.marts.trademarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ipcube.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

/** Which trademark cube years a night's changed trademark rows touch (the placement behind a year-scoped cube build). */
class TestTrademarkTouchedYears extends SparkTestBase {
  private static final String MARKS = "reg_no string, registrant_county_code string, mark_kind string, registration_date date, "
      + "registration_known_date date";
  private static final String VERSIONS = "reg_no string, registrant_county_code string, mark_kind string, madrid_ir_no string, "
      + "well_known_date date, valid_from date, valid_to date, known_from date, known_to date";
  private static final int LAG_DAYS = 10;

  private static java.util.List<String> years(Dataset<Row> marksBefore, Dataset<Row> marksAfter, Dataset<Row> versionsBefore,
      Dataset<Row> versionsAfter, Dataset<Row> changedStats) {
    return lines(TrademarkCubeTransforms.touchedYears(marksBefore, marksAfter, versionsBefore, versionsAfter, changedStats, LAG_DAYS, 2023),
        "year");
  }

  private static Object[] registered() {
    return row("12345678", "330402", "goods", d("2019-05-01"), d("2019-05-20"));
  }

  @Test
  void aLapseTouchesTheYearsFromItsMonthOnNotTheYearOfItsRegistration() {
    // Registered 2019-05-01 and in force until it lapsed on 2023-10-08, known 2023-10-20: the
    // night re-derives the mark (all its rows out, all in); its registration fact is the same.
    Object[] inForce = row("12345678", "330402", "goods", null, null, d("2019-05-01"), null, d("2019-05-20"), null);
    Object[] inForceUntilKnownLapsed = row("12345678", "330402", "goods", null, null, d("2019-05-01"), null, d("2019-05-20"), d("2023-10-20"));
    Object[] lapsed = row("12345678", "330402", "goods", null, null, d("2019-05-01"), d("2023-10-08"), d("2023-10-20"), null);
    assertThat(years(frame(MARKS, registered()), frame(MARKS, registered()), frame(VERSIONS, inForce),
        frame(VERSIONS, inForceUntilKnownLapsed, lapsed), frame("year int"))).containsExactly("2023");
  }

  @Test
  void aRegistrationDeliveredLateTouchesItsYearAndItsStockFromThen() {
    Object[] mark = row("22345678", "330402", "services", d("2021-06-15"), d("2023-02-01"));
    Object[] version = row("22345678", "330402", "services", null, null, d("2021-06-15"), null, d("2023-02-01"), null);
    assertThat(years(frame(MARKS), frame(MARKS, mark), frame(VERSIONS), frame(VERSIONS, version), frame("year int")))
        .containsExactly("2021", "2022", "2023");
  }

  @Test
  void aMarketEntitiesFigureTouchesItsYearAndTheNext() {
    assertThat(years(frame(MARKS), frame(MARKS), frame(VERSIONS), frame(VERSIONS), frame("year int", row(2021))))
        .containsExactly("2021", "2022");
  }
}
