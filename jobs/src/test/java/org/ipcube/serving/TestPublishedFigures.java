package org.ipcube.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.ipcube.common.IndicatorCatalogue;
import org.ipcube.common.IpcubeException;
import org.ipcube.serving.KernelReads.KernelRow;
import org.junit.jupiter.api.Test;

/** The published-figures format (schemas/reference/published_figures.yml) and how a figure agrees with the warehouse's. */
class TestPublishedFigures {
  private static final String HEADER = String.join(",", PublishedFigures.HEADER) + "\n";

  @Test
  void theShippedFileHoldsTheJiaxingAndNingbo2023Figures() {
    List<PublishedFigures.Published> figures = PublishedFigures.shipped();
    assertThat(figures).hasSize(20);
    PublishedFigures.Published grants = figures.get(0);
    assertThat(grants.regionCode()).isEqualTo("330400");
    assertThat(grants.regionLevel()).isEqualTo("city");
    assertThat(grants.indicator()).isEqualTo("patent_grants");
    assertThat(grants.breakdown()).isEqualTo("invention");
    assertThat(grants.value()).isEqualTo(4869.0);
    assertThat(grants.yoyGrowthPct()).isEqualTo(23.8);
    assertThat(grants.quote()).isEqualTo("截至2023年底,嘉兴全市发明专利授权4869件,同比增长23.8%");
    assertThat(figures).filteredOn(f -> f.regionCode().equals("330200")).extracting(PublishedFigures.Published::indicator)
        .contains("pledge_amount", "high_value_per_100yi_gdp", "gi_total");
    assertThat(figures.get(7).quote()).as("doubled quotes inside a quoted field").startsWith("新增\"洪合蜜梨\"");
  }

  @Test
  void aFigureOfAnIndicatorNotInTheCatalogueIsRejectedWithItsLine() {
    String text = HEADER + "330400,嘉兴市,year,2023,0,patent_grants,total,3,exact,,src,,\n"
        + "330400,嘉兴市,year,2023,0,patent_grant,total,3,exact,,src,,\n";
    assertThatThrownBy(() -> PublishedFigures.parse(text, "f.csv", IndicatorCatalogue.shipped()))
        .isInstanceOf(IpcubeException.class).hasMessageContaining("f.csv line 3").hasMessageContaining("'patent_grant'");
    String tenThousands = HEADER + "330400,嘉兴市,year,2023,0,valid_trademarks,total,26.3万,about,,src,,\n";
    assertThatThrownBy(() -> PublishedFigures.parse(tenThousands, "f.csv", IndicatorCatalogue.shipped()))
        .hasMessageContaining("line 2").hasMessageContaining("263000, not 26.3万");
  }

  @Test
  void agreementFollowsTheQualifier() {
    String text = HEADER + "330400,嘉兴市,year,2023,0,valid_inventions_per_10k,total,55.1,exact,,\"a, b\",2024-04-26,\n"
        + "330400,嘉兴市,year,2023,0,valid_trademarks,total,263000,about,,s,,\n"
        + "330200,宁波市,year,2023,0,valid_patents,invention,55000,at_least,18.5,s,,\n"
        + "330200,宁波市,year,2023,0,pledge_amount,total,394.11,exact,139,s,,\n";
    List<PublishedFigures.Published> figures = PublishedFigures.parse(text, "f.csv", IndicatorCatalogue.shipped());
    assertThat(figures.get(0).source()).isEqualTo("a, b");
    assertThat(figures.get(0).publicationDate()).hasToString("2024-04-26");
    Map<String, KernelRow> cube = Map.of(
        PublishedFigures.key("330400", "city", "year", 2023, 0, "valid_inventions_per_10k", "total"), row(55.14, null),
        PublishedFigures.key("330400", "city", "year", 2023, 0, "valid_trademarks", "total"), row(263_900.0, null),
        PublishedFigures.key("330200", "city", "year", 2023, 0, "valid_patents", "invention"), row(54_999.0, 18.4));
    List<PublishedFigures.Line> lines = PublishedFigures.reconcile(figures, cube::get, IndicatorCatalogue.shipped());
    assertThat(lines).extracting(PublishedFigures.Line::agrees).containsExactly(true, true, false, false);
    assertThat(lines.get(2).gap()).isEqualTo(-1.0);
    assertThat(lines.get(2).warehouseGrowthPct()).isEqualTo(18.4);
    assertThat(lines.get(3).warehouse()).as("no cube row").isNull();
    assertThat(lines.get(3).unit()).isEqualTo("亿元");
  }

  private static KernelRow row(double value, Double growth) {
    Map<String, Object> m = new java.util.HashMap<>();
    m.put("value", value);
    m.put("yoy_growth_pct", growth);
    return new KernelRow(m);
  }
}
