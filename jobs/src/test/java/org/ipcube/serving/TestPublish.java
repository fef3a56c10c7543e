package org.ipcube.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.ipcube.common.DeltaTables;
import org.ipcube.common.IndicatorCatalogue;
import org.ipcube.common.IpcubeException;
import org.ipcube.common.Settings;
import org.ipcube.common.Table;
import org.ipcube.common.TableSchema;
import org.ipcube.testing.SparkTestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Publishing to a real PostgreSQL (the one {@code .ci/run} installs and starts: IPCUBE_TEST_PG_URL,
 * IPCUBE_TEST_PG_USER, IPCUBE_TEST_PG_PASSWORD; with IPCUBE_TEST_PG_REQUIRED=1 a missing database
 * fails instead of skipping) and to the Parquet exports, on a five-row cube.
 */
class TestPublish extends SparkTestBase {
  private static final String URL = System.getenv("IPCUBE_TEST_PG_URL");
  private static Settings settings;

  /** A row of a published table: the given values, and for the other columns null or, when not nullable, a plain default. */
  private static Row row(TableSchema schema, Map<String, Object> values) {
    List<Object> out = new ArrayList<>();
    for (TableSchema.ColumnSpec c : schema.columns()) {
      Object v = values.get(c.name());
      if (v == null && !c.nullable()) {
        if (c.type().equals(DataTypes.BooleanType)) v = false;
        else if (c.type().equals(DataTypes.IntegerType)) v = 0;
        else if (c.type().equals(DataTypes.LongType)) v = 0L;
        else if (c.type().equals(DataTypes.DoubleType)) v = 0.0;
        else if (c.type().equals(DataTypes.DateType)) v = LocalDate.of(2023, 12, 31);
        else v = "-";
      }
      out.add(v);
    }
    return RowFactory.create(out.toArray());
  }

  private static Dataset<Row> frame(String table, List<Map<String, Object>> rows) {
    TableSchema s = TableSchema.of("marts", table);
    return spark().createDataFrame(rows.stream().map(r -> row(s, r)).toList(), s.structType());
  }

  private static Map<String, Object> fact(String code, String level, double value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("domain", "patent");
    m.put("region_id", Integer.parseInt(code) * 10 + level.length());
    m.put("region_code", code);
    m.put("region_level", level);
    m.put("period_id", 20230000);
    m.put("period_type", "year");
    m.put("period_year", 2023);
    m.put("indicator", "patent_grants");
    m.put("breakdown", "total");
    m.put("view", "latest");
    m.put("boundary", "as_is");
    m.put("value", value);
    m.put("unit", "件");
    m.put("is_mainland", true);
    return m;
  }

  private static List<Map<String, Object>> facts(int extra) {
    List<Map<String, Object>> f = new ArrayList<>(List.of(fact("330000", "province", 10), fact("330400", "city", 6),
        fact("330402", "county", 4), fact("330100", "city", 4), fact("330106", "county", 4)));
    for (int i = 0; i < extra; i++) f.add(fact("3304" + (81 + i), "county", 1));
    return f;
  }

  private static Map<String, Object> region(String code, String level, String name) {
    return Map.of("region_id", Integer.parseInt(code) * 10 + level.length(), "region_code", code, "region_level", level,
        "region_name", name, "province_code", code.substring(0, 2) + "0000");
  }

  private static Map<String, Dataset<Row>> tables(int extraFacts) {
    Map<String, Dataset<Row>> t = new LinkedHashMap<>();
    List<Map<String, Object>> regions = new ArrayList<>(List.of(region("330000", "province", "浙江省"), region("330100", "city", "杭州市"),
        region("330106", "county", "西湖区"), region("330400", "city", "嘉兴市, \"南湖\""), region("330402", "county", "南湖区")));
    for (int i = 0; i < 3; i++) regions.add(region("3304" + (81 + i), "county", "县" + i));
    t.put("dim_regions", frame("dim_regions", regions));
    t.put("dim_periods", frame("dim_periods", List.of(Map.of("period_id", 20230000, "period_type", "year", "period_year", 2023,
        "period_label", "2023"))));
    t.put("dim_indicators", spark().createDataFrame(IndicatorCatalogue.shipped().dimensionRows(),
        Table.MARTS_DIM_INDICATORS.schema().structType()));
    t.put("cubes", frame("cubes", List.of(Map.of("domain", "patent", "as_of_date", java.time.LocalDate.parse("2023-12-26"),
        "first_year", 2019, "last_year", 2023))));
    t.put("regional_indicators", frame("regional_indicators", facts(extraFacts)));
    return t;
  }

  private static Connection owner() throws SQLException {
    return DriverManager.getConnection(URL, System.getenv("IPCUBE_TEST_PG_USER"), System.getenv("IPCUBE_TEST_PG_PASSWORD"));
  }

  private static List<String> query(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet r = st.executeQuery(sql)) {
      while (r.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) b.append(i > 1 ? "|" : "").append(r.getString(i));
        out.add(b.toString());
      }
    }
    return out;
  }

  @BeforeAll
  static void database() throws Exception {
    if (!"1".equals(System.getenv("IPCUBE_TEST_PG_REQUIRED"))) {
      assumeThat(URL).as("no test PostgreSQL configured (.ci/run provides one)").isNotNull();
    }
    assertThat(URL).as("IPCUBE_TEST_PG_URL (IPCUBE_TEST_PG_REQUIRED=1)").isNotNull();
    try (Connection c = owner(); Statement st = c.createStatement()) {
      for (String schema : query(c, "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'pubtest%'")) {
        st.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  @Test
  void aVersionIsLoadedAsideWithKeysIndexesAndCommentsThenSwitchedInAndRepublishingChangesNothing() throws Exception {
    try (Connection c = owner()) {
      Publisher.Result first = Publisher.publish(c, "pubtest", "v7", tables(0), 1, null);
      assertThat(first.loaded()).isTrue();
      assertThat(query(c, "SELECT region_code, value FROM pubtest.regional_indicators ORDER BY region_code")).containsExactly(
          "330000|10", "330100|4", "330106|4", "330400|6", "330402|4");
      assertThat(query(c, "SELECT region_name FROM pubtest.dim_regions WHERE region_code = '330400'")).containsExactly("嘉兴市, \"南湖\"");
      assertThat(query(c, "SELECT d.label_zh, d.unit, sum(f.value) FROM pubtest.regional_indicators f JOIN pubtest.dim_indicators d"
          + " USING (indicator, breakdown) WHERE f.region_level = 'city' GROUP BY 1, 2"))
          .as("a BI tool names the figure from the indicator dimension").containsExactly("专利授权量|件|10");
      assertThat(query(c, "SELECT col_description('pubtest_v7.regional_indicators'::regclass, 1)"))
          .containsExactly("patent | trademark | pledge | gi");
      assertThat(query(c, "SELECT count(*) FROM pg_indexes WHERE schemaname = 'pubtest_v7' AND tablename = 'regional_indicators'"))
          .containsExactly("4");
      Publisher.Result again = Publisher.publish(c, "pubtest", "v7", tables(3), 1, null);
      assertThat(again.loaded()).isFalse();
      assertThat(query(c, "SELECT count(*) FROM pubtest.regional_indicators")).containsExactly("5");
    }
  }

  @Test
  void aNewVersionReplacesTheViewsInOneSwitchAndOldVersionsBeyondTheRetentionGo() throws Exception {
    try (Connection c = owner()) {
      Publisher.publish(c, "pubtest_r", "v1", tables(0), 1, null);
      Publisher.publish(c, "pubtest_r", "v2", tables(1), 1, null);
      Publisher.publish(c, "pubtest_r", "v3", tables(2), 1, null);
      assertThat(query(c, "SELECT count(*) FROM pubtest_r.regional_indicators")).containsExactly("7");
      assertThat(query(c, "SELECT version, is_current FROM pubtest_r.published_versions ORDER BY version"))
          .containsExactly("v2|f", "v3|t");
      assertThat(query(c, "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'pubtest\\_r\\_%' ORDER BY 1"))
          .containsExactly("pubtest_r_v2", "pubtest_r_v3");
    }
  }

  @Test
  void aFailedLoadLeavesThePreviousVersionServedAndNothingAside() throws Exception {
    try (Connection c = owner()) {
      Publisher.publish(c, "pubtest_fail", "v1", tables(0), 1, null);
      Map<String, Dataset<Row>> broken = tables(0);
      // The same key twice: the version's primary key cannot be added, after its rows were copied in.
      broken.put("regional_indicators", frame("regional_indicators", List.of(fact("330400", "city", 6), fact("330400", "city", 7))));
      assertThatThrownBy(() -> Publisher.publish(c, "pubtest_fail", "v2", broken, 1, null))
          .isInstanceOf(IpcubeException.class)
          .hasMessageContaining("Publishing v2 to PostgreSQL failed; BI users still see version v1")
          .hasMessageContaining("nothing of v2 was left in the database");
      assertThat(query(c, "SELECT version FROM pubtest_fail.published_versions WHERE is_current")).containsExactly("v1");
      assertThat(query(c, "SELECT count(*) FROM pubtest_fail.regional_indicators")).containsExactly("5");
      assertThat(query(c, "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'pubtest\\_fail\\_%'")).containsExactly("pubtest_fail_v1");
    }
  }

  /** A cube row of 2023 (or {@code year}) on the usual defaults unless {@code view} / {@code boundary} say otherwise. */
  private static Map<String, Object> figure(String code, String level, int year, String indicator, String breakdown, String view,
      String boundary, double value, Double growth, Integer rank) {
    Map<String, Object> m = fact(code, level, value);
    m.put("period_id", year * 10000);
    m.put("period_year", year);
    m.put("indicator", indicator);
    m.put("breakdown", breakdown);
    m.put("view", view);
    m.put("boundary", boundary);
    m.put("unit", IndicatorCatalogue.shipped().indicator(indicator).unit());
    m.put("yoy_growth_pct", growth);
    m.put("sibling_rank", rank);
    m.put("sibling_count", rank == null ? null : 2L);
    m.put("share_of_parent_pct", rank == null ? null : value * 100 / 160584);
    return m;
  }

  /** The ```sql blocks of the README's usual questions, as written there. */
  private static List<String> readmeQuestions() throws java.io.IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    String section = readme.substring(readme.indexOf("<!-- usual-questions:start"), readme.indexOf("<!-- usual-questions:end -->"));
    List<String> out = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("```sql\n(.*?)```", java.util.regex.Pattern.DOTALL).matcher(section);
    while (m.find()) out.add(m.group(1));
    return out;
  }

  /**
   * The README's usual questions run as written on a cube that holds the traps of the star schema:
   * the same figure in the first-published view and on the as-was boundary, the grants' total and
   * another breakdown family next to the invention row, another year, the nation's non-mainland
   * members. Each answer is the one figure, not a sum of its versions.
   */
  @Test
  void theReadmesUsualQuestionsAreTwoOrThreeFiltersOnTheConvenienceViews() throws Exception {
    Map<String, Dataset<Row>> t = tables(0);
    t.put("dim_periods", frame("dim_periods", List.of(Map.of("period_id", 20230000, "period_type", "year", "period_year", 2023,
        "period_label", "2023"), Map.of("period_id", 20220000, "period_type", "year", "period_year", 2022, "period_label", "2022"))));
    t.put("dim_regions", frame("dim_regions", List.of(region("330000", "province", "浙江省"), region("330100", "city", "杭州市"),
        region("330400", "city", "嘉兴市"), region("000000", "nation", "全国"), region("710000", "province", "台湾省"),
        region("810000", "province", "香港特别行政区"), region("900000", "province", "国外"))));
    t.put("regional_indicators", frame("regional_indicators", List.of(
        figure("330400", "city", 2023, "patent_grants", "invention", "latest", "as_is", 4869, 23.8, 2),
        figure("330400", "city", 2023, "patent_grants", "invention", "first_published", "as_is", 4801, 22.1, 2),
        figure("330400", "city", 2023, "patent_grants", "invention", "latest", "as_was", 4870, 23.9, 2),
        figure("330400", "city", 2023, "patent_grants", "invention", "first_published", "as_was", 4802, 22.2, 2),
        figure("330400", "city", 2023, "patent_grants", "total", "latest", "as_is", 31250, 5.0, 2),
        figure("330400", "city", 2023, "patent_grants", "applicant_enterprise", "latest", "as_is", 4102, 25.0, 2),
        figure("330400", "city", 2022, "patent_grants", "invention", "latest", "as_is", 3933, 10.0, 2),
        figure("330400", "city", 2023, "valid_patents", "invention", "latest", "as_is", 30584, 18.2, 2),
        figure("330400", "city", 2023, "valid_patents", "invention", "latest", "as_was", 30590, 18.3, 2),
        figure("330100", "city", 2023, "valid_patents", "invention", "latest", "as_is", 130000, 15.0, 1),
        figure("330000", "province", 2023, "valid_patents", "invention", "latest", "as_is", 160584, 16.0, null),
        figure("330400", "city", 2023, "valid_inventions_per_10k", "total", "latest", "as_is", 55.1, null, 2),
        figure("330400", "city", 2023, "pledge_amount", "total", "latest", "as_is", 336.1, 40.2, 1),
        figure("330400", "city", 2023, "pledge_amount", "patent", "latest", "as_is", 300.0, 41.0, 1),
        figure("000000", "nation", 2023, "patent_grants", "total", "latest", "as_is", 800000, 3.0, null),
        figure("000000", "nation", 2023, "patent_grants", "total", "first_published", "as_is", 790000, 2.0, null),
        figure("000000", "nation", 2023, "patent_grants", "invention", "latest", "as_is", 90000, 15.0, null),
        figure("000000", "nation", 2023, "patent_grants", "applicant_enterprise", "latest", "as_is", 600000, 4.0, null),
        figure("810000", "province", 2023, "patent_grants", "total", "latest", "as_is", 3000, 1.0, null),
        figure("810000", "province", 2023, "patent_grants", "invention", "latest", "as_is", 1000, 1.0, null),
        figure("710000", "province", 2023, "patent_grants", "total", "latest", "as_is", 2000, 1.0, null),
        figure("710000", "province", 2023, "patent_grants", "invention", "latest", "as_is", 800, 1.0, null),
        figure("900000", "province", 2023, "patent_grants", "total", "latest", "as_is", 20000, 1.0, null),
        figure("900000", "province", 2023, "patent_grants", "invention", "latest", "as_is", 15000, 1.0, null),
        figure("900000", "province", 2023, "patent_grants", "invention", "latest", "as_was", 15001, 1.0, null))));
    List<String> questions = readmeQuestions();
    assertThat(questions).hasSize(4);
    try (Connection c = owner()) {
      Publisher.publish(c, "pubtest_sql", "v1", t, 0, null);
      List<List<String>> answers = new ArrayList<>();
      for (String sql : questions) answers.add(query(c, sql.replace("ipcube.", "pubtest_sql.")));
      assertThat(answers.get(0)).containsExactly("4869|23.8|30584|55.1|336.1");
      assertThat(answers.get(1)).containsExactly("4869|件|23.8|2|2");
      assertThat(answers.get(2)).containsExactly("杭州市|130000|81.0|1", "嘉兴市|30584|19.0|2");
      assertThat(answers.get(3)).as("国内 is the nation row; 港澳台 and 国外 its non-mainland members")
          .containsExactly("invention|专利授权量 · 发明专利|90000|1800|15000|106800", "total|专利授权量|800000|5000|20000|825000");
      assertThat(query(c, "SELECT col_description('pubtest_sql.regional_overview'::regclass, 10)"))
          .as("the overview's columns carry the catalogue's labels").containsExactly("专利授权量 (件); indicator patent_grants, breakdown total");
    }
  }

  /** The rows {@code sql} gives when {@code account} logs in (the way a BI tool connects). */
  private static List<String> asAccount(String account, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(URL, account, "bi-test")) {
      return query(c, sql);
    }
  }

  @Test
  void rowLevelSecurityOnceSetUpHoldsForEveryLaterPublishAndHidesTheMapping() throws Exception {
    try (Connection c = owner(); Statement st = c.createStatement()) {
      Publisher.publish(c, "pubtest_rls", "v1", tables(0), 1, new RowLevelSecurity());
      for (String account : List.of("pubtest_jiaxing", "pubtest_hangzhou", "pubtest_zhejiang", "pubtest_unlisted")) {
        st.execute("DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + account + "') THEN CREATE ROLE " + account
            + " LOGIN; END IF; END$$");
        st.execute("ALTER ROLE " + account + " LOGIN PASSWORD 'bi-test'");
      }
      st.execute("INSERT INTO pubtest_rls.account_regions VALUES ('pubtest_jiaxing', '330400'), ('pubtest_hangzhou', '330100'), "
          + "('pubtest_zhejiang', '330000')");
      // The nightly DAG publishes without the option: the security set up by the first publish holds.
      Publisher.publish(c, "pubtest_rls", "v2", tables(1), 1, null);
      assertThat(query(c, "SELECT version FROM pubtest_rls.published_versions WHERE is_current")).containsExactly("v2");
      assertThat(query(c, "SELECT count(*) FROM pubtest_rls.regional_indicators")).as("the owner is not restricted").containsExactly("6");
    }
    String cube = "SELECT region_code FROM pubtest_rls.regional_indicators ORDER BY 1";
    assertThat(asAccount("pubtest_jiaxing", cube)).containsExactly("330400", "330402", "330481");
    assertThat(asAccount("pubtest_hangzhou", cube)).containsExactly("330100", "330106");
    assertThat(asAccount("pubtest_zhejiang", cube)).containsExactly("330000", "330100", "330106", "330400", "330402", "330481");
    assertThat(asAccount("pubtest_unlisted", cube)).as("an account not listed sees no cube row").isEmpty();
    assertThat(asAccount("pubtest_unlisted", "SELECT count(*) FROM pubtest_rls.dim_regions")).as("dimensions stay readable")
        .containsExactly("8");
    String views = "SELECT (SELECT string_agg(region_code, ',' ORDER BY region_code) FROM pubtest_rls.figures), "
        + "(SELECT string_agg(region_code, ',' ORDER BY region_code) FROM pubtest_rls.regional_overview)";
    assertThat(asAccount("pubtest_hangzhou", views)).as("the convenience views apply the policy to whoever queries them")
        .containsExactly("330100,330106|330100,330106");
    assertThat(asAccount("pubtest_unlisted", views)).containsExactly("null|null");
    assertThatThrownBy(() -> asAccount("pubtest_jiaxing", "SELECT * FROM pubtest_rls.account_regions"))
        .as("the mapping is the owner's").hasMessageContaining("permission denied");
  }

  @Test
  void exportsArePlainParquetWithALatestPointerAndADictionary() throws Exception {
    Path warehouse = tempDir("warehouse");
    Path exports = tempDir("exports");
    Settings s = Settings.fromConfig(com.typesafe.config.ConfigFactory.parseMap(Map.of("ipcube.publish.exports-root",
        exports.toUri().toString())) // a Hadoop URI (file:///...), as hdfs:// or s3a:// would be
        .withFallback(com.typesafe.config.ConfigFactory.defaultReference())).withRoots("unused", warehouse.toString());
    for (var e : tables(0).entrySet()) {
      TableSchema t = TableSchema.of("marts", e.getKey());
      DeltaTables.overwrite(e.getValue(), t, s.tablePath("marts", t.name()));
    }
    for (String v : List.of("v3", "v4", "v5")) {
      Exports.write(spark(), s, v);
      Exports.makeLatest(spark(), s, v);
    }
    assertThat(Files.readString(exports.resolve("LATEST")).strip()).isEqualTo("v5");
    // A publish that fails after writing its export: the version is removed, LATEST stays.
    Exports.write(spark(), s, "v6");
    Exports.discard(spark(), s, "v6");
    assertThat(Files.readString(exports.resolve("LATEST")).strip()).isEqualTo("v5");
    assertThat(exports.resolve("versions/v6")).doesNotExist();
    try (Stream<Path> versions = Files.list(exports.resolve("versions"))) {
      assertThat(versions.map(p -> p.getFileName().toString()).sorted()).containsExactly("v4", "v5");
    }
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      assertThat(query(duck, "SELECT count(*), sum(value) FROM read_parquet('" + exports.resolve("versions/v5/regional_indicators")
          + "/*.parquet')")).containsExactly("5|28.0");
      assertThat(query(duck, "SELECT domain, as_of_date FROM read_parquet('" + exports.resolve("versions/v5/cubes") + "/*.parquet')"))
          .as("the cube's as-of date travels with it").containsExactly("patent|2023-12-26");
      assertThat(query(duck, "SELECT label_zh, unit, aggregation FROM read_parquet('" + exports.resolve("versions/v5/dim_indicators")
          + "/*.parquet') WHERE indicator = 'valid_patents' AND breakdown = 'invention'"))
          .containsExactly("有效专利拥有量 · 发明专利|件|additive");
    }
    assertThat(Files.readString(exports.resolve("DATA_DICTIONARY.md"))).contains("## regional_indicators", "## dim_regions",
        "| region_code | string | no |");
  }
}
