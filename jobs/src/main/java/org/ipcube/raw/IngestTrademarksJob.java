package org.ipcube.raw;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ipcube.common.RunMode;
import org.ipcube.common.Settings;
import org.ipcube.landing.Feed;

/**
 * Reads {@code trademark} deliveries (JSON Lines, UTF-8, gzip; feed SPEC §4) and writes
 * {@code raw.trademark_records}: one row per line per delivery, fields as delivered (strings;
 * dates and flags are checked in the cleaned layer). A line that is not JSON is quarantined; a
 * UTF-8 byte-order mark at the start of a file is not part of the first record.
 */
public final class IngestTrademarksJob {
  private IngestTrademarksJob() {}

  static final StructType JSON_SCHEMA = (StructType) DataType.fromDDL(String.join(",",
      "reg_no string", "app_date string", "reg_date string", "expiry_date string", "nice_classes array<string>",
      "mark_name string", "mark_type string", "is_gi string",
      "registrant struct<name:string,uscc:string,address:string,country:string>", "status string", "status_date string",
      "madrid_ir_no string", "well_known struct<recognized_date:string>", "record_updated_at string", "_corrupt_record string"));

  public static RawIngest.FeedReader reader(SparkSession spark) {
    return new RawIngest.FeedReader(Feed.trademark, files -> jsonLines(spark, files, JSON_SCHEMA), IngestTrademarksJob::toRaw);
  }

  public static RawIngest.Result run(SparkSession spark, Settings settings, LocalDate from, LocalDate to, RunMode mode) {
    return RawIngest.run(spark, settings, reader(spark), from, to, mode);
  }

  /**
   * JSON Lines read as text then parsed, so a broken line keeps its place in the file (for the
   * lineage) and comes back whole in {@code _corrupt_record}, with what is wrong with it in
   * {@code _problem} ({@link JsonLineProblems}); blank lines are not records.
   */
  static Dataset<Row> jsonLines(SparkSession spark, List<String> files, StructType schema) {
    Dataset<Row> text = spark.read().text(files.toArray(String[]::new))
        .withColumn("value", functions.regexp_replace(col("value"), "^\uFEFF", ""))
        .filter(functions.trim(col("value")).notEqual(""));
    StructType fields = new StructType(Arrays.stream(schema.fields()).filter(f -> !f.name().equals("_corrupt_record"))
        .toArray(StructField[]::new));
    UserDefinedFunction problem = functions.udf(
        (UDF1<String, String>) line -> JsonLineProblems.describe(line, fields), DataTypes.StringType);
    return text.select(col("value"), functions.from_json(col("value"), schema,
            Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", "_corrupt_record")).as("j"))
        .select(col("j.*"))
        .withColumn("_problem", functions.when(col("_corrupt_record").isNotNull(), problem.apply(col("_corrupt_record"))));
  }

  public static Dataset<Row> toRaw(Dataset<Row> parsed) {
    return parsed.select(col("delivery_date"), col("delivery_sequence"), col("source_file"), col("record_position"),
        col("reg_no"), col("app_date"), col("reg_date"), col("expiry_date"), col("nice_classes"), col("mark_name"),
        col("mark_type"), col("is_gi"), col("registrant.name").as("registrant_name"), col("registrant.uscc").as("registrant_uscc"),
        col("registrant.address").as("registrant_address"), col("registrant.country").as("registrant_country"),
        col("status"), col("status_date"), col("madrid_ir_no"), col("well_known.recognized_date").as("well_known_date"),
        col("record_updated_at"));
  }
}
