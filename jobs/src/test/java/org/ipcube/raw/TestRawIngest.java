package org.ipcube.raw;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ipcube.common.DeltaTables;
import org.ipcube.common.RunMode;
import org.ipcube.common.Settings;
import org.ipcube.landing.Feed;
import org.ipcube.testing.Landing;
import org.ipcube.testing.SparkTestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The raw layer on {@code deliveries/ingest_cases}: every way a delivery can go wrong, and a rerun. */
class TestRawIngest extends SparkTestBase {
  private static Settings settings;
  private static List<RawIngest.Result> first;

  @BeforeAll
  static void stageAndIngest() throws Exception {
    Path landing = Landing.stage("ingest_cases", tempDir("landing"));
    Path biblio = landing.resolve("patent_biblio");
    Files.writeString(biblio.resolve("2024-01-09/part-00001.xml"), "<!-- tampered -->", java.nio.file.StandardOpenOption.APPEND);
    Files.writeString(biblio.resolve("2024-01-16/part-00002.xml"), "<PatentDocuments/>");
    Files.delete(biblio.resolve("2024-01-23/_SUCCESS"));
    settings = settings(landing, tempDir("warehouse"));
    first = RawJobs.ingest(spark(), settings, List.of(Feed.patent_biblio, Feed.patent_legal),
        LocalDate.parse("2024-01-01"), LocalDate.parse("2024-01-31"), RunMode.CHANGES);
  }

  private static Dataset<Row> table(String name) {
    return spark().read().format("delta").load(settings.tablePath("raw", name));
  }

  @Test
  void eachDeliveryFolderIsLoggedWithWhatBecameOfIt() {
    assertThat(lines(table("deliveries").filter("feed = 'patent_biblio'"), "delivery_date", "status", "manifest_records",
        "loaded_records", "quarantined_records")).containsExactly(
        "2024-01-02|loaded|2|1|1",
        "2024-01-09|rejected|2|null|null",
        "2024-01-16|rejected|2|null|null",
        "2024-01-23|incomplete|0|null|null",
        "2024-01-30|loaded|7|5|2");
  }

  @Test
  void rejectionsNameTheFileAndTheCause() {
    List<String> messages = lines(table("deliveries").filter("status = 'rejected'"), "message");
    assertThat(messages.get(0)).contains("patent_biblio/2024-01-09/part-00001.xml: sha256 ").contains("does not match the manifest's");
    assertThat(messages.get(1)).endsWith("patent_biblio/2024-01-16/part-00002.xml is not in the manifest");
    assertThat(first.get(0).rejected()).hasSize(2);
  }

  @Test
  void malformedRecordsAreQuarantinedNotDropped() {
    List<String> q = lines(table("quarantined_records").filter("delivery_date = '2024-01-02'"), "feed", "stage", "reason_code",
        "source_file", "record_position");
    assertThat(q).containsExactly(
        "patent_biblio|raw|malformed_record|patent_biblio/2024-01-02/part-00001.xml|2",
        "patent_legal|raw|malformed_record|patent_legal/2024-01-02/part-00001.csv|2");
    assertThat(lines(table("patent_biblio_records").filter("delivery_date = '2024-01-02'"), "application_number", "source_file",
        "record_position", "delivery_sequence"))
        .containsExactly("202110000001.6|patent_biblio/2024-01-02/part-00001.xml|1|1");
    assertThat(lines(table("quarantined_records").filter("feed = 'patent_legal'"), "reason"))
        .containsExactly("malformed patent_legal record at patent_legal/2024-01-02/part-00001.csv #2: "
            + "2 fields where the SPEC's header has 5");
  }

  /** 2024-01-30: a misspelt end tag (3rd document) and bytes that are not UTF-8 (5th) in a file of seven. */
  @Test
  void aBrokenXmlDocumentIsQuarantinedAloneAndTheRestOfItsFileLoads() {
    assertThat(lines(table("patent_biblio_records").filter("delivery_date = '2024-01-30'"), "record_position", "application_number",
        "title")).containsExactly(
        "1|202310000001.X|一种数据同步方法",
        "2|202310000002.X|一种数据同步方法",
        "4|202310000004.X|一种数据同步方法",
        "6|202310000006.X|一种数据同步方法",
        "7|202310000007.X|一种数据同步方法");
    List<Row> q = table("quarantined_records").filter("delivery_date = '2024-01-30'").orderBy("record_position").collectAsList();
    assertThat(q).extracting(r -> r.getAs("record_position").toString()).containsExactly("3", "5");
    assertThat(q.get(0).<String>getAs("reason")).startsWith("malformed patent_biblio record at patent_biblio/2024-01-30/part-00001.xml #3: ")
        .endsWith("Unexpected close tag </Titel>; expected </Title>. (line 5, column 24 of the record)");
    assertThat(q.get(0).<String>getAs("record_text")).startsWith("<PatentDocument>").contains("202310000003.X")
        .endsWith("</PatentDocument>");
    assertThat(q.get(1).<String>getAs("reason")).endsWith("#5: bytes that are not valid UTF-8 at line 5");
    assertThat(first.get(0).problems()).isEmpty();
  }

  /**
   * The same dates again: a nightly leaves the loaded folders alone, so no raw table gets a new
   * version (the rejected and incomplete folders are looked at again, and stay as they were);
   * {@code --reload} parses everything again into the same rows.
   */
  @Test
  void rerunningTheSameDatesChangesNothing() {
    List<String> before = lines(table("patent_biblio_records"));
    List<String> deliveriesBefore = lines(table("deliveries"));
    List<String> quarantineBefore = lines(table("quarantined_records"));
    java.util.Map<String, Long> versions = new java.util.TreeMap<>();
    for (String t : List.of("patent_biblio_records", "patent_legal_events", "quarantined_records")) {
      versions.put(t, DeltaTables.version(spark(), settings.tablePath("raw", t)));
    }
    List<RawIngest.Result> again = RawJobs.ingest(spark(), settings, List.of(Feed.patent_biblio, Feed.patent_legal),
        LocalDate.parse("2024-01-01"), LocalDate.parse("2024-01-31"), RunMode.CHANGES);
    assertThat(again.get(0).alreadyLoaded()).as("patent_biblio dates left alone").isEqualTo(2);
    for (String t : versions.keySet()) {
      assertThat(DeltaTables.version(spark(), settings.tablePath("raw", t))).as(t).isEqualTo(versions.get(t));
    }
    assertThat(lines(table("deliveries"))).isEqualTo(deliveriesBefore);

    RawJobs.ingest(spark(), settings, List.of(Feed.patent_biblio, Feed.patent_legal),
        LocalDate.parse("2024-01-01"), LocalDate.parse("2024-01-31"), RunMode.REBUILD);
    assertThat(lines(table("patent_biblio_records"))).isEqualTo(before);
    assertThat(lines(table("deliveries"))).isEqualTo(deliveriesBefore);
    assertThat(lines(table("quarantined_records"))).isEqualTo(quarantineBefore);
  }
}
