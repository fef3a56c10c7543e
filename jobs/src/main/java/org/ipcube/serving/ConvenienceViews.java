package org.ipcube.serving;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.ipcube.common.IndicatorCatalogue;
import org.ipcube.common.IndicatorCatalogue.OverviewColumn;

/**
 * The views a BI user or analyst queries without knowing the cube's seven key columns, created in
 * the stable schema on every switch (over its star-schema views, so they always show the current
 * version):
 * <ul>
 *   <li>{@code figures}: one row per region, period, indicator and breakdown with the usual
 *       defaults applied ({@code view = 'latest'}, {@code boundary = 'as_is'}), the region's and its
 *       province's Chinese names, the period's label (2023, 2023Q1, 2023-03) and the figure's
 *       Chinese label from {@code dim_indicators}; a figure is then three filters: region, period,
 *       label.</li>
 *   <li>{@code regional_overview}: one row per region and period, the main indicators of the
 *       catalogue's {@code overview} list as columns, each with its year-on-year growth.</li>
 *   <li>{@code national_origins}: the nation's patent grants, applications and valid patents by
 *       the first applicant's origin, as CNIPA's tables print them: 国内 (the nation row, mainland
 *       only), 港澳台 (the Hong Kong, Macao and Taiwan members), 国外 (the foreign member) and their
 *       sum, each by patent type. The cube counts non-mainland rights in those members by the same
 *       attribution rules and keeps them out of the nation row (INDICATORS: 国内 = mainland).</li>
 * </ul>
 * Under row-level security both are {@code security_invoker}, so the fact table's policy applies to
 * whoever queries them.
 */
public final class ConvenienceViews {
  private ConvenienceViews() {}

  /** Dependents first: the order to drop them in before the star-schema views are replaced. */
  static final List<String> NAMES = List.of("national_origins", "regional_overview", "figures");

  static void drop(Statement st, String schema) throws SQLException {
    for (String v : NAMES) st.execute("DROP VIEW IF EXISTS " + schema + "." + v);
  }

  static void create(Statement st, String schema, IndicatorCatalogue catalogue, RowLevelSecurity rls) throws SQLException {
    String with = rls != null ? " WITH (security_invoker = true)" : "";
    st.execute("CREATE VIEW " + schema + ".figures" + with + " AS " + figuresSql(schema));
    st.execute("COMMENT ON VIEW " + schema + ".figures IS " + Publisher.literal("One row per region, period, indicator and breakdown: "
        + "the latest figures on current boundaries (view = latest, boundary = as_is), with Chinese names and labels"));
    for (String[] c : FIGURE_COMMENTS) st.execute("COMMENT ON COLUMN " + schema + ".figures." + c[0] + " IS " + Publisher.literal(c[1]));
    st.execute("CREATE VIEW " + schema + ".regional_overview" + with + " AS " + overviewSql(schema, catalogue));
    st.execute("COMMENT ON VIEW " + schema + ".regional_overview IS " + Publisher.literal("One row per region and period: the main "
        + "indicators as columns (latest figures, current boundaries), each with its year-on-year growth"));
    st.execute("CREATE VIEW " + schema + ".national_origins" + with + " AS " + nationalOriginsSql(schema));
    st.execute("COMMENT ON VIEW " + schema + ".national_origins IS " + Publisher.literal("One row per period, patent indicator and type: "
        + "the nation's figure by the first applicant's origin (国内 mainland, 港澳台, 国外) and all origins together"));
    for (String[] c : ORIGIN_COMMENTS) st.execute("COMMENT ON COLUMN " + schema + ".national_origins." + c[0] + " IS " + Publisher.literal(c[1]));
    for (OverviewColumn c : catalogue.overview()) {
      st.execute("COMMENT ON COLUMN " + schema + ".regional_overview." + c.column() + " IS "
          + Publisher.literal(c.labelZh() + " (" + c.unit() + "); indicator " + c.indicator() + ", breakdown " + c.breakdown()));
      st.execute("COMMENT ON COLUMN " + schema + ".regional_overview." + c.column() + "_yoy_pct IS "
          + Publisher.literal(c.labelZh() + " 同比增长 (%)"));
    }
  }

  private static final String[][] FIGURE_COMMENTS = {
      {"region_name", "地区名称 (the name in the latest division list that has the code)"},
      {"province_name", "所属省份 (null for the nation)"},
      {"period_label", "2023, 2023Q1, 2023-03, 2023-01..03 (year to date)"},
      {"label_zh", "指标名称, e.g. 专利授权量 · 发明专利 (marts.dim_indicators)"},
      {"value", "The figure, in unit"},
      {"yoy_growth_pct", "同比增长 in % (null when the previous year's value is absent or 0)"},
      {"sibling_rank", "Rank among the parent's mainland members of the same level (1 = highest), of sibling_count"},
  };

  private static final String[][] ORIGIN_COMMENTS = {
      {"domestic", "国内: the nation row (mainland China)"},
      {"hong_kong_macao_taiwan", "港澳台: the Hong Kong, Macao and Taiwan members together"},
      {"foreign_countries", "国外: the foreign member"},
      {"all_origins", "合计: the three together"},
  };

  /** The patent indicators CNIPA breaks down by origin, with their type breakdowns. */
  public static String nationalOriginsSql(String schema) {
    return "SELECT period_label, period_type, period_year, period_number, indicator, breakdown, label_zh, unit, domestic, "
        + "hong_kong_macao_taiwan, foreign_countries, "
        + "coalesce(domestic, 0) + coalesce(hong_kong_macao_taiwan, 0) + coalesce(foreign_countries, 0) AS all_origins FROM ("
        + "SELECT period_label, period_type, period_year, period_number, indicator, breakdown, label_zh, unit, "
        + "sum(value) FILTER (WHERE region_level = 'nation') AS domestic, "
        + "sum(value) FILTER (WHERE region_level = 'province' AND region_code IN ('710000', '810000', '820000')) AS hong_kong_macao_taiwan, "
        + "sum(value) FILTER (WHERE region_level = 'province' AND region_code = '900000') AS foreign_countries "
        + "FROM " + schema + ".figures "
        + "WHERE indicator IN ('patent_grants', 'patent_applications', 'pct_national_phase_entries', 'valid_patents') "
        + "AND breakdown IN ('total', 'invention', 'utility_model', 'design') "
        + "GROUP BY period_label, period_type, period_year, period_number, indicator, breakdown, label_zh, unit) origins";
  }

  public static String figuresSql(String schema) {
    return "SELECT f.region_code, r.region_name, f.region_level, pr.region_name AS province_name, r.parent_code, p.period_label, "
        + "f.period_type, f.period_year, f.period_number, f.period_end, f.domain, f.indicator, f.breakdown, i.label_zh, f.value, "
        + "f.unit, f.yoy_growth_pct, f.previous_year_value, f.share_of_parent_pct, f.sibling_rank, f.sibling_count, "
        + "f.is_complete_period, f.is_incomplete_flow, f.is_unknown_member, f.is_mainland "
        + "FROM " + schema + ".regional_indicators f "
        + "JOIN " + schema + ".dim_regions r ON r.region_id = f.region_id "
        + "JOIN " + schema + ".dim_periods p ON p.period_id = f.period_id "
        + "JOIN " + schema + ".dim_indicators i ON i.indicator = f.indicator AND i.breakdown = f.breakdown "
        + "LEFT JOIN " + schema + ".dim_regions pr ON pr.region_code = r.province_code AND pr.region_level = 'province' "
        + "WHERE f.view = 'latest' AND f.boundary = 'as_is'";
  }

  static String overviewSql(String schema, IndicatorCatalogue catalogue) {
    StringBuilder b = new StringBuilder("SELECT region_code, region_name, region_level, province_name, period_label, period_type, "
        + "period_year, period_number, bool_and(is_complete_period) AS is_complete_period");
    for (OverviewColumn c : catalogue.overview()) {
      String filter = " FILTER (WHERE indicator = " + Publisher.literal(c.indicator()) + " AND breakdown = " + Publisher.literal(c.breakdown()) + ")";
      b.append(",\n  max(value)").append(filter).append(" AS ").append(c.column())
          .append(", max(yoy_growth_pct)").append(filter).append(" AS ").append(c.column()).append("_yoy_pct");
    }
    return b.append("\nFROM ").append(schema).append(".figures GROUP BY region_code, region_name, region_level, province_name, ")
        .append("period_label, period_type, period_year, period_number").toString();
  }
}
