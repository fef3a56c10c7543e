package org.ipcube.cleaned.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.ipcube.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

/** The latest record_updated_at wins, whatever order the deliveries came in; each version knows when it was known. */
class TestCdcVersions extends SparkTestBase {
  private static final StructType LINES = (StructType) DataType.fromDDL(
      "id string, updated_at timestamp, state string, delivery_date date, delivery_sequence int, source_file string, record_position int");

  private static Row line(String id, String updated, String state, String delivery, int position) {
    return RowFactory.create(id, Timestamp.valueOf(updated), state, LocalDate.parse(delivery), 1, "f-" + delivery, position);
  }

  @Test
  void anOlderStateDeliveredLaterIsFoldedAndTheSameDaysLastWinnerIsTheVersion() {
    Dataset<Row> lines = spark().createDataFrame(List.of(
        line("A", "2023-01-01 10:00:00", "registered", "2023-01-03", 1),
        line("A", "2023-02-01 10:00:00", "renewed", "2023-02-07", 1),
        line("A", "2023-01-15 10:00:00", "stale", "2023-03-07", 1),   // older than what is known: must not win
        line("A", "2023-03-01 10:00:00", "changed", "2023-03-07", 2),
        line("A", "2023-03-02 10:00:00", "cancelled", "2023-03-07", 3), // same delivery: only the last winner is known
        line("B", "2023-01-01 10:00:00", "registered", "2023-01-03", 2)), LINES);
    assertThat(lines(CdcVersions.versions(lines, "id"), "id", "version_number", "state", "known_from", "known_to", "lines_folded"))
        .containsExactly(
            "A|1|registered|2023-01-03|2023-02-07|2",
            "A|2|renewed|2023-02-07|2023-03-07|2",
            "A|3|cancelled|2023-03-07|null|2",
            "B|1|registered|2023-01-03|null|0");
  }
}
