package org.ipcube.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The shipped indicator catalogue and what it refuses (no Spark: the catalogue is plain data). */
class TestIndicatorCatalogue {
  private static final IndicatorCatalogue SHIPPED = IndicatorCatalogue.shipped();

  private static IndicatorCatalogue parse(String yaml) throws Exception {
    return IndicatorCatalogue.parse(new ObjectMapper(new YAMLFactory()).readTree(yaml), "test.yml");
  }

  @Test
  void everyDomainsIndicatorsAreThereWithTheirAggregation() {
    assertThat(SHIPPED.indicators().stream().collect(Collectors.groupingBy(IndicatorCatalogue.Indicator::domain, Collectors.counting())))
        .containsOnly(java.util.Map.entry("patent", 11L), java.util.Map.entry("trademark", 5L), java.util.Map.entry("pledge", 9L),
            java.util.Map.entry("gi", 5L));
    assertThat(SHIPPED.names("pledge", "distinct")).containsExactly("pledged_rights", "pledge_enterprises");
    assertThat(SHIPPED.names("gi", "distinct")).containsExactly("gi_products", "gi_total");
    assertThat(SHIPPED.names("patent", "ratio")).containsExactly("valid_inventions_per_10k", "high_value_per_10k", "high_value_per_100yi_gdp");
    assertThat(SHIPPED.overlappingBreakdowns()).containsExactly("sei", "overseas", "maintained", "pledge", "award");
    assertThat(SHIPPED.breakdownsNotSummedIntoTotal()).containsExactly("sei", "overseas", "maintained", "pledge", "award",
        "applicant_university", "applicant_research_institute", "applicant_enterprise", "applicant_public_body", "applicant_individual",
        "applicant_unknown", "service", "non_service", "service_unknown");
    assertThat(SHIPPED.indicator("patent_applications").incomplete()).isEqualTo("recent_months");
    assertThat(SHIPPED.indicator("pct_national_phase_entries").incomplete()).isEqualTo("recent_months");
    assertThat(SHIPPED.indicators()).filteredOn(i -> !i.name().equals("patent_applications") && !i.name().equals("pct_national_phase_entries"))
        .allSatisfy(i -> assertThat(i.incomplete()).isEqualTo("none"));
  }

  @Test
  void everyRatioDividesAnIndicatorOfItsOwnDomain() {
    for (IndicatorCatalogue.Indicator r : SHIPPED.indicators().stream().filter(IndicatorCatalogue.Indicator::isRatio).toList()) {
      String numerator = r.numerator().split(" ")[0];
      assertThat(SHIPPED.indicator(numerator).domain()).as(r.name()).isEqualTo(r.domain());
      assertThat(r.breakdowns()).as(r.name()).containsExactly("total");
    }
  }

  @Test
  void theDimensionHasOneLabelledRowPerIndicatorAndBreakdown() {
    List<Row> rows = SHIPPED.dimensionRows();
    assertThat(rows).hasSize(SHIPPED.indicators().stream().mapToInt(i -> i.breakdowns().size()).sum());
    assertThat(rows.stream().filter(r -> r.getString(0).equals("valid_patents") && r.getString(1).equals("invention"))
        .map(Row::toString).toList()).containsExactly("[valid_patents,invention,patent_type,patent,有效专利拥有量,发明专利,有效专利拥有量 · 发明专利,件,"
            + "additive,null,null,stock,year, quarter, month,false,false," + SHIPPED.indicator("valid_patents").rule() + "]");
    assertThat(rows.stream().filter(r -> r.getBoolean(13)).map(r -> r.getString(1)).toList())
        .containsExactly("sei", "overseas", "maintained", "pledge", "award");
    assertThat(rows.stream().filter(r -> r.getString(0).equals("patent_grants") && "service_type".equals(r.getString(2)))
        .map(r -> r.getString(1) + "=" + r.getString(5)).toList()).containsExactly("service=职务", "non_service=非职务", "service_unknown=职务类别不详");
    assertThat(Table.MARTS_DIM_INDICATORS.schema().columns()).hasSize(rows.get(0).size());
  }

  @Test
  void theDataDictionaryListsEveryIndicator() {
    assertThat(DataDictionary.markdown()).contains(SHIPPED.indicators().stream().map(i -> "| `" + i.name() + "` | " + i.domain() + " | "
        + i.labelZh() + " | " + i.unit() + " |").toList());
  }

  @Test
  void anOverviewColumnNamesAnIndicatorAndOneOfItsBreakdowns() throws Exception {
    assertThat(SHIPPED.overview()).extracting(IndicatorCatalogue.OverviewColumn::column).startsWith("patent_grants", "invention_grants")
        .doesNotHaveDuplicates();
    assertThat(SHIPPED.overview()).filteredOn(c -> c.column().equals("valid_inventions")).singleElement()
        .extracting(IndicatorCatalogue.OverviewColumn::labelZh).isEqualTo("有效专利拥有量 · 发明专利");
    String catalogue = """
        breakdown_labels: {total: 合计, invention: 发明专利}
        indicators:
          - {name: patent_grants, domain: patent, label_zh: 专利授权量, unit: 件, aggregation: additive, period_kind: flow,
             period_types: [year], breakdowns: [total, invention], rule: a rule}
        overview:
          - {column: %s, indicator: %s, breakdown: %s}
        """;
    assertThat(parse(catalogue.formatted("invention_grants", "patent_grants", "invention")).overview())
        .containsExactly(new IndicatorCatalogue.OverviewColumn("invention_grants", "patent_grants", "invention", "专利授权量 · 发明专利", "件"));
    assertThatThrownBy(() -> parse(catalogue.formatted("design_grants", "patent_grants", "design")))
        .hasMessageContaining("Overview column 'design_grants' in test.yml is not valid.")
        .hasMessageContaining("'design' is not one of patent_grants's breakdowns [total, invention]");
    assertThatThrownBy(() -> parse(catalogue.formatted("grants", "grants", "total"))).hasMessageContaining("indicator 'grants' is not in the catalogue");
    assertThatThrownBy(() -> parse(catalogue.formatted("Invention-Grants", "patent_grants", "total"))).hasMessageContaining("snake_case");
  }

  @Test
  void anEntryThatBreaksTheRulesIsRefusedNamingItAndWhy() throws Exception {
    String entry = """
        breakdown_labels: {total: 合计, invention: 发明专利}
        indicators:
          - {name: grants_per_km2, domain: patent, label_zh: 每平方公里专利, unit: 件/km2, aggregation: %s,%s
             period_kind: flow, period_types: [year], breakdowns: [%s], rule: a rule}
        """;
    assertThatThrownBy(() -> parse(entry.formatted("sum", "", "total")))
        .isInstanceOf(IpcubeException.class).hasMessageContaining("Indicator 'grants_per_km2' in test.yml is not valid.")
        .hasMessageContaining("aggregation 'sum' is not one of [additive, distinct, ratio]");
    assertThatThrownBy(() -> parse(entry.formatted("ratio", "", "total")))
        .hasMessageContaining("a ratio, and only a ratio, has a numerator and a denominator");
    assertThatThrownBy(() -> parse(entry.formatted("additive", " partitions: {patent_type: [invention], other: [invention]},",
        "total, invention")))
        .hasMessageContaining("breakdown 'invention' must be in exactly one partition (it is in 2)");
    assertThatThrownBy(() -> parse(entry.formatted("additive", "", "invention, design")))
        .hasMessageContaining("its breakdowns must start with total").hasMessageContaining("breakdown 'design' has no entry in breakdown_labels");
    assertThatThrownBy(() -> parse(entry.formatted("ratio", " numerator: patent_grants, denominator: area,", "total")))
        .hasMessageContaining("a ratio's numerator is written 'indicator (breakdown)'");
    assertThatThrownBy(() -> parse(entry.formatted("ratio", " numerator: patent_grants (total), denominator: area,"
        + " denominator_statistic: {indicator: area, year: next},", "total")))
        .hasMessageContaining("denominator_statistic belongs to a ratio and needs an indicator and year previous or same");
    IndicatorCatalogue ok = parse(entry.formatted("ratio", " numerator: patent_grants (total), denominator: area,"
        + " denominator_statistic: {indicator: area, year: same},", "total"));
    assertThat(ok.indicators().get(0).denominatorStatistic()).isEqualTo(new IndicatorCatalogue.Statistic("area", "same"));
  }
}
