package org.ipcube.cleaned.trademarks;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.ipcube.cleaned.CleanedColumns;
import org.ipcube.cleaned.cdc.CdcVersions;
import org.ipcube.common.Quarantine;
import org.ipcube.region.RegionCodes;
import org.ipcube.landing.Feed;

/**
 * Pure transforms from {@code raw.trademark_records} to {@code cleaned.trademark_versions} (the
 * state history: one row per mark per version known) and {@code cleaned.trademarks} (the current
 * version). Each version carries the validity span its state implies, which is what stocks count:
 * registered from {@code registration_date}; 注册/续展 until the expiry date; 注销/撤销/无效 until the
 * status date; 期满未续展 until the expiry date; 申请中 not valid.
 */
public final class TrademarkTransforms {
  private TrademarkTransforms() {}

  static final String[] STATUSES = {"申请中", "注册", "续展", "注销", "撤销", "无效", "期满未续展"};

  public static Dataset<Row> parseRecords(Dataset<Row> raw) {
    Column where = CleanedColumns.recordLocator();
    Dataset<Row> p = raw
        .withColumn("reg_no_clean", regNo(col("reg_no")))
        .withColumn("updated_at", CdcVersions.parseTimestamp(col("record_updated_at")))
        .withColumn("status_clean", functions.trim(col("status")))
        .withColumn("app_date_parsed", CleanedColumns.parseDate(col("app_date")))
        .withColumn("reg_date_parsed", CleanedColumns.parseDate(col("reg_date")))
        .withColumn("expiry_date_parsed", CleanedColumns.parseDate(col("expiry_date")))
        .withColumn("status_date_parsed", CleanedColumns.parseDate(col("status_date")))
        .withColumn("well_known_parsed", CleanedColumns.parseDate(col("well_known_date")))
        .withColumn("_classes", functions.transform(coalesce(col("nice_classes"), functions.array().cast("array<string>")),
            c -> functions.struct(c.as("text"), functions.trim(c).try_cast("int").as("n"))))
        .withColumn("registered", col("status_clean").isin("注册", "续展", "注销", "撤销", "无效", "期满未续展"));
    return p
        .withColumn("reject_code",
            when(functions.not(coalesce(col("reg_no_clean"), lit("")).rlike("^\\d{1,10}$")), lit("bad_reg_no"))
                .when(col("updated_at").isNull(), lit("bad_timestamp"))
                .when(functions.not(coalesce(col("status_clean"), lit("")).isin((Object[]) STATUSES)), lit("unknown_status"))
                .when(col("registered").and(col("reg_date_parsed").isNull().or(col("expiry_date_parsed").isNull())), lit("bad_date"))
                // A mark is registered for the classes it names; one outside the Nice classification
                // (1-45) makes the line's state unreliable, so the line is set aside whole (SPEC §4 dirt).
                .when(functions.exists(col("_classes"), c -> functions.not(coalesce(c.getField("n").between(1, 45), lit(false)))),
                    lit("bad_nice_class")))
        .withColumn("reject_reason", functions.concat(coalesce(col("reject_code"), lit("")), lit(": reg_no '"),
            coalesce(col("reg_no"), lit("")), lit("' status '"), coalesce(col("status"), lit("")), lit("' reg_date '"),
            coalesce(col("reg_date"), lit("")), lit("' nice_classes ["),
            functions.array_join(coalesce(col("nice_classes"), functions.array().cast("array<string>")), ", "),
            lit("] (valid: 1-45) record_updated_at '"), coalesce(col("record_updated_at"), lit("")), lit("'"), where));
  }

  /** The registration numbers ({@code reg_no}, whitespace removed as the cleaned tables key them) of raw lines. */
  public static Dataset<Row> registrationNumbers(Dataset<Row> rawLines) {
    return rawLines.select(regNo(col("reg_no")).as("reg_no"));
  }

  /** The raw lines of the marks in {@code regNos} ({@code reg_no}, as {@link #registrationNumbers} gives them). */
  public static Dataset<Row> mentioning(Dataset<Row> raw, Dataset<Row> regNos) {
    return raw.join(functions.broadcast(regNos.select(col("reg_no").as("_reg_no"))), regNo(col("reg_no")).equalTo(col("_reg_no")),
        "left_semi");
  }

  private static Column regNo(Column raw) {
    return functions.regexp_replace(raw, "\\s", "");
  }

  public static Dataset<Row> quarantine(Dataset<Row> parsed) {
    return Quarantine.rejected(parsed, Feed.trademark.name(), functions.concat_ws(" | ", col("reg_no"), col("status"), col("reg_date"),
        col("expiry_date"), col("record_updated_at")));
  }

  /**
   * County of a registrant: HK/MO/TW and foreign countries by the country field, mainland by the
   * address. Outside the mainland a registrant sits in the unknown county of the unknown city of
   * its province-level member (as the patent addresses do), so that every level of the cube has a
   * member of {@code marts.dim_regions} (a bare 900000 at county level had none: publish failed).
   */
  static Column county(Column country, Column region) {
    Column c = functions.upper(functions.trim(country));
    return when(c.equalTo("HK"), lit(outsideMainland(RegionCodes.HONG_KONG))).when(c.equalTo("MO"), lit(outsideMainland(RegionCodes.MACAO)))
        .when(c.equalTo("TW"), lit(outsideMainland(RegionCodes.TAIWAN)))
        .when(c.isNotNull().and(c.notEqual("CN")).and(c.notEqual("")), lit(outsideMainland(RegionCodes.FOREIGN)))
        .otherwise(region.getField("county_code"));
  }

  private static String outsideMainland(String provinceLevelCode) {
    return RegionCodes.unknownCountyOf(RegionCodes.unknownCityOf(provinceLevelCode));
  }

  /** {@code cleaned.trademark_versions}: the versions of each mark with typed state, region and validity span. */
  public static Dataset<Row> versions(Dataset<Row> valid) {
    Dataset<Row> v = CdcVersions.versions(valid.withColumn("reg_no_key", col("reg_no_clean")), "reg_no_key");
    Column regionDate = coalesce(col("reg_date_parsed"), col("app_date_parsed"), functions.to_date(col("updated_at")));
    Column validFrom = when(col("registered"), col("reg_date_parsed"));
    Column expiryEnd = functions.date_add(col("expiry_date_parsed"), 1);
    Column validTo = when(col("status_clean").isin("注册", "续展", "期满未续展"), expiryEnd)
        .when(col("status_clean").isin("注销", "撤销", "无效"),
            functions.least(coalesce(col("status_date_parsed"), expiryEnd), expiryEnd));
    Column country = functions.upper(functions.trim(coalesce(col("registrant_country"), lit("CN"))));
    return v
        .withColumn("_region", CleanedColumns.RESOLVE_REGION.apply(col("registrant_address"), lit(null).cast("string"),
            col("registrant_uscc"), regionDate))
        .select(col("reg_no_key").as("reg_no"), col("version_number"), col("known_from"), col("known_to"), col("updated_at"),
            col("status_clean").as("status"), col("status_date_parsed").as("status_date"), col("app_date_parsed").as("application_date"),
            col("reg_date_parsed").as("registration_date"), col("expiry_date_parsed").as("expiry_date"),
            functions.trim(col("mark_name")).as("mark_name"),
            when(col("mark_type").contains("集体"), lit("collective")).when(col("mark_type").contains("证明"), lit("certification"))
                .otherwise(lit("ordinary")).as("mark_kind"),
            functions.lower(functions.trim(col("is_gi"))).equalTo("true").and(col("mark_type").rlike("集体|证明")).as("is_gi_mark"),
            col("_classes").getField("n").as("nice_classes"),
            col("registrant_name"), col("registrant_uscc"), col("registrant_address"), country.as("registrant_country"),
            county(country, col("_region")).as("registrant_county_code"),
            when(country.equalTo("CN"), col("_region.match_quality")).otherwise(lit("foreign")).as("registrant_match_quality"),
            functions.trim(col("madrid_ir_no")).as("madrid_ir_no"), col("well_known_parsed").as("well_known_date"),
            validFrom.as("valid_from"), when(validFrom.isNotNull(), validTo).as("valid_to"), col("lines_folded"),
            col("delivery_date"), col("delivery_sequence"), col("source_file"), col("record_position"));
  }

  /** {@code cleaned.trademarks}: the current version of each mark, with when its registration first became known. */
  public static Dataset<Row> current(Dataset<Row> versions) {
    Dataset<Row> regKnown = versions.filter(col("registration_date").isNotNull()).groupBy(col("reg_no").as("_r"))
        .agg(functions.min("known_from").as("registration_known_date"));
    return versions.filter(col("known_to").isNull())
        .join(regKnown, col("reg_no").equalTo(col("_r")), "left").drop("_r", "known_to", "version_number");
  }
}
