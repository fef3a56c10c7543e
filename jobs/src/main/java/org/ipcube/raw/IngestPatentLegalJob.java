package org.ipcube.raw;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ipcube.common.RunMode;
import org.ipcube.common.Settings;
import org.ipcube.landing.Feed;

/**
 * Reads {@code patent_legal} deliveries (CSV with header, UTF-8, gzip; feed SPEC §3) and writes
 * {@code raw.patent_legal_events}: one row per CSV line per delivery, fields as delivered.
 */
public final class IngestPatentLegalJob {
  private IngestPatentLegalJob() {}

  static final StructType CSV_SCHEMA = new StructType()
      .add("application_number", DataTypes.StringType)
      .add("event_code", DataTypes.StringType)
      .add("event_date", DataTypes.StringType)
      .add("effective_date", DataTypes.StringType)
      .add("detail", DataTypes.StringType)
      .add("_corrupt_record", DataTypes.StringType);

  public static RawIngest.FeedReader reader(SparkSession spark) {
    return new RawIngest.FeedReader(Feed.patent_legal, files -> csv(spark, files, CSV_SCHEMA, "UTF-8"), IngestPatentLegalJob::toRaw);
  }

  public static RawIngest.Result run(SparkSession spark, Settings settings, LocalDate from, LocalDate to, RunMode mode) {
    return RawIngest.run(spark, settings, reader(spark), from, to, mode);
  }

  /**
   * The CSV reading every CSV feed shares: header, RFC 4180 quotes, malformed lines kept aside with
   * {@code _problem} saying what is wrong with them (a field count, an unclosed quote).
   */
  static Dataset<Row> csv(SparkSession spark, List<String> files, StructType schema, String encoding) {
    int expected = schema.fields().length - 1; // all but _corrupt_record
    UserDefinedFunction problem = functions.udf((UDF1<String, String>) line -> csvProblem(line, expected), DataTypes.StringType);
    return read(spark, files, schema, encoding)
        .withColumn("_problem", functions.when(col("_corrupt_record").isNotNull(), problem.apply(col("_corrupt_record"))));
  }

  /**
   * Why a CSV line did not parse, counted the RFC 4180 way (commas inside quotes do not separate);
   * null when the count is right and the cause is something else.
   */
  static String csvProblem(String line, int expected) {
    int fields = 1;
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields++;
      }
    }
    if (quoted) {
      return "a quoted field is never closed";
    }
    return fields == expected ? null : fields + " fields where the SPEC's header has " + expected;
  }

  private static Dataset<Row> read(SparkSession spark, List<String> files, StructType schema, String encoding) {
    return spark.read().format("csv")
        .option("header", "true")
        .option("encoding", encoding)
        .option("quote", "\"")
        .option("escape", "\"")
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", "_corrupt_record")
        .schema(schema)
        .load(files.toArray(String[]::new));
  }

  public static Dataset<Row> toRaw(Dataset<Row> csv) {
    return csv.select(col("delivery_date"), col("delivery_sequence"), col("source_file"), col("record_position"),
        col("application_number"), col("event_code"), col("event_date"), col("effective_date"), col("detail"));
  }
}
