package org.ipcube.raw;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ipcube.common.RunMode;
import org.ipcube.common.Settings;
import org.ipcube.landing.Feed;

/**
 * Reads {@code patent_biblio} deliveries (XML, gzip; feed SPEC §2), each document parsed on its
 * own (Spark's {@code from_xml}, so one malformed document is quarantined alone), and writes
 * {@code raw.patent_biblio_records}: one row per {@code <PatentDocument>} per delivery, every
 * field as delivered (strings, nothing interpreted), plus lineage.
 */
public final class IngestPatentBiblioJob {
  private IngestPatentBiblioJob() {}

  private static final String OWNER = "struct<_seq:string,Name:string,Type:string,USCC:string,Address:string,ProvinceCode:string>";

  /** The SPEC's XML shape, given explicitly: no inference pass, and a typo in a tag cannot go unnoticed. */
  static final StructType XML_SCHEMA = (StructType) DataType.fromDDL(String.join(",",
      "ApplicationNumber string", "ApplicationDate string", "PatentType string", "Title string",
      "Publication array<struct<_kind:string,_date:string,_VALUE:string>>",
      "`Grant` struct<_kind:string,_date:string,_VALUE:string>",
      "MainIPC string", "IPC array<string>", "Locarno string", "Service string",
      "Applicants struct<Applicant:array<" + OWNER + ">>",
      "Patentees struct<Patentee:array<" + OWNER + ">>",
      "InventorCount string",
      "PCT struct<_international:string,`_entry-date`:string>",
      "StrategicEmergingIndustry struct<_version:string,_VALUE:string>",
      "OverseasFamilyGranted string",
      "Awards struct<Award:array<struct<_year:string,_VALUE:string>>>",
      "_corrupt_record string"));

  public static RawIngest.FeedReader reader(SparkSession spark) {
    return new RawIngest.FeedReader(Feed.patent_biblio, files -> parse(spark, files), IngestPatentBiblioJob::toRaw);
  }

  public static RawIngest.Result run(SparkSession spark, Settings settings, LocalDate from, LocalDate to, RunMode mode) {
    return RawIngest.run(spark, settings, reader(spark), from, to, mode);
  }

  /**
   * Each {@code <PatentDocument>} parsed on its own ({@link XmlDocuments}): a malformed one gets
   * {@code _corrupt_record} (its text) and {@code _problem} (what the XML parser found wrong, where),
   * and the file's other documents load.
   */
  static Dataset<Row> parse(SparkSession spark, List<String> files) {
    Column parsed = functions.from_xml(col("document"), XML_SCHEMA, java.util.Map.of("mode", "PERMISSIVE",
        "columnNameOfCorruptRecord", "_corrupt_record", "ignoreSurroundingSpaces", "true"));
    UserDefinedFunction problem = functions.udf((UDF1<String, String>) XmlDocuments::problem, DataTypes.StringType);
    return XmlDocuments.of(spark, files, "PatentDocument")
        .select(col("_path"), col("_position"), col("document"), parsed.as("x"))
        .select(col("_path"), col("_position"), col("document"), col("x.*"))
        // Undecodable bytes were replaced by U+FFFD on reading: such a document parses, but its
        // text is not what was sent.
        .withColumn("_corrupt_record", functions.coalesce(col("_corrupt_record"),
            functions.when(functions.instr(col("document"), "\uFFFD").gt(0), col("document"))))
        .withColumn("_problem", functions.when(col("_corrupt_record").isNotNull(), problem.apply(col("document"))))
        .drop("document");
  }

  /** Parsed XML → the raw table's flat shape (pure: names and nesting only, no interpretation). */
  public static Dataset<Row> toRaw(Dataset<Row> xml) {
    String owner = "named_struct('seq', x._seq, 'name', x.Name, 'type', x.Type, 'uscc', x.USCC, "
        + "'address', x.Address, 'province_code', x.ProvinceCode)";
    return xml.select(
        col("delivery_date"), col("delivery_sequence"), col("source_file"), col("record_position"),
        col("ApplicationNumber").as("application_number"),
        col("ApplicationDate").as("application_date"),
        col("PatentType").as("patent_type"),
        col("Title").as("title"),
        expr("transform(Publication, x -> named_struct('kind', x._kind, 'date', x._date, 'number', x._VALUE))").as("publications"),
        col("Grant._kind").as("grant_kind"),
        col("Grant._date").as("grant_date"),
        col("Grant._VALUE").as("grant_number"),
        col("MainIPC").as("main_ipc"),
        col("IPC").as("ipc_codes"),
        col("Locarno").as("locarno"),
        col("Service").as("service"),
        expr("transform(Applicants.Applicant, x -> " + owner + ")").as("applicants"),
        expr("transform(Patentees.Patentee, x -> " + owner + ")").as("patentees"),
        col("InventorCount").as("inventor_count"),
        col("PCT._international").as("pct_international"),
        col("PCT.`_entry-date`").as("pct_entry_date"),
        col("StrategicEmergingIndustry._version").as("sei_version"),
        col("StrategicEmergingIndustry._VALUE").as("sei_code"),
        col("OverseasFamilyGranted").as("overseas_family_granted"),
        expr("transform(Awards.Award, x -> named_struct('year', x._year, 'name', x._VALUE))").as("awards"));
  }
}
