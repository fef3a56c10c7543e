package org.ipcube.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * The cube's calendar, pure: which periods a month belongs to, when a flow's fact counts as first
 * published, and the month index stocks run over. Reads and writes nothing; used by {@link CubeFlows},
 * {@link CubeStocks} and {@link TouchedYears}.
 *
 * <p>Period keys: a month m of year y belongs to month (y, m), quarter (y, ceil(m/3)), year
 * (y, 0) and the year-to-date periods (y, k) for k ≥ m. A period's end month is m, 3q, 12 or k.
 */
public final class CubePeriods {
  private CubePeriods() {}

  /** The periods a month belongs to, as an array of structs (type, number, end_month). */
  static Column periodsOfMonth(Column month) {
    return functions.concat(
        functions.array(
            functions.struct(lit("month").as("type"), month.as("number"), month.as("end_month")),
            functions.struct(lit("quarter").as("type"), functions.ceil(month.divide(3)).cast("int").as("number"),
                functions.ceil(month.divide(3)).cast("int").multiply(3).as("end_month")),
            functions.struct(lit("year").as("type"), lit(0).as("number"), lit(12).as("end_month"))),
        functions.transform(functions.sequence(month, lit(12)),
            k -> functions.struct(lit("ytd").as("type"), k.as("number"), k.as("end_month"))));
  }

  /** The first end month (of the event's year) whose end + lag is on or after the known date; 13 = never. */
  static Column firstPublishedMonth(int lagDays) {
    Column y = functions.year(col("event_date"));
    Column m = functions.month(col("event_date"));
    Column shifted = functions.date_sub(col("known_date"), lagDays);
    return when(col("known_date").isNull(), m)
        .when(functions.year(shifted).lt(y), m)
        .when(functions.year(shifted).gt(y), lit(13))
        .otherwise(functions.greatest(m, functions.month(shifted)));
  }

  /** Months since year 0, the index used for stocks: a date belongs to the month whose end is on or after it. */
  static Column monthIndex(Column date) {
    return functions.year(date).multiply(12).plus(functions.month(date)).minus(1);
  }

  /** A date after every period, for spans that have not ended. */
  public static final LocalDate OPEN_END = LocalDate.of(9999, 12, 31);
}
