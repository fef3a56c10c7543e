package org.ipcube.serving;

import org.ipcube.common.Table;
import org.ipcube.common.TableSchema;

/** The data dictionary of the published tables (Markdown), generated from {@code schemas/}. */
public final class Dictionaries {
  private Dictionaries() {}

  public static String markdown(String version) {
    StringBuilder b = new StringBuilder("# ipcube published tables, version ").append(version).append("\n\n")
        .append("Generated from `schemas/`; the same tables are in PostgreSQL (schema `ipcube`) and, as Parquet, next to this file.\n");
    for (String t : Exports.TABLES) {
      TableSchema s = Table.of(t).schema();
      b.append("\n## ").append(s.name()).append("\n\n").append(s.grain()).append(".\n\n")
          .append("Key: ").append(String.join(", ", s.key())).append("\n\n")
          .append("| column | type | null | description |\n|---|---|---|---|\n");
      for (TableSchema.ColumnSpec c : s.columns()) {
        b.append("| ").append(c.name()).append(" | ").append(c.type().simpleString()).append(" | ")
            .append(c.nullable() ? "yes" : "no").append(" | ").append(c.description().replace("|", "\\|")).append(" |\n");
      }
    }
    return b.toString();
  }
}
