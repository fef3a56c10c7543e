package org.ipcube.marts.patents;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.ipcube.marts.CubeRatios;
import org.ipcube.marts.CubeStocks;
import org.ipcube.marts.TouchedYears;

/**
 * The patent indicators of INDICATORS.md as cube inputs: flow facts (grants, applications,
 * transfers, licences), stock spans (valid patents, high-value inventions in total and per
 * criterion) and the per-capita and per-GDP ratios. Pure.
 */
public final class PatentCubeTransforms {
  private PatentCubeTransforms() {}

  /** The breakdown of the first applicant's type (申请人类型, as the SPEC's {@code Type} gives it). */
  public static Column applicantTypeBreakdown(Column type) {
    return when(type.equalTo("大专院校"), lit("applicant_university")).when(type.equalTo("科研单位"), lit("applicant_research_institute"))
        .when(type.equalTo("企业"), lit("applicant_enterprise")).when(type.equalTo("机关团体"), lit("applicant_public_body"))
        .when(type.equalTo("个人"), lit("applicant_individual")).otherwise(lit("applicant_unknown"));
  }

  /** The breakdown of the document's {@code Service} (职务 / 非职务). */
  public static Column serviceBreakdown(Column service) {
    return when(service.equalTo("职务"), lit("service")).when(service.equalTo("非职务"), lit("non_service")).otherwise(lit("service_unknown"));
  }

  /**
   * Each row three times, once per way the official tables break a patent figure down: its patent
   * type, its first applicant's type and its service (the catalogue's partitions; only the type
   * row is summed into total).
   */
  private static Dataset<Row> byTypeApplicantAndService(Dataset<Row> rows) {
    return rows.withColumn("breakdown", functions.explode(functions.array(col("patent_type"),
            applicantTypeBreakdown(col("first_applicant_type")), serviceBreakdown(col("service")))));
  }

  /**
   * {@code county_code, indicator, breakdown, event_date, known_date, right_id} for every counted
   * flow event ({@code right_id}: the application number, which explain lists and the cube ignores).
   */
  public static Dataset<Row> flowFacts(Dataset<Row> patents, Dataset<Row> transactions) {
    Dataset<Row> grants = byTypeApplicantAndService(patents.filter(col("grant_date").isNotNull())).select(
        col("applicant_county_code_at_grant").as("county_code"), lit("patent_grants").as("indicator"),
        col("breakdown"), col("grant_date").as("event_date"), col("grant_known_date").as("known_date"), col("application_number").as("right_id"));
    Dataset<Row> applications = byTypeApplicantAndService(patents).select(
        col("applicant_county_code_at_filing").as("county_code"), lit("patent_applications").as("indicator"),
        col("breakdown"), col("application_date").as("event_date"), col("application_known_date").as("known_date"), col("application_number").as("right_id"));
    Dataset<Row> pctEntries = patents.filter(col("is_pct_national_phase").and(col("pct_entry_date").isNotNull())
        .and(col("patent_type").isin("invention", "utility_model"))).select(
        col("applicant_county_code_at_pct_entry").as("county_code"), lit("pct_national_phase_entries").as("indicator"),
        col("patent_type").as("breakdown"), col("pct_entry_date").as("event_date"), col("pct_known_date").as("known_date"),
        col("application_number").as("right_id"));
    Dataset<Row> transfersIn = transactions.filter(col("transaction_type").equalTo("transfer").and(col("to_county_code").isNotNull()))
        .select(col("to_county_code").as("county_code"), lit("patent_transfers").as("indicator"), col("patent_type").as("breakdown"),
            col("event_date"), col("known_date"), col("application_number").as("right_id"));
    Dataset<Row> transfersOut = transactions.filter(col("transaction_type").equalTo("transfer").and(col("from_county_code").isNotNull()))
        .select(col("from_county_code").as("county_code"), lit("patent_transfers_out").as("indicator"),
            col("patent_type").as("breakdown"), col("event_date"), col("known_date"), col("application_number").as("right_id"));
    Dataset<Row> licences = transactions.filter(col("transaction_type").equalTo("licence").and(col("to_county_code").isNotNull()))
        .select(col("to_county_code").as("county_code"), lit("patent_licences").as("indicator"), col("patent_type").as("breakdown"),
            col("event_date"), col("known_date"), col("application_number").as("right_id"));
    return grants.unionByName(applications).unionByName(pctEntries).unionByName(transfersIn).unionByName(transfersOut)
        .unionByName(licences).filter(col("county_code").isNotNull());
  }

  /**
   * Adds {@code hv_pledge_from} to the validity intervals: the date the patent's pledges reached
   * the threshold ({@code application_number, hv_pledge_from}, from the pledge feed). The patent
   * feed itself does not carry amounts, so the criterion joins here rather than in the cleaned layer.
   */
  public static Dataset<Row> withPledgeCriterion(Dataset<Row> intervals, Dataset<Row> pledgeDates) {
    Dataset<Row> d = pledgeDates.select(col("application_number").as("_pledged"), col("hv_pledge_from"));
    return intervals.join(d, col("application_number").equalTo(col("_pledged")), "left").drop("_pledged");
  }

  /**
   * {@code county_code, indicator, breakdown, view, from_date, to_date, right_id}: valid patents by type,
   * applicant type and service, and
   * for inventions the high-value stock (any criterion, counted once) and each criterion.
   */
  public static Dataset<Row> stockSpans(Dataset<Row> intervals) {
    Dataset<Row> valid = byTypeApplicantAndService(intervals).select(col("county_code"), lit("valid_patents").as("indicator"),
        col("breakdown"), col("view"), col("valid_from").as("from_date"), col("valid_to").as("to_date"), col("application_number").as("right_id"));
    Dataset<Row> inventions = intervals.filter(col("patent_type").equalTo("invention"));
    Column anyCriterion = functions.least(col("hv_sei_from"), col("hv_overseas_from"), col("hv_maintained_from"),
        col("hv_pledge_from"), col("hv_award_from"));
    Dataset<Row> hv = inventions.filter(anyCriterion.isNotNull()).select(col("county_code"),
        lit("high_value_inventions").as("indicator"), lit("any").as("breakdown"), col("view"),
        functions.greatest(col("valid_from"), anyCriterion).as("from_date"), col("valid_to").as("to_date"),
        col("application_number").as("right_id"));
    Dataset<Row> out = valid.unionByName(hv);
    for (String criterion : new String[] {"sei", "overseas", "maintained", "pledge", "award"}) {
      Column from = col("hv_" + criterion + "_from");
      out = out.unionByName(inventions.filter(from.isNotNull()).select(col("county_code"),
          lit("high_value_inventions").as("indicator"), lit(criterion).as("breakdown"), col("view"),
          functions.greatest(col("valid_from"), from).as("from_date"), col("valid_to").as("to_date"),
          col("application_number").as("right_id")));
    }
    return out;
  }

  /**
   * Ratio indicators from rolled-up counts and the statistics: valid inventions and high-value
   * inventions per 10,000 residents (previous year-end population), high-value per 100亿元 GDP
   * (same year, years only). A figure uses the latest release published by its known-at date:
   * period end + lag for first_published, anything delivered for latest.
   */
  public static Dataset<Row> ratios(Dataset<Row> counts, Dataset<Row> stats, int lagDays, Dataset<Row> dimPeriods) {
    Dataset<Row> ends = dimPeriods.select(col("period_type").as("_pt"), col("period_year").as("_py"),
        col("period_number").as("_pn"), col("period_end"));
    Dataset<Row> base = counts
        .filter(col("indicator").equalTo("valid_patents").and(col("breakdown").equalTo("invention"))
            .or(col("indicator").equalTo("high_value_inventions").and(col("breakdown").equalTo("any"))))
        .join(ends, col("period_type").equalTo(col("_pt")).and(col("period_year").equalTo(col("_py")))
            .and(col("period_number").equalTo(col("_pn"))))
        .drop("_pt", "_py", "_pn")
        .withColumn("known_at", when(col("view").equalTo("first_published"), functions.date_add(col("period_end"), lagDays)));
    Dataset<Row> withPop = CubeRatios.withStatistic(base, stats, "resident_population", col("period_year").minus(1), "population");
    Dataset<Row> withGdp = CubeRatios.withStatistic(withPop, stats, "gdp", col("period_year"), "gdp");
    Dataset<Row> perPop = withGdp.filter(col("population").isNotNull()).select(col("region_code"), col("region_level"),
        when(col("indicator").equalTo("valid_patents"), lit("valid_inventions_per_10k")).otherwise(lit("high_value_per_10k")).as("indicator"),
        lit("total").as("breakdown"), col("view"), col("period_type"), col("period_year"), col("period_number"), col("boundary"),
        col("value").divide(col("population")).as("value"), col("value").as("numerator"), col("population").as("denominator"));
    Dataset<Row> perGdp = withGdp.filter(col("gdp").isNotNull().and(col("indicator").equalTo("high_value_inventions"))
            .and(col("period_type").equalTo("year")))
        .select(col("region_code"), col("region_level"), lit("high_value_per_100yi_gdp").as("indicator"), lit("total").as("breakdown"),
            col("view"), col("period_type"), col("period_year"), col("period_number"), col("boundary"),
            col("value").divide(col("gdp").divide(100)).as("value"), col("value").as("numerator"), col("gdp").as("denominator"));
    return perPop.unionByName(perGdp);
  }

  /**
   * {@code year}: the cube years whose counts differ between the rows before and after a change
   * (each pair of frames: a table's rows a change removed, and those it added). Flows: the flow
   * facts of the removed and the added rows are compared, and each fact in one and not the other
   * touches its event's year (a lapse rewrites its patent's row but not its application or grant,
   * so it touches no flow year). Stocks: each side's spans become +1 / -1 per county, series and
   * month as in {@link CubeStocks#stocksByPeriod}; where the sums differ the stock differs
   * from that month on, so its year and every later one up to {@code lastYear} are touched (a
   * lapse in October 2023 of a patent in force since 2015 touches 2023 only). Both sides take the
   * current pledge criterion dates; {@code changedPledgeDates} (a date before or after its change)
   * touch their year and every later one. A population or GDP figure touches its year and the
   * next (per-capita ratios use the previous year-end's).
   */
  public static Dataset<Row> touchedYears(Dataset<Row> patentsBefore, Dataset<Row> patentsAfter, Dataset<Row> transactionsBefore,
      Dataset<Row> transactionsAfter, Dataset<Row> intervalsBefore, Dataset<Row> intervalsAfter, Dataset<Row> pledgeDates,
      Dataset<Row> changedPledgeDates, Dataset<Row> changedStats, int lastYear) {
    Dataset<Row> otherSpans = changedPledgeDates.select(functions.year(col("hv_pledge_from")).as("from_year"), lit(lastYear).as("to_year"))
        .unionByName(TouchedYears.statisticYears(changedStats));
    return TouchedYears.touchedYears(flowFacts(patentsBefore, transactionsBefore), flowFacts(patentsAfter, transactionsAfter),
        stockSpans(withPledgeCriterion(intervalsBefore, pledgeDates)), stockSpans(withPledgeCriterion(intervalsAfter, pledgeDates)),
        otherSpans, lastYear);
  }
}
