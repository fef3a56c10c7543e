package org.ipcube.e2e;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ipcube.cli.Pipeline;
import org.ipcube.common.RunMode;
import org.ipcube.common.Settings;
import org.ipcube.common.Table;
import org.ipcube.testing.Landing;
import org.ipcube.testing.SparkTestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kind of dirt the feed SPEC lists (§2 patent_biblio, §4 trademark, §5 pledge), each in a
 * hand-made record of {@code deliveries/spec_dirt} whose title, reg_no or contract number names
 * it (its README lists them), loaded through the real ingest and cleaned stages: each ends in a
 * repair (recorded where the table has a place for it) or a quarantine row with the reason.
 */
class TestSpecDirt extends SparkTestBase {
  private static Settings settings;
  private static final LocalDate NIGHT = LocalDate.parse("2023-11-07");

  @BeforeAll
  static void loadTheDirt() {
    settings = settings(Landing.stage("spec_dirt", tempDir("landing-dirt")), tempDir("warehouse-dirt"));
    Pipeline.ingestAndClean(spark(), settings, NIGHT, NIGHT, RunMode.REBUILD);
  }

  private static Dataset<Row> table(String layer, String name) {
    return spark().read().format("delta").load(settings.tablePath(layer, name));
  }

  private static Row patent(String number) {
    List<Row> rows = table("cleaned", "patents").filter(col("application_number").equalTo(number)).collectAsList();
    assertThat(rows).as("cleaned.patents %s", number).hasSize(1);
    return rows.get(0);
  }

  /**
   * stage|reason_code of the records set aside whose record text holds {@code needle}: stage raw
   * from {@code raw.quarantined_records} (not parseable), cleaned from {@code cleaned.rejected_records}.
   */
  private static List<String> quarantined(String feed, String needle) {
    return lines(setAside().filter(col("feed").equalTo(feed).and(col("record_text").contains(needle))), "stage", "reason_code");
  }

  private static Dataset<Row> setAside() {
    return table("raw", "quarantined_records").select("feed", "stage", "reason_code", "reason", "record_text")
        .unionByName(table("cleaned", "rejected_records").select(col("feed"), org.apache.spark.sql.functions.lit("cleaned").as("stage"),
            col("reason_code"), col("reason"), col("record_text")));
  }

  @Test
  void applicationNumbersWithPrefixesLowerCaseXNoDotOrFullWidthDigitsAreRepairedAndTheRepairRecorded() {
    for (String n : new String[] {"202310900001.0", "202310900002.5", "202310900003.X", "202310900004.4", "202310900005.9"}) {
      assertThat(patent(n).<scala.collection.Seq<String>>getAs("number_repairs").isEmpty()).as("repairs of %s", n).isFalse();
    }
  }

  @Test
  void aWrongCheckCharacterIsQuarantinedWithTheReason() {
    assertThat(table("cleaned", "patents").filter(col("application_number").startsWith("202310900006")).count()).isZero();
    assertThat(lines(setAside().filter(col("record_text").startsWith("202310900006.4")), "stage", "reason_code",
        "reason")).containsExactly("cleaned|bad_application_number|wrong check character in '202310900006.4': 202310900006 needs 3,"
            + " not 4 at patent_biblio/2023-11-07/part-00001.xml #6");
  }

  @Test
  void aPatentTypeThatDisagreesWithTheTypeDigitIsFlaggedAndTheDigitWins() {
    Row p = patent("202310900007.8");
    assertThat(p.<Boolean>getAs("has_type_conflict")).isTrue();
    assertThat(p.<String>getAs("patent_type")).as("ipcube.patents.type-source = application-number").isEqualTo("invention");
  }

  @Test
  void datesWithDotsWithoutSeparatorsOrWithSlashesAreRead() {
    for (String n : new String[] {"202310900008.2", "202310900009.7", "202310900010.X"}) {
      assertThat(patent(n).<Object>getAs("application_date").toString()).as(n).isEqualTo("2023-05-18");
    }
  }

  @Test
  void anImpossibleDateIsQuarantinedWithTheReason() {
    assertThat(table("cleaned", "patents").filter(col("application_number").equalTo("202310900011.4")).count()).isZero();
    assertThat(quarantined("patent_biblio", "202310900011.4")).containsExactly("cleaned|bad_date");
  }

  @Test
  void addressesWithAPostcodeFullWidthCharactersADevelopmentZoneAnAbolishedCountyOrNoProvinceAreResolved() {
    assertThat(patent("202310900012.9").<String>getAs("applicant_county_code_at_filing")).as("postcode").isEqualTo("330402");
    assertThat(patent("202310900013.3").<String>getAs("applicant_county_code_at_filing")).as("full width").isEqualTo("330481");
    assertThat(patent("202310900014.8").<String>getAs("applicant_county_code_at_filing")).as("杭州高新区").isEqualTo("330108");
    assertThat(patent("202310900015.2").<String>getAs("applicant_county_code_at_filing")).as("江干区 in 2023").isEqualTo("330102");
    assertThat(patent("202310900016.7").<String>getAs("applicant_county_code_at_filing")).as("no province").isEqualTo("330411");
  }

  @Test
  void aForeignAddressIsKeptAsForeignNotDropped() {
    Row p = patent("202320900001.6");
    assertThat(p.<String>getAs("applicant_county_code_at_filing")).isEqualTo("909999");
    assertThat(p.<Boolean>getAs("applicant_is_mainland")).isFalse();
  }

  @Test
  void theSameDocumentTwiceInOneFileIsOneApplication() {
    assertThat(patent("202330900001.1").<String>getAs("patent_type")).isEqualTo("design");
  }

  @Test
  void aTrademarkFileWithAUtf8BomAndARegNoWithASpaceLoad() {
    assertThat(lines(table("cleaned", "trademarks").filter(col("reg_no").isin("70900001", "70900002")), "reg_no", "status"))
        .containsExactly("70900001|注册", "70900002|注册");
  }

  @Test
  void anUnknownTrademarkStatusANiceClassOutside1To45AndALineThatIsNotJsonAreQuarantined() {
    assertThat(quarantined("trademark", "70900003")).containsExactly("cleaned|unknown_status");
    assertThat(quarantined("trademark", "70900004")).containsExactly("cleaned|bad_nice_class");
    assertThat(quarantined("trademark", "70900007")).containsExactly("raw|malformed_record");
    assertThat(table("cleaned", "trademarks").filter(col("reg_no").isin("70900003", "70900004", "70900007")).count()).isZero();
  }

  @Test
  void aRegistrantOutsideTheMainlandIsKeptUnderItsOwnMember() {
    assertThat(lines(table("cleaned", "trademarks").filter(col("reg_no").isin("70900005", "70900006")),
        "reg_no", "registrant_country", "registrant_county_code"))
        .containsExactly("70900005|JP|909999", "70900006|HK|819999");
  }

  @Test
  void aPledgorWithAnEmptyMalformedOrWrongUsccIsPlacedByItsAddressAndTheProblemRecorded() {
    assertThat(lines(table("cleaned", "pledge_contracts").filter(col("registration_no").isin("Y2023900000001", "Y2023900000002",
        "Y2023900000003")), "registration_no", "pledgor_county_code", "pledgor_uscc_problem IS NOT NULL"))
        .containsExactly("Y2023900000001|330402|true", "Y2023900000002|330402|true", "Y2023900000003|330402|true");
  }

  @Test
  void aBlankAmountIsAContractWithoutAnAmountNotAZero() {
    assertThat(lines(table("cleaned", "pledge_contracts").filter(col("registration_no").equalTo("Y2023900000004")),
        "has_amount", "registered_amount_wan")).containsExactly("false|null");
  }

  @Test
  void anAmountWithThousandsSeparatorsAndDatesInOtherFormatsAreRead() {
    assertThat(lines(table("cleaned", "pledge_contracts").filter(col("registration_no").equalTo("Y2023900000005")),
        "registered_amount_wan", "registration_date", "expiry_date"))
        .containsExactly("2500.00|2023-11-01|2024-10-31");
  }

  /**
   * A warehouse of a release before {@code cleaned.rejected_records} kept the cleaned stage's
   * rejects in {@code raw.quarantined_records} (stage cleaned) and has no rejected_records table:
   * the first clean rebuild removes every feed's legacy rows, so no reject is counted in both
   * tables; the raw stage's rows stay. (Its changed contract rebuilds every clean job, each
   * writing its own feed's rejects.)
   */
  @Test
  void theFirstRebuildRemovesTheRejectsEarlierReleasesKeptInTheRawQuarantine() throws java.io.IOException {
    org.ipcube.common.TableSchema raw = Table.RAW_QUARANTINED_RECORDS.schema();
    org.ipcube.common.TableSchema rejects = Table.CLEANED_REJECTED_RECORDS.schema();
    List<String> before = lines(table("raw", "quarantined_records"));
    List<Row> rejectedBefore = table("cleaned", "rejected_records").collectAsList();
    assertThat(rejectedBefore).extracting(r -> r.<String>getAs("feed")).contains("trademark", "patent_biblio");
    // The earlier release's warehouse: no rejected_records, the rejects of two feeds in raw.
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(Path.of(Table.CLEANED_REJECTED_RECORDS.path(settings)))) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) java.nio.file.Files.delete(f);
    }
    org.apache.spark.sql.delta.DeltaLog.clearCache();
    List<Row> legacy = List.of(
        org.apache.spark.sql.RowFactory.create("pledge", java.sql.Date.valueOf(NIGHT), 1, "pledge/2023-11-07/part-00001.csv", 99,
            "cleaned", "bad_amount", "amount '十万' is not a number at pledge/2023-11-07/part-00001.csv #99", "Y2023900000099"),
        org.apache.spark.sql.RowFactory.create("trademark", java.sql.Date.valueOf(NIGHT), 1, "trademark/2023-11-07/part-00001.jsonl",
            98, "cleaned", "bad_date", "reg_date '2023-02-30' is not a date", "{}"));
    spark().createDataFrame(legacy, raw.structType()).write().format("delta").mode("append").save(Table.RAW_QUARANTINED_RECORDS.path(settings));
    assertThat(table("raw", "quarantined_records").filter("stage = 'cleaned'").count()).isEqualTo(2L);

    org.ipcube.cleaned.CleanTrademarksJob.run(spark(), settings, RunMode.REBUILD);
    assertThat(lines(table("raw", "quarantined_records"))).as("the raw stage's rows, without either legacy reject").isEqualTo(before);
    assertThat(lines(table("cleaned", "rejected_records")))
        .isEqualTo(lines(spark().createDataFrame(rejectedBefore, rejects.structType()).filter("feed = 'trademark'")));

    // Back to the shared warehouse of the other tests: the other feeds' rejects as they were.
    org.ipcube.common.DeltaTables.replace(spark().createDataFrame(rejectedBefore, rejects.structType()).filter("feed <> 'trademark'"),
        rejects, Table.CLEANED_REJECTED_RECORDS.path(settings), "feed <> 'trademark'");
    assertThat(lines(table("cleaned", "rejected_records"))).isEqualTo(lines(spark().createDataFrame(rejectedBefore, rejects.structType())));
  }

}
