package org.ipcube.cleaned.patents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ipcube.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

class TestPatentTransforms extends SparkTestBase {
  private static final String RAW = "delivery_date date, delivery_sequence int, source_file string, record_position int, "
      + "application_number string, application_date string, patent_type string, grant_date string, "
      + "publications array<struct<kind:string,date:string,number:string>>, sei_code string, overseas_family_granted string, "
      + "awards array<struct<year:string,name:string>>, "
      + "applicants array<struct<seq:string,name:string,type:string,uscc:string,address:string,province_code:string>>, "
      + "patentees array<struct<seq:string,name:string,type:string,uscc:string,address:string,province_code:string>>, "
      + "grant_number string, title string, main_ipc string, locarno string, service string, inventor_count string, "
      + "pct_international string, pct_entry_date string";

  private static Object[] rec(String delivery, int seq, int pos, String number, String filed, String type, String grant) {
    return row(LocalDate.parse(delivery), seq, "patent_biblio/" + delivery + "/part-00001.xml", pos, number, filed, type, grant,
        null, null, null, null,
        new Object[] {org.apache.spark.sql.RowFactory.create("1", "嘉兴某公司", "企业", null, "浙江省嘉兴市南湖区科技路1号", "33")},
        null, null, "标题", null, null, "职务", "2", null, null);
  }

  private static Object[] pct(int pos, String number, String filed, String address, String international, String entry) {
    return row(LocalDate.parse("2023-03-07"), 1, "patent_biblio/2023-03-07/part-00001.xml", pos, number, filed, "发明", null,
        null, null, null, null,
        new Object[] {org.apache.spark.sql.RowFactory.create("1", "某公司", "企业", null, address, null)},
        null, null, "标题", null, null, "职务", "2", international, entry);
  }

  @Test
  void parsesNumbersDatesAndTypesAndRejectsWhatCannotBeRepaired() {
    Dataset<Row> raw = frame(RAW,
        rec("2023-03-07", 1, 1, "CN202110000001.6", "2021.02.01", "发明", null),
        rec("2023-03-07", 1, 2, "202110000001.5", "2021-02-01", "发明", null),
        rec("2023-03-07", 1, 3, "202220000003.5", "20220801", "发明", "2023/1/10"),
        rec("2023-03-07", 1, 4, "202220000003.5", "2022-02-30", "实用新型", null));
    Dataset<Row> parsed = PatentTransforms.parseRecords(raw, "application-number");
    assertThat(lines(parsed, "record_position", "_num.normalized", "application_date_parsed", "grant_date_parsed",
        "patent_type_clean", "has_type_conflict", "reject_code")).containsExactly(
        "1|202110000001.6|2021-02-01|null|invention|false|null",
        "2|null|2021-02-01|null|invention|false|bad_application_number",
        "3|202220000003.5|2022-08-01|2023-01-10|utility_model|true|null",
        "4|202220000003.5|null|null|utility_model|false|bad_date");
    assertThat(lines(PatentTransforms.parseRecords(raw, "declared").filter("record_position = 3"), "patent_type_clean"))
        .containsExactly("invention");
    assertThat(lines(PatentTransforms.quarantine(parsed, "patent_biblio"), "reason_code", "reason")).containsExactly(
        "bad_application_number|wrong check character in '202110000001.5': 202110000001 needs 6, not 5 at patent_biblio/2023-03-07/part-00001.xml #2",
        "bad_date|ApplicationDate '2022-02-30' is missing or not a real date at patent_biblio/2023-03-07/part-00001.xml #4");
  }

  @Test
  void theLatestDeliveryWinsAndEveryFactKeepsWhenItWasFirstKnown() {
    Dataset<Row> raw = frame(RAW,
        rec("2023-03-07", 1, 1, "202110000001.6", "2021-02-01", "发明", null),
        rec("2023-09-05", 1, 7, "202110000001.6", "2021-02-01", "发明", "2023-09-01"),
        rec("2023-09-05", 1, 8, "202110000001.6", "2021-02-01", "发明", "2023-09-01"),
        rec("2023-06-06", 2, 3, "202110000001.6", "2021-02-01", "发明", null));
    Dataset<Row> current = PatentTransforms.currentRecords(PatentTransforms.parseRecords(raw, "application-number"));
    assertThat(lines(current, "application_number_clean", "delivery_date", "record_position", "application_known_date",
        "grant_known_date", "versions_delivered")).containsExactly("202110000001.6|2023-09-05|8|2023-03-07|2023-09-05|4");
  }

  @Test
  void toPatentsResolvesTheFirstApplicantsRegion() {
    Dataset<Row> raw = frame(RAW, rec("2023-03-07", 1, 1, "202110000001.6", "2021-02-01", "发明", "2023-03-01"));
    Dataset<Row> patents = PatentTransforms.toPatents(PatentTransforms.currentRecords(PatentTransforms.parseRecords(raw, "application-number")));
    assertThat(lines(patents, "application_number", "patent_type", "applicant_county_code_at_filing",
        "applicant_county_code_at_grant", "applicant_match_quality", "applicant_is_mainland"))
        .containsExactly("202110000001.6|invention|330402|330402|county|true");
  }

  @Test
  void aPctEntryKeepsItsNumberAndIsPlacedInTheDivisionValidOnItsEntryDate() {
    // Filed in 2020 at an address in 江干区 (330104, merged away in 2021); entered China's national
    // phase in 2022, when the address lies in 上城区. A malformed entry-date is marked, not guessed;
    // a type-1 number with a PCT element is a national-phase entry all the same.
    Dataset<Row> raw = frame(RAW,
        pct(1, "202080000001.X", "2020-06-01", "浙江省杭州市江干区钱江路1号", "pct/cn2020/000123 ", "2022.03.01"),
        pct(2, "202080000002.4", "2020-06-01", "浙江省嘉兴市南湖区科技路1号", "PCT/US2020/000456", "2022-02-30"),
        pct(3, "202110000001.6", "2021-02-01", "浙江省嘉兴市南湖区科技路1号", "PCT/CN2021/000789", "2023-01-05"),
        rec("2023-03-07", 1, 4, "202110000002.0", "2021-02-01", "发明", null));
    Dataset<Row> patents = PatentTransforms.toPatents(PatentTransforms.currentRecords(PatentTransforms.parseRecords(raw, "application-number")));
    assertThat(lines(patents.orderBy("application_number"), "application_number", "is_pct_national_phase", "pct_international_number",
        "pct_entry_date", "has_bad_pct_entry_date", "applicant_county_code_at_filing", "applicant_county_code_at_pct_entry", "pct_known_date"))
        .containsExactly(
            "202080000001.X|true|PCT/CN2020/000123|2022-03-01|false|330104|330102|2023-03-07",
            "202080000002.4|true|PCT/US2020/000456|null|true|330402|null|null",
            "202110000001.6|true|PCT/CN2021/000789|2023-01-05|false|330402|330402|2023-03-07",
            "202110000002.0|false|null|null|false|330402|null|null");
  }
}
