package org.ipcube.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One warehouse table's contract, read from {@code schemas/<layer>/<table>.yml}: grain, key,
 * partitioning, Delta table properties (e.g. the change feed a raw table keeps for the incremental
 * clean) and columns (type, nullability, description). Jobs conform their output to it, tests
 * check output against it, and the data dictionary in the README is generated from it.
 */
public record TableSchema(String layer, String name, String grain, List<String> key,
    List<String> partitionedBy, java.util.Map<String, String> properties, List<ColumnSpec> columns) {

  public record ColumnSpec(String name, DataType type, String typeText, boolean nullable, String description) {}

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Loads a table contract from the classpath, e.g. {@code Table.CLEANED_PATENTS.schema()}. */
  public static TableSchema of(String layer, String table) {
    String resource = "schemas/" + layer + "/" + table + ".yml";
    try (InputStream in = TableSchema.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IpcubeException("No schema for table " + layer + "." + table + ".",
            resource + " is not on the classpath.", "Add schemas/" + layer + "/" + table + ".yml and rebuild.");
      }
      return parse(YAML.readTree(in), resource);
    } catch (IOException e) {
      throw new IpcubeException("Cannot read " + resource + ".", e.getMessage(), "Fix the YAML syntax.", e);
    }
  }

  static TableSchema parse(JsonNode root, String source) {
    List<ColumnSpec> cols = new ArrayList<>();
    for (JsonNode c : root.path("columns")) {
      String typeText = c.path("type").asText();
      DataType type;
      try {
        type = DataType.fromDDL(typeText);
      } catch (RuntimeException e) {
        throw new IpcubeException("Column " + c.path("name").asText() + " in " + source + " has type '" + typeText + "'.",
            "it is not a Spark SQL type.", "Use Spark DDL types such as string, int, date, array<string>.", e);
      }
      cols.add(new ColumnSpec(c.path("name").asText(), type, typeText, c.path("nullable").asBoolean(true),
          c.path("description").asText()));
    }
    return new TableSchema(root.path("layer").asText(), root.path("table").asText(), root.path("grain").asText(),
        strings(root.path("key")), strings(root.path("partitioned_by")), properties(root.path("properties")), List.copyOf(cols));
  }

  private static java.util.Map<String, String> properties(JsonNode n) {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return java.util.Collections.unmodifiableMap(out);
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.forEach(x -> out.add(x.asText()));
    return List.copyOf(out);
  }

  public StructType structType() {
    return new StructType(columns.stream()
        .map(c -> new StructField(c.name(), c.type(), c.nullable(), org.apache.spark.sql.types.Metadata.empty()))
        .toArray(StructField[]::new));
  }

  public List<String> columnNames() {
    return columns.stream().map(ColumnSpec::name).toList();
  }

  /**
   * Selects exactly the contract's columns, in its order, cast to its types. A missing column is a
   * programming error and fails loudly; extra columns are dropped on purpose (they are working
   * columns of the transform). A declared {@link #ROW_HASH} is computed here, never taken from the
   * input (one carried over from an input table would be that table's).
   */
  public Dataset<Row> conform(Dataset<Row> df) {
    Set<String> present = Set.of(df.columns());
    List<String> missing = columnNames().stream().filter(n -> !n.equals(ROW_HASH) && !present.contains(n)).toList();
    if (!missing.isEmpty()) {
      throw new IpcubeException("Output of " + layer + "." + name + " lacks columns " + missing + ".",
          "the transform does not produce every column of schemas/" + layer + "/" + name + ".yml.",
          "Produce the columns or change the schema file (and its readers) together.");
    }
    Column[] select = columns.stream().filter(c -> !c.name().equals(ROW_HASH))
        .map(c -> functions.col(c.name()).cast(c.type()).as(c.name())).toArray(Column[]::new);
    Dataset<Row> typed = df.select(select);
    return columnNames().contains(ROW_HASH) ? withRowHash(typed).select(columnNames().stream().map(functions::col).toArray(Column[]::new))
        : typed;
  }

  /**
   * The column a keyed table (one that a nightly MERGEs) declares for its rows' identity: a hash of
   * every other column, by name, computed here on write from the values as the contract types
   * them. A MERGE then matches replaced rows on the key and this one narrow column, so it reads two
   * columns of the target instead of hashing every column of every row.
   */
  public static final String ROW_HASH = "row_hash";

  /** {@code typed}: the other columns, already cast to the contract's types. */
  private Dataset<Row> withRowHash(Dataset<Row> typed) {
    List<ColumnSpec> hashed = columns.stream().filter(c -> !c.name().equals(ROW_HASH)).toList();
    // to_json of a named struct, not xxhash64 of the columns: that one skips nulls, so (null, 'a')
    // and ('a', null) would hash alike.
    return typed.withColumn(ROW_HASH, functions.expr("xxhash64(to_json(named_struct(" + hashed.stream()
        .map(c -> "'" + c.name() + "', `" + c.name() + "`").collect(Collectors.joining(", ")) + ")))"));
  }

  /** Data checks from the contract: nulls in non-nullable columns and duplicate keys. Empty = clean. */
  public List<String> violations(Dataset<Row> df) {
    List<String> out = new ArrayList<>();
    List<ColumnSpec> required = columns.stream().filter(c -> !c.nullable()).toList();
    if (!required.isEmpty()) {
      Column[] nullCounts = required.stream()
          .map(c -> functions.sum(functions.when(functions.col(c.name()).isNull(), 1).otherwise(0)).as(c.name()))
          .toArray(Column[]::new);
      Row r = df.agg(nullCounts[0], java.util.Arrays.copyOfRange(nullCounts, 1, nullCounts.length)).first();
      for (int i = 0; i < required.size(); i++) {
        long n = r.isNullAt(i) ? 0 : r.getLong(i);
        if (n > 0) out.add(n + " null value(s) in non-nullable column " + required.get(i).name());
      }
    }
    if (!key.isEmpty()) {
      long dupes = df.groupBy(key.stream().map(functions::col).toArray(Column[]::new)).count()
          .filter("count > 1").count();
      if (dupes > 0) out.add(dupes + " duplicate key(s) on " + key);
    }
    return out;
  }

  public String qualifiedName() {
    return layer + "." + name;
  }

  @Override
  public String toString() {
    return qualifiedName() + columns.stream().map(ColumnSpec::name).collect(Collectors.joining(", ", "(", ")"));
  }
}
