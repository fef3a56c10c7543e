package org.ipcube.serving;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Row-level security on the published cube: an account (a PostgreSQL role) listed in
 * {@code <schema>.account_regions} with a region code sees that region and every region below it
 * (a city: its counties; a province: its cities and counties); accounts not listed see nothing; the
 * publishing owner is not restricted. The views are {@code security_invoker}, so the policy of the
 * version table applies to whoever queries the view. Dimensions stay readable by everyone.
 */
public final class RowLevelSecurity {
  /** Applies the policy to the new version's fact table (inside the switch transaction). */
  void apply(Statement st, String schema, String target) throws SQLException {
    st.execute("CREATE TABLE IF NOT EXISTS " + schema + ".account_regions (role_name text PRIMARY KEY, region_code text NOT NULL)");
    st.execute("COMMENT ON TABLE " + schema + ".account_regions IS 'One row per BI account restricted to a region and the regions "
        + "below it (row-level security on regional_indicators)'");
    st.execute("ALTER TABLE " + target + ".regional_indicators ENABLE ROW LEVEL SECURITY");
    st.execute("DROP POLICY IF EXISTS own_region ON " + target + ".regional_indicators");
    // The prefix of a region code covers it and its subregions: 330000 → 33, 330400 → 3304, 330402 → 330402.
    st.execute("CREATE POLICY own_region ON " + target + ".regional_indicators FOR SELECT USING (EXISTS (SELECT 1 FROM " + schema
        + ".account_regions a WHERE a.role_name = current_user AND regional_indicators.region_code LIKE "
        + "regexp_replace(regexp_replace(a.region_code, '0000$', ''), '00$', '') || '%'))");
    st.execute("GRANT USAGE ON SCHEMA " + schema + ", " + target + " TO PUBLIC");
    st.execute("GRANT SELECT ON ALL TABLES IN SCHEMA " + target + " TO PUBLIC");
    st.execute("GRANT SELECT ON " + schema + ".account_regions TO PUBLIC");
  }
}
