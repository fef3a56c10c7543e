package org.ipcube.landing;

import org.ipcube.landing.Deliveries.Layout;

/**
 * The feeds of the SPEC, each with its landing contract: how its files are laid out (record
 * delimiter, encoding, header) and the raw table its records land in ({@code raw.<rawTable>},
 * described by {@code schemas/raw/<rawTable>.yml}; the files themselves by
 * {@code schemas/feeds/<name>.yml}). The one list of feeds: the ingest and its CLI option, the
 * sample-data generators and the cleaned jobs name a feed through it, and the DAG tests compare
 * the DAG's feeds with it through {@code ipcube cli-spec}. A new feed is a constant here; the
 * compiler then asks the raw layer for its reader ({@code RawJobs}).
 */
public enum Feed {
  /** SPEC §2: bibliographic records, XML (UTF-8, gzip), one {@code <PatentDocument>} per record. */
  patent_biblio(Layout.xml("PatentDocument"), "patent_biblio_records"),
  /** SPEC §3: legal-status events, CSV (UTF-8, header row, gzip). */
  patent_legal(Layout.csvWithHeader(), "patent_legal_events"),
  /** SPEC §4: the trademark register, JSON Lines (UTF-8, gzip). */
  trademark(Layout.lines(null), "trademark_records"),
  /** SPEC §5: IP pledge registrations, CSV in GB18030 with the Chinese header {@link #PLEDGE_HEADER}, not compressed. */
  pledge(Layout.csvWithHeader("GB18030", Feed.PLEDGE_HEADER), "pledge_registrations"),
  /** SPEC §6: geographical indications, JSON Lines (UTF-8, gzip). */
  gi(Layout.lines(null), "gi_records"),
  /** SPEC §7: the statistics bureau's reference figures, CSV (UTF-8, header row). */
  stats(Layout.csvWithHeader(), "stats_figures");

  /** The pledge file's first line, exactly (SPEC §5). */
  public static final String PLEDGE_HEADER =
      "登记号,质押类型,出质人,出质人统一社会信用代码,出质人地址,质权人,质押物,担保金额(万元),登记日期,到期日期,状态,状态日期";

  private final Layout layout;
  private final String rawTable;

  Feed(Layout layout, String rawTable) {
    this.layout = layout;
    this.rawTable = rawTable;
  }

  /** How the feed's files are laid out, for the record count and the strict decoding. */
  public Layout layout() {
    return layout;
  }

  /** The raw-layer table the feed's records land in, e.g. {@code patent_biblio_records}. */
  public String rawTable() {
    return rawTable;
  }
}
