package org.ipcube.cleaned.patents;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.ipcube.cleaned.CleanedColumns;
import org.ipcube.common.Quarantine;

/**
 * Pure transforms from {@code raw.patent_biblio_records} to {@code cleaned.patents}: no paths,
 * configuration or clock in here; every rule that is a choice arrives as a parameter.
 */
public final class PatentTransforms {
  private PatentTransforms() {}

  static final StructType NUMBER = (StructType) DataType.fromDDL(
      "normalized string, type_digit string, repairs array<string>, rejection string");

  /** Application number normalisation as a Spark function (see {@link ApplicationNumbers}). */
  public static final UserDefinedFunction PARSE_NUMBER = functions.udf((UDF1<String, Row>) raw -> {
    ApplicationNumbers.Parsed p = ApplicationNumbers.parse(raw);
    return RowFactory.create(p.normalized(), p.typeDigit(), p.repairs().toArray(String[]::new), p.rejection());
  }, NUMBER);

  /**
   * Parses and checks every raw record: normalised number, dates, type. Adds {@code reject_code}
   * and {@code reject_reason} (null when the record is usable). Repairable dirt is repaired and
   * listed in {@code number_repairs}; {@code has_type_conflict} marks a PatentType label that
   * disagrees with the number's type digit, and {@code typeSource} decides which one wins.
   */
  public static Dataset<Row> parseRecords(Dataset<Row> raw, String typeSource) {
    Dataset<Row> p = raw
        .withColumn("_num", PARSE_NUMBER.apply(col("application_number")))
        .withColumn("application_date_parsed", CleanedColumns.parseDate(col("application_date")))
        .withColumn("grant_date_parsed", CleanedColumns.parseDate(col("grant_date")))
        .withColumn("publication_date_parsed", CleanedColumns.parseDate(expr("publications[0].date")))
        .withColumn("pct_entry_date_parsed", CleanedColumns.parseDate(col("pct_entry_date")))
        .withColumn("type_of_digit", expr("CASE _num.type_digit WHEN '1' THEN 'invention' WHEN '8' THEN 'invention' "
            + "WHEN '2' THEN 'utility_model' WHEN '9' THEN 'utility_model' WHEN '3' THEN 'design' END"))
        .withColumn("type_of_label", expr("CASE trim(patent_type) WHEN '发明' THEN 'invention' "
            + "WHEN '实用新型' THEN 'utility_model' WHEN '外观设计' THEN 'design' END"));
    Column typeChosen = typeSource.equals("declared")
        ? coalesce(col("type_of_label"), col("type_of_digit"))
        : coalesce(col("type_of_digit"), col("type_of_label"));
    Column where = CleanedColumns.recordLocator();
    return p
        .withColumn("patent_type_clean", typeChosen)
        .withColumn("has_type_conflict", coalesce(col("type_of_digit").notEqual(col("type_of_label")), lit(false)))
        .withColumn("reject_code",
            when(col("_num.rejection").isNotNull(), lit("bad_application_number"))
                .when(col("application_date_parsed").isNull(), lit("bad_date"))
                .when(col("grant_date").isNotNull().and(col("grant_date_parsed").isNull()), lit("bad_date")))
        .withColumn("reject_reason",
            when(col("_num.rejection").isNotNull(), functions.concat(col("_num.rejection"), where))
                .when(col("application_date_parsed").isNull(), functions.concat(lit("ApplicationDate '"),
                    coalesce(col("application_date"), lit("")), lit("' is missing or not a real date"), where))
                .when(col("grant_date").isNotNull().and(col("grant_date_parsed").isNull()),
                    functions.concat(lit("Grant date '"), col("grant_date"), lit("' is not a real date"), where)));
  }

  /**
   * The normalised application numbers ({@code application_number}) of raw records, e.g. of the
   * raw rows a night changed; numbers that do not normalise are left out (those records are
   * quarantined, they belong to no application).
   */
  public static Dataset<Row> applicationNumbers(Dataset<Row> rawRecords) {
    return rawRecords.select(PARSE_NUMBER.apply(col("application_number")).getField("normalized").as("application_number"))
        .filter(col("application_number").isNotNull());
  }

  /**
   * The raw records (biblio or legal) whose application number normalises to one of
   * {@code numbers} ({@code application_number}, normalised). A native pre-filter on the ASCII
   * digits keeps the normalising function off the records that cannot match: for an ASCII number
   * the normalised number is exactly its digits and check character (prefixes, dots and spaces
   * removed); a number with other characters (full-width dirt) always goes to the exact check.
   */
  public static Dataset<Row> mentioning(Dataset<Row> raw, Dataset<Row> numbers) {
    Column nonAscii = col("application_number").rlike("[^\\x00-\\x7F]");
    Dataset<Row> digitKeys = numbers.select(functions.regexp_replace(col("application_number"), "\\.", "").as("_digits"));
    Column digits = functions.regexp_replace(functions.upper(col("application_number")), "[^0-9X]", "");
    Dataset<Row> ascii = raw.filter(functions.not(nonAscii))
        .join(functions.broadcast(digitKeys), digits.equalTo(col("_digits")), "left_semi");
    Dataset<Row> candidates = ascii.unionByName(raw.filter(nonAscii));
    return candidates.join(functions.broadcast(numbers.select(col("application_number").as("_number"))),
        PARSE_NUMBER.apply(col("application_number")).getField("normalized").equalTo(col("_number")), "left_semi");
  }

  /** Rejected records in the quarantine table's shape. */
  public static Dataset<Row> quarantine(Dataset<Row> parsed, String feed) {
    return Quarantine.rejected(parsed, feed, functions.concat_ws(" | ", col("application_number"), col("application_date"),
        col("patent_type"), col("grant_date")));
  }

  /**
   * One current record per application: the latest delivery wins (date, then sequence, then the
   * later position in a file when a document is there twice). Also keeps, from all versions, the
   * first time each fact became known, for "as known at" figures.
   */
  public static Dataset<Row> currentRecords(Dataset<Row> valid) {
    Dataset<Row> v = valid.withColumn("application_number_clean", col("_num.normalized"));
    Dataset<Row> known = v.groupBy("application_number_clean").agg(
        functions.min("delivery_date").as("application_known_date"),
        functions.min(when(col("grant_date_parsed").isNotNull(), col("delivery_date"))).as("grant_known_date"),
        functions.min(when(col("sei_code").isNotNull(), col("delivery_date"))).as("sei_known_date"),
        functions.min(when(functions.lower(functions.trim(col("overseas_family_granted"))).equalTo("true"), col("delivery_date")))
            .as("overseas_known_date"),
        functions.min(when(functions.size(col("awards")).gt(0), col("delivery_date"))).as("award_known_date"),
        functions.min(when(col("pct_entry_date_parsed").isNotNull(), col("delivery_date"))).as("pct_known_date"),
        functions.count(lit(1)).as("versions_delivered"));
    Dataset<Row> latest = v
        .withColumn("_rank", functions.row_number().over(Window.partitionBy("application_number_clean")
            .orderBy(CleanedColumns.latestArrivalFirst())))
        .filter(col("_rank").equalTo(1));
    return latest.join(known, "application_number_clean");
  }

  /** The cleaned.patents shape: typed fields, first applicant and patentee, regions resolved. */
  public static Dataset<Row> toPatents(Dataset<Row> current) {
    Column applicant = expr("applicants[0]");
    Column patentee = expr("patentees[0]");
    // The first applicant's address placed in the division valid on a date: each figure counted
    // on a date (filing, grant, PCT national-phase entry) is placed in the division valid then.
    java.util.function.Function<Column, Column> applicantRegionOn = date ->
        CleanedColumns.RESOLVE_REGION.apply(col("_app.address"), col("_app.province_code"), col("_app.uscc"), date);
    Dataset<Row> d = current
        .withColumn("_app", applicant)
        .withColumn("_pat", patentee)
        .withColumn("_app_region_filing", applicantRegionOn.apply(col("application_date_parsed")))
        .withColumn("_app_region_grant", when(col("grant_date_parsed").isNotNull(), applicantRegionOn.apply(col("grant_date_parsed"))))
        .withColumn("_app_region_pct_entry", when(col("pct_entry_date_parsed").isNotNull(),
            applicantRegionOn.apply(col("pct_entry_date_parsed"))))
        .withColumn("_pat_region", when(col("_pat").isNotNull(),
            CleanedColumns.RESOLVE_REGION.apply(col("_pat.address"), col("_pat.province_code"), col("_pat.uscc"),
                coalesce(col("grant_date_parsed"), col("application_date_parsed")))));
    return d.select(
        col("application_number_clean").as("application_number"),
        col("patent_type_clean").as("patent_type"),
        col("_num.type_digit").as("type_digit"),
        col("_num.type_digit").isin("8", "9").or(col("pct_international").isNotNull()).or(col("pct_entry_date").isNotNull())
            .as("is_pct_national_phase"),
        col("has_type_conflict"),
        col("_num.repairs").as("number_repairs"),
        col("application_date_parsed").as("application_date"),
        col("publication_date_parsed").as("publication_date"),
        col("grant_date_parsed").as("grant_date"),
        col("grant_number"),
        col("title"),
        col("main_ipc"),
        col("locarno"),
        col("service"),
        functions.nullif(functions.upper(functions.trim(col("pct_international"))), lit("")).as("pct_international_number"),
        col("pct_entry_date_parsed").as("pct_entry_date"),
        col("pct_entry_date").isNotNull().and(functions.trim(col("pct_entry_date")).notEqual(""))
            .and(col("pct_entry_date_parsed").isNull()).as("has_bad_pct_entry_date"),
        col("_app.name").as("first_applicant_name"),
        col("_app.type").as("first_applicant_type"),
        col("_app.uscc").as("first_applicant_uscc"),
        col("_app.address").as("first_applicant_address"),
        col("_app_region_filing.county_code").as("applicant_county_code_at_filing"),
        col("_app_region_grant.county_code").as("applicant_county_code_at_grant"),
        col("_app_region_pct_entry.county_code").as("applicant_county_code_at_pct_entry"),
        col("_app_region_filing.match_quality").as("applicant_match_quality"),
        col("_app_region_filing.is_mainland").as("applicant_is_mainland"),
        col("_pat.name").as("first_patentee_name"),
        col("_pat.address").as("first_patentee_address"),
        col("_pat_region.county_code").as("patentee_county_code_at_grant"),
        col("_pat_region.is_mainland").as("patentee_is_mainland"),
        functions.nullif(functions.trim(col("sei_code")), lit("")).as("sei_code"),
        coalesce(functions.lower(functions.trim(col("overseas_family_granted"))).equalTo("true"), lit(false))
            .as("has_overseas_family_grant"),
        expr("awards[0].name").as("award_name"),
        expr("try_cast(awards[0].year AS INT)").as("award_year"),
        expr("try_cast(inventor_count AS INT)").as("inventor_count"),
        col("delivery_date"),
        col("delivery_sequence"),
        col("source_file"),
        col("record_position"),
        col("application_known_date"),
        col("grant_known_date"),
        col("sei_known_date"),
        col("overseas_known_date"),
        col("award_known_date"),
        col("pct_known_date"),
        col("versions_delivered"));
  }
}
