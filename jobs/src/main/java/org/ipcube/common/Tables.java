package org.ipcube.common;

import java.util.List;

/** Every warehouse table, by layer: the registry the data dictionary and the schema tests walk. */
public final class Tables {
  private Tables() {}

  public static final List<String> ALL = List.of(
      "raw/deliveries", "raw/patent_biblio_records", "raw/patent_legal_events", "raw/trademark_records", "raw/pledge_registrations",
      "raw/gi_records", "raw/stats_figures",
      "raw/quarantined_records",
      "cleaned/patents", "cleaned/patent_legal_events", "cleaned/patent_validity_intervals", "cleaned/patent_transactions",
      "cleaned/trademark_versions", "cleaned/trademarks", "cleaned/gi_product_versions", "cleaned/gi_user_versions",
      "cleaned/pledge_events", "cleaned/pledge_contracts", "cleaned/pledged_rights", "cleaned/stats_figures", "cleaned/rejected_records",
      "cleaned/job_watermarks",
      "marts/dim_regions", "marts/dim_periods", "marts/dim_indicators", "marts/region_crosswalk", "marts/regional_indicators",
      "marts/figure_revisions", "marts/load_quality", "marts/cubes", "marts/job_watermarks");

  public static TableSchema schema(String layerAndName) {
    String[] p = layerAndName.split("/");
    return TableSchema.of(p[0], p[1]);
  }
}
