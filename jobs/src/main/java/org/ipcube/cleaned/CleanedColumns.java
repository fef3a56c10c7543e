package org.ipcube.cleaned;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.ipcube.region.AddressResolver;

/**
 * The column functions every feed's cleaning shares: dates in the SPEC's formats, an address placed
 * in the division valid on a date, and the locator that names a raw record in a reason. Each feed's
 * transforms hold only what is particular to that feed.
 */
public final class CleanedColumns {
  private CleanedColumns() {}

  private static final StructType REGION = (StructType) DataType.fromDDL(
      "county_code string, city_code string, province_code string, match_quality string, is_mainland boolean");

  /**
   * Address, province field, USCC and date → {@code struct<county_code, city_code, province_code,
   * match_quality, is_mainland>}, the county valid on the date (see {@link AddressResolver}); the
   * resolver is built once per JVM, on the executors from the jar's own reference data.
   */
  public static final UserDefinedFunction RESOLVE_REGION = functions.udf(
      (UDF4<String, String, String, java.time.LocalDate, Row>) (address, provinceField, uscc, date) -> {
        AddressResolver.Resolution r = AddressResolver.shipped().resolve(address, provinceField, uscc, date);
        return RowFactory.create(r.countyCode(), r.cityCode(), r.provinceCode(), r.quality(), r.isMainland());
      }, REGION);

  /**
   * A date in any of the formats the feeds use (2023-05-18, 2023.05.18, 20230518, 2023/5/18);
   * null when absent or impossible (2023-02-30). Full-width digits are folded first.
   */
  public static Column parseDate(Column raw) {
    Column s = functions.translate(functions.trim(raw), "０１２３４５６７８９－．／", "0123456789-./");
    return coalesce(
        functions.try_to_date(s, "yyyy-MM-dd"),
        functions.try_to_date(s, "yyyy.MM.dd"),
        functions.try_to_date(s, "yyyyMMdd"),
        functions.try_to_date(s, "yyyy/M/d"),
        functions.try_to_date(s, "yyyy-M-d"));
  }

  /** " at patent_biblio/2023-03-07/part-00001.xml #4": where a raw record came from, for a reason. */
  public static Column recordLocator() {
    return functions.concat(lit(" at "), col("source_file"), lit(" #"), col("record_position").cast("string"));
  }

  /**
   * The order records arrived in: delivery date, sequence, then file and position within it, so a
   * document delivered twice in one file arrived second the second time. Every "first delivery
   * that carried it" and "latest delivery wins" rule of the SPEC orders by this and nothing else.
   */
  public static Column[] arrivalOrder() {
    return new Column[] {col("delivery_date"), col("delivery_sequence"), col("source_file"), col("record_position")};
  }

  /** {@link #arrivalOrder()} reversed: the record that wins where the latest delivery replaces earlier ones comes first. */
  public static Column[] latestArrivalFirst() {
    return new Column[] {col("delivery_date").desc(), col("delivery_sequence").desc(), col("source_file").desc(),
        col("record_position").desc()};
  }
}
