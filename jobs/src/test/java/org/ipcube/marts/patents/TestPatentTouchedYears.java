package org.ipcube.marts.patents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ipcube.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

/** Which cube years a night's changed patent rows touch (the placement behind a year-scoped cube build). */
class TestPatentTouchedYears extends SparkTestBase {
  private static final String PATENTS = "application_number string, patent_type string, application_date date, "
      + "application_known_date date, applicant_county_code_at_filing string, grant_date date, grant_known_date date, "
      + "applicant_county_code_at_grant string, legal_status string, first_applicant_type string, service string, "
      + "is_pct_national_phase boolean, pct_entry_date date, pct_known_date date, applicant_county_code_at_pct_entry string";
  private static final String TRANSACTIONS = "application_number string, transaction_type string, patent_type string, "
      + "from_county_code string, to_county_code string, event_date date, known_date date";
  private static final String INTERVALS = "application_number string, view string, valid_from date, valid_to date, "
      + "patent_type string, county_code string, hv_sei_from date, hv_overseas_from date, hv_maintained_from date, hv_award_from date, "
      + "first_applicant_type string, service string";

  private static Dataset<Row> none(String ddl) {
    return frame(ddl);
  }

  private static Object[] patent(String status, LocalDate grant) {
    return row("2020100000001", "invention", d("2020-03-02"), d("2021-09-07"), "330402", grant, grant, "330402", status, "企业", "职务", false, null, null, null);
  }

  private static Object[] interval(LocalDate to) {
    return row("2020100000001", "latest", d("2021-05-11"), to, "invention", "330402", null, null, null, null, "企业", "职务");
  }

  private static java.util.List<String> years(Dataset<Row> patentsBefore, Dataset<Row> patentsAfter, Dataset<Row> intervalsBefore,
      Dataset<Row> intervalsAfter) {
    return lines(PatentCubeTransforms.touchedYears(patentsBefore, patentsAfter, none(TRANSACTIONS), none(TRANSACTIONS),
        intervalsBefore, intervalsAfter, none("application_number string, hv_pledge_from date"),
        none("application_number string, hv_pledge_from date"), none("year int"), 2023), "year");
  }

  @Test
  void aLapseTouchesTheYearsFromItsMonthOnNotTheYearsOfItsApplicationOrGrant() {
    // Granted 2021-05-11, in force since; lapsed 2023-10-08: its patent row changes (status), its
    // facts (application 2020, grant 2021) do not, and its stock differs from October 2023 on.
    assertThat(years(frame(PATENTS, patent("valid", d("2021-05-11"))), frame(PATENTS, patent("lapsed", d("2021-05-11"))),
        frame(INTERVALS, interval(d("9999-12-31"))), frame(INTERVALS, interval(d("2023-10-08"))))).containsExactly("2023");
  }

  @Test
  void aNewGrantTouchesItsGrantYearAndItsStockFromThen() {
    Object[] granted = row("2020100000001", "latest", d("2022-08-16"), d("9999-12-31"), "invention", "330402", null, null, null, null,
        "企业", "职务");
    assertThat(years(frame(PATENTS, patent("pending", null)), frame(PATENTS, patent("valid", d("2022-08-16"))),
        none(INTERVALS), frame(INTERVALS, granted))).containsExactly("2022", "2023");
  }

  @Test
  void aPopulationFigureTouchesItsYearAndTheNext() {
    assertThat(lines(PatentCubeTransforms.touchedYears(none(PATENTS), none(PATENTS), none(TRANSACTIONS), none(TRANSACTIONS),
        none(INTERVALS), none(INTERVALS), none("application_number string, hv_pledge_from date"),
        none("application_number string, hv_pledge_from date"), frame("year int", row(2021)), 2023), "year"))
        .containsExactly("2021", "2022");
  }

  @Test
  void aPctEntryIsAFlowOfItsEntryDateAtTheAddressValidThen() {
    // Filed 2021 (application), entered the national phase 2022-11-20 (entry), first delivered 2023:
    // both facts, each in its own year and place; a design with a stray PCT element is not an entry.
    Object[] entry = row("2021800000001", "invention", d("2021-03-02"), d("2023-01-10"), "330104", null, null, null, "pending",
        "企业", "职务", true, d("2022-11-20"), d("2023-01-10"), "330102");
    Object[] design = row("2021300000001", "design", d("2021-03-02"), d("2023-01-10"), "330402", null, null, null, "pending",
        "个人", "非职务", true, d("2022-11-20"), d("2023-01-10"), "330402");
    Dataset<Row> facts = PatentCubeTransforms.flowFacts(frame(PATENTS, entry, design), none(TRANSACTIONS))
        .filter("indicator = 'pct_national_phase_entries'");
    assertThat(lines(facts, "county_code", "indicator", "breakdown", "event_date", "known_date", "right_id"))
        .containsExactly("330102|pct_national_phase_entries|invention|2022-11-20|2023-01-10|2021800000001");
    assertThat(years(none(PATENTS), frame(PATENTS, entry), none(INTERVALS), none(INTERVALS))).containsExactlyInAnyOrder("2021", "2022");
  }
}
