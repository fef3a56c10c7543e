package org.ipcube.common;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Every warehouse table, by layer: the one registry through which jobs and commands reach a table
 * (its contract {@code schemas/<layer>/<table>.yml}, its path under the warehouse root, its rows),
 * and which the data dictionary and the tests walk (the tests that compare two warehouses read
 * each by its {@link #id}). A new table is a constant here plus its schema file.
 */
public enum Table {
  RAW_DELIVERIES("raw", "deliveries"),
  RAW_PATENT_BIBLIO_RECORDS("raw", "patent_biblio_records"),
  RAW_PATENT_LEGAL_EVENTS("raw", "patent_legal_events"),
  RAW_TRADEMARK_RECORDS("raw", "trademark_records"),
  RAW_PLEDGE_REGISTRATIONS("raw", "pledge_registrations"),
  RAW_GI_RECORDS("raw", "gi_records"),
  RAW_STATS_FIGURES("raw", "stats_figures"),
  RAW_QUARANTINED_RECORDS("raw", "quarantined_records"),

  CLEANED_PATENTS("cleaned", "patents"),
  CLEANED_PATENT_LEGAL_EVENTS("cleaned", "patent_legal_events"),
  CLEANED_PATENT_VALIDITY_INTERVALS("cleaned", "patent_validity_intervals"),
  CLEANED_PATENT_TRANSACTIONS("cleaned", "patent_transactions"),
  CLEANED_TRADEMARK_VERSIONS("cleaned", "trademark_versions"),
  CLEANED_TRADEMARKS("cleaned", "trademarks"),
  CLEANED_GI_PRODUCT_VERSIONS("cleaned", "gi_product_versions"),
  CLEANED_GI_USER_VERSIONS("cleaned", "gi_user_versions"),
  CLEANED_PLEDGE_EVENTS("cleaned", "pledge_events"),
  CLEANED_PLEDGE_CONTRACTS("cleaned", "pledge_contracts"),
  CLEANED_PLEDGED_RIGHTS("cleaned", "pledged_rights"),
  CLEANED_STATS_FIGURES("cleaned", "stats_figures"),
  CLEANED_REJECTED_RECORDS("cleaned", "rejected_records"),
  CLEANED_JOB_WATERMARKS("cleaned", "job_watermarks"),

  MARTS_DIM_REGIONS("marts", "dim_regions"),
  MARTS_DIM_PERIODS("marts", "dim_periods"),
  MARTS_DIM_INDICATORS("marts", "dim_indicators"),
  MARTS_REGION_CROSSWALK("marts", "region_crosswalk"),
  MARTS_REGIONAL_INDICATORS("marts", "regional_indicators"),
  MARTS_FIGURE_REVISIONS("marts", "figure_revisions"),
  MARTS_LOAD_QUALITY("marts", "load_quality"),
  MARTS_CUBES("marts", "cubes"),
  MARTS_JOB_WATERMARKS("marts", "job_watermarks");

  private final String layer;
  private final String table;
  private volatile TableSchema schema;

  Table(String layer, String table) {
    this.layer = layer;
    this.table = table;
  }

  public String layer() {
    return layer;
  }

  /** The table's name in its layer, e.g. {@code patents}. */
  public String tableName() {
    return table;
  }

  /** {@code <layer>/<table>}: its folder under the warehouse root, and its id in tests and the dictionary. */
  public String id() {
    return layer + "/" + table;
  }

  /** The table's contract, parsed once from {@code schemas/<layer>/<table>.yml}. */
  public TableSchema schema() {
    TableSchema s = schema;
    if (s == null) schema = s = TableSchema.of(layer, table);
    return s;
  }

  /** Where the table lives in {@code settings}' warehouse. */
  public String path(Settings settings) {
    return settings.tablePath(layer, table);
  }

  /** The table's current rows; fails when it has no commit yet ({@link #readOrEmpty} gives an empty frame then). */
  public Dataset<Row> read(SparkSession spark, Settings settings) {
    return spark.read().format("delta").load(path(settings));
  }

  /** The current rows, or an empty frame of the contract's shape before the table's first commit. */
  public Dataset<Row> readOrEmpty(SparkSession spark, Settings settings) {
    return DeltaTables.read(spark, schema(), path(settings));
  }

  /** The current rows, read once and cached for a job that uses them several times ({@link DeltaTables#readCached}). */
  public Dataset<Row> readCached(SparkSession spark, Settings settings) {
    return DeltaTables.readCached(spark, schema(), path(settings));
  }

  /** The rows as of {@code version} (pinned, so a job reads one consistent state of each input); empty for version -1. */
  public Dataset<Row> readAt(SparkSession spark, Settings settings, long version) {
    return DeltaTables.readAt(spark, schema(), path(settings), version);
  }

  /** The ids of every table, in registry order. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(Table::id).toList();
  }

  /**
   * The table whose {@link #id} is {@code id} ({@code cleaned/patents}), or named
   * {@code cleaned.patents} as the watermarks and the jobs' input lists name it.
   */
  public static Table of(String id) {
    String[] p = id.split("[./]", 2);
    return of(p[0], p.length > 1 ? p[1] : "");
  }

  /** The table of {@code layer} named {@code table}, for code that names a table by a feed's registry entry. */
  public static Table of(String layer, String table) {
    for (Table t : values()) {
      if (t.layer.equals(layer) && t.table.equals(table)) return t;
    }
    throw new IpcubeException("No warehouse table " + layer + "." + table + ".", "org.ipcube.common.Table does not register it.",
        "Add it to Table with its schema file schemas/" + layer + "/" + table + ".yml.");
  }
}
