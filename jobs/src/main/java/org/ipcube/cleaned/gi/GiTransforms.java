package org.ipcube.cleaned.gi;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.ipcube.cleaned.CleanedColumns;
import org.ipcube.cleaned.cdc.CdcVersions;
import org.ipcube.common.Quarantine;
import org.ipcube.landing.Feed;

/**
 * Pure transforms from {@code raw.gi_records} to {@code cleaned.gi_product_versions} and
 * {@code cleaned.gi_user_versions}: the state history of each product and user (the latest
 * {@code record_updated_at} wins, see {@link CdcVersions}), with the counties a product's protected
 * area covers, the user's county, and the validity span each state implies (approved until
 * revoked/cancelled; the feed gives no status date, so the state's timestamp dates the end).
 */
public final class GiTransforms {
  private GiTransforms() {}


  static final StructType AREA = (StructType) DataType.fromDDL("counties array<string>, unresolved array<string>");

  public static final UserDefinedFunction RESOLVE_AREA = functions.udf((UDF2<scala.collection.Seq<Row>, java.time.LocalDate, Row>)
      (entries, date) -> {
        List<ProtectedAreas.Entry> list = new ArrayList<>();
        if (entries != null) {
          scala.collection.Iterator<Row> it = entries.iterator();
          while (it.hasNext()) {
            Row r = it.next();
            if (r != null) list.add(new ProtectedAreas.Entry(r.getString(0), r.getString(1)));
          }
        }
        ProtectedAreas.Area a = ProtectedAreas.resolve(list, date);
        return RowFactory.create(a.counties().toArray(String[]::new), a.unresolved().toArray(String[]::new));
      }, AREA);

  public static Dataset<Row> parseRecords(Dataset<Row> raw) {
    Column where = CleanedColumns.recordLocator();
    Column kind = functions.lower(functions.trim(col("kind")));
    Column id = functions.trim(when(kind.equalTo("product"), col("gi_id")).otherwise(col("user_id")));
    Column status = functions.trim(col("status"));
    return raw
        .withColumn("kind_clean", kind)
        .withColumn("record_id", id)
        .withColumn("record_key", functions.concat(kind, lit(":"), id))
        .withColumn("status_clean", status)
        .withColumn("updated_at", CdcVersions.parseTimestamp(col("record_updated_at")))
        .withColumn("approved_date_parsed", CleanedColumns.parseDate(col("approved_date")))
        .withColumn("reject_code",
            when(functions.not(coalesce(kind, lit("")).isin("product", "user")), lit("unknown_kind"))
                .when(coalesce(id, lit("")).equalTo(""), lit("missing_id"))
                .when(col("updated_at").isNull(), lit("bad_timestamp"))
                .when(kind.equalTo("product").and(functions.not(coalesce(status, lit("")).isin("保护中", "撤销"))), lit("unknown_status"))
                .when(kind.equalTo("user").and(functions.not(coalesce(status, lit("")).isin("核准", "注销"))), lit("unknown_status"))
                .when(col("approved_date_parsed").isNull(), lit("bad_date"))
                .when(kind.equalTo("user").and(functions.not(coalesce(functions.lower(col("gi_ref_type")), lit("")).isin("product", "trademark"))
                    .or(col("gi_ref_id").isNull())), lit("bad_gi_ref")))
        .withColumn("reject_reason", functions.concat(coalesce(col("reject_code"), lit("")), lit(": "),
            functions.concat_ws(" | ", col("kind"), id, col("status"), col("approved_date"), col("record_updated_at")), where));
  }

  public static Dataset<Row> quarantine(Dataset<Row> parsed) {
    return Quarantine.rejected(parsed, Feed.gi.name(), functions.concat_ws(" | ", col("kind"), col("gi_id"), col("user_id"), col("status"),
        col("approved_date"), col("record_updated_at")));
  }

  private static Column validTo(String endStatus) {
    return when(col("status_clean").equalTo(endStatus), functions.to_date(col("updated_at")));
  }

  /** {@code cleaned.gi_product_versions}. */
  public static Dataset<Row> productVersions(Dataset<Row> valid) {
    return CdcVersions.versions(valid.filter(col("kind_clean").equalTo("product")), "record_key")
        .withColumn("_area", RESOLVE_AREA.apply(col("protected_area"), col("approved_date_parsed")))
        .select(col("record_id").as("gi_id"), col("version_number"), col("known_from"), col("known_to"), col("updated_at"),
            functions.trim(col("name")).as("name"), functions.trim(col("category")).as("category"),
            functions.trim(col("announcement_no")).as("announcement_no"), col("approved_date_parsed").as("approved_date"),
            col("status_clean").as("status"), col("_area.counties").as("area_county_codes"),
            col("_area.unresolved").as("unresolved_area_names"), col("approved_date_parsed").as("valid_from"),
            validTo("撤销").as("valid_to"), col("lines_folded"), col("delivery_date"), col("delivery_sequence"), col("source_file"),
            col("record_position"));
  }

  /** {@code cleaned.gi_user_versions}. */
  public static Dataset<Row> userVersions(Dataset<Row> valid) {
    return CdcVersions.versions(valid.filter(col("kind_clean").equalTo("user")), "record_key")
        .withColumn("_region", CleanedColumns.RESOLVE_REGION.apply(col("enterprise_address"), lit(null).cast("string"),
            col("enterprise_uscc"), col("approved_date_parsed")))
        .select(col("record_id").as("user_id"), col("version_number"), col("known_from"), col("known_to"), col("updated_at"),
            functions.lower(functions.trim(col("gi_ref_type"))).as("gi_ref_type"), functions.trim(col("gi_ref_id")).as("gi_ref_id"),
            functions.trim(col("enterprise_name")).as("enterprise_name"), functions.trim(col("enterprise_uscc")).as("enterprise_uscc"),
            col("enterprise_address"), col("_region.county_code").as("county_code"), col("_region.match_quality").as("match_quality"),
            col("approved_date_parsed").as("approved_date"), col("status_clean").as("status"),
            col("approved_date_parsed").as("valid_from"), validTo("注销").as("valid_to"), col("lines_folded"), col("delivery_date"),
            col("delivery_sequence"), col("source_file"), col("record_position"));
  }
}
