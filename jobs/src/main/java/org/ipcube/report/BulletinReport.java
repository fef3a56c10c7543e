package org.ipcube.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a region's cube rows for one year into the sentences the bulletins in shared/seeds use
 * ("发明专利授权4869件, 同比增长23.8%; 有效发明专利30584件 ... 每万人有效发明专利拥有量达55.1件";
 * "有效注册商标26.3万件, 中国驰名商标26件, 地理标志商标26件, 地理标志保护产品14个"; "专利质押融资登记额336.1亿元").
 * Plain Java over plain values, so the wording is unit-tested without Spark.
 */
public final class BulletinReport {
  private BulletinReport() {}

  /** One cube figure: value with its derived columns (nulls where not applicable). */
  public record Figure(String indicator, String breakdown, double value, Double yoyGrowthPct, Double shareOfParentPct,
      Integer siblingRank, Long siblingCount, Integer provincialCapitalRank, Integer subProvincialRank,
      Integer separatelyPlannedRank) {}

  /**
   * A figure of the year that changed since it was first published ({@code marts.figure_revisions}),
   * with the parts of the change: boundary restatement, revised statistics, later deliveries.
   */
  public record Revision(String indicator, String breakdown, Double firstPublished, Double latest, double boundary, double statistics,
      double data) {}

  /** What the header needs to know. */
  public record Context(String regionName, String regionLevel, String parentName, int year, String view, String boundary,
      String asOf) {}

  public static String render(Context ctx, List<Figure> figures) {
    return render(ctx, figures, List.of());
  }

  /**
   * The bulletin, and when figures of the year changed since they were first published, a
   * section that says which, from what to what, and why (labels from the indicator catalogue).
   */
  public static String render(Context ctx, List<Figure> figures, List<Revision> revisions) {
    String text = renderFigures(ctx, figures);
    if (revisions.isEmpty()) return text;
    org.ipcube.common.IndicatorCatalogue catalogue = org.ipcube.common.IndicatorCatalogue.shipped();
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add("修订说明 (与首次发布数据相比)");
    List<String> r = new ArrayList<>();
    for (Revision x : revisions) {
      org.ipcube.common.IndicatorCatalogue.Indicator ind = catalogue.indicator(x.indicator());
      String label = ind.labelZh() + (x.breakdown().equals("total") ? "" : "(" + catalogue.breakdownLabels().get(x.breakdown()) + ")");
      // Counts whole; 亿元 and ratios to 2 places, to 4 where that would print a small ratio as 0.00.
      double size = Math.max(Math.abs(x.firstPublished() == null ? 0 : x.firstPublished()), Math.abs(x.latest() == null ? 0 : x.latest()));
      int places = ind.isRatio() || ind.unit().equals("亿元") ? (size < 0.1 ? 4 : 2) : 0;
      List<String> why = new ArrayList<>();
      if (x.data() != 0) why.add("后续报送数据" + signed(x.data(), places));
      if (x.boundary() != 0) why.add("行政区划调整" + signed(x.boundary(), places));
      if (x.statistics() != 0) why.add("统计数据修订" + signed(x.statistics(), places));
      r.add(label + ": 首次发布" + (x.firstPublished() == null ? "无" : decimal(x.firstPublished(), places)) + ind.unit().replace("%", "")
          + ", 现为" + (x.latest() == null ? "无" : decimal(x.latest(), places)) + ind.unit().replace("%", "")
          + (why.isEmpty() ? "" : " (" + String.join(", ", why) + ")"));
    }
    section(lines, r);
    return text + String.join("\n", lines) + "\n";
  }

  private static String signed(double v, int places) {
    return (v > 0 ? "+" : "") + decimal(v, places);
  }

  private static String renderFigures(Context ctx, List<Figure> figures) {
    Map<String, Figure> f = new HashMap<>();
    for (Figure x : figures) f.put(x.indicator() + "/" + x.breakdown(), x);
    String parentWord = switch (ctx.regionLevel()) {
      case "county" -> "全市";
      case "city" -> "全省";
      default -> "全国";
    };
    String siblingsWord = switch (ctx.regionLevel()) {
      case "county" -> "个县(市、区)";
      case "city" -> "个设区市";
      default -> "个省(区、市)";
    };
    Ranks ranks = new Ranks(parentWord, siblingsWord);
    List<String> lines = new ArrayList<>();
    lines.add(ctx.regionName() + " " + ctx.year() + "年知识产权主要指标");
    lines.add("(数据截至" + ctx.asOf() + "; " + (ctx.view().equals("latest") ? "最新数据" : "首次发布口径")
        + "; " + (ctx.boundary().equals("as_is") ? "按现行区划" : "按当时区划") + ")");
    lines.add("");
    lines.add("专利");
    List<String> p = new ArrayList<>();
    Stock stock = new Stock(stockDate(ctx));
    sentence(p, f.get("patent_grants/invention"), "发明专利授权", "件", ranks, ctx.parentName());
    Figure grants = f.get("patent_grants/total");
    if (grants != null) {
      p.add("专利授权" + count(grants.value()) + "件" + growth(grants) + "(发明" + count(val(f, "patent_grants/invention"))
          + "件, 实用新型" + count(val(f, "patent_grants/utility_model")) + "件, 外观设计" + count(val(f, "patent_grants/design"))
          + "件)");
    }
    sentence(p, f.get("valid_patents/invention"), stock.frame("有效发明专利", f.get("valid_patents/invention")), "件", ranks, ctx.parentName());
    Figure perCapita = f.get("valid_inventions_per_10k/total");
    if (perCapita != null) {
      p.add(stock.frame("每万人有效发明专利拥有量达", perCapita) + ratio(perCapita.value(), 1) + "件" + growth(perCapita) + ranks.of(perCapita));
    }
    sentence(p, f.get("high_value_inventions/any"), stock.frame("高价值发明专利", f.get("high_value_inventions/any")), "件", ranks,
        ctx.parentName());
    Figure hvPerCapita = f.get("high_value_per_10k/total");
    if (hvPerCapita != null) {
      p.add(stock.frame("每万人高价值发明专利拥有量达", hvPerCapita) + ratio(hvPerCapita.value(), 2) + "件" + growth(hvPerCapita));
    }
    Figure hvGdp = f.get("high_value_per_100yi_gdp/total");
    if (hvGdp != null) p.add(stock.frame("每百亿元GDP高价值发明专利", hvGdp) + ratio(hvGdp.value(), 2) + "件" + growth(hvGdp));
    Figure valid = f.get("valid_patents/total");
    if (valid != null) p.add(stock.frame("有效专利", valid) + count(valid.value()) + "件" + growth(valid));
    Figure transfers = f.get("patent_transfers/total");
    Figure licences = f.get("patent_licences/total");
    if (transfers != null || licences != null) {
      p.add("专利转让" + count(transfers == null ? 0 : transfers.value()) + "件, 许可备案" + count(licences == null ? 0 : licences.value()) + "件");
    }
    section(lines, p);
    lines.add("");
    lines.add("商标");
    List<String> t = new ArrayList<>();
    stock = new Stock(stockDate(ctx));
    sentence(t, f.get("valid_trademarks/total"), stock.frame("有效注册商标", f.get("valid_trademarks/total")), "件", ranks, ctx.parentName());
    Figure perEntities = f.get("valid_trademarks_per_10k_entities/total");
    if (perEntities != null) {
      t.add(stock.frame("每万户市场主体有效商标拥有量", perEntities) + ratio(perEntities.value(), 1) + "件" + growth(perEntities)
          + ranks.of(perEntities));
    }
    Figure registrations = f.get("trademark_registrations/total");
    if (registrations != null) t.add("商标注册" + count(registrations.value()) + "件" + growth(registrations));
    Figure wellKnown = f.get("well_known_marks/total");
    if (wellKnown != null) t.add(stock.frame("中国驰名商标", wellKnown) + count(wellKnown.value()) + "件");
    Figure madrid = f.get("madrid_marks/total");
    if (madrid != null) t.add(stock.frame("马德里国际注册商标", madrid) + count(madrid.value()) + "件");
    section(lines, t);
    lines.add("");
    lines.add("地理标志");
    List<String> g = new ArrayList<>();
    stock = new Stock(stockDate(ctx));
    Figure giProducts = f.get("gi_products/total");
    if (giProducts != null) g.add(stock.frame("地理标志保护产品", giProducts) + count(giProducts.value()) + "个");
    Figure giMarks = f.get("gi_marks/total");
    if (giMarks != null) {
      Figure fresh = f.get("gi_mark_registrations/total");
      g.add(stock.frame("地理标志商标", giMarks) + count(giMarks.value()) + "件" + (fresh == null ? "" : "(当年新增" + count(fresh.value()) + "件)"));
    }
    Figure giTotal = f.get("gi_total/total");
    if (giTotal != null) g.add(stock.frame("地理标志", giTotal) + count(giTotal.value()) + "件" + growth(giTotal));
    Figure giUsers = f.get("gi_users/total");
    if (giUsers != null) g.add(stock.frame("核准使用地理标志专用标志企业", giUsers) + count(giUsers.value()) + "家");
    section(lines, g);
    lines.add("");
    lines.add("知识产权质押融资");
    List<String> q = new ArrayList<>();
    Figure pledge = f.get("pledge_amount/total");
    if (pledge != null) {
      Figure enterprises = f.get("pledge_enterprises/total");
      q.add("知识产权质押融资登记金额" + decimal(pledge.value(), 2) + "亿元" + growth(pledge)
          + (enterprises == null ? "" : ", 惠及企业" + count(enterprises.value()) + "家") + ranks.of(pledge));
    }
    Figure patentPledge = f.get("patent_pledge_amount/total");
    if (patentPledge != null) q.add("专利质押融资登记额" + decimal(patentPledge.value(), 2) + "亿元" + growth(patentPledge));
    Figure trademarkPledge = f.get("trademark_pledge_amount/total");
    if (trademarkPledge != null) q.add("商标质押融资登记额" + decimal(trademarkPledge.value(), 2) + "亿元" + growth(trademarkPledge));
    Figure contracts = f.get("pledge_contracts/total");
    if (contracts != null) {
      Figure inclusive = f.get("inclusive_pledge_contracts/total");
      Figure share = f.get("inclusive_pledge_share_pct/total");
      q.add("质押项目" + count(contracts.value()) + "笔" + (inclusive == null ? ""
          : ", 其中普惠性质押(1000万元以下)" + count(inclusive.value()) + "笔, 金额" + decimal(val(f, "inclusive_pledge_amount/total"), 2)
              + "亿元" + (share == null ? "" : ", 占项目数" + decimal(share.value(), 1) + "%")));
    }
    Figure rights = f.get("pledged_rights/total");
    if (rights != null) {
      q.add("质押专利" + count(val(f, "pledged_rights/patent")) + "件, 商标" + count(val(f, "pledged_rights/trademark")) + "件");
    }
    section(lines, q);
    return String.join("\n", lines) + "\n";
  }

  private static void section(List<String> lines, List<String> sentences) {
    if (sentences.isEmpty()) lines.add("  (无数据)");
    for (String s : sentences) lines.add("  " + s + ";");
  }

  private static double val(Map<String, Figure> f, String key) {
    Figure x = f.get(key);
    return x == null ? 0 : x.value();
  }

  private static void sentence(List<String> out, Figure x, String label, String unit, Ranks ranks, String parentName) {
    if (x == null) return;
    StringBuilder b = new StringBuilder(label).append(count(x.value())).append(unit).append(growth(x));
    if (x.shareOfParentPct() != null && parentName != null) {
      b.append(", 占").append(parentName).append(decimal(x.shareOfParentPct(), 1)).append('%');
    }
    b.append(ranks.of(x));
    out.add(b.toString());
  }

  private static String growth(Figure x) {
    if (x.yoyGrowthPct() == null) return "";
    double g = x.yoyGrowthPct();
    return g >= 0 ? ", 同比增长" + decimal(g, 1) + "%" : ", 同比下降" + decimal(-g, 1) + "%";
  }

  /** Ranks as bulletins state them: of how many, "在全省11个设区市中居第3位"; peer groups "居副省级城市第2位". */
  private record Ranks(String parentWord, String siblingsWord) {
    String of(Figure x) {
      StringBuilder b = new StringBuilder();
      if (x.siblingRank() != null) {
        b.append(x.siblingCount() == null ? ", 居" + parentWord : ", 在" + parentWord + x.siblingCount() + siblingsWord + "中居")
            .append("第").append(x.siblingRank()).append("位");
      }
      if (x.subProvincialRank() != null) b.append(", 居副省级城市第").append(x.subProvincialRank()).append("位");
      if (x.provincialCapitalRank() != null) b.append(", 居省会城市第").append(x.provincialCapitalRank()).append("位");
      if (x.separatelyPlannedRank() != null) b.append(", 居计划单列市第").append(x.separatelyPlannedRank()).append("位");
      return b.toString();
    }
  }

  /**
   * Stocks are counted on a day, and bulletins say which: the first stock sentence of a section
   * opens "截至2023年底, " (or "截至2024年6月30日, " for a year not yet over at the cube's as-of date).
   */
  private static final class Stock {
    private final String date;
    private boolean said;

    Stock(String date) {
      this.date = date;
    }

    String frame(String label, Figure x) {
      if (x == null || said) return label;
      said = true;
      return "截至" + date + ", " + label;
    }
  }

  private static String stockDate(Context ctx) {
    try {
      java.time.LocalDate asOf = java.time.LocalDate.parse(ctx.asOf());
      if (asOf.isBefore(java.time.LocalDate.of(ctx.year(), 12, 31))) {
        return asOf.getYear() + "年" + asOf.getMonthValue() + "月" + asOf.getDayOfMonth() + "日";
      }
    } catch (java.time.format.DateTimeParseException notADate) {
      // "-" when the cube's as-of date is unknown: the year's end, as for any complete year.
    }
    return ctx.year() + "年底";
  }

  /**
   * A ratio with at least {@code places} decimals and as many more as two significant digits need,
   * so that 0.0144 prints as 0.014, never as 0.0.
   */
  static String ratio(double v, int places) {
    int p = places;
    while (p < 6 && v != 0 && Math.abs(v) < Math.pow(10, 1 - p)) p++;
    return decimal(v, p);
  }

  /** Counts as bulletins print them: 4869, and 26.3万 from 100,000 up. */
  static String count(double v) {
    if (Math.abs(v) >= 100_000) return decimal(v / 10_000, 1) + "万";
    return String.format(Locale.ROOT, "%d", Math.round(v));
  }

  static String decimal(double v, int places) {
    return String.format(Locale.ROOT, "%." + places + "f", v);
  }

  /** The same report as Markdown: title, sections as headings, sentences as bullets. */
  public static String markdown(String text) {
    StringBuilder b = new StringBuilder();
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      if (i == 0) b.append("# ").append(l).append('\n');
      else if (l.startsWith("  ")) b.append("- ").append(l.strip()).append('\n');
      else if (l.startsWith("(")) b.append('\n').append(l).append('\n');
      else if (!l.isBlank()) b.append("\n## ").append(l).append("\n\n");
    }
    return b.toString();
  }
}
