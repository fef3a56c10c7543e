package org.ipcube.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.ipcube.common.IndicatorCatalogue;
import org.ipcube.common.Settings;
import org.ipcube.common.Table;
import org.ipcube.marts.gi.GiCubeTransforms;
import org.ipcube.marts.patents.PatentCubeTransforms;
import org.ipcube.marts.pledges.PledgeCubeTransforms;
import org.ipcube.marts.trademarks.TrademarkCubeTransforms;

/**
 * Reads the cleaned tables the cube jobs read and returns, in {@link ExplainTransforms#CONTRIBUTION}
 * shape, the facts and spans each domain's cube counts (built by the cube's own transforms), and
 * the lineage of each right: holder, the address it was attributed by and how that address was
 * resolved, and the delivery its current record came in. Writes nothing: {@code ipcube explain}
 * and the tests read it.
 */
public final class ExplainFigures {
  private ExplainFigures() {}

  /** The contributions of the domains asked for (patent, trademark, gi, pledge). */
  public static Dataset<Row> facts(SparkSession spark, Settings s, Set<String> domains) {
    int lagDays = s.publicationLagDays();
    // Stock spans are placed as the cubes place them: in the division valid at each period end.
    Dataset<Row> successions = BuildDimensionsJob.successions(spark);
    Dataset<Row> out = null;
    if (domains.contains("patent")) {
      Dataset<Row> patents = Table.CLEANED_PATENTS.readOrEmpty(spark, s);
      Dataset<Row> intervals = PatentCubeTransforms.withPledgeCriterion(Table.CLEANED_PATENT_VALIDITY_INTERVALS.readOrEmpty(spark, s),
          PledgeCubeTransforms.highValuePledgeDates(Table.CLEANED_PLEDGE_EVENTS.readOrEmpty(spark, s),
              Table.CLEANED_PLEDGED_RIGHTS.readOrEmpty(spark, s), s.highValuePledgeThresholdWan()));
      out = union(out, ExplainTransforms.fromFlows(PatentCubeTransforms.flowFacts(patents, Table.CLEANED_PATENT_TRANSACTIONS.readOrEmpty(spark, s)),
          "patent"));
      out = union(out, ExplainTransforms.fromSpans(
          CubeStocks.placedAtPeriodEnd(PatentCubeTransforms.stockSpans(intervals), successions), "patent"));
    }
    if (domains.contains("trademark")) {
      out = union(out, ExplainTransforms.fromFlows(TrademarkCubeTransforms.flowFacts(Table.CLEANED_TRADEMARKS.readOrEmpty(spark, s)),
          "trademark"));
      out = union(out, ExplainTransforms.fromSpans(CubeStocks.placedAtPeriodEnd(
          TrademarkCubeTransforms.stockSpans(Table.CLEANED_TRADEMARK_VERSIONS.readOrEmpty(spark, s), lagDays), successions), "trademark"));
    }
    if (domains.contains("gi")) {
      Dataset<Row> spans = CubeStocks.placedAtPeriodEnd(GiCubeTransforms.stockSpans(Table.CLEANED_TRADEMARK_VERSIONS.readOrEmpty(spark, s),
          Table.CLEANED_GI_USER_VERSIONS.readOrEmpty(spark, s), lagDays), successions);
      Dataset<Row> gi = ExplainTransforms.fromFlows(GiCubeTransforms.flowFacts(Table.CLEANED_TRADEMARKS.readOrEmpty(spark, s)), "trademark")
          .unionByName(ExplainTransforms.fromSpans(spans.filter(col("indicator").equalTo("gi_marks")), "trademark"))
          .unionByName(ExplainTransforms.fromSpans(spans.filter(col("indicator").equalTo("gi_users")), "gi_user"))
          .unionByName(ExplainTransforms.fromSpans(CubeStocks.placedAtPeriodEnd(
              GiCubeTransforms.productSpans(Table.CLEANED_GI_PRODUCT_VERSIONS.readOrEmpty(spark, s), lagDays), successions), "gi_product"));
      out = union(out, gi.unionByName(ExplainTransforms.giTotal(gi)));
    }
    if (domains.contains("pledge")) {
      Dataset<Row> contracts = Table.CLEANED_PLEDGE_CONTRACTS.readOrEmpty(spark, s);
      out = union(out, ExplainTransforms.fromFlows(PledgeCubeTransforms.flowFacts(Table.CLEANED_PLEDGE_EVENTS.readOrEmpty(spark, s), contracts,
          s.pledgeInclusiveThresholdWan()), "pledge_contract"));
      out = union(out, ExplainTransforms.fromFlows(PledgeCubeTransforms.distinctFacts(contracts, Table.CLEANED_PLEDGED_RIGHTS.readOrEmpty(spark, s)),
          "pledge_contract"));
    }
    if (out == null) {
      throw new IllegalArgumentException("No domain among " + domains + ": use patent, trademark, gi or pledge.");
    }
    return out;
  }

  /** One figure of the cube, by its keys. */
  public record Figure(String regionCode, String regionLevel, String boundary, String view, String indicator, String breakdown,
      String periodType, int periodYear, int periodNumber) {

    Dataset<Row> asFrame(SparkSession spark) {
      org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
          .add("region_code", "string").add("region_level", "string").add("boundary", "string").add("view", "string")
          .add("indicator", "string").add("breakdown", "string").add("period_type", "string").add("period_year", "int")
          .add("period_number", "int");
      return spark.createDataFrame(java.util.List.of(org.apache.spark.sql.RowFactory.create(regionCode, regionLevel, boundary, view,
          indicator, breakdown, periodType, periodYear, periodNumber)), schema);
    }

    Column matches() {
      return col("region_code").equalTo(regionCode).and(col("region_level").equalTo(regionLevel)).and(col("boundary").equalTo(boundary))
          .and(col("view").equalTo(view)).and(col("indicator").equalTo(indicator)).and(col("breakdown").equalTo(breakdown))
          .and(col("period_type").equalTo(periodType)).and(col("period_year").equalTo(periodYear))
          .and(col("period_number").equalTo(periodNumber));
    }
  }

  /**
   * A figure and what is behind it. {@code cubeRow}: its row of {@code marts.regional_indicators}
   * (null when the cube has none); {@code counted}: the figure the rights are listed for (a
   * ratio's numerator, else the figure itself); {@code rights}: one row per counted fact or span
   * with its lineage, a distinct count's members once; {@code listedValue}: those rows summed by
   * the indicator's aggregation (equal to the cube's value, or to a ratio's numerator);
   * {@code denominatorRights} and {@code denominatorValue}: a ratio of two counts' denominator;
   * {@code statistic}: a statistics-based ratio's release row (region_code, year, indicator,
   * value, release, publication_date, source_file).
   */
  public record Explanation(Row cubeRow, Figure counted, Dataset<Row> rights, double listedValue, long listedRights,
      Double denominatorValue, Row statistic) {}

  /** Explains one figure: reads the cube row, the contributions of its domain and their lineage. */
  public static Explanation explain(SparkSession spark, Settings s, Figure figure) {
    IndicatorCatalogue catalogue = IndicatorCatalogue.shipped();
    IndicatorCatalogue.Indicator indicator = catalogue.indicator(figure.indicator());
    Row cubeRow = Table.MARTS_REGIONAL_INDICATORS.readOrEmpty(spark, s).filter(figure.matches()).collectAsList().stream().findFirst().orElse(null);
    Figure counted = figure;
    Figure denominator = null;
    if (indicator.isRatio()) {
      String[] num = ExplainTransforms.numerator(indicator);
      counted = new Figure(figure.regionCode(), figure.regionLevel(), figure.boundary(), figure.view(), num[0], num[1],
          figure.periodType(), figure.periodYear(), figure.periodNumber());
      java.util.Optional<String[]> count = ExplainTransforms.denominator(indicator);
      if (count.isPresent()) {
        String[] den = count.get();
        denominator = new Figure(figure.regionCode(), figure.regionLevel(), figure.boundary(), figure.view(), den[0], den[1],
            figure.periodType(), figure.periodYear(), figure.periodNumber());
      }
    }
    Dataset<Row> dimRegions = Table.MARTS_DIM_REGIONS.readOrEmpty(spark, s);
    Set<String> domains = Set.of(catalogue.indicator(counted.indicator()).domain());
    Dataset<Row> facts = ExplainFigures.facts(spark, s, domains).filter(col("indicator").equalTo(counted.indicator()));
    Dataset<Row> contributions = ExplainTransforms.contributions(facts, counted.asFrame(spark), dimRegions, s.publicationLagDays())
        .localCheckpoint();
    Row value = ExplainTransforms.figureValues(contributions, catalogue).collectAsList().stream().findFirst().orElse(null);
    Dataset<Row> listed = catalogue.indicator(counted.indicator()).aggregation().equals("distinct")
        ? firstPerMember(contributions) : contributions;
    Dataset<Row> lineage = lineage(spark, s);
    Dataset<Row> rights = listed.join(lineage, scala.jdk.javaapi.CollectionConverters.asScala(List.of("right_kind", "right_id")).toList(),
            "left")
        .orderBy(col("county_code"), col("right_id"), col("event_date"), col("from_date"));
    Double denominatorValue = null;
    if (denominator != null) {
      Dataset<Row> d = ExplainTransforms.contributions(ExplainFigures.facts(spark, s, Set.of(catalogue.indicator(denominator.indicator())
          .domain())).filter(col("indicator").equalTo(denominator.indicator())), denominator.asFrame(spark), dimRegions,
          s.publicationLagDays());
      denominatorValue = ExplainTransforms.figureValues(d, catalogue).collectAsList().stream().findFirst().map(r -> r.<Double>getAs("value"))
          .orElse(0.0);
    }
    Row statistic = indicator.denominatorStatistic() == null ? null : statistic(spark, s, figure, indicator.denominatorStatistic());
    return new Explanation(cubeRow, counted, rights, value == null ? 0.0 : value.<Double>getAs("value"),
        value == null ? 0L : value.<Long>getAs("rights"), denominatorValue, statistic);
  }

  /**
   * The rights behind the data revision of each figure (its view and boundary ignored; counts and
   * ratios' numerators): those counted in the latest view and not as first published, and the other
   * way round, on the divisions of the time (as_was), with the cause each difference shows. Shape:
   * {@link ExplainTransforms#FIGURE_KEYS} without view, {@code right_kind, right_id, member,
   * known_date, cause}, joined with the rights' lineage.
   */
  public static Dataset<Row> revisedRights(SparkSession spark, Settings s, List<Figure> figures) {
    IndicatorCatalogue catalogue = IndicatorCatalogue.shipped();
    List<Row> rows = new java.util.ArrayList<>();
    Set<String> domains = new java.util.HashSet<>();
    for (Figure f : figures) {
      IndicatorCatalogue.Indicator ind = catalogue.indicator(f.indicator());
      String[] counted = ind.isRatio() ? ExplainTransforms.numerator(ind) : new String[] {f.indicator(), f.breakdown()};
      domains.add(catalogue.indicator(counted[0]).domain());
      for (String view : List.of("latest", "first_published")) {
        rows.add(new Figure(f.regionCode(), f.regionLevel(), "as_was", view, counted[0], counted[1], f.periodType(), f.periodYear(),
            f.periodNumber()).asFrame(spark).first());
      }
    }
    if (rows.isEmpty()) return null;
    Dataset<Row> targets = spark.createDataFrame(rows, rows.get(0).schema());
    Dataset<Row> c = ExplainTransforms.contributions(ExplainFigures.facts(spark, s, domains), targets, Table.MARTS_DIM_REGIONS.readOrEmpty(spark, s),
        s.publicationLagDays());
    List<String> keys = ExplainTransforms.FIGURE_KEYS.stream().filter(k -> !k.equals("view")).toList();
    List<Column> group = new java.util.ArrayList<>(keys.stream().map(functions::col).toList());
    group.addAll(List.of(col("right_kind"), col("right_id"), col("member")));
    Column latest = functions.max(col("view").equalTo("latest").cast("int")).equalTo(1);
    Column firstPublished = functions.max(col("view").equalTo("first_published").cast("int")).equalTo(1);
    Dataset<Row> diff = c.groupBy(group.toArray(Column[]::new))
        .agg(latest.as("in_latest"), firstPublished.as("in_first_published"), functions.max("known_date").as("known_date"),
            functions.max(col("event_date").isNotNull().cast("int")).equalTo(1).as("is_flow"))
        .filter(col("in_latest").notEqual(col("in_first_published")))
        .withColumn("cause", functions.when(col("in_latest").and(col("is_flow")),
                functions.concat(lit("late first delivery: delivered "), col("known_date").cast("string"), lit(", after the period end + lag")))
            .when(col("in_latest"), lit("counted now, not as first published: delivered, restored or corrected after the publication"))
            .when(col("is_flow"), lit("counted as first published, not now: its event was corrected by a later delivery"))
            .otherwise(lit("counted as first published, not now: a backdated lapse, cancellation or correction delivered later")));
    return diff.join(lineage(spark, s), scala.jdk.javaapi.CollectionConverters.asScala(List.of("right_kind", "right_id")).toList(), "left")
        .drop("in_latest", "in_first_published", "is_flow")
        .orderBy(col("indicator"), col("breakdown"), col("right_id"));
  }

  /** A distinct count's members once each (the earliest fact or span of each). */
  private static Dataset<Row> firstPerMember(Dataset<Row> contributions) {
    return contributions.withColumn("_n", functions.row_number().over(org.apache.spark.sql.expressions.Window.partitionBy("member")
            .orderBy(functions.coalesce(col("event_date"), col("from_date")), col("right_id"))))
        .filter(col("_n").equalTo(1)).drop("_n");
  }

  /**
   * The statistics release a ratio divides by: the latest release of the region's figure for the
   * year published by the figure's known-at date (period end + lag for first_published), as the
   * cube's ratio transforms choose it.
   */
  private static Row statistic(SparkSession spark, Settings s, Figure figure, IndicatorCatalogue.Statistic stat) {
    int year = figure.periodYear() + stat.yearOffset();
    java.time.LocalDate end = switch (figure.periodType()) {
      case "month", "ytd" -> java.time.YearMonth.of(figure.periodYear(), figure.periodNumber()).atEndOfMonth();
      case "quarter" -> java.time.YearMonth.of(figure.periodYear(), figure.periodNumber() * 3).atEndOfMonth();
      default -> java.time.LocalDate.of(figure.periodYear(), 12, 31);
    };
    Column known = figure.view().equals("first_published")
        ? col("publication_date").leq(lit(end.plusDays(s.publicationLagDays()))) : lit(true);
    Column releaseOrder = functions.when(col("release").equalTo("final"), 3).when(col("release").equalTo("revised"), 2).otherwise(1);
    return Table.CLEANED_STATS_FIGURES.readOrEmpty(spark, s)
        .filter(col("region_code").equalTo(figure.regionCode()).and(col("year").equalTo(year)).and(col("indicator").equalTo(stat.indicator()))
            .and(known))
        .orderBy(col("publication_date").desc_nulls_last(), releaseOrder.desc())
        .select("region_code", "year", "indicator", "value", "release", "publication_date", "source_file")
        .collectAsList().stream().findFirst().orElse(null);
  }

  private static Dataset<Row> union(Dataset<Row> a, Dataset<Row> b) {
    return a == null ? b : a.unionByName(b);
  }

  /**
   * {@code right_kind, right_id, holder_name, attribution_address, address_resolution,
   * delivery_date, source_file, record_position}: one row per right, from its current record.
   */
  public static Dataset<Row> lineage(SparkSession spark, Settings s) {
    Dataset<Row> patents = Table.CLEANED_PATENTS.readOrEmpty(spark, s).select(lit("patent").as("right_kind"),
        col("application_number").as("right_id"), col("first_applicant_name").as("holder_name"),
        col("first_applicant_address").as("attribution_address"), col("applicant_match_quality").as("address_resolution"),
        col("delivery_date"), col("source_file"), col("record_position"));
    Dataset<Row> trademarks = Table.CLEANED_TRADEMARKS.readOrEmpty(spark, s).select(lit("trademark").as("right_kind"),
        col("reg_no").as("right_id"), col("registrant_name").as("holder_name"), col("registrant_address").as("attribution_address"),
        col("registrant_match_quality").as("address_resolution"), col("delivery_date"), col("source_file"), col("record_position"));
    Dataset<Row> users = Table.CLEANED_GI_USER_VERSIONS.readOrEmpty(spark, s).filter(col("known_to").isNull())
        .select(lit("gi_user").as("right_kind"), col("user_id").as("right_id"), col("enterprise_name").as("holder_name"),
            col("enterprise_address").as("attribution_address"), col("match_quality").as("address_resolution"), col("delivery_date"),
            col("source_file"), col("record_position"));
    Dataset<Row> products = Table.CLEANED_GI_PRODUCT_VERSIONS.readOrEmpty(spark, s).filter(col("known_to").isNull())
        .select(lit("gi_product").as("right_kind"), col("gi_id").as("right_id"), col("name").as("holder_name"),
            functions.array_join(col("area_county_codes"), " ").as("attribution_address"),
            functions.when(functions.size(col("unresolved_area_names")).gt(0),
                functions.concat(lit("area; unresolved: "), functions.array_join(col("unresolved_area_names"), " ")))
                .otherwise(lit("area")).as("address_resolution"),
            col("delivery_date"), col("source_file"), col("record_position"));
    Dataset<Row> contracts = Table.CLEANED_PLEDGE_CONTRACTS.readOrEmpty(spark, s).select(lit("pledge_contract").as("right_kind"),
        col("registration_no").as("right_id"), col("pledgor_name").as("holder_name"), col("pledgor_address").as("attribution_address"),
        col("pledgor_match_quality").as("address_resolution"), col("delivery_date"), col("source_file"), col("record_position"));
    return patents.unionByName(trademarks).unionByName(users).unionByName(products).unionByName(contracts);
  }
}
