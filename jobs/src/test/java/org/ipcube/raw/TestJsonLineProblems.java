package org.ipcube.raw;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The quarantine reason of a JSON Lines record Spark rejected (no Spark: the describer is pure). */
class TestJsonLineProblems {
  private static final StructType SCHEMA = (StructType) DataType.fromDDL(
      "reg_no string, nice_classes array<string>, registrant struct<name:string>, status string");

  @Test
  void aLineCutShortNamesTheParsersMessageAndColumn() {
    // The e2e set's trademark/2023-01-10 line 6: the status value lost its quotes and the line its end;
    // column 34 is where the unquoted value starts.
    assertThat(JsonLineProblems.describe("{\"reg_no\": \"60000008\", \"status\": 注册", SCHEMA))
        .isEqualTo("not valid JSON: Unrecognized token '注册': was expecting (JSON String, Number, Array, Object or token 'null',"
            + " 'true' or 'false') (column 34 of the line)");
  }

  @Test
  void aLineThatIsNotAnObjectOrHasAFieldOfAnotherShapeSaysSo() {
    assertThat(JsonLineProblems.describe("[1, 2]", SCHEMA)).isEqualTo("a JSON array where the SPEC has one object per line");
    assertThat(JsonLineProblems.describe("{\"reg_no\": \"1\", \"nice_classes\": \"35\"}", SCHEMA))
        .isEqualTo("field nice_classes is a JSON string where the SPEC has an array");
    assertThat(JsonLineProblems.describe("{\"registrant\": [\"x\"]}", SCHEMA))
        .isEqualTo("field registrant is a JSON array where the SPEC has an object");
  }
}
