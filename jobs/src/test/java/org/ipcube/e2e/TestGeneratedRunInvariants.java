package org.ipcube.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.ipcube.cli.Pipeline;
import org.ipcube.common.IndicatorCatalogue;
import org.ipcube.common.Settings;
import org.ipcube.common.Table;
import org.ipcube.feeds.patents.PatentFeedGenerator;
import org.ipcube.feeds.gi.GiFeedGenerator;
import org.ipcube.feeds.pledges.PledgeFeedGenerator;
import org.ipcube.feeds.trademarks.TrademarkFeedGenerator;
import org.ipcube.feeds.stats.StatsFeedGenerator;
import org.ipcube.testing.SparkTestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A generated national-style run (every kind of dirt at 5 %): the invariants that must hold on
 * any input, and idempotency: running the same dates again leaves every table identical.
 */
class TestGeneratedRunInvariants extends SparkTestBase {
  private static final LocalDate FROM = LocalDate.parse("2022-01-01");
  private static final LocalDate TO = LocalDate.parse("2023-03-31");
  private static Settings settings;
  private static Map<String, List<String>> firstRun;

  @BeforeAll
  static void generateAndRun() {
    Path landing = tempDir("landing");
    PatentFeedGenerator patents = new PatentFeedGenerator(new PatentFeedGenerator.Params(FROM, TO, 2500, 7L, 0.05, 400), landing);
    patents.generate();
    TrademarkFeedGenerator trademarks = new TrademarkFeedGenerator(new TrademarkFeedGenerator.Params(FROM, TO, 1500, 7L, 0.05, 400),
        landing, patents.deliveryDates(), patents.sampler());
    trademarks.generate();
    new PledgeFeedGenerator(new PledgeFeedGenerator.Params(FROM, TO, 150, 7L, 0.05, 400), landing, patents.deliveryDates())
        .generate(trademarks.pledges(), trademarks.pledgeableRights(), patents.sampler());
    new GiFeedGenerator(new GiFeedGenerator.Params(FROM, TO, 80, 300, 7L, 0.05, 400), landing, patents.deliveryDates(),
        patents.sampler()).generate(trademarks.giMarks());
    new StatsFeedGenerator(new StatsFeedGenerator.Params(FROM.getYear() - 1, TO.getYear(), 7L, TO)).generate(landing);
    settings = settings(landing, tempDir("warehouse"));
    assertThat(Pipeline.run(spark(), settings, FROM, TO)).isZero();
    firstRun = snapshot();
  }

  private static Dataset<Row> table(String layerAndName) {
    return spark().read().format("delta").load(settings.warehouseRoot() + "/" + layerAndName);
  }

  /** Every data table's rows; the job watermarks are left out (they record versions and times, which a rerun advances). */
  private static Map<String, List<String>> snapshot() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String t : Table.ids()) {
      if (!t.endsWith("/job_watermarks")) out.put(t, lines(table(t)));
    }
    return out;
  }

  @Test
  void countiesPlusUnknownAddUpToCitiesAndCitiesToProvinces() {
    Object[] additive = IndicatorCatalogue.shipped().indicators().stream().filter(IndicatorCatalogue.Indicator::isAdditive)
        .map(IndicatorCatalogue.Indicator::name).toArray();
    table("marts/regional_indicators").filter(functions.col("indicator").isin(additive)).createOrReplaceTempView("cube");
    for (String[] pair : new String[][] {{"county", "city", "concat(substr(c.region_code, 1, 4), '00')"},
        {"city", "province", "concat(substr(c.region_code, 1, 2), '0000')"}}) {
      Dataset<Row> mismatches = spark().sql(
          "SELECT p.region_code, p.indicator, p.breakdown, p.view, p.boundary, p.period_id, p.value, sum(c.value) AS children "
              + "FROM cube p JOIN cube c ON c.region_level = '" + pair[0] + "' AND " + pair[2] + " = p.region_code "
              + "AND c.indicator = p.indicator AND c.breakdown = p.breakdown AND c.view = p.view AND c.boundary = p.boundary "
              + "AND c.period_id = p.period_id "
              + "WHERE p.region_level = '" + pair[1] + "' "
              + "GROUP BY p.region_code, p.indicator, p.breakdown, p.view, p.boundary, p.period_id, p.value "
              + "HAVING abs(p.value - sum(c.value)) > 1e-9");
      assertThat(mismatches.count()).as(pair[0] + " → " + pair[1]).isZero();
    }
    long checked = spark().sql("SELECT count(*) FROM cube WHERE region_level = 'city'").first().getLong(0);
    assertThat(checked).isGreaterThan(1000);
  }

  @Test
  void distinctCountsAreCountedAtEachLevelNotSummed() {
    Dataset<Row> cities = parentsAgainstChildren("pledge_enterprises", "county", "city", 4);
    assertThat(cities.count()).isGreaterThan(100);
    assertThat(cities.filter("value > summed OR value < largest").count()).isZero();
    Dataset<Row> provinces = parentsAgainstChildren("gi_products", "city", "province", 2);
    assertThat(provinces.count()).isPositive();
    assertThat(provinces.filter("value > summed OR value < largest").count()).isZero();
    assertThat(provinces.filter("value < summed").count()).as("some product spans two cities").isPositive();
    Row amounts = table("marts/regional_indicators").filter("region_level = 'nation' AND period_type = 'year' AND view = 'latest' "
        + "AND boundary = 'as_is' AND breakdown = 'total' AND period_year = 2022").groupBy().pivot("indicator",
            List.of("pledge_amount", "patent_pledge_amount", "trademark_pledge_amount")).sum("value").first();
    assertThat(amounts.getDouble(1) + amounts.getDouble(2)).isGreaterThanOrEqualTo(amounts.getDouble(0) - 1e-9);
  }

  @Test
  void theNationIsTheSumOfMainlandProvincesOnly() {
    Row r = spark().sql("SELECT n.value, sum(p.value) FROM cube n JOIN cube p ON p.region_level = 'province' AND p.is_mainland "
        + "AND p.indicator = n.indicator AND p.breakdown = n.breakdown AND p.view = n.view AND p.boundary = n.boundary "
        + "AND p.period_id = n.period_id WHERE n.region_level = 'nation' AND n.indicator = 'patent_grants' AND n.breakdown = 'total' "
        + "AND n.view = 'latest' AND n.boundary = 'as_is' AND n.period_type = 'year' AND n.period_year = 2022 GROUP BY n.value").first();
    assertThat(r.getDouble(0)).isEqualTo(r.getDouble(1)).isGreaterThan(0);
  }

  @Test
  void everyDeliveredRecordIsLoadedQuarantinedOrSuperseded() {
    Dataset<Row> d = table("raw/deliveries");
    for (String feed : new String[] {"patent_biblio", "patent_legal", "trademark", "pledge", "gi", "stats"}) {
      Row r = d.filter("feed = '" + feed + "'").selectExpr("sum(manifest_records)",
          "coalesce(sum(CASE WHEN status = 'loaded' THEN loaded_records + quarantined_records END), 0)",
          "coalesce(sum(CASE WHEN status = 'superseded' THEN manifest_records END), 0)").first();
      assertThat(r.getLong(1) + r.getLong(2)).as(feed).isEqualTo(r.getLong(0));
    }
    long biblioQuarantined = assertAccounted("patent_biblio", "raw/patent_biblio_records", table("cleaned/patents").count(),
        sum("cleaned/patents", "versions_delivered - 1"));
    assertThat(biblioQuarantined).isPositive();
    long duplicates = sum("cleaned/patent_legal_events", "copies_delivered - 1");
    assertAccounted("patent_legal", "raw/patent_legal_events", table("cleaned/patent_legal_events").count(), duplicates);
    assertThat(duplicates).isPositive();
    long folded = sum("cleaned/pledge_events", "deliveries_seen - 1");
    assertAccounted("pledge", "raw/pledge_registrations", table("cleaned/pledge_events").count(), folded);
    assertThat(folded).isPositive();
    long marksFolded = sum("cleaned/trademarks", "lines_folded");
    assertAccounted("trademark", "raw/trademark_records", table("cleaned/trademark_versions").count(), marksFolded);
    assertThat(marksFolded).as("older states delivered late").isPositive();
    assertAccounted("gi", "raw/gi_records",
        table("cleaned/gi_product_versions").count() + table("cleaned/gi_user_versions").count(),
        sum("cleaned/gi_product_versions", "CASE WHEN known_to IS NULL THEN lines_folded END")
            + sum("cleaned/gi_user_versions", "CASE WHEN known_to IS NULL THEN lines_folded END"));
  }

  /** Each parent row of a distinct count with the sum and the largest of its children's values. */
  private static Dataset<Row> parentsAgainstChildren(String indicator, String childLevel, String parentLevel, int prefix) {
    table("marts/regional_indicators").filter("indicator = '" + indicator + "'").createOrReplaceTempView(indicator);
    String pad = "0".repeat(6 - prefix);
    return spark().sql("SELECT p.value, sum(c.value) AS summed, max(c.value) AS largest FROM " + indicator + " p "
        + "JOIN " + indicator + " c ON c.region_level = '" + childLevel + "' AND concat(substr(c.region_code, 1, " + prefix + "), '" + pad
        + "') = p.region_code AND c.view = p.view AND c.boundary = p.boundary AND c.period_id = p.period_id "
        + "AND c.breakdown = p.breakdown WHERE p.region_level = '" + parentLevel + "' "
        + "GROUP BY p.region_code, p.view, p.boundary, p.period_id, p.breakdown, p.value");
  }

  private static long sum(String table, String expression) {
    return table(table).selectExpr("coalesce(sum(" + expression + "), 0)").first().getLong(0);
  }

  /** Raw rows = rows kept by the clean job + rows it quarantined + rows folded into kept ones; returns the quarantined. */
  private static long assertAccounted(String feed, String rawTable, long kept, long folded) {
    long quarantined = table("cleaned/rejected_records").filter("feed = '" + feed + "'").count();
    assertThat(kept + quarantined + folded).as(feed).isEqualTo(table(rawTable).count());
    return quarantined;
  }

  @Test
  void foreignAndNonMainlandOwnersAreKeptButNotInTheNation() {
    long nonMainland = table("cleaned/patents").filter("NOT applicant_is_mainland").count();
    assertThat(nonMainland).isPositive();
    assertThat(table("marts/regional_indicators").filter("region_code = '900000' AND indicator = 'patent_applications'").count())
        .isPositive();
  }

  /**
   * Every cube row has a member in each dimension (what publish's foreign keys need): trademark
   * rows of foreign owners sat at a bare 900000 on county and city level, with no dim_regions
   * member there, and publishing to PostgreSQL failed on the null region_id.
   */
  @Test
  void everyCubeRowHasARegionAndAPeriodMember() {
    assertThat(table("marts/regional_indicators").filter("region_id IS NULL OR period_id IS NULL")
        .selectExpr("concat(domain, ' ', region_code, '/', region_level)").distinct().limit(10).collectAsList())
        .as("cube rows without a dimension member").isEmpty();
    assertThat(table("marts/regional_indicators").filter("domain = 'trademark' AND region_code = '909999'").count())
        .as("foreign trademark owners in the foreign unknown county").isPositive();
  }

  /**
   * As was, no figure sits on a code that was not valid when it was counted (a flow on its event
   * date, a stock on its period end): every county and city row of a counted figure is a member
   * listed in the division snapshot of its period's year (or an unknown member).
   */
  @Test
  void asWasNoFigureIsOnACodeNotValidInItsPeriod() {
    table("marts/dim_regions").createOrReplaceTempView("regions");
    table("marts/regional_indicators").createOrReplaceTempView("cube_rows");
    int first = org.ipcube.region.Divisions.shipped().firstYear();
    int latest = org.ipcube.region.Divisions.shipped().latestYear();
    List<String> misplaced = lines(spark().sql("""
        SELECT DISTINCT c.region_level, c.region_code, c.period_year, c.indicator
        FROM cube_rows c JOIN regions r ON r.region_code = c.region_code AND r.region_level = c.region_level
        WHERE c.boundary = 'as_was' AND c.region_level IN ('county', 'city') AND c.value <> 0 AND NOT r.is_unknown
          AND NOT greatest(%d, least(%d, c.period_year)) BETWEEN r.first_year AND r.last_year
        ORDER BY 1, 2, 3, 4 LIMIT 20""".formatted(first, latest)));
    assertThat(misplaced).as("as-was figures on codes not valid in their period's year").isEmpty();
  }

  /** The catalogue is what the cube holds: no row outside it, and every indicator of it there that the data can give. */
  @Test
  void everyCubeRowIsAnIndicatorBreakdownUnitAndPeriodTypeOfTheCatalogue() {
    table("marts/regional_indicators").createOrReplaceTempView("cube_rows");
    table("marts/dim_indicators").createOrReplaceTempView("catalogue");
    assertThat(lines(spark().sql("SELECT DISTINCT r.domain, r.indicator, r.breakdown, r.unit, r.period_type FROM cube_rows r "
        + "LEFT ANTI JOIN catalogue d ON r.domain = d.domain AND r.indicator = d.indicator AND r.breakdown = d.breakdown "
        + "AND r.unit = d.unit AND array_contains(split(d.period_types, ', '), r.period_type)")))
        .as("cube rows whose indicator, breakdown, unit or period type the catalogue does not have").isEmpty();
    List<String> inCube = lines(spark().sql("SELECT DISTINCT indicator FROM cube_rows"));
    // The generator grants an invention 14 to 40 months after filing. The only inventions granted in
    // these fifteen months of deliveries are PCT national-phase ones (filed abroad 18-20 months before
    // they enter, most by foreign applicants), too few for the per-10k and per-GDP ratios of the
    // regions with statistics: those ratios are the catalogue's only indicators this cube lacks.
    assertThat(IndicatorCatalogue.shipped().indicators().stream().map(IndicatorCatalogue.Indicator::name).filter(i -> !inCube.contains(i)))
        .containsExactlyInAnyOrder("valid_inventions_per_10k", "high_value_per_10k", "high_value_per_100yi_gdp");
    assertThat(inCube).contains("pct_national_phase_entries", "high_value_inventions");
  }

  /**
   * The Zhejiang notice's grant table (发明 / 实用新型 / 外观设计 | 大专院校 / 科研单位 / 企业 / 机关团体 / 个人 |
   * 职务 / 非职务 | 合计), one row for the province and one per city, from the cube alone: the
   * header from the indicator dimension, and each row adding up to its total every way.
   */
  @Test
  void aProvincesGrantTableInTheNoticesLayoutAddsUpEveryWay() {
    List<String> layout = List.of("invention", "utility_model", "design", "applicant_university", "applicant_research_institute",
        "applicant_enterprise", "applicant_public_body", "applicant_individual", "service", "non_service", "total");
    Map<String, String> labels = new LinkedHashMap<>();
    table("marts/dim_indicators").filter("indicator = 'patent_grants'").collectAsList()
        .forEach(r -> labels.put(r.getAs("breakdown"), r.getAs("breakdown_label_zh")));
    assertThat(layout.stream().map(labels::get)).containsExactly("发明专利", "实用新型专利", "外观设计专利", "大专院校", "科研单位", "企业",
        "机关团体", "个人", "职务", "非职务", "合计");

    List<String> breakdowns = new java.util.ArrayList<>(labels.keySet());
    List<Row> rows = table("marts/regional_indicators").filter("indicator = 'patent_grants' AND view = 'latest' AND boundary = 'as_is' "
            + "AND period_type = 'year' AND period_year = 2022 AND region_code LIKE '33%' AND region_level IN ('province', 'city')")
        .groupBy("region_code").pivot("breakdown", new java.util.ArrayList<>(breakdowns)).sum("value").na().fill(0.0).collectAsList();
    assertThat(rows).hasSizeGreaterThan(5);
    for (Row r : rows) {
      double total = r.getAs("total");
      assertThat(total).as(r.<String>getAs("region_code")).isPositive();
      for (String family : List.of("invention utility_model design", "applicant_university applicant_research_institute "
          + "applicant_enterprise applicant_public_body applicant_individual applicant_unknown", "service non_service service_unknown")) {
        assertThat(java.util.Arrays.stream(family.split(" ")).mapToDouble(b -> r.<Double>getAs(b)).sum())
            .as(r.<String>getAs("region_code") + ": " + family).isEqualTo(total);
      }
    }
    Row province = rows.stream().filter(r -> r.<String>getAs("region_code").equals("330000")).findFirst().orElseThrow();
    assertThat(province.<Double>getAs("applicant_enterprise")).as("enterprises file most patents")
        .isGreaterThan(province.<Double>getAs("applicant_university")).isGreaterThan(province.<Double>getAs("applicant_public_body"));
    assertThat(province.<Double>getAs("service")).isGreaterThan(province.<Double>getAs("non_service")).isPositive();
  }

  /**
   * CNIPA's national table by origin (国内 | 港澳台 | 国外 | 合计, by patent type) from the generated
   * cube, through the very SQL of the published views (run here by Spark over global temp views):
   * 国内 is the nation row, the others are the non-mainland members the generator's foreign and
   * Hong Kong / Macao / Taiwan applicants land in, and each origin's types add up to its total.
   */
  @Test
  void theNationsGrantsAndPctEntriesByOriginAreTheNationRowAndItsNonMainlandMembers() {
    for (String t : List.of("regional_indicators", "dim_regions", "dim_periods", "dim_indicators")) {
      table("marts/" + t).createOrReplaceGlobalTempView(t);
    }
    spark().sql(org.ipcube.serving.ConvenienceViews.figuresSql("global_temp")).createOrReplaceGlobalTempView("figures");
    double[] grants = originsAddUp("patent_grants");
    assertThat(grants[1]).as("grants of Hong Kong, Macao and Taiwan applicants").isPositive();
    assertThat(grants[2]).as("grants of foreign applicants").isGreaterThan(grants[1]);
    // Most PCT applications entering China are foreign; domestic applicants' entries are the regions' rows.
    double[] entries = originsAddUp("pct_national_phase_entries");
    assertThat(entries[0]).as("PCT entries of mainland applicants").isPositive();
    assertThat(entries[2]).as("PCT entries of foreign applicants").isGreaterThan(entries[0]);
  }

  /**
   * Checks one indicator's yearly origin rows (国内 is the nation row, the types add up to each
   * origin's total, the origins to all) and returns its totals over the years: 国内, 港澳台, 国外.
   */
  private double[] originsAddUp(String indicator) {
    List<Row> origins = spark().sql(org.ipcube.serving.ConvenienceViews.nationalOriginsSql("global_temp"))
        .filter("indicator = '" + indicator + "' AND period_type = 'year'").collectAsList();
    Map<String, double[]> byYearAndBreakdown = new LinkedHashMap<>();
    double[] totals = new double[3];
    for (Row r : origins) {
      double[] v = {zero(r.getAs("domestic")), zero(r.getAs("hong_kong_macao_taiwan")), zero(r.getAs("foreign_countries")),
          r.<Double>getAs("all_origins")};
      assertThat(v[0] + v[1] + v[2]).as(indicator + ": all origins").isEqualTo(v[3]);
      byYearAndBreakdown.put(r.<Integer>getAs("period_year") + "/" + r.<String>getAs("breakdown"), v);
      if (r.<String>getAs("breakdown").equals("total")) {
        for (int o = 0; o < 3; o++) totals[o] += v[o];
      }
    }
    assertThat(byYearAndBreakdown).as(indicator + " by origin").isNotEmpty();
    for (Row nation : table("marts/regional_indicators").filter("indicator = '" + indicator + "' AND region_level = 'nation' "
        + "AND view = 'latest' AND boundary = 'as_is' AND period_type = 'year' "
        + "AND breakdown IN ('total', 'invention', 'utility_model', 'design')").collectAsList()) {
      assertThat(byYearAndBreakdown.get(nation.<Integer>getAs("period_year") + "/" + nation.<String>getAs("breakdown"))[0])
          .as(indicator + ": 国内 is the nation row").isEqualTo(nation.<Double>getAs("value"));
    }
    for (String year : byYearAndBreakdown.keySet().stream().map(k -> k.split("/")[0]).distinct().toList()) {
      for (int origin = 0; origin < 4; origin++) {
        int o = origin;
        double types = java.util.stream.Stream.of("invention", "utility_model", "design")
            .mapToDouble(b -> byYearAndBreakdown.getOrDefault(year + "/" + b, new double[4])[o]).sum();
        assertThat(types).as(indicator + " " + year + " origin " + o + ": the types add up to the total")
            .isEqualTo(byYearAndBreakdown.getOrDefault(year + "/total", new double[4])[o]);
      }
    }
    return totals;
  }

  private static double zero(Double v) {
    return v == null ? 0 : v;
  }

  @Test
  void runningTheSameDatesAgainLeavesEveryTableIdentical() {
    assertThat(Pipeline.run(spark(), settings, FROM, TO)).isZero();
    Map<String, List<String>> second = snapshot();
    for (String t : firstRun.keySet()) {
      assertThat(second.get(t)).as(t).hasSameSizeAs(firstRun.get(t)).isEqualTo(firstRun.get(t));
    }
  }
}
