package org.ipcube.marts;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.ipcube.common.DeltaTables;
import org.ipcube.common.IndicatorCatalogue;
import org.ipcube.common.Settings;
import org.ipcube.common.Table;
import org.ipcube.common.TableSchema;
import org.ipcube.region.Crosswalk;
import org.ipcube.region.Divisions;
import org.ipcube.region.RegionDimension;

/**
 * Writes the dimensions from the shipped reference data: {@code marts.dim_regions} (one row per
 * region member and level), {@code marts.dim_periods} (one row per year, quarter, month and
 * year-to-date period), {@code marts.region_crosswalk} (one row per division code change) and
 * {@code marts.dim_indicators} (one row per indicator and breakdown of the indicator catalogue).
 * Each is written only when its rows differ, so a nightly's cube jobs see unchanged dimensions as
 * unchanged inputs.
 */
public final class BuildDimensionsJob {
  private BuildDimensionsJob() {}

  public static int boundaryYear(Settings s) {
    return s.boundaryYear() == 0 ? Divisions.shipped().latestYear() : Divisions.shipped().snapshotYear(s.boundaryYear());
  }

  public static void run(SparkSession spark, Settings s, int firstYear, int lastYear) {
    int boundary = boundaryYear(s);
    List<Row> regions = new ArrayList<>();
    for (RegionDimension.Member m : RegionDimension.members(Divisions.shipped(), Crosswalk.shipped(), boundary)) {
      regions.add(RowFactory.create(RegionDimension.regionId(m.code(), m.level()), m.code(), m.name(), m.level(),
          m.parentCode(), m.provinceCode(), m.cityCode(), m.isUnknown(), m.isMainland(), m.isMunicipality(),
          m.isProvinceAdministered(), m.isCityWithoutCounties(), m.isDevelopmentZone(), m.isPseudoCity(), m.firstYear(),
          m.lastYear(), m.currentCode(), boundary, m.isProvincialCapital(), m.isSubProvincial(), m.isSeparatelyPlanned()));
    }
    TableSchema dimRegions = Table.MARTS_DIM_REGIONS.schema();
    DeltaTables.overwriteIfChanged(spark.createDataFrame(regions, dimRegions.structType()), dimRegions,
        Table.MARTS_DIM_REGIONS.path(s));

    List<Row> changes = new ArrayList<>();
    for (Crosswalk.Change c : Crosswalk.shipped().changes()) {
      changes.add(RowFactory.create(c.changeYear(), c.fromCode(), c.fromName(), c.toCode(), c.toName(), c.changeType(), c.source()));
    }
    TableSchema crosswalk = Table.MARTS_REGION_CROSSWALK.schema();
    DeltaTables.overwriteIfChanged(spark.createDataFrame(changes, crosswalk.structType()), crosswalk,
        Table.MARTS_REGION_CROSSWALK.path(s));

    TableSchema dimPeriods = Table.MARTS_DIM_PERIODS.schema();
    DeltaTables.overwriteIfChanged(spark.createDataFrame(periods(firstYear, lastYear), dimPeriods.structType()), dimPeriods,
        Table.MARTS_DIM_PERIODS.path(s));

    TableSchema dimIndicators = Table.MARTS_DIM_INDICATORS.schema();
    DeltaTables.overwriteIfChanged(spark.createDataFrame(IndicatorCatalogue.shipped().dimensionRows(), dimIndicators.structType()),
        dimIndicators, Table.MARTS_DIM_INDICATORS.path(s));
  }

  /**
   * The shipped crosswalk's county successions ({@link org.ipcube.region.Crosswalk#successions}:
   * {@code code, from_date, to_date, held_by}), a few hundred rows, for
   * {@link CubeStocks#placedAtPeriodEnd}. The reference data is the one {@code marts.dim_regions}
   * and {@code marts.region_crosswalk} are written from, so a change to it rebuilds the cubes (new
   * dimensions).
   */
  public static Dataset<Row> successions(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (Crosswalk.Succession x : Crosswalk.shipped().successions()) {
      rows.add(RowFactory.create(x.code(), x.from(), x.to(), x.heldBy()));
    }
    return spark.createDataFrame(rows, new org.apache.spark.sql.types.StructType()
        .add("code", "string", false).add("from_date", "date", false).add("to_date", "date", false).add("held_by", "string", false));
  }

  /** Period keys: {@code YYYY0000} year, {@code YYYY01Q0} quarter Q, {@code YYYY02MM} month, {@code YYYY03MM} year to date. */
  public static int periodId(String type, int year, int number) {
    return switch (type) {
      case "year" -> year * 10000;
      case "quarter" -> year * 10000 + 100 + number * 10;
      case "month" -> year * 10000 + 200 + number;
      default -> year * 10000 + 300 + number;
    };
  }

  static List<Row> periods(int firstYear, int lastYear) {
    List<Row> rows = new ArrayList<>();
    for (int y = firstYear; y <= lastYear; y++) {
      rows.add(period("year", y, 0, LocalDate.of(y, 1, 1), LocalDate.of(y, 12, 31), String.valueOf(y)));
      for (int q = 1; q <= 4; q++) {
        rows.add(period("quarter", y, q, LocalDate.of(y, q * 3 - 2, 1), YearMonth.of(y, q * 3).atEndOfMonth(), y + "Q" + q));
      }
      for (int m = 1; m <= 12; m++) {
        rows.add(period("month", y, m, LocalDate.of(y, m, 1), YearMonth.of(y, m).atEndOfMonth(), String.format("%d-%02d", y, m)));
        rows.add(period("ytd", y, m, LocalDate.of(y, 1, 1), YearMonth.of(y, m).atEndOfMonth(), String.format("%d-01..%02d", y, m)));
      }
    }
    return rows;
  }

  private static Row period(String type, int year, int number, LocalDate start, LocalDate end, String label) {
    int endMonth = end.getMonthValue();
    return RowFactory.create(periodId(type, year, number), type, year, number, start, end, endMonth, label);
  }
}
