package org.ipcube.serving;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Row-level security on the published cube, a deployment setting
 * ({@code ipcube.publish.postgres.row-level-security}, or {@code publish --row-level-security}
 * once): a BI account (the role a BI tool logs in as) listed in {@code <schema>.account_regions}
 * with a region code sees that region and every region below it (a city: its counties; a province:
 * its cities and counties); an account not listed sees no cube row; the publishing owner is not
 * restricted. Once a publish has set it up in a database, every later publish keeps it: switching
 * it off is a deliberate DBA act ({@code DROP TABLE <schema>.account_regions}), never a forgotten
 * flag. The mapping is readable by the owner only: the policy asks
 * {@code <schema>.readable_region_prefixes()}, a {@code SECURITY DEFINER} function that answers
 * for the logged-in account ({@code session_user}) alone. The views are {@code security_invoker},
 * so the policy of the version table applies to whoever queries the view. Dimensions stay readable
 * by every account.
 */
public final class RowLevelSecurity {
  static final String MAPPING = "account_regions";

  /** Whether an earlier publish set row-level security up in {@code schema}. */
  static boolean isSetUp(Connection c, String schema) throws SQLException {
    try (Statement st = c.createStatement();
         ResultSet r = st.executeQuery("SELECT to_regclass('" + schema + "." + MAPPING + "') IS NOT NULL")) {
      return r.next() && r.getBoolean(1);
    }
  }

  /** Applies the policy to the new version's fact table (inside the switch transaction). */
  void apply(Statement st, String schema, String target) throws SQLException {
    st.execute("CREATE TABLE IF NOT EXISTS " + schema + "." + MAPPING + " (role_name text PRIMARY KEY, region_code text NOT NULL)");
    st.execute("COMMENT ON TABLE " + schema + "." + MAPPING + " IS 'One row per BI account (login role) restricted to a region "
        + "and the regions below it (row-level security on regional_indicators); readable by the publishing owner only'");
    // The prefix of a region code covers it and its subregions: 330000 → 33, 330400 → 3304, 330402 → 330402.
    // SECURITY DEFINER reads the mapping with the owner's rights; session_user is the account that
    // logged in (inside the function current_user is the owner), so it answers for that account only.
    st.execute("CREATE OR REPLACE FUNCTION " + schema + ".readable_region_prefixes() RETURNS text[] LANGUAGE sql STABLE "
        + "SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ SELECT coalesce(array_agg(regexp_replace("
        + "regexp_replace(a.region_code, '0000$', ''), '00$', '') || '%'), '{}') FROM " + schema + "." + MAPPING
        + " a WHERE a.role_name = session_user $$");
    st.execute("COMMENT ON FUNCTION " + schema + ".readable_region_prefixes() IS 'The region-code patterns the logged-in "
        + "account may read (row-level security); empty for an account not in account_regions'");
    st.execute("ALTER TABLE " + target + ".regional_indicators ENABLE ROW LEVEL SECURITY");
    st.execute("DROP POLICY IF EXISTS own_region ON " + target + ".regional_indicators");
    // The function in a scalar subquery: evaluated once per query (an InitPlan), not once per row;
    // the cast makes ANY take the array, not the subquery's rows.
    st.execute("CREATE POLICY own_region ON " + target + ".regional_indicators FOR SELECT USING (region_code LIKE ANY (CAST((SELECT "
        + schema + ".readable_region_prefixes()) AS text[])))");
    st.execute("GRANT USAGE ON SCHEMA " + schema + ", " + target + " TO PUBLIC");
    st.execute("GRANT SELECT ON ALL TABLES IN SCHEMA " + target + " TO PUBLIC");
  }

  /** After the views are switched: every account reads them, none but the owner the mapping. */
  void grantViews(Statement st, String schema) throws SQLException {
    st.execute("GRANT SELECT ON ALL TABLES IN SCHEMA " + schema + " TO PUBLIC");
    st.execute("REVOKE ALL ON " + schema + "." + MAPPING + " FROM PUBLIC");
  }
}
