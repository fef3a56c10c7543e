package org.ipcube.serving;

import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.ipcube.common.IndicatorCatalogue;
import org.ipcube.common.IpcubeException;
import org.ipcube.common.Settings;
import org.ipcube.common.Table;
import org.ipcube.common.TableSchema;
import org.postgresql.PGConnection;

/**
 * Publishes a cube version to PostgreSQL for BI tools (Superset, Metabase, FineBI, Tableau): the
 * star schema {@code regional_indicators} + {@code dim_regions} + {@code dim_periods}, each version
 * bulk-loaded (COPY) into its own schema {@code <schema>_<version>} with keys, indexes for the usual
 * filters and comments from {@code schemas/}; then, in one transaction, the views of the stable
 * schema {@code <schema>} switch to it, with the convenience views {@code figures} and
 * {@code regional_overview} over them ({@link ConvenienceViews}). A BI user therefore sees the old version or the new one,
 * never a half-loaded or mixed state. Publishing a version that is already current changes nothing;
 * versions beyond the retention are dropped; a failed load or switch drops what it loaded aside.
 * Row-level security ({@link RowLevelSecurity}) lets an account see only its region and below.
 *
 * <p>The password comes from the environment ({@code IPCUBE_PG_PASSWORD}) and is never printed.
 */
public final class Publisher {
  private Publisher() {}

  public static final String PASSWORD_ENV = "IPCUBE_PG_PASSWORD";

  /** The tables the convenience views ({@link ConvenienceViews}) are built on. */
  private static final java.util.Set<String> STAR = java.util.Set.of("regional_indicators", "dim_regions", "dim_periods", "dim_indicators");

  /** What happened. */
  public record Result(String version, boolean loaded, long factRows) {}

  /** "v42" → 42 (unparseable names sort first). */
  static long versionNumber(String name) {
    try {
      return Long.parseLong(name.replaceAll("^\\D+", ""));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  public static Connection connect(Settings s, String password) {
    if (s.postgresUrl().isEmpty()) {
      throw new IpcubeException("No PostgreSQL database is configured.", "ipcube.publish.postgres.url (IPCUBE_PG_URL) is empty.",
          "Set IPCUBE_PG_URL=jdbc:postgresql://host:5432/db (and IPCUBE_PG_USER, IPCUBE_PG_PASSWORD), or publish exports only.");
    }
    Properties p = new Properties();
    p.setProperty("user", s.postgresUser());
    if (password != null) p.setProperty("password", password);
    p.setProperty("ApplicationName", "ipcube-publish");
    try {
      return DriverManager.getConnection(s.postgresUrl(), p);
    } catch (SQLException e) {
      // The driver's message names host and user, never the password.
      throw new IpcubeException("Cannot connect to PostgreSQL at " + s.postgresUrl() + " as " + s.postgresUser() + ".",
          e.getMessage(), "Check the URL, that the server runs, and IPCUBE_PG_USER / IPCUBE_PG_PASSWORD.", e);
    }
  }

  static String pgType(DataType t) {
    if (t.equals(DataTypes.StringType)) return "text";
    if (t.equals(DataTypes.IntegerType)) return "integer";
    if (t.equals(DataTypes.LongType)) return "bigint";
    if (t.equals(DataTypes.DoubleType)) return "double precision";
    if (t.equals(DataTypes.BooleanType)) return "boolean";
    if (t.equals(DataTypes.DateType)) return "date";
    if (t.equals(DataTypes.TimestampType)) return "timestamptz";
    if (t instanceof DecimalType d) return "numeric(" + d.precision() + "," + d.scale() + ")";
    return "text";
  }

  /** A SQL string literal (quotes doubled). */
  static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /**
   * Loads {@code tables} (name → rows in its schema's columns) as version {@code version} unless it
   * is already the current one, switches the views, and drops versions beyond {@code keepPrevious}.
   * Row-level security applies when {@code security} is given or an earlier publish set it up in
   * {@code schema}. All or nothing: when loading or switching fails, what was loaded aside is
   * dropped and BI users go on seeing the previous version.
   */
  public static Result publish(Connection c, String schema, String version, java.util.Map<String, Dataset<Row>> tables, int keepPrevious,
      RowLevelSecurity security) throws SQLException {
    String target = schema + "_" + version;
    c.setAutoCommit(true);
    try (Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
      st.execute("CREATE TABLE IF NOT EXISTS " + schema + ".published_versions (version text PRIMARY KEY, loaded_at timestamptz "
          + "NOT NULL DEFAULT now(), fact_rows bigint NOT NULL, is_current boolean NOT NULL DEFAULT false)");
      st.execute("COMMENT ON TABLE " + schema + ".published_versions IS "
          + literal("One row per cube version loaded; is_current marks the one the views show."));
    }
    boolean setUp = RowLevelSecurity.isSetUp(c, schema);
    RowLevelSecurity rls = security != null ? security : setUp ? new RowLevelSecurity() : null;
    String current = currentVersion(c, schema);
    if (version.equals(current)) {
      long rows = factRows(c, schema, version);
      // Asked for row-level security on a version already served: set it up on that version.
      if (rls != null && !setUp) switchTo(c, schema, target, version, rows, tables.keySet(), rls);
      return new Result(version, false, rows);
    }
    long factRows = 0;
    try {
      try (Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS " + target + " CASCADE");
        st.execute("CREATE SCHEMA " + target);
      }
      for (var e : tables.entrySet()) {
        TableSchema ts = Table.of("marts", e.getKey()).schema();
        long n = load(c, target, ts, e.getValue());
        if (ts.name().equals("regional_indicators")) factRows = n;
      }
      try (Statement st = c.createStatement()) {
        st.execute("ANALYZE " + target + ".regional_indicators");
      }
      switchTo(c, schema, target, version, factRows, tables.keySet(), rls);
    } catch (SQLException | IOException | RuntimeException e) {
      try (Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS " + target + " CASCADE");
      } catch (SQLException dropFailed) {
        e.addSuppressed(dropFailed);
      }
      throw new IpcubeException("Publishing " + version + " to PostgreSQL failed; BI users still see "
          + (current == null ? "no version (none was published before)" : "version " + current) + ".",
          e.getMessage(), "Fix the cause and publish again; nothing of " + version + " was left in the database.", e);
    }
    dropOld(c, schema, version, keepPrevious);
    return new Result(version, true, factRows);
  }

  static String currentVersion(Connection c, String schema) throws SQLException {
    try (Statement st = c.createStatement();
         ResultSet r = st.executeQuery("SELECT version FROM " + schema + ".published_versions WHERE is_current")) {
      return r.next() ? r.getString(1) : null;
    }
  }

  private static long factRows(Connection c, String schema, String version) throws SQLException {
    try (Statement st = c.createStatement();
         ResultSet r = st.executeQuery("SELECT fact_rows FROM " + schema + ".published_versions WHERE version = " + literal(version))) {
      return r.next() ? r.getLong(1) : 0;
    }
  }

  /** CREATE TABLE from the contract, COPY the rows in (CSV streamed from the driver), then keys, indexes, comments. */
  static long load(Connection c, String target, TableSchema ts, Dataset<Row> rows) throws SQLException, IOException {
    String table = target + "." + ts.name();
    List<String> cols = new ArrayList<>();
    for (TableSchema.ColumnSpec col : ts.columns()) {
      cols.add(col.name() + " " + pgType(col.type()) + (col.nullable() ? "" : " NOT NULL"));
    }
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE " + table + " (" + String.join(", ", cols) + ")");
    }
    Iterator<Row> it = ts.conform(rows).toLocalIterator();
    long n = c.unwrap(PGConnection.class).getCopyAPI().copyIn(
        "COPY " + table + " FROM STDIN WITH (FORMAT csv, NULL '\\N')", new CsvRows(it));
    try (Statement st = c.createStatement()) {
      st.execute("ALTER TABLE " + table + " ADD PRIMARY KEY (" + String.join(", ", ts.key()) + ")");
      if (ts.name().equals("regional_indicators")) {
        st.execute("CREATE INDEX ON " + table + " (region_id, period_id)");
        st.execute("CREATE INDEX ON " + table + " (indicator, region_level, period_type, period_year)");
        st.execute("CREATE INDEX ON " + table + " (region_code)");
      }
      if (ts.name().equals("dim_regions")) st.execute("CREATE INDEX ON " + table + " (region_code, region_level)");
      st.execute("COMMENT ON TABLE " + table + " IS " + literal(ts.grain()));
      for (TableSchema.ColumnSpec col : ts.columns()) {
        st.execute("COMMENT ON COLUMN " + table + "." + col.name() + " IS " + literal(col.description()));
      }
    }
    return n;
  }

  /** One transaction: the views of the stable schema point to the new version, and it becomes current. */
  private static void switchTo(Connection c, String schema, String target, String version, long factRows,
      java.util.Set<String> tables, RowLevelSecurity rls) throws SQLException {
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      if (rls != null) rls.apply(st, schema, target);
      ConvenienceViews.drop(st, schema);
      for (String t : tables) {
        TableSchema ts = Table.of("marts", t).schema();
        st.execute("DROP VIEW IF EXISTS " + schema + "." + t);
        st.execute("CREATE VIEW " + schema + "." + t + (rls != null ? " WITH (security_invoker = true)" : "")
            + " AS SELECT * FROM " + target + "." + t);
        st.execute("COMMENT ON VIEW " + schema + "." + t + " IS " + literal(ts.grain() + " (version " + version + ")"));
        for (TableSchema.ColumnSpec col : ts.columns()) {
          st.execute("COMMENT ON COLUMN " + schema + "." + t + "." + col.name() + " IS " + literal(col.description()));
        }
      }
      if (tables.containsAll(STAR)) ConvenienceViews.create(st, schema, IndicatorCatalogue.shipped(), rls);
      if (rls != null) rls.grantViews(st, schema);
      st.execute("UPDATE " + schema + ".published_versions SET is_current = false WHERE is_current");
      st.execute("INSERT INTO " + schema + ".published_versions (version, fact_rows, is_current) VALUES (" + literal(version) + ", "
          + factRows + ", true) ON CONFLICT (version) DO UPDATE SET is_current = true, fact_rows = EXCLUDED.fact_rows, loaded_at = now()");
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  private static void dropOld(Connection c, String schema, String current, int keepPrevious) throws SQLException {
    List<String> versions = new ArrayList<>();
    try (Statement st = c.createStatement();
         ResultSet r = st.executeQuery("SELECT version FROM " + schema + ".published_versions WHERE NOT is_current")) {
      while (r.next()) versions.add(r.getString(1));
    }
    versions.sort((a, b) -> Long.compare(versionNumber(b), versionNumber(a)));
    try (Statement st = c.createStatement()) {
      for (String v : versions.subList(Math.min(keepPrevious, versions.size()), versions.size())) {
        st.execute("DROP SCHEMA IF EXISTS " + schema + "_" + v + " CASCADE");
        st.execute("DELETE FROM " + schema + ".published_versions WHERE version = " + literal(v));
      }
    }
  }

  /** Streams rows as CSV for COPY, without holding the table in memory. */
  private static final class CsvRows extends Reader {
    private final Iterator<Row> rows;
    private String pending = "";
    private int pos;

    CsvRows(Iterator<Row> rows) {
      this.rows = rows;
    }

    @Override
    public int read(char[] buf, int off, int len) {
      while (pos >= pending.length()) {
        if (!rows.hasNext()) return -1;
        pending = line(rows.next());
        pos = 0;
      }
      int n = Math.min(len, pending.length() - pos);
      pending.getChars(pos, pos + n, buf, off);
      pos += n;
      return n;
    }

    private static String line(Row r) {
      StringBuilder b = new StringBuilder(256);
      for (int i = 0; i < r.size(); i++) {
        if (i > 0) b.append(',');
        Object v = r.get(i);
        if (v == null) {
          b.append("\\N");
        } else {
          String s = v.toString();
          if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\\') >= 0) {
            b.append('"').append(s.replace("\"", "\"\"")).append('"');
          } else {
            b.append(s);
          }
        }
      }
      return b.append('\n').toString();
    }

    @Override
    public void close() {}
  }
}
