package org.ipcube.cleaned.patents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ipcube.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

class TestLegalEventTransforms extends SparkTestBase {
  private static final String RAW = "delivery_date date, delivery_sequence int, source_file string, record_position int, "
      + "application_number string, event_code string, event_date string, effective_date string, detail string";

  private static Object[] ev(String delivery, int pos, String number, String code, String date, String effective, String detail) {
    return row(LocalDate.parse(delivery), 1, "patent_legal/" + delivery + "/part-00001.csv", pos, number, code, date, effective, detail);
  }

  @Test
  void anEventDeliveredTwiceIsOneEventKnownFromItsFirstDelivery() {
    Dataset<Row> raw = frame(RAW,
        ev("2024-02-20", 1, "202010000002.6", "CF01", "2024-02-20", "2023-08-06", null),
        ev("2024-02-27", 4, "CN2020100000026", "CF01", "20240220", "2023-08-06", null),
        ev("2024-02-20", 2, "202010000002.6", "XX99", "2024-02-20", "", null),
        ev("2024-02-20", 3, "202010000002.6", "TR01", "2024-02-20", "", "{}"),
        ev("2024-02-20", 5, "202010000002.6", "EE01", "2024-02-20", "", "{\"licensee\":\"某公司\",\"contract_no\":\"X1\"}"));
    Dataset<Row> parsed = LegalEventTransforms.parseRecords(raw);
    assertThat(lines(LegalEventTransforms.quarantine(parsed), "record_position", "reason_code")).containsExactly(
        "2|unknown_event_code", "3|bad_detail");
    Dataset<Row> events = LegalEventTransforms.toEvents(LegalEventTransforms.deduplicate(parsed.filter("reject_code IS NULL")));
    assertThat(lines(events, "application_number", "event_code", "event_date", "effective_date", "known_date",
        "copies_delivered", "licensee")).containsExactly(
        "202010000002.6|CF01|2024-02-20|2023-08-06|2024-02-20|2|null",
        "202010000002.6|EE01|2024-02-20|2024-02-20|2024-02-20|1|某公司");
  }

  @Test
  void orphansAreMarkedNotDropped() {
    Dataset<Row> events = frame("application_number string, event_code string", row("202310999999.4", "PB01"), row("202110000001.6", "GR01"));
    Dataset<Row> patents = frame("application_number string", row("202110000001.6"));
    assertThat(lines(LegalEventTransforms.markOrphans(events, patents), "application_number", "is_orphan"))
        .containsExactly("202110000001.6|false", "202310999999.4|true");
  }
}
