package org.ipcube.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.ipcube.report.BulletinReport.Figure;
import org.junit.jupiter.api.Test;

class TestBulletinReport {
  @Test
  void statesFiguresAsTheJiaxingBulletinDoes() {
    List<Figure> figures = List.of(
        new Figure("patent_grants", "invention", 4869, 23.8, 7.25, 3, 11L, null, null, null),
        new Figure("valid_patents", "invention", 30584, 16.9, null, null, null, null, null, null),
        new Figure("valid_inventions_per_10k", "total", 55.0958, null, null, null, null, null, null, null),
        new Figure("high_value_inventions", "any", 9934, 29.2, null, null, null, null, null, null),
        new Figure("high_value_per_10k", "total", 17.8958, null, null, null, null, null, null, null));
    String text = BulletinReport.render(new BulletinReport.Context("嘉兴市", "city", "浙江省", 2023, "latest", "as_is", "2024-01-30"), figures);
    assertThat(text).contains("发明专利授权4869件, 同比增长23.8%, 占浙江省7.3%, 在全省11个设区市中居第3位;");
    assertThat(text).contains("截至2023年底, 有效发明专利30584件, 同比增长16.9%;");
    assertThat(text).contains("每万人有效发明专利拥有量达55.1件;");
    assertThat(text).contains("高价值发明专利9934件, 同比增长29.2%;");
    assertThat(text).contains("每万人高价值发明专利拥有量达17.90件;");
  }

  @Test
  void statesPledgeFiguresAsTheNingboAndJiaxingBulletinsDo() {
    List<Figure> figures = List.of(
        new Figure("pledge_amount", "total", 394.11, null, null, null, null, null, null, null),
        new Figure("pledge_enterprises", "total", 826, null, null, null, null, null, null, null),
        new Figure("patent_pledge_amount", "total", 336.1, 165.7, null, null, null, null, null, null),
        new Figure("pledge_contracts", "total", 1000, null, null, null, null, null, null, null),
        new Figure("inclusive_pledge_contracts", "total", 700, null, null, null, null, null, null, null),
        new Figure("inclusive_pledge_amount", "total", 12.5, null, null, null, null, null, null, null),
        new Figure("inclusive_pledge_share_pct", "total", 70.0, null, null, null, null, null, null, null));
    String text = BulletinReport.render(new BulletinReport.Context("宁波市", "city", "浙江省", 2023, "latest", "as_is", "-"), figures);
    assertThat(text).contains("知识产权质押融资登记金额394.11亿元, 惠及企业826家;");
    assertThat(text).contains("专利质押融资登记额336.10亿元, 同比增长165.7%;");
    assertThat(text).contains("质押项目1000笔, 其中普惠性质押(1000万元以下)700笔, 金额12.50亿元, 占项目数70.0%;");
  }

  @Test
  void statesTrademarkAndGiFiguresAsTheJiaxingBulletinDoes() {
    List<Figure> figures = List.of(
        new Figure("valid_trademarks", "total", 263_412, 9.1, null, null, null, null, null, null),
        new Figure("well_known_marks", "total", 26, null, null, null, null, null, null, null),
        new Figure("gi_marks", "total", 26, null, null, null, null, null, null, null),
        new Figure("gi_products", "total", 14, null, null, null, null, null, null, null),
        new Figure("gi_total", "total", 40, null, null, null, null, null, null, null));
    String text = BulletinReport.render(new BulletinReport.Context("嘉兴市", "city", "浙江省", 2023, "latest", "as_is", "-"), figures);
    assertThat(text).contains("有效注册商标26.3万件, 同比增长9.1%;");
    assertThat(text).contains("中国驰名商标26件;");
    assertThat(text).contains("地理标志保护产品14个;");
    assertThat(text).contains("地理标志商标26件;");
    assertThat(text).contains("地理标志40件;");
  }

  /** The four faults: 0.0144 printed as "0.0件", per-10k figures without growth, a rank without "of how many", stocks without their date. */
  @Test
  void smallRatiosKeepTwoDigitsRatiosHaveGrowthRanksSayOfHowManyAndStocksTheirDate() {
    List<Figure> figures = List.of(
        new Figure("valid_patents", "invention", 3, 50.0, 12.5, 2, 8L, null, null, null),
        new Figure("valid_inventions_per_10k", "total", 0.0144, 48.2, null, 2, 8L, null, null, null),
        new Figure("valid_trademarks", "total", 4, null, null, null, null, null, null, null));
    String county = BulletinReport.render(new BulletinReport.Context("南湖区", "county", "嘉兴市", 2023, "latest", "as_is", "2024-01-30"),
        figures);
    assertThat(county).contains("截至2023年底, 有效发明专利3件, 同比增长50.0%, 占嘉兴市12.5%, 在全市8个县(市、区)中居第2位;")
        .contains("每万人有效发明专利拥有量达0.014件, 同比增长48.2%, 在全市8个县(市、区)中居第2位;")
        .contains("截至2023年底, 有效注册商标4件;");
    String yearInProgress = BulletinReport.render(new BulletinReport.Context("南湖区", "county", "嘉兴市", 2024, "latest", "as_is",
        "2024-06-30"), figures);
    assertThat(yearInProgress).contains("截至2024年6月30日, 有效发明专利3件").contains("截至2024年6月30日, 有效注册商标4件");
    assertThat(BulletinReport.ratio(55.0958, 1)).isEqualTo("55.1");
    assertThat(BulletinReport.ratio(0.5, 1)).isEqualTo("0.50");
    assertThat(BulletinReport.ratio(0, 1)).isEqualTo("0.0");
  }

  @Test
  void largeCountsAreInWanAndDeclinesSayDecline() {
    assertThat(BulletinReport.count(263_000)).isEqualTo("26.3万");
    assertThat(BulletinReport.count(4869)).isEqualTo("4869");
    String text = BulletinReport.render(new BulletinReport.Context("某市", "city", "某省", 2023, "latest", "as_is", "-"),
        List.of(new Figure("valid_patents", "total", 100, -4.26, null, null, null, null, 2, null)));
    assertThat(text).contains("有效专利100件, 同比下降4.3%;");
  }
}
