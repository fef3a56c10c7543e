package org.ipcube.serving;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ipcube.common.IpcubeException;
import org.ipcube.serving.KernelReads.KernelRow;

/**
 * Reads a filtered handful of rows from a Delta table's data files with an in-process DuckDB: the
 * files of the current version come from the Delta log ({@link KernelReads#localDataFiles}), and
 * DuckDB scans them column-wise with the filter pushed into the scan, on all cores. For the cube,
 * where a bulletin needs a few hundred rows of millions, this is what keeps {@code report} to
 * seconds; Kernel's own reader would materialise every row first.
 */
public final class DuckDbReads {
  private DuckDbReads() {}

  /**
   * {@code SELECT columns FROM files WHERE where} with {@code parameters} bound to its {@code ?}s;
   * the table's partition columns are read from the files' paths ({@code column=value} folders),
   * cast back to {@code INTEGER} where {@code integerColumns} names them.
   */
  public static List<KernelRow> rows(List<String> files, List<String> columns, List<String> integerColumns, String where,
      List<Object> parameters) {
    if (files.isEmpty()) return List.of();
    String select = columns.stream().map(c -> integerColumns.contains(c) ? "CAST(" + c + " AS INTEGER) AS " + c : c)
        .collect(Collectors.joining(", "));
    String list = files.stream().map(f -> "'" + f.replace("'", "''") + "'").collect(Collectors.joining(", "));
    String sql = "SELECT " + select + " FROM read_parquet([" + list + "], hive_partitioning = true) WHERE " + where;
    List<KernelRow> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.size(); i++) st.setObject(i + 1, parameters.get(i));
      try (ResultSet r = st.executeQuery()) {
        while (r.next()) {
          Map<String, Object> values = new LinkedHashMap<>();
          for (String col : columns) values.put(col, r.getObject(col));
          out.add(new KernelRow(values));
        }
      }
    } catch (SQLException e) {
      throw new IpcubeException("Cannot read " + files.size() + " data files with DuckDB.", e.getMessage(),
          "Check that the warehouse is readable; the files come from the table's Delta log.", e);
    }
    return out;
  }
}
