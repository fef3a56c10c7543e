package org.ipcube.raw;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What is wrong with a JSON Lines record that Spark's parser rejected (it only says "corrupt"),
 * for the quarantine reason: the JSON parser's own message and column, a line that is not an
 * object, or the first field whose value has another shape than the feed's schema gives it.
 * Pure; runs on the executors for rejected lines only.
 */
final class JsonLineProblems {
  private JsonLineProblems() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  static String describe(String line, StructType schema) {
    if (line == null) {
      return null;
    }
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      return "not valid JSON: " + e.getOriginalMessage() + " (column " + e.getLocation().getColumnNr() + " of the line)";
    }
    if (node == null || !node.isObject()) {
      return "a JSON " + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT))
          + " where the SPEC has one object per line";
    }
    for (StructField f : schema.fields()) {
      JsonNode v = node.get(f.name());
      if (v == null || v.isNull()) {
        continue;
      }
      String expected = f.dataType() instanceof ArrayType ? "an array" : f.dataType() instanceof StructType ? "an object"
          : f.dataType() instanceof StringType ? "a string, number or boolean" : f.dataType().simpleString();
      boolean fits = f.dataType() instanceof ArrayType ? v.isArray() : f.dataType() instanceof StructType ? v.isObject()
          : v.isValueNode();
      if (!fits) {
        return "field " + f.name() + " is a JSON " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " where the SPEC has "
            + expected;
      }
    }
    return "not parseable as the SPEC's record";
  }
}
