package org.ipcube.cleaned.pledges;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.ipcube.cleaned.CleanedColumns;
import org.ipcube.cleaned.patents.ApplicationNumbers;
import org.ipcube.common.Quarantine;
import org.ipcube.common.Uscc;
import org.ipcube.landing.Feed;

/**
 * Pure transforms from {@code raw.pledge_registrations} to the cleaned pledge tables: typed and
 * checked rows, one row per contract event (the same row delivered twice is one event), one row
 * per contract with its current state, and one row per pledged right with whether the warehouse
 * knows it. The pledgor is keyed by its USCC when valid, else by its normalised name, because
 * INDICATORS counts enterprises that way.
 */
public final class PledgeTransforms {
  private PledgeTransforms() {}


  /** Why a USCC is not valid (GB 32100 check character), or null. */
  public static final UserDefinedFunction USCC_PROBLEM = functions.udf((UDF1<String, String>) Uscc::problem, DataTypes.StringType);

  /** Enterprise names as compared: NFKC (full-width brackets and letters folded), no spaces, upper case. */
  public static final UserDefinedFunction NORMALISE_NAME = functions.udf((UDF1<String, String>) PledgeTransforms::normaliseName,
      DataTypes.StringType);

  public static String normaliseName(String name) {
    if (name == null) return null;
    String n = Normalizer.normalize(name, Normalizer.Form.NFKC).replaceAll("\\s+", "").toUpperCase(java.util.Locale.ROOT);
    return n.isEmpty() ? null : n;
  }

  static final DataType RIGHTS = DataType.fromDDL("array<struct<right_type:string,right_id:string,right_text:string>>");
  private static final Pattern PATENT = Pattern.compile("^ZL\\s*(.+)$", Pattern.CASE_INSENSITIVE);
  private static final Pattern TRADEMARK = Pattern.compile("^TM\\s*(\\d{1,9})$", Pattern.CASE_INSENSITIVE);

  /** 质押物 → rights: ZL + application number (normalised, check character verified), TM + registration number. */
  public static final UserDefinedFunction PARSE_RIGHTS = functions.udf((UDF1<String, List<Row>>) PledgeTransforms::parseRights, RIGHTS);

  public static List<Row> parseRights(String items) {
    List<Row> out = new ArrayList<>();
    if (items == null) return out;
    for (String part : items.split("[;；,，、]")) {
      String t = Normalizer.normalize(part, Normalizer.Form.NFKC).trim();
      if (t.isEmpty()) continue;
      Matcher p = PATENT.matcher(t);
      Matcher m = TRADEMARK.matcher(t);
      if (p.matches()) {
        ApplicationNumbers.Parsed n = ApplicationNumbers.parse(p.group(1));
        out.add(RowFactory.create(n.rejection() == null ? "patent" : "unrecognised", n.rejection() == null ? n.normalized() : t, t));
      } else if (m.matches()) {
        out.add(RowFactory.create("trademark", m.group(1).replaceFirst("^0+(?=\\d)", ""), t));
      } else {
        out.add(RowFactory.create("unrecognised", t, t));
      }
    }
    return out;
  }

  /** Dates in the SPEC's formats plus the spreadsheet's 2023年5月6日. */
  public static Column parseDate(Column raw) {
    Column s = functions.trim(raw);
    return coalesce(CleanedColumns.parseDate(raw), functions.try_to_date(s, "yyyy年M月d日"));
  }

  /**
   * Parses and checks every raw row; adds {@code reject_code} and {@code reject_reason} (null when
   * usable). A blank amount is not an error (a 变更 of the term only; an unknown amount on 生效 is
   * kept and flagged); an amount that is not a number is. An invalid USCC is not an error either:
   * the pledgor is then keyed by name and the problem is recorded.
   */
  public static Dataset<Row> parseRecords(Dataset<Row> raw) {
    Column amountText = functions.regexp_replace(functions.trim(col("secured_amount_wan")), "[,，\\s]", "");
    Column where = CleanedColumns.recordLocator();
    Column regNo = functions.upper(functions.regexp_replace(col("registration_no"), "\\s", ""));
    Dataset<Row> p = raw
        .withColumn("registration_no_clean", when(regNo.notEqual(""), regNo))
        .withColumn("pledge_type_clean", functions.regexp_replace(functions.trim(col("pledge_type")), "[＋]", "+"))
        .withColumn("status_clean", functions.trim(col("status")))
        .withColumn("amount_text", when(amountText.notEqual(""), amountText))
        .withColumn("amount_wan", functions.expr("try_cast(regexp_replace(trim(secured_amount_wan), '[,，\\\\s]', '') AS DECIMAL(18,2))"))
        .withColumn("registration_date_parsed", parseDate(col("registration_date")))
        .withColumn("expiry_date_parsed", parseDate(col("expiry_date")))
        .withColumn("status_date_parsed", parseDate(col("status_date")))
        .withColumn("uscc_clean", functions.upper(functions.regexp_replace(col("pledgor_uscc"), "\\s", "")))
        .withColumn("uscc_problem", USCC_PROBLEM.apply(col("uscc_clean")))
        .withColumn("pledgor_name_normalised", NORMALISE_NAME.apply(col("pledgor_name")));
    return p
        .withColumn("reject_code",
            when(col("registration_no_clean").isNull(), lit("missing_registration_no"))
                .when(functions.not(col("status_clean").isin("生效", "变更", "注销")).or(col("status_clean").isNull()), lit("unknown_status"))
                .when(functions.not(col("pledge_type_clean").isin("专利", "商标", "专利+商标")).or(col("pledge_type_clean").isNull()),
                    lit("unknown_pledge_type"))
                .when(col("status_date_parsed").isNull(), lit("bad_date"))
                .when(col("status_clean").equalTo("生效").and(col("registration_date_parsed").isNull()), lit("bad_date"))
                .when(col("amount_text").isNotNull().and(col("amount_wan").isNull().or(col("amount_wan").lt(0))), lit("bad_amount"))
                .when(col("pledgor_name_normalised").isNull().and(col("uscc_problem").isNotNull()), lit("missing_pledgor")))
        .withColumn("reject_reason", functions.concat(coalesce(col("reject_code"), lit("")), lit(": "),
            functions.concat_ws(",", col("registration_no"), col("status"), col("status_date"), col("registration_date"),
                col("secured_amount_wan"), col("pledge_type")), where));
  }

  public static Dataset<Row> quarantine(Dataset<Row> parsed) {
    return Quarantine.rejected(parsed, Feed.pledge.name(), functions.concat_ws(",", col("registration_no"), col("pledge_type"), col("pledgor_name"),
        col("pledgor_uscc"), col("pledgor_address"), col("pledgee_name"), col("pledged_items"), col("secured_amount_wan"),
        col("registration_date"), col("expiry_date"), col("status"), col("status_date")));
  }

  private static Column statusOrder(Column status) {
    return when(status.equalTo("生效"), 0).when(status.equalTo("变更"), 1).otherwise(2);
  }

  /**
   * {@code cleaned.pledge_events}: one row per contract, status and status date. The same row in
   * several deliveries is one event, known from its first delivery; when deliveries disagree the
   * latest delivery's content wins (a correction). Amounts run in event order: a 变更 with an amount
   * sets the contract's amount and changes it by the difference; a blank one keeps it. Events of
   * contracts without a 生效 row are kept and marked {@code is_orphan} (a later delivery may bring it).
   */
  public static Dataset<Row> events(Dataset<Row> valid) {
    WindowSpec sameEvent = Window.partitionBy("registration_no_clean", "status_clean", "status_date_parsed");
    Dataset<Row> latest = valid
        .withColumn("known_date", functions.min("delivery_date").over(sameEvent))
        .withColumn("deliveries_seen", functions.count(lit(1)).over(sameEvent))
        .withColumn("_rank", functions.row_number().over(sameEvent.orderBy(CleanedColumns.latestArrivalFirst())))
        .filter(col("_rank").equalTo(1));
    WindowSpec contract = Window.partitionBy("registration_no_clean");
    WindowSpec inOrder = contract.orderBy(col("status_date_parsed"), statusOrder(col("status_clean")), col("known_date"));
    WindowSpec upToHere = inOrder.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Dataset<Row> ordered = latest
        .withColumn("is_orphan", functions.not(functions.max(col("status_clean").equalTo("生效")).over(contract)))
        .withColumn("event_sequence", functions.row_number().over(inOrder))
        .withColumn("amount_after_wan", functions.last(when(col("status_clean").notEqual("注销"), col("amount_wan")), true).over(upToHere))
        .withColumn("_before", functions.lag("amount_after_wan", 1).over(inOrder));
    return ordered.select(col("registration_no_clean").as("registration_no"), col("event_sequence"), col("status_clean").as("status"),
        col("status_date_parsed").as("status_date"), col("amount_wan").as("secured_amount_wan"), col("amount_after_wan"),
        when(col("status_clean").equalTo("注销"), lit(0).cast("decimal(18,2)"))
            .otherwise(coalesce(col("amount_after_wan"), lit(0)).minus(coalesce(col("_before"), lit(0))).cast("decimal(18,2)"))
            .as("amount_change_wan"),
        col("expiry_date_parsed").as("expiry_date"), col("is_orphan"), col("known_date"), col("deliveries_seen"),
        col("delivery_date"), col("delivery_sequence"), col("source_file"), col("record_position"));
  }

  /** Rows {@link #events} folded away: raw rows that repeat an event already kept (for the record accounting). */
  public static long superseded(long validRows, long events) {
    return validRows - events;
  }

  /** The 生效 row of each contract (the latest delivery's, when it was delivered more than once or corrected). */
  private static Dataset<Row> registrations(Dataset<Row> valid) {
    return valid.filter(col("status_clean").equalTo("生效"))
        .withColumn("_rank", functions.row_number().over(Window.partitionBy("registration_no_clean")
            .orderBy(CleanedColumns.latestArrivalFirst())))
        .filter(col("_rank").equalTo(1));
  }

  /**
   * {@code cleaned.pledge_contracts}: one row per contract with a 生效 event. Pledgor, pledgee,
   * rights and registration come from the 生效 row; amount, expiry and status from the latest event.
   */
  public static Dataset<Row> contracts(Dataset<Row> valid, Dataset<Row> events) {
    Dataset<Row> registered = registrations(valid)
        .withColumn("_region", CleanedColumns.RESOLVE_REGION.apply(col("pledgor_address"), lit(null).cast("string"),
            when(col("uscc_problem").isNull(), col("uscc_clean")), col("registration_date_parsed")))
        .withColumn("_rights", PARSE_RIGHTS.apply(col("pledged_items")));
    Dataset<Row> state = events.filter(functions.not(col("is_orphan")))
        .groupBy(col("registration_no").as("_reg"))
        .agg(functions.max_by(col("status"), col("event_sequence")).as("current_status"),
            functions.max_by(col("amount_after_wan"), col("event_sequence")).as("current_amount_wan"),
            functions.max_by(col("expiry_date"), col("event_sequence")).as("_expiry"),
            functions.min(when(col("status").equalTo("注销"), col("status_date"))).as("cancelled_date"),
            functions.min(when(col("status").equalTo("生效"), col("known_date"))).as("known_date"),
            functions.sum(when(col("status").equalTo("变更"), 1).otherwise(0)).cast("int").as("change_count"));
    Column hasPatent = functions.exists(col("_rights"), r -> r.getField("right_type").equalTo("patent"));
    Column hasTrademark = functions.exists(col("_rights"), r -> r.getField("right_type").equalTo("trademark"));
    Column noRights = functions.not(functions.exists(col("_rights"), r -> r.getField("right_type").isin("patent", "trademark")));
    Column includesPatent = hasPatent.or(noRights.and(col("pledge_type_clean").contains("专利")));
    Column includesTrademark = hasTrademark.or(noRights.and(col("pledge_type_clean").contains("商标")));
    return registered.join(state, registered.col("registration_no_clean").equalTo(state.col("_reg")))
        .select(col("registration_no_clean").as("registration_no"), col("pledge_type_clean").as("pledge_type"),
            when(includesPatent.and(includesTrademark), lit("mixed")).when(includesPatent, lit("patent")).otherwise(lit("trademark"))
                .as("contract_kind"),
            includesPatent.as("includes_patent"), includesTrademark.as("includes_trademark"),
            col("pledgor_name"), when(col("uscc_problem").isNull(), col("uscc_clean")).as("pledgor_uscc"),
            col("uscc_problem").as("pledgor_uscc_problem"),
            coalesce(when(col("uscc_problem").isNull(), col("uscc_clean")), functions.concat(lit("name:"), col("pledgor_name_normalised")))
                .as("pledgor_key"),
            col("pledgor_address"), col("_region.county_code").as("pledgor_county_code"),
            col("_region.match_quality").as("pledgor_match_quality"), col("_region.is_mainland").as("pledgor_is_mainland"),
            functions.trim(col("pledgee_name")).as("pledgee_name"),
            col("amount_wan").as("registered_amount_wan"), col("current_amount_wan"), col("amount_wan").isNotNull().as("has_amount"),
            col("registration_date_parsed").as("registration_date"), coalesce(col("_expiry"), col("expiry_date_parsed")).as("expiry_date"),
            col("current_status"), col("cancelled_date"), col("change_count"),
            functions.size(col("_rights")).as("rights_count"), col("known_date"), col("delivery_date"), col("source_file"),
            col("record_position"));
  }

  /**
   * {@code cleaned.pledged_rights}: one row per contract and right of its 生效 row, with whether the
   * right is known (a cleaned patent, or a trademark of {@code trademarkNumbers}; null when the
   * warehouse has no trademark register loaded). Unrecognised items are kept and marked.
   */
  public static Dataset<Row> rights(Dataset<Row> valid, Dataset<Row> patents, Dataset<Row> trademarkNumbers) {
    Dataset<Row> items = registrations(valid)
        .select(col("registration_no_clean").as("registration_no"), functions.explode(PARSE_RIGHTS.apply(col("pledged_items"))).as("r"))
        .select(col("registration_no"), col("r.right_type").as("right_type"), col("r.right_id").as("right_id"),
            col("r.right_text").as("right_text"))
        .dropDuplicates("registration_no", "right_type", "right_id");
    Dataset<Row> p = patents.select(col("application_number").as("_pid"), col("patent_type"), lit(true).as("_known_patent"));
    Dataset<Row> t = trademarkNumbers == null ? null
        : trademarkNumbers.select(col("reg_no").as("_tid"), lit(true).as("_known_tm")).distinct();
    Dataset<Row> withPatents = items.join(p, col("right_type").equalTo("patent").and(col("right_id").equalTo(col("_pid"))), "left");
    Column known = when(col("right_type").equalTo("patent"), coalesce(col("_known_patent"), lit(false)))
        .when(col("right_type").equalTo("unrecognised"), lit(false));
    if (t != null) {
      withPatents = withPatents.join(t, col("right_type").equalTo("trademark").and(col("right_id").equalTo(col("_tid"))), "left");
      known = known.when(col("right_type").equalTo("trademark"), coalesce(col("_known_tm"), lit(false)));
    }
    return withPatents.select(col("registration_no"), col("right_type"), col("right_id"), col("right_text"),
        known.as("is_known_right"), col("patent_type"));
  }
}
