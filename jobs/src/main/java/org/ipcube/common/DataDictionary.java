package org.ipcube.common;

/** The data dictionary (Markdown), generated from the schema files and the indicator catalogue: the README embeds it. */
public final class DataDictionary {
  private DataDictionary() {}

  public static String markdown() {
    StringBuilder b = new StringBuilder();
    String layer = null;
    for (String t : Table.ids()) {
      TableSchema s = Table.of(t).schema();
      if (!s.layer().equals(layer)) {
        layer = s.layer();
        b.append("\n#### Layer `").append(layer).append("`\n");
      }
      b.append("\n**").append(s.qualifiedName()).append("**: ").append(s.grain()).append(".  \n");
      b.append("Key: `").append(String.join(", ", s.key())).append('`');
      if (!s.partitionedBy().isEmpty()) b.append("; partitioned by `").append(String.join(", ", s.partitionedBy())).append('`');
      if (!s.properties().isEmpty()) {
        b.append("; table properties `").append(s.properties().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
            .collect(java.util.stream.Collectors.joining(", "))).append('`');
      }
      b.append(".\n\n<details><summary>").append(s.columns().size()).append(" columns</summary>\n\n");
      b.append("| column | type | null | description |\n|---|---|---|---|\n");
      for (TableSchema.ColumnSpec c : s.columns()) {
        b.append("| `").append(c.name()).append("` | ").append(c.typeText().replace("|", "\\|").replace("<", "&lt;"))
            .append(" | ").append(c.nullable() ? "yes" : "no").append(" | ").append(c.description().replace("|", "\\|"))
            .append(" |\n");
      }
      b.append("\n</details>\n");
    }
    b.append("\n#### Indicators (`").append(IndicatorCatalogue.RESOURCE).append("`, also `marts.dim_indicators`)\n\n")
        .append(IndicatorCatalogue.shipped().markdown());
    return b.toString();
  }
}
