package org.ipcube.cleaned.patents;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.ipcube.cleaned.CleanedColumns;
import org.ipcube.common.Quarantine;
import org.ipcube.landing.Feed;

/**
 * Pure transforms from {@code raw.patent_legal_events} to {@code cleaned.patent_legal_events}:
 * parse, validate, resolve the new owner's region (TR01/CP01), and deduplicate: the same
 * application, code and effective date is one event however often it is delivered (feed SPEC §3);
 * its known date is the first delivery that carried it.
 */
public final class LegalEventTransforms {
  private LegalEventTransforms() {}

  /** The event codes of feed SPEC §3. */
  public static final List<String> CODES = List.of("PB01", "SE01", "GR01", "CF01", "RR01", "CX01", "AV01", "AD01",
      "IW01", "IP01", "TR01", "CP01", "EE01", "EC01", "PE01", "PM01", "PC01");

  static final DataType DETAIL = DataType.fromDDL(
      "patentees array<struct<name:string,type:string,address:string,uscc:string>>, licensee string, "
          + "contract_no string, pledge_reg_no string");

  public static Dataset<Row> parseRecords(Dataset<Row> raw) {
    Column code = functions.upper(functions.trim(col("event_code")));
    Column where = CleanedColumns.recordLocator();
    Dataset<Row> p = raw
        .withColumn("_num", PatentTransforms.PARSE_NUMBER.apply(col("application_number")))
        .withColumn("code", code)
        .withColumn("event_date_parsed", CleanedColumns.parseDate(col("event_date")))
        .withColumn("has_effective", functions.length(functions.trim(coalesce(col("effective_date"), lit("")))).gt(0))
        .withColumn("effective_date_parsed", when(col("has_effective"), CleanedColumns.parseDate(col("effective_date")))
            .otherwise(col("event_date_parsed")))
        .withColumn("_detail", functions.from_json(col("detail"), (org.apache.spark.sql.types.StructType) DETAIL))
        .withColumn("needs_detail", col("code").isin("TR01", "CP01"));
    return p
        .withColumn("reject_code",
            when(col("_num.rejection").isNotNull(), lit("bad_application_number"))
                .when(functions.not(col("code").isin(CODES.toArray())).or(col("code").isNull()), lit("unknown_event_code"))
                .when(col("event_date_parsed").isNull().or(col("effective_date_parsed").isNull()), lit("bad_date"))
                .when(col("needs_detail").and(functions.coalesce(functions.size(col("_detail.patentees")), lit(-1)).leq(0)),
                    lit("bad_detail")))
        .withColumn("reject_reason",
            when(col("_num.rejection").isNotNull(), functions.concat(col("_num.rejection"), where))
                .when(functions.not(col("code").isin(CODES.toArray())).or(col("code").isNull()),
                    functions.concat(lit("unknown event code '"), coalesce(col("event_code"), lit("")), lit("'"), where))
                .when(col("event_date_parsed").isNull().or(col("effective_date_parsed").isNull()),
                    functions.concat(lit("event date '"), coalesce(col("event_date"), lit("")), lit("' / effective date '"),
                        coalesce(col("effective_date"), lit("")), lit("' is not a real date"), where))
                .when(col("needs_detail").and(functions.coalesce(functions.size(col("_detail.patentees")), lit(-1)).leq(0)),
                    functions.concat(col("code"), lit(" without the new patentee in detail"), where)));
  }

  public static Dataset<Row> quarantine(Dataset<Row> parsed) {
    return Quarantine.rejected(parsed, Feed.patent_legal.name(), functions.concat_ws(",", col("application_number"), col("event_code"),
        col("event_date"), col("effective_date"), col("detail")));
  }

  /** One row per (application, code, effective date); the first delivery that carried it is kept. */
  public static Dataset<Row> deduplicate(Dataset<Row> valid) {
    Dataset<Row> v = valid.withColumn("application_number_clean", col("_num.normalized"));
    Dataset<Row> ranked = v
        .withColumn("_rank", functions.row_number().over(Window.partitionBy("application_number_clean", "code", "effective_date_parsed")
            .orderBy(CleanedColumns.arrivalOrder())))
        .withColumn("copies_delivered", functions.count(lit(1)).over(
            Window.partitionBy("application_number_clean", "code", "effective_date_parsed")));
    return ranked.filter(col("_rank").equalTo(1));
  }

  /** The cleaned shape; the new owner's region is resolved at the event's effective date. */
  public static Dataset<Row> toEvents(Dataset<Row> deduplicated) {
    Column owner = expr("_detail.patentees[0]");
    return deduplicated
        .withColumn("_owner", owner)
        .withColumn("_owner_region", when(col("_owner").isNotNull(), CleanedColumns.RESOLVE_REGION.apply(
            col("_owner.address"), lit(null).cast("string"), col("_owner.uscc"), col("effective_date_parsed"))))
        .select(
            col("application_number_clean").as("application_number"),
            col("code").as("event_code"),
            col("event_date_parsed").as("event_date"),
            col("effective_date_parsed").as("effective_date"),
            col("_owner.name").as("new_owner_name"),
            col("_owner.type").as("new_owner_type"),
            col("_owner.address").as("new_owner_address"),
            col("_owner.uscc").as("new_owner_uscc"),
            col("_owner_region.county_code").as("new_owner_county_code"),
            col("_owner_region.is_mainland").as("new_owner_is_mainland"),
            col("_detail.licensee").as("licensee"),
            col("_detail.contract_no").as("contract_no"),
            col("_detail.pledge_reg_no").as("pledge_reg_no"),
            col("delivery_date").as("known_date"),
            col("delivery_sequence"),
            col("source_file"),
            col("record_position"),
            col("copies_delivered"));
  }

  /** Marks events whose application has no bibliographic record yet: held, and applied once it arrives. */
  public static Dataset<Row> markOrphans(Dataset<Row> events, Dataset<Row> patentNumbers) {
    Dataset<Row> known = patentNumbers.select(col("application_number").as("_known")).distinct();
    return events.join(known, events.col("application_number").equalTo(known.col("_known")), "left")
        .withColumn("is_orphan", col("_known").isNull())
        .drop("_known");
  }
}
