package org.ipcube.e2e;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ipcube.cli.Pipeline;
import org.ipcube.common.RunMode;
import org.ipcube.common.DeltaTables;
import org.ipcube.common.Settings;
import org.ipcube.common.Table;
import org.ipcube.common.TableSchema;
import org.ipcube.marts.Marts;
import org.ipcube.testing.ChildJvm;
import org.ipcube.testing.CliRun;
import org.ipcube.testing.Hdfs;
import org.ipcube.testing.Landing;
import org.ipcube.testing.SparkTestBase;
import org.ipcube.testing.StandaloneCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline on the hand-made delivery set {@code deliveries/e2e_jiaxing} (see its README
 * for what each record exercises) against figures computed by hand.
 */
class TestEndToEndJiaxing extends SparkTestBase {
  private static Settings settings;

  private static final LocalDate FROM = LocalDate.parse("2019-01-01");
  private static final LocalDate TO = LocalDate.parse("2024-03-31");

  @BeforeAll
  static void runPipeline() {
    Path landing = Landing.stage("e2e_jiaxing", tempDir("landing"));
    settings = settings(landing, tempDir("warehouse"));
    int code = Pipeline.run(spark(), settings, FROM, TO);
    assertThat(code).isZero();
  }

  private static Dataset<Row> table(String layer, String name) {
    return spark().read().format("delta").load(settings.tablePath(layer, name));
  }

  /** The cube rows of one series cell (at most one). */
  private static List<Row> cubeRows(String region, String level, String indicator, String breakdown, String view,
      String boundary, String periodType, int year, int number) {
    List<Row> rows = table("marts", "regional_indicators")
        .filter(col("region_code").equalTo(region).and(col("region_level").equalTo(level))
            .and(col("indicator").equalTo(indicator)).and(col("breakdown").equalTo(breakdown))
            .and(col("view").equalTo(view)).and(col("boundary").equalTo(boundary))
            .and(col("period_type").equalTo(periodType)).and(col("period_year").equalTo(year))
            .and(col("period_number").equalTo(number)))
        .collectAsList();
    assertThat(rows.size()).as("rows for %s %s %s", region, indicator, breakdown).isLessThanOrEqualTo(1);
    return rows;
  }

  /** One cube value, or null when the cube has no row (a zero). */
  private static Double value(String region, String level, String indicator, String breakdown, String view, String boundary,
      String periodType, int year, int number) {
    List<Row> rows = cubeRows(region, level, indicator, breakdown, view, boundary, periodType, year, number);
    return rows.isEmpty() ? null : rows.get(0).<Double>getAs("value");
  }

  /** 嘉兴市's 2023 year row of a series (latest, as is), which must exist. */
  private static Row jiaxing2023Row(String indicator, String breakdown) {
    List<Row> rows = cubeRows("330400", "city", indicator, breakdown, "latest", "as_is", "year", 2023, 0);
    assertThat(rows).as("嘉兴 2023 %s/%s", indicator, breakdown).hasSize(1);
    return rows.get(0);
  }

  private static Double jiaxing2023(String indicator, String breakdown, String view) {
    return value("330400", "city", indicator, breakdown, view, "as_is", "year", 2023, 0);
  }

  private static CliRun ipcube(String command, String... options) {
    return ipcubeOn(settings, command, options);
  }

  /** One {@code ipcube} command run in this JVM against the warehouse of {@code s}. */
  private static CliRun ipcubeOn(Settings s, String command, String... options) {
    return CliRun.on(s.warehouseRoot(), command, options);
  }

  /** {@code ipcube report} reads the cube through Delta Kernel (no SparkSession) and states the hand-computed figures. */
  @Test
  void reportReadsTheCubeWithoutSparkAndStatesTheFigures() {
    CliRun report = ipcube("report", "--region", "330400", "--year", "2023");
    assertThat(report.code()).isZero();
    assertThat(report.text()).startsWith("嘉兴市 2023年知识产权主要指标")
        .contains("发明专利授权1件", "专利授权3件", "有效注册商标4件", "知识产权质押融资登记金额0.30亿元", "质押项目4笔");
    int tooEarly = ipcube("report", "--region", "330400", "--year", "1999").code();
    assertThat(tooEarly).as("a year the cube does not cover is a usage error, not an empty bulletin").isEqualTo(2);
  }

  /**
   * The hand-made warehouse is publishable: every cube row has its region, period and indicator
   * member (the check {@code publish} makes before writing anything), and the whole star schema
   * loads into PostgreSQL with its keys and switches in (when a test database is configured).
   */
  @Test
  void theCubeHasEveryDimensionMemberAndPublishesToPostgresql() throws Exception {
    Map<String, Dataset<Row>> tables = new java.util.LinkedHashMap<>();
    for (String name : List.of("dim_regions", "dim_periods", "dim_indicators", "cubes", "regional_indicators")) {
      tables.put(name, table("marts", name));
    }
    assertThat(lines(org.ipcube.serving.CubeIntegrity.missingMembers(tables.get("regional_indicators"), tables.get("dim_regions"),
        tables.get("dim_periods"), tables.get("dim_indicators")))).isEmpty();
    String url = System.getenv("IPCUBE_TEST_PG_URL");
    if (!"1".equals(System.getenv("IPCUBE_TEST_PG_REQUIRED"))) {
      org.assertj.core.api.Assumptions.assumeThat(url).as("no test PostgreSQL configured (.ci/run provides one)").isNotNull();
    }
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, System.getenv("IPCUBE_TEST_PG_USER"),
        System.getenv("IPCUBE_TEST_PG_PASSWORD")); java.sql.Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS e2etest CASCADE");
      st.execute("DROP SCHEMA IF EXISTS e2etest_v1 CASCADE");
      org.ipcube.serving.Publisher.Result published = org.ipcube.serving.Publisher.publish(c, "e2etest", "v1", tables, 0,
          new org.ipcube.serving.RowLevelSecurity());
      assertThat(published.loaded()).isTrue();
      assertThat(published.factRows()).isEqualTo(tables.get("regional_indicators").count());
    }
  }

  /**
   * Every figure of the cube (every region, period, view, boundary, indicator and breakdown; a
   * ratio's numerator) is what the rights explain lists for it add up to: the cube's period
   * explosion, running stock sums and roll-ups against a filter per figure over the same facts.
   */
  @Test
  void everyFigureOfTheCubeIsWhatExplainListsForIt() {
    org.ipcube.common.IndicatorCatalogue catalogue = org.ipcube.common.IndicatorCatalogue.shipped();
    Dataset<Row> cube = table("marts", "regional_indicators");
    Dataset<Row> figures = org.ipcube.marts.ExplainTransforms.numeratorFigures(cube, catalogue);
    Dataset<Row> facts = org.ipcube.marts.ExplainFigures.facts(spark(), settings, java.util.Set.of("patent", "trademark", "gi", "pledge"));
    Dataset<Row> listed = org.ipcube.marts.ExplainTransforms.figureValues(org.ipcube.marts.ExplainTransforms.contributions(facts,
        figures.select(org.ipcube.marts.ExplainTransforms.FIGURE_KEYS.stream().map(org.apache.spark.sql.functions::col)
            .toArray(org.apache.spark.sql.Column[]::new)).distinct(), table("marts", "dim_regions"), settings.publicationLagDays()),
        catalogue).withColumnRenamed("value", "listed");
    Dataset<Row> compared = figures.join(listed, scala.jdk.javaapi.CollectionConverters.asScala(
            org.ipcube.marts.ExplainTransforms.FIGURE_KEYS).toList(), "left")
        .withColumn("expected", org.apache.spark.sql.functions.when(col("asked_indicator").equalTo(col("indicator")), col("value"))
            .otherwise(col("numerator")))
        .withColumn("listed", org.apache.spark.sql.functions.coalesce(col("listed"), org.apache.spark.sql.functions.lit(0.0)));
    List<Row> differing = compared.filter(org.apache.spark.sql.functions.abs(col("expected").minus(col("listed"))).gt(1e-6))
        .select("asked_indicator", "asked_breakdown", "region_code", "region_level", "boundary", "view", "period_type", "period_year",
            "period_number", "expected", "listed")
        .limit(20).collectAsList();
    assertThat(differing).as("cube figures that differ from what explain lists").isEmpty();
    List<String> checked = compared.select("asked_indicator").distinct().collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
    // The hand-made set has no licence (EE01), no PCT national-phase entry and no GDP figure: those
    // indicators have no rows to check (TestPatentTouchedYears and TestPatentTransforms count PCT entries).
    assertThat(checked).as("every indicator of the catalogue with rows in the hand-made cube is checked")
        .containsExactlyElementsOf(catalogue.indicators().stream().map(org.ipcube.common.IndicatorCatalogue.Indicator::name)
            .filter(i -> !i.equals("patent_licences") && !i.equals("pct_national_phase_entries") && !i.equals("high_value_per_100yi_gdp")).sorted().toList());
    assertThat(compared.count()).isEqualTo(cube.count()).isGreaterThan(10_000);
  }

  /** {@code ipcube explain} lists the rights of a figure with their lineage, for a count and for a ratio. */
  @Test
  void explainListsTheRightsBehindAFigureWithTheirLineage() throws Exception {
    Path csv = tempDir("explain").resolve("grants.csv");
    CliRun grants = ipcube("explain", "--region", "330400", "--indicator", "patent_grants", "--period", "2023", "--out", csv.toString());
    CliRun ratio = ipcube("explain", "--region", "330400", "--indicator", "valid_inventions_per_10k", "--period", "2023");
    assertThat(grants.code()).isZero();
    assertThat(ratio.code()).isZero();
    assertThat(grants.text()).contains("嘉兴市 (330400) · 专利授权量 · 2023", "figure     3 件",
        "listed     3 (patent_grants of total, 3 rights): equals the figure", "202110000001.6", "202220000003.5", "202330000005.4");
    assertThat(ratio.text()).contains("listed     1 (valid_patents of invention, 1 rights): equals the numerator",
        "numerator 1, denominator 555.1", "resident_population of 2022");
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).startsWith("right_kind,right_id,").contains("attribution_address", "address_resolution", "source_file");
    assertThat(lines.subList(1, 4)).allMatch(l -> l.startsWith("patent,2"));
    assertThat(lines.stream().filter(l -> l.contains("202110000001.6")).findFirst().orElseThrow())
        .contains("2023-03-14", "330402");

    int bad = ipcube("explain", "--region", "330400", "--indicator", "patent_grants", "--period", "2023-13").code();
    assertThat(bad).as("an unreadable period is a usage error before Spark starts").isEqualTo(2);
  }

  /** {@code ipcube reconcile} lines published figures up with the cube's (no SparkSession) and reports the gaps. */
  @Test
  void reconcileReportsWhichPublishedFiguresTheWarehouseAgreesWith() throws Exception {
    Path file = tempDir("published").resolve("published.csv");
    Files.writeString(file, String.join(",", org.ipcube.serving.PublishedFigures.HEADER) + "\n"
        + "330400,嘉兴市,year,2023,0,patent_grants,total,3,exact,0,hand-made README,,专利授权3件\n"
        + "330400,嘉兴市,year,2023,0,pledge_amount,total,0.30,exact,275,hand-made README,,\"0.30亿元, +275 %\"\n"
        + "330400,嘉兴市,year,2023,0,patent_grants,invention,4869,exact,23.8,seed article,,发明专利授权4869件\n");
    Path report = tempDir("published").resolve("report.csv");
    CliRun reconciled = ipcube("reconcile", "--published", file.toString(), "--out", report.toString());
    CliRun gated = ipcube("reconcile", "--published", file.toString(), "--fail-on-gap");
    assertThat(reconciled.code()).isZero();
    assertThat(gated.code()).as("a gap fails the command only when asked").isEqualTo(4);
    assertThat(reconciled.text()).contains("3 figures, 2 agree");
    assertThat(Files.readAllLines(report)).hasSize(4)
        .anyMatch(l -> l.startsWith("330400,year,2023,0,patent_grants,invention,4869.0,exact,1.0,-4868.0,") && l.contains(",false,"))
        .anyMatch(l -> l.startsWith("330400,year,2023,0,pledge_amount,total,0.3,exact,0.3,") && l.contains(",true,"));
  }

  /**
   * The backdated CF01 of 202010000002.6 (delivered 2024-02-20) revised 嘉兴's 2023 valid inventions
   * from 2 as first published to 1: marts.figure_revisions says so and why, {@code revisions
   * --rights} names the patent, and the bulletin says it in its revisions section.
   */
  @Test
  void aBackdatedLapseIsARevisionOfTheFigureFirstPublished() {
    Dataset<Row> revisions = table("marts", "figure_revisions");
    List<Row> valid = revisions.filter(col("region_code").equalTo("330400").and(col("region_level").equalTo("city"))
        .and(col("indicator").equalTo("valid_patents")).and(col("breakdown").equalTo("invention"))
        .and(col("period_type").equalTo("year")).and(col("period_year").equalTo(2023))).collectAsList();
    assertThat(valid).hasSize(1);
    Row r = valid.get(0);
    assertThat(r.<Double>getAs("first_published_value")).isEqualTo(2.0);
    assertThat(r.<Double>getAs("latest_value")).isEqualTo(1.0);
    assertThat(r.<Double>getAs("revision")).isEqualTo(-1.0);
    assertThat(r.<Double>getAs("data_revision")).isEqualTo(-1.0);
    assertThat(r.<Double>getAs("boundary_restatement")).isEqualTo(0.0);
    assertThat(revisions.filter(col("region_code").equalTo("330400").and(col("indicator").equalTo("valid_trademarks"))
        .and(col("breakdown").equalTo("total")).and(col("period_type").equalTo("quarter")).and(col("period_year").equalTo(2023))
        .and(col("period_number").equalTo(1))).select("first_published_value", "latest_value").collectAsList())
        .as("the renewal delivered in July: 4 valid marks first published for Q1, 5 now").extracting(Row::toString)
        .containsExactly("[4.0,5.0]");
    assertThat(revisions.filter(org.apache.spark.sql.functions.abs(col("revision").minus(col("boundary_restatement"))
        .minus(col("statistics_revision")).minus(col("data_revision"))).gt(1e-6)).count())
        .as("every revision is the sum of its parts").isZero();
    assertThat(revisions.filter(col("region_code").equalTo("330400").and(col("indicator").equalTo("patent_grants"))
        .and(col("period_year").equalTo(2023)).and(col("period_type").equalTo("year"))).count())
        .as("grants delivered in time are not revisions").isZero();

    CliRun revised = ipcube("revisions", "--region", "330400", "--year", "2023", "--rights");
    CliRun report = ipcube("report", "--region", "330400", "--year", "2023");
    assertThat(revised.code()).isZero();
    assertThat(report.code()).isZero();
    assertThat(revised.text()).contains("rights behind the data revisions")
        .containsPattern("valid_patents +invention +202010000002\\.6 .* +counted as first published, not now: a backdated lapse");
    assertThat(report.text()).contains("修订说明 (与首次发布数据相比)", "有效专利拥有量(发明专利): 首次发布2件, 现为1件 (后续报送数据-1)");
  }

  /** marts.load_quality keeps each delivery's metrics; {@code quality} fails a night whose delivery quarantined too much. */
  @Test
  void loadQualityCountsEachDeliveryAndFailsANightOverItsThreshold() {
    Dataset<Row> q = table("marts", "load_quality");
    assertThat(lines(q.filter("feed = 'patent_biblio' AND delivery_date = '2023-10-10' AND metric LIKE 'quarantined:%'"), "metric", "value"))
        .containsExactly("quarantined:cleaned:bad_application_number|1");
    assertThat(q.filter("feed = 'patent_biblio' AND delivery_date = '2023-10-10' AND metric = 'quarantined_share' AND value > 0.05").count())
        .isEqualTo(1);
    assertThat(lines(q.filter("metric = 'orphan_events_held'"), "feed", "value"))
        .containsExactly("patent_legal|1", "pledge|1");
    assertThat(lines(q.filter("metric = 'orphan_events_held' AND feed = 'patent_legal'"), "delivery_date")).containsExactly("2023-06-20");
    assertThat(lines(q.filter("metric = 'records_superseded'"), "feed", "delivery_date", "delivery_sequence"))
        .contains("patent_biblio|2023-03-14|1");
    assertThat(q.filter("metric = 'address_unresolved_share'").count()).isGreaterThan(5);

    CliRun quality = ipcube("quality", "--night", "2023-10-10");
    assertThat(quality.code()).as("a delivery over the quarantine threshold fails the night").isEqualTo(5);
    assertThat(quality.text())
        .containsPattern("failed +patent_biblio +2023-10-10\\.1 +quarantined_share +[0-9.]+ % .*above ipcube.quality.max-quarantined-share");
  }

  @Test
  void grantsByTypeCountTheRedeliveredDateOnceAndTheOrphanGrant() {
    assertThat(jiaxing2023("patent_grants", "invention", "latest")).isEqualTo(1.0);
    assertThat(jiaxing2023("patent_grants", "utility_model", "latest")).isEqualTo(1.0);
    assertThat(jiaxing2023("patent_grants", "design", "latest")).isEqualTo(1.0);
    assertThat(jiaxing2023("patent_grants", "total", "latest")).isEqualTo(3.0);
    assertThat(value("330400", "city", "patent_grants", "invention", "latest", "as_is", "year", 2022, 0)).isEqualTo(1.0);
  }

  @Test
  void grantGrowthComparesWithTheSamePeriodOfThePreviousYear() {
    Row r = jiaxing2023Row("patent_grants", "invention");
    assertThat(r.<Double>getAs("previous_year_value")).isEqualTo(1.0);
    assertThat(r.<Double>getAs("yoy_growth_pct")).isEqualTo(0.0);
  }

  @Test
  void backdatedLapseChangesHistoryButNotWhatWasFirstPublished() {
    assertThat(jiaxing2023("valid_patents", "invention", "latest")).isEqualTo(1.0);
    assertThat(jiaxing2023("valid_patents", "invention", "first_published")).isEqualTo(2.0);
    assertThat(value("330400", "city", "valid_patents", "invention", "latest", "as_is", "year", 2022, 0)).isEqualTo(2.0);
  }

  @Test
  void restoredLapseIsValidInLatestButWasPublishedAsLapsedForQ3() {
    assertThat(jiaxing2023("valid_patents", "utility_model", "latest")).isEqualTo(1.0);
    assertThat(value("330400", "city", "valid_patents", "utility_model", "latest", "as_is", "quarter", 2023, 3)).isEqualTo(1.0);
    assertThat(value("330400", "city", "valid_patents", "utility_model", "first_published", "as_is", "quarter", 2023, 3)).isNull();
  }

  @Test
  void aPatentGrantedBefore2021FollowsItsPatenteeToHangzhou() {
    assertThat(value("330402", "county", "valid_patents", "invention", "latest", "as_is", "year", 2022, 0)).isEqualTo(1.0);
    assertThat(value("330106", "county", "valid_patents", "invention", "latest", "as_is", "year", 2023, 0)).isEqualTo(1.0);
    assertThat(value("330100", "city", "patent_transfers", "total", "latest", "as_is", "year", 2023, 0)).isEqualTo(1.0);
    assertThat(jiaxing2023("patent_transfers_out", "total", "latest")).isEqualTo(1.0);
    assertThat(value("330000", "province", "valid_patents", "invention", "latest", "as_is", "year", 2023, 0)).isEqualTo(2.0);
  }

  @Test
  void shareAndRankAmongTheProvincesCities() {
    Row r = jiaxing2023Row("valid_patents", "invention");
    assertThat(r.<Double>getAs("parent_value")).isEqualTo(2.0);
    assertThat(r.<Double>getAs("share_of_parent_pct")).isEqualTo(50.0);
    assertThat(r.<Integer>getAs("sibling_rank")).isEqualTo(1);
    assertThat(r.<Long>getAs("sibling_count")).isEqualTo(2L);
  }

  @Test
  void applicationsCountDocumentsDeliveredTwiceOnceAndSkipTheQuarantinedOne() {
    assertThat(jiaxing2023("patent_applications", "invention", "latest")).isEqualTo(1.0);
    assertThat(jiaxing2023("patent_applications", "design", "latest")).isEqualTo(1.0);
    assertThat(jiaxing2023("patent_applications", "total", "latest")).isEqualTo(2.0);
  }

  @Test
  void perCapitaUsesThePreviousYearsPopulation() {
    assertThat(jiaxing2023("valid_inventions_per_10k", "total", "latest")).isCloseTo(1 / 555.10, within(1e-12));
    assertThat(jiaxing2023("valid_inventions_per_10k", "total", "first_published")).isCloseTo(2 / 555.10, within(1e-12));
  }

  @Test
  void highValueByStrategicEmergingIndustry() {
    assertThat(jiaxing2023("high_value_inventions", "any", "latest")).isEqualTo(1.0);
    assertThat(jiaxing2023("high_value_inventions", "sei", "latest")).isEqualTo(1.0);
  }

  @Test
  void orphanEventsAreHeldAndAppliedWhenTheirApplicationArrives() {
    assertThat(lines(table("cleaned", "patent_legal_events").filter("event_code IN ('GR01', 'PB01')"),
        "application_number", "event_code", "is_orphan"))
        .containsExactly("202310999999.4|PB01|true", "202330000005.4|GR01|false");
  }

  @Test
  void theSameEventDeliveredTwiceIsOneEventKnownFromItsFirstDelivery() {
    assertThat(lines(table("cleaned", "patent_legal_events").filter("event_code = 'TR01'"),
        "application_number", "known_date", "copies_delivered", "new_owner_county_code"))
        .containsExactly("201710000004.3|2023-06-06|2|330106");
  }

  @Test
  void theWrongCheckCharacterIsQuarantinedWithTheReason() {
    assertThat(lines(table("cleaned", "rejected_records").filter("feed = 'patent_biblio'"), "feed",
        "reason_code", "reason"))
        .containsExactly("patent_biblio|bad_application_number|wrong check character in '202310000008.1': 202310000008 needs 7, "
            + "not 1 at patent_biblio/2023-10-10/part-00001.xml #3");
  }

  @Test
  void theRedeliveryReplacedTheFirstDeliveryOfItsDate() {
    assertThat(lines(table("raw", "deliveries").filter("feed = 'patent_biblio' AND delivery_date = DATE'2023-03-14'"),
        "delivery_sequence", "status", "manifest_records", "loaded_records"))
        .containsExactly("1|superseded|2|null", "2|loaded|1|1");
    assertThat(table("cleaned", "patents").filter("application_number = '202310000006.8'").count()).isZero();
  }

  @Test
  void everyDeliveredRecordIsAccountedFor() {
    Row raw = table("raw", "deliveries").filter("feed = 'patent_biblio'")
        .selectExpr("sum(manifest_records)", "sum(CASE WHEN status = 'loaded' THEN loaded_records END)",
            "sum(CASE WHEN status = 'loaded' THEN quarantined_records END)",
            "sum(CASE WHEN status = 'superseded' THEN manifest_records END)").first();
    assertThat(raw.getLong(0)).isEqualTo(10L);
    assertThat(raw.getLong(1) + raw.getLong(2) + raw.getLong(3)).isEqualTo(raw.getLong(0));
    // Raw rows = current applications + records quarantined when cleaning + older or duplicate versions.
    long rawRows = table("raw", "patent_biblio_records").count();
    long current = table("cleaned", "patents").count();
    long quarantined = table("cleaned", "rejected_records").filter("feed = 'patent_biblio'").count();
    long superseded = table("cleaned", "patents").selectExpr("sum(versions_delivered - 1)").first().getLong(0);
    assertThat(rawRows).isEqualTo(8L);
    assertThat(current).isEqualTo(6L);
    assertThat(current + quarantined + superseded).isEqualTo(rawRows);
  }

  // Pledges: deliveries/e2e_jiaxing/pledge (GB18030), see the README's pledge table.

  /** 嘉兴市 2023, latest, as is, by period. */
  private static Double jiaxing2023By(String indicator, String breakdown, String periodType, int number) {
    return value("330400", "city", indicator, breakdown, "latest", "as_is", periodType, 2023, number);
  }

  @Test
  void pledgeAmountCountsEachContractOnceAndAChangeByItsDifference() {
    assertThat(jiaxing2023By("pledge_amount", "total", "year", 0)).isEqualTo(0.30);
    assertThat(jiaxing2023By("pledge_amount", "total", "quarter", 3)).isEqualTo(0.07995);
    assertThat(jiaxing2023By("pledge_amount", "total", "quarter", 1)).isEqualTo(0.20005);
    assertThat(jiaxing2023By("pledge_amount", "mixed", "year", 0)).isEqualTo(0.2);
    Row r = jiaxing2023Row("pledge_amount", "total");
    assertThat(r.<Double>getAs("previous_year_value")).isEqualTo(0.08);
    assertThat(r.<Double>getAs("yoy_growth_pct")).isEqualTo(275.0);
    assertThat(r.<String>getAs("unit")).isEqualTo("亿元");
  }

  @Test
  void aMixedContractCountsInPatentAndTrademarkAmountsAndOnceInTheTotal() {
    double patent = jiaxing2023By("patent_pledge_amount", "total", "year", 0);
    double trademark = jiaxing2023By("trademark_pledge_amount", "total", "year", 0);
    assertThat(patent).isEqualTo(0.27);
    assertThat(trademark).isEqualTo(0.23);
    assertThat(patent + trademark - jiaxing2023By("pledge_amount", "total", "year", 0)).isCloseTo(0.20, within(1e-9));
  }

  @Test
  void contractsAndTheInclusiveShare() {
    assertThat(jiaxing2023By("pledge_contracts", "total", "year", 0)).isEqualTo(4.0);
    assertThat(jiaxing2023By("pledge_contracts", "patent", "year", 0)).isEqualTo(2.0);
    assertThat(jiaxing2023By("pledge_contracts", "trademark", "year", 0)).isEqualTo(1.0);
    assertThat(jiaxing2023By("pledge_contracts", "mixed", "year", 0)).isEqualTo(1.0);
    assertThat(jiaxing2023By("inclusive_pledge_contracts", "total", "year", 0)).isEqualTo(3.0);
    assertThat(jiaxing2023By("inclusive_pledge_amount", "total", "year", 0)).isEqualTo(0.1);
    assertThat(jiaxing2023By("inclusive_pledge_share_pct", "total", "year", 0)).isEqualTo(75.0);
  }

  @Test
  void anEnterpriseInTwoCountiesIsOneEnterpriseOfTheCity() {
    assertThat(jiaxing2023By("pledge_enterprises", "total", "year", 0)).isEqualTo(3.0);
    assertThat(value("330402", "county", "pledge_enterprises", "total", "latest", "as_is", "year", 2023, 0)).isEqualTo(2.0);
    assertThat(value("330411", "county", "pledge_enterprises", "total", "latest", "as_is", "year", 2023, 0)).isEqualTo(1.0);
    assertThat(value("330481", "county", "pledge_enterprises", "total", "latest", "as_is", "year", 2023, 0)).isEqualTo(1.0);
    assertThat(value("330000", "province", "pledge_enterprises", "total", "latest", "as_is", "year", 2023, 0)).isEqualTo(3.0);
    assertThat(jiaxing2023Row("pledge_enterprises", "total").<Double>getAs("share_of_parent_pct")).isEqualTo(100.0);
    assertThat(jiaxing2023By("pledged_rights", "total", "year", 0)).isEqualTo(5.0);
    assertThat(jiaxing2023By("pledged_rights", "patent", "year", 0)).isEqualTo(3.0);
  }

  @Test
  void pledgeContractsKeepTheirPledgorKeyRegionAndState() {
    assertThat(lines(table("cleaned", "pledge_contracts"), "registration_no", "contract_kind", "pledgor_key",
        "pledgor_county_code", "registered_amount_wan", "current_amount_wan", "current_status", "known_date"))
        .containsExactly(
            "Y2022000000001|patent|91330411MA2B7C8D96|330411|800.00|800.00|生效|2022-06-07",
            "Y2023000000002|mixed|91330402MA2JD1X5K4|330402|1200.50|2000.00|变更|2023-03-14",
            "Y2023000000003|trademark|91330411MA2B7C8D96|330411|300.00|300.00|注销|2023-03-14",
            "Y2023000000004|patent|name:海宁𠀾䶮包装有限公司|330481|500.00|500.00|生效|2023-03-14",
            "Y2023000000005|patent|91330411MA2B7C8D96|330402|200.00|200.00|生效|2023-07-04");
    assertThat(lines(table("cleaned", "pledge_contracts").filter("pledgor_uscc_problem IS NOT NULL"), "pledgor_uscc_problem"))
        .containsExactly("USCC '91330481MA28F0Q3T0' has check character 0, expected 7");
  }

  @Test
  void pledgedRightsAreLinkedAndUnknownOnesKept() {
    assertThat(lines(table("cleaned", "pledged_rights"), "registration_no", "right_type", "right_id", "is_known_right"))
        .containsExactly(
            "Y2022000000001|patent|202010000002.6|true",
            "Y2023000000002|patent|202110000001.6|true",
            "Y2023000000002|trademark|61234567|false",
            "Y2023000000003|trademark|70000001|false",
            "Y2023000000004|patent|202220000003.5|true",
            "Y2023000000005|patent|201910000009.5|false");
  }

  @Test
  void pledgeRowsAreAccountedForOrphansHeldAndBadAmountsQuarantined() {
    long rawRows = table("raw", "pledge_registrations").count();
    long events = table("cleaned", "pledge_events").count();
    long quarantined = table("cleaned", "rejected_records").filter("feed = 'pledge'").count();
    long folded = table("cleaned", "pledge_events").selectExpr("sum(deliveries_seen - 1)").first().getLong(0);
    assertThat(rawRows).isEqualTo(10L);
    assertThat(events + quarantined + folded).isEqualTo(rawRows);
    assertThat(lines(table("cleaned", "rejected_records").filter("feed = 'pledge'"), "reason_code", "record_position"))
        .containsExactly("bad_amount|6");
    assertThat(table("raw", "quarantined_records").filter("feed = 'pledge'").count()).as("every pledge row parsed").isZero();
    assertThat(lines(table("cleaned", "pledge_events").filter("is_orphan"), "registration_no", "status"))
        .containsExactly("Y2023000000099|变更");
  }

  @Test
  void aPatentPledgedForAtLeastTheThresholdIsHighValueByPledge() {
    assertThat(jiaxing2023("high_value_inventions", "pledge", "latest")).isEqualTo(1.0);
    assertThat(jiaxing2023("high_value_inventions", "any", "latest")).isEqualTo(1.0);
    // The invention meets two criteria (SEI and pledge): "total" is the deduplicated count, not any + sei + pledge (was 3).
    assertThat(jiaxing2023("high_value_inventions", "total", "latest")).isEqualTo(1.0);
    assertThat(value("330400", "city", "high_value_inventions", "pledge", "latest", "as_is", "year", 2022, 0)).isNull();
  }

  // Trademarks and GI: deliveries/e2e_jiaxing/trademark and gi, see the README.

  @Test
  void validMarksFollowRenewalsLapsesAndCancellations() {
    assertThat(jiaxing2023By("valid_trademarks", "total", "year", 0)).isEqualTo(4.0);
    assertThat(jiaxing2023By("valid_trademarks", "total", "quarter", 1)).isEqualTo(5.0);
    assertThat(value("330400", "city", "valid_trademarks", "total", "first_published", "as_is", "quarter", 2023, 1)).isEqualTo(4.0);
    assertThat(jiaxing2023By("valid_trademarks", "certification", "year", 0)).isEqualTo(1.0);
    assertThat(value("330402", "county", "valid_trademarks", "total", "latest", "as_is", "year", 2023, 0)).isEqualTo(1.0);
  }

  @Test
  void anOlderStateDeliveredLaterDoesNotWin() {
    assertThat(lines(table("cleaned", "trademarks").filter("reg_no = '60000005'"), "status", "known_from", "lines_folded"))
        .containsExactly("注销|2023-10-10|1");
    assertThat(lines(table("cleaned", "trademark_versions").filter("reg_no = '60000001'"), "version_number", "status",
        "known_from", "known_to", "expiry_date")).containsExactly(
        "1|注册|2023-01-10|2023-07-04|2023-02-13", "2|续展|2023-07-04|null|2033-02-13");
  }

  @Test
  void registrationsWellKnownMadridAndPerMarketEntity() {
    assertThat(jiaxing2023By("trademark_registrations", "total", "year", 0)).isEqualTo(1.0);
    assertThat(value("330400", "city", "trademark_registrations", "total", "latest", "as_is", "year", 2022, 0)).isEqualTo(1.0);
    assertThat(jiaxing2023By("well_known_marks", "total", "year", 0)).isEqualTo(1.0);
    assertThat(jiaxing2023By("madrid_marks", "total", "year", 0)).isEqualTo(1.0);
    assertThat(jiaxing2023By("valid_trademarks_per_10k_entities", "total", "year", 0)).isCloseTo(4 / 88.50, within(1e-12));
  }

  @Test
  void trademarkLinesAreAccountedForAndDirtKeptAside() {
    long raw = table("raw", "trademark_records").count();
    long versions = table("cleaned", "trademark_versions").count();
    long quarantined = table("cleaned", "rejected_records").filter("feed = 'trademark'").count();
    long folded = table("cleaned", "trademarks").selectExpr("sum(lines_folded)").first().getLong(0);
    assertThat(raw).isEqualTo(12L);
    assertThat(versions + quarantined + folded).isEqualTo(raw);
    // A line that is not JSON is the raw stage's; a parsed line with an invalid class is the cleaned layer's.
    assertThat(lines(table("raw", "quarantined_records").filter("feed = 'trademark'"), "stage", "reason_code", "source_file",
        "record_position")).containsExactly("raw|malformed_record|trademark/2023-01-10/part-00001.jsonl|6");
    assertThat(lines(table("cleaned", "rejected_records").filter("feed = 'trademark'"), "reason_code", "source_file", "record_position"))
        .containsExactly("bad_nice_class|trademark/2023-01-10/part-00001.jsonl|7");
    assertThat(table("cleaned", "rejected_records").filter("reason_code = 'bad_nice_class'").first().<String>getAs("reason"))
        .contains("60000009", "nice_classes [35, 46] (valid: 1-45)", "trademark/2023-01-10/part-00001.jsonl #7");
    assertThat(table("raw", "quarantined_records").filter("feed = 'trademark' AND reason_code = 'malformed_record'").first()
        .<String>getAs("reason")).startsWith("malformed trademark record at trademark/2023-01-10/part-00001.jsonl #6: not valid JSON: ")
        .endsWith("of the line)");
    assertThat(lines(table("cleaned", "trademarks").filter("reg_no IN ('60000006', '60000009')"), "reg_no", "to_json(nice_classes)"))
        .containsExactly("60000006|[35]");
  }

  @Test
  void aGiProductSpanningTwoCitiesCountsOnceInTheProvince() {
    assertThat(jiaxing2023By("gi_products", "total", "year", 0)).isEqualTo(1.0);
    assertThat(jiaxing2023By("gi_products", "total", "quarter", 1)).isEqualTo(2.0);
    assertThat(value("330100", "city", "gi_products", "total", "latest", "as_is", "year", 2023, 0)).isEqualTo(1.0);
    assertThat(value("330483", "county", "gi_products", "total", "latest", "as_is", "year", 2023, 0)).isEqualTo(1.0);
    assertThat(value("330000", "province", "gi_products", "total", "latest", "as_is", "year", 2023, 0)).isEqualTo(1.0);
  }

  @Test
  void giMarksUsersAndTheTotal() {
    assertThat(jiaxing2023By("gi_marks", "total", "year", 0)).isEqualTo(1.0);
    assertThat(jiaxing2023By("gi_total", "total", "year", 0)).isEqualTo(2.0);
    assertThat(jiaxing2023By("gi_users", "total", "year", 0)).isEqualTo(2.0);
    assertThat(jiaxing2023By("gi_users", "trademark", "year", 0)).isEqualTo(1.0);
    assertThat(lines(table("cleaned", "rejected_records").filter("feed = 'gi'"), "reason_code")).containsExactly("unknown_status");
    assertThat(table("raw", "quarantined_records").filter("feed = 'gi'").count()).as("every GI line parsed").isZero();
  }

  /** The hand-made set has high-value criteria rows (an SEI code, a pledge over the threshold): all in the catalogue. */
  @Test
  void everyCubeRowIsAnIndicatorBreakdownUnitAndPeriodTypeOfTheCatalogue() {
    table("marts", "regional_indicators").createOrReplaceTempView("jiaxing_cube_rows");
    table("marts", "dim_indicators").createOrReplaceTempView("jiaxing_catalogue");
    assertThat(lines(spark().sql("SELECT DISTINCT r.domain, r.indicator, r.breakdown, r.unit, r.period_type FROM jiaxing_cube_rows r "
        + "LEFT ANTI JOIN jiaxing_catalogue d ON r.domain = d.domain AND r.indicator = d.indicator AND r.breakdown = d.breakdown "
        + "AND r.unit = d.unit AND array_contains(split(d.period_types, ', '), r.period_type)"))).isEmpty();
    assertThat(lines(table("marts", "regional_indicators").filter("indicator = 'high_value_inventions'"), "breakdown").stream().distinct())
        .contains("total", "any", "sei", "pledge");
  }

  @Test
  void everyTableMatchesItsSchemaFile() {
    for (String t : Table.ids()) {
      TableSchema schema = Table.of(t).schema();
      Dataset<Row> df = table(schema.layer(), schema.name());
      assertThat(List.of(df.columns())).as(schema.qualifiedName()).containsExactlyElementsOf(schema.columnNames());
      for (TableSchema.ColumnSpec c : schema.columns()) {
        assertThat(df.schema().apply(c.name()).dataType()).as(schema.qualifiedName() + "." + c.name()).isEqualTo(c.type());
      }
      assertThat(schema.violations(df)).as(schema.qualifiedName()).isEmpty();
    }
  }

  /**
   * One path, two modes: the same deliveries loaded night by night ({@link RunMode#CHANGES}: each
   * night re-derives only the keys it touched and MERGEs them) must give exactly the tables of the
   * one {@code run} above (a rebuild), whatever order the nights arrive in. Nights are groups of
   * consecutive delivery dates (to keep the suite fast: each load costs tens of seconds of fixed
   * Spark overhead). In the shuffled order the marts are built after each night, and the last
   * night (one legal event restoring a patent in 2023) rewrites only the cube years it touches
   * ({@code CubeScope}): the cube must still come out as the run's, row for row.
   */
  @Nested
  class NightByNight {
    private static final LocalDate[][] NIGHTS = {
        {LocalDate.parse("2019-09-10"), LocalDate.parse("2023-03-14")},
        {LocalDate.parse("2023-06-06"), LocalDate.parse("2023-11-14")},
        {LocalDate.parse("2024-02-20"), LocalDate.parse("2024-02-20")}};

    @Test
    void inDeliveryOrderWithTheRedeliveryArrivingLaterEqualsOneRun() throws Exception {
      // 2023-03-14.2 arrives a night after 2023-03-14: its raw partition is replaced, and the keys
      // of both the old and the new rows are re-derived.
      Path landing = Landing.stage("e2e_jiaxing", tempDir("landing-in-order"));
      Path redelivery = landing.resolve("patent_biblio/2023-03-14.2");
      Path aside = Files.move(redelivery, landing.resolve("redelivery-not-yet-sent"));
      Settings s = settings(landing, tempDir("warehouse-in-order"));
      load(s, NIGHTS[0][0], NIGHTS[0][1]);
      Files.move(aside, redelivery);
      load(s, LocalDate.parse("2023-03-14"), LocalDate.parse("2023-03-14"));
      load(s, NIGHTS[1][0], NIGHTS[1][1]);
      load(s, NIGHTS[2][0], NIGHTS[2][1]);
      Marts.build(spark(), s, null, RunMode.CHANGES);
      assertSameTablesAsTheRun(s);

      // The last night again: its folders are already loaded, so raw is left alone, no key is
      // re-derived, and no table of any layer gets a new version, watermarks included.
      Map<String, Long> before = versions(s);
      load(s, NIGHTS[2][0], NIGHTS[2][1]);
      Marts.build(spark(), s, null, RunMode.CHANGES);
      assertThat(versions(s)).isEqualTo(before);
    }

    @Test
    void inAShuffledArrivalOrderEqualsOneRun() {
      Settings s = settings(Landing.stage("e2e_jiaxing", tempDir("landing-shuffled")), tempDir("warehouse-shuffled"));
      LocalDate lastNight = LocalDate.parse("2023-11-14");
      for (LocalDate[] night : new LocalDate[][] {NIGHTS[2], NIGHTS[0], {NIGHTS[1][0], LocalDate.parse("2023-10-10")},
          {lastNight, lastNight}}) {
        load(s, night[0], night[1]);
        Marts.build(spark(), s, null, RunMode.CHANGES);
      }
      Row lastWrite = io.delta.tables.DeltaTable.forPath(spark(), Table.MARTS_REGIONAL_INDICATORS.path(s)).history(1).first();
      assertThat(lastWrite.getJavaMap(lastWrite.fieldIndex("operationParameters")).get("predicate").toString())
          .as("the last night rewrote only the years it touched").contains("period_year IN (2023, 2024)");
      assertSameTablesAsTheRun(s);
    }

    private void load(Settings s, LocalDate from, LocalDate to) {
      assertThat(Pipeline.ingestAndClean(spark(), s, from, to, RunMode.CHANGES)).as("night %s..%s", from, to).isZero();
    }

    private void assertSameTablesAsTheRun(Settings nightly) {
      assertThat(assertSameTables(settings.warehouseRoot(), nightly.warehouseRoot())).isGreaterThan(10_000);
    }

    /** Versions of every table of every layer. */
    private Map<String, Long> versions(Settings s) {
      Map<String, Long> out = new java.util.LinkedHashMap<>();
      for (String t : Table.ids()) out.put(t, DeltaTables.version(spark(), s.warehouseRoot() + "/" + t));
      return out;
    }
  }

  /**
   * Crash safety, proven with {@code kill -9}: a child JVM runs a stage on a copy of this warehouse
   * and is killed (SIGKILL: no shutdown hook, no finally) the moment it prints a given line, i.e.
   * in the middle of the job after it. Every table is then at a committed version, the readers say
   * what to run instead of reporting a half-done state, and rerunning the stage gives exactly the
   * uninterrupted run's tables.
   */
  @Nested
  class KilledMidStage {
    @Test
    void inTheRawStageAfterTheFirstFeedBeforeTheDeliveryLog() throws Exception {
      // The child is killed the moment patent_biblio's raw table has its commit (a watcher polls
      // its Delta log; a progress line would come only if the next feed took over a second), so
      // while it ingests the next feeds and before the quarantine and the delivery log of the
      // night (written once, at the stage's end).
      Settings copy = copyOfTheRun("killed-in-raw", "raw", "cleaned", "marts");
      String[] range = {"--from", FROM.toString(), "--to", TO.toString()};
      String[] ingest = {"ingest", range[0], range[1], range[2], range[3]};
      killOnceCommitted(copy, Path.of(Table.RAW_PATENT_BIBLIO_RECORDS.path(copy), "_delta_log"), ingest);
      assertThat(Files.isDirectory(Path.of(Table.RAW_PATENT_BIBLIO_RECORDS.path(copy), "_delta_log")))
          .as("the first feed's raw table was committed before the kill").isTrue();
      assertThat(Files.isDirectory(Path.of(Table.RAW_DELIVERIES.path(copy), "_delta_log")))
          .as("the delivery log is written at the stage's end").isFalse();
      assertEachTableIsTheRunsOrNotWritten(copy);

      // No delivery was logged, so the rerun ingests every one again, over the committed table.
      assertThat(ipcubeOn(copy, "ingest", range[0], range[1], range[2], range[3], "--landing", copy.landingRoot()).code()).isZero();
      assertTablesAreTheRuns(copy, "raw/");
    }

    @Test
    void inTheCleanedStageAfterThePatentsBeforeTheTrademarks() throws Exception {
      Settings copy = copyOfTheRun("killed-in-cleaned", "cleaned", "marts");
      killAfter(copy, "clean  timelines", List.of(), "clean");
      assertEachTableIsTheRunsOrNotWritten(copy);
      CliRun report = ipcubeOn(copy, "report", "--region", "330400", "--year", "2023");
      assertThat(report.code()).as("a warehouse whose marts were never built: usage error naming the stage").isEqualTo(2);

      assertThat(ipcubeOn(copy, "clean").code()).isZero();
      assertTablesAreTheRuns(copy, "raw/", "cleaned/");
    }

    /**
     * A rebuild of the marts killed in each cube in turn: in the patent cube (a progress line a
     * second into it), then, each time rebuilding again, between the patent and the trademark cube
     * and in the pledge and the GI cube (the line of the cube before). After each kill the
     * readers see the cube flagged half rebuilt (or, if the kill came before the flag was
     * committed, the run's finished cube); the last rerun of {@code marts} gives the run's tables.
     */
    @Test
    void inEachCubeOfARebuildInTurn() throws Exception {
      Settings copy = copyOfTheRun("killed-in-marts");
      String bulletin = ipcubeOn(copy, "report", "--region", "330400", "--year", "2023").text();
      killAfter(copy, "progress  marts patent cube", List.of("-Dipcube.progress.interval-seconds=1"), "marts", "--rebuild");
      assertReadersSeeAFinishedOrAFlaggedCube(copy, bulletin);
      for (String cubeBefore : List.of("patent", "trademark", "pledge")) {
        killAfter(copy, "marts  " + cubeBefore + " cube", List.of(), "marts", "--rebuild");
        Row flag = Table.MARTS_CUBES.read(spark(), copy).selectExpr("bool_or(is_complete)").first();
        assertThat(flag.getBoolean(0)).as("marts.cubes flags the rebuild killed after the %s cube", cubeBefore).isFalse();
        assertReadersSeeAFinishedOrAFlaggedCube(copy, bulletin);
      }

      assertThat(ipcubeOn(copy, "marts").code()).isZero();
      assertTablesAreTheRuns(copy, "raw/", "cleaned/", "marts/");
      CliRun report = ipcubeOn(copy, "report", "--region", "330400", "--year", "2023");
      assertThat(report.code()).isZero();
      assertThat(report.text()).isEqualTo(bulletin);
    }

    /** {@code report} refuses a cube {@code marts.cubes} flags as half rebuilt, and prints the run's bulletin from one it does not. */
    private void assertReadersSeeAFinishedOrAFlaggedCube(Settings s, String bulletin) {
      boolean flagged = !Table.MARTS_CUBES.read(spark(), s).selectExpr("bool_and(is_complete)").first()
          .getBoolean(0);
      CliRun report = ipcubeOn(s, "report", "--region", "330400", "--year", "2023");
      if (flagged) {
        assertThat(report.code()).as("report refuses a half-rebuilt cube").isEqualTo(1);
        assertThat(report.errors()).contains("half rebuilt", "Rerun `ipcube marts`");
      } else {
        assertThat(report.code()).isZero();
        assertThat(report.text()).isEqualTo(bulletin);
      }
    }

    /** A copy of the run's warehouse without the named layers. */
    private Settings copyOfTheRun(String name, String... withoutLayers) throws java.io.IOException {
      Path source = Path.of(settings.warehouseRoot());
      Path target = tempDir(name);
      try (java.util.stream.Stream<Path> files = Files.walk(source)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Path rel = source.relativize(f);
          if (rel.getNameCount() > 0 && java.util.Arrays.asList(withoutLayers).contains(rel.getName(0).toString())) continue;
          Path to = target.resolve(rel.toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(to);
          } else {
            Files.copy(f, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      return settings.withRoots(settings.landingRoot(), target.toString());
    }

    /**
     * Runs {@code ipcube command} in a child JVM (with {@code jvmOptions} after this JVM's ipcube
     * properties) and kills it when it prints a line starting with {@code line}; what it printed.
     */
    private String killAfter(Settings s, String line, List<String> jvmOptions, String... command) throws Exception {
      return kill(s, l -> l.startsWith(line), null, "the line " + line, jvmOptions, command);
    }

    /** Runs {@code command} in a child JVM and kills it (SIGKILL) once the Delta log {@code log} holds a commit. */
    private String killOnceCommitted(Settings s, Path log, String... command) throws Exception {
      return kill(s, l -> false, log, "a commit in " + log, List.of(), command);
    }

    private static boolean hasCommit(Path log) {
      try (java.util.stream.Stream<Path> files = Files.isDirectory(log) ? Files.list(log) : java.util.stream.Stream.empty()) {
        return files.anyMatch(f -> f.getFileName().toString().endsWith(".json"));
      } catch (java.io.IOException | java.io.UncheckedIOException e) {
        return false; // the log directory is being written: look again
      }
    }

    private String kill(Settings s, java.util.function.Predicate<String> atLine, Path commitLog, String trigger, List<String> jvmOptions,
        String... command) throws Exception {
      List<String> cmd = new java.util.ArrayList<>(List.of(ChildJvm.java(), "-Xmx2g"));
      cmd.addAll(ChildJvm.SPARK_FLAGS);
      System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("ipcube.")).sorted()
          .forEach(k -> cmd.add("-D" + k + "=" + System.getProperty(k)));
      cmd.addAll(jvmOptions);
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.ipcube.cli.IpcubeCli"));
      cmd.addAll(List.of(command));
      cmd.addAll(List.of("--landing", s.landingRoot(), "--warehouse", s.warehouseRoot()));
      Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      StringBuilder printed = new StringBuilder();
      java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
      Thread watcher = new Thread(() -> {
        while (commitLog != null && child.isAlive()) {
          if (hasCommit(commitLog)) {
            killed.set(true);
            child.destroyForcibly(); // SIGKILL
            return;
          }
          try {
            Thread.sleep(10);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "kill-watcher");
      watcher.start();
      try (java.io.BufferedReader out = new java.io.BufferedReader(
          new java.io.InputStreamReader(child.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
        for (String l = out.readLine(); l != null; l = out.readLine()) {
          printed.append(l).append('\n');
          if (atLine.test(l)) {
            killed.set(true);
            child.destroyForcibly(); // SIGKILL
            break;
          }
        }
      }
      assertThat(child.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
      watcher.join();
      assertThat(killed.get()).as("the child met %s before it ended:%n%s", trigger, printed).isTrue();
      assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
      return printed.toString();
    }

    /**
     * Each table is readable and either the uninterrupted run's (committed whole) or not there (no
     * commit yet: a kill during a table's first write can leave an empty {@code _delta_log}). The
     * tables every feed's job writes its own partition of (the raw quarantine, the cleaned rejects)
     * hold, for each feed written so far, exactly the run's rows of that feed.
     */
    private void assertEachTableIsTheRunsOrNotWritten(Settings s) throws java.io.IOException {
      for (String t : Table.ids()) {
        if (t.endsWith("/job_watermarks")) continue;
        if (!hasCommit(Path.of(s.warehouseRoot(), t, "_delta_log"))) continue;
        Dataset<Row> expected = spark().read().format("delta").load(settings.warehouseRoot() + "/" + t);
        Dataset<Row> actual = spark().read().format("delta").load(s.warehouseRoot() + "/" + t);
        if (t.equals("raw/quarantined_records") || t.equals("cleaned/rejected_records")) {
          List<String> feeds = lines(actual.select("feed").distinct());
          expected = expected.filter(col("feed").isin(feeds.toArray()));
        }
        assertThat(lines(actual)).as(t).isEqualTo(lines(expected));
      }
    }

    private void assertTablesAreTheRuns(Settings s, String... layers) {
      int compared = 0;
      for (String t : Table.ids()) {
        if (t.endsWith("/job_watermarks") || java.util.Arrays.stream(layers).noneMatch(t::startsWith)) continue;
        List<String> expected = lines(spark().read().format("delta").load(settings.warehouseRoot() + "/" + t));
        assertThat(lines(spark().read().format("delta").load(s.warehouseRoot() + "/" + t))).as(t).isEqualTo(expected);
        compared += expected.size();
      }
      // Something was compared: the hand-made raw layer alone has 71 rows.
      assertThat(compared).isGreaterThan(50);
    }
  }

  /**
   * The packaged jar, unchanged, on a Spark standalone cluster (a master and two one-core workers on
   * loopback, executors in JVMs of their own: closures serialised, no static state or driver-side
   * file shared) with its landing and warehouse on HDFS (a name node and a data node on loopback),
   * submitted the way the README's cluster section and the DAGs do it ({@code IPCUBE_ENV=cluster},
   * the roots as {@code hdfs://} URIs in the environment, {@code spark-submit --class
   * org.ipcube.cli.IpcubeCli ipcube.jar run ...}): every table it writes for the hand-made
   * deliveries equals the local-mode run's above row for row, {@code report} on the cluster's
   * warehouse prints the same bulletin, and {@code publish} writes the exports under it. This
   * class runs at {@code integration-test}, after {@code package} made the jar.
   */
  @Nested
  class OnAStandaloneClusterWithHdfs {
    @Test
    void runWritesTheLocalRunsTablesAndReportAndPublishWorkOnItsWarehouse() throws Exception {
      Path work = tempDir("cluster");
      java.time.Duration timeout = java.time.Duration.ofMinutes(25);
      try (Hdfs hdfs = Hdfs.start(work.resolve("hdfs"));
          StandaloneCluster cluster = StandaloneCluster.start(Path.of("target"), work, 2, "2g")) {
        // Nothing of the landing or the warehouse is on a local path: the scan, the manifests'
        // checks, the readers, the Delta log, the exports and report's reads go through HDFS.
        hdfs.copyIn(Path.of(settings.landingRoot()), "/ipcube/landing");
        String warehouse = hdfs.uri() + "/ipcube/warehouse";
        Map<String, String> environment = Map.of("IPCUBE_ENV", "cluster",
            "IPCUBE_LANDING_ROOT", hdfs.uri() + "/ipcube/landing", "IPCUBE_WAREHOUSE_ROOT", warehouse);
        // cluster.conf sizes shuffles for national volume (200 partitions); the hand-made set needs 4.
        List<String> driver = new java.util.ArrayList<>(List.of("-Dipcube.spark.shuffle-partitions=4"));
        Hdfs.CLIENT_SETTINGS.forEach((k, v) -> driver.add("-D" + k + "=" + v));

        StandaloneCluster.Submitted run = cluster.submit(environment, driver, timeout,
            "run", "--from", FROM.toString(), "--to", TO.toString());
        assertThat(run.code()).as("ipcube run on the cluster:\n%s", run.errorsTail()).isZero();
        assertThat(run.output()).contains("marts  regional cube");
        assertThat(cluster.finishedTasksPerWorker(work)).as("tasks finished by each worker's executors")
            .hasSize(2).allSatisfy(n -> assertThat(n).isGreaterThan(100));

        assertThat(assertSameTables(settings.warehouseRoot(), warehouse)).isGreaterThan(10_000);

        StandaloneCluster.Submitted report = cluster.submit(environment, driver, timeout,
            "report", "--region", "330400", "--year", "2023");
        assertThat(report.code()).as("ipcube report on the cluster's warehouse:\n%s", report.errorsTail()).isZero();
        assertThat(report.output()).isEqualTo(ipcube("report", "--region", "330400", "--year", "2023").text())
            .contains("发明专利授权1件");

        StandaloneCluster.Submitted publish = cluster.submit(environment, driver, timeout, "publish", "--exports-only");
        assertThat(publish.code()).as("ipcube publish on the cluster:\n%s", publish.errorsTail()).isZero();
        String latest = hdfs.readString("/ipcube/warehouse/exports/LATEST");
        assertThat(latest).startsWith("v");
        assertThat(hdfs.readString("/ipcube/warehouse/exports/versions/" + latest.strip() + "/DATA_DICTIONARY.md"))
            .contains("regional_indicators");
      }
    }
  }
}
