package org.ipcube.common;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * What each indicator of {@code marts.regional_indicators} is, read from
 * {@code schemas/catalogue/indicators.yml}: domain, Chinese label, unit, aggregation (additive,
 * distinct, ratio), period kind, breakdowns and which of them overlap, the incompleteness rule and
 * the counting rule. The cube's derive step and units, {@code marts.dim_indicators} and the data
 * dictionary read it; a new indicator is an entry there plus the transform that counts it.
 */
public record IndicatorCatalogue(Map<String, String> breakdownLabels, List<Indicator> indicators, List<OverviewColumn> overview) {

  public static final String RESOURCE = "schemas/catalogue/indicators.yml";
  public static final List<String> AGGREGATIONS = List.of("additive", "distinct", "ratio");
  public static final List<String> PERIOD_TYPES = List.of("year", "quarter", "month", "ytd");

  /** One indicator; {@code numerator} and {@code denominator} are null unless it is a ratio. */
  public record Indicator(String name, String domain, String labelZh, String unit, String aggregation, String numerator,
      String denominator, Statistic denominatorStatistic, String periodKind, List<String> periodTypes, String incomplete, List<String> breakdowns,
      Map<String, List<String>> partitions, List<String> overlapping, String rule) {

    public boolean isRatio() {
      return aggregation.equals("ratio");
    }

    public boolean isAdditive() {
      return aggregation.equals("additive");
    }

    /** The partition a breakdown belongs to ("criterion" for overlapping ones; null for total and where there is one way). */
    public String family(String breakdown) {
      if (overlapping.contains(breakdown)) return "criterion";
      return partitions.entrySet().stream().filter(e -> e.getValue().contains(breakdown)).map(Map.Entry::getKey).findFirst()
          .orElse(null);
    }
  }

  /**
   * A column of the published convenience view {@code regional_overview}: the value of one
   * indicator and breakdown (and, as {@code <column>_yoy_pct}, its growth), labelled as
   * {@code dim_indicators} labels it.
   */
  public record OverviewColumn(String column, String indicator, String breakdown, String labelZh, String unit) {}

  /**
   * The statistics figure a ratio divides by: a {@code cleaned.stats_figures} indicator of the
   * figure's year or the previous one, from the release known at the figure's date.
   */
  public record Statistic(String indicator, String year) {
    public int yearOffset() {
      return year.equals("previous") ? -1 : 0;
    }
  }

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static volatile IndicatorCatalogue shipped;

  /** The catalogue in the jar (validated once). */
  public static IndicatorCatalogue shipped() {
    IndicatorCatalogue c = shipped;
    if (c == null) {
      try (InputStream in = IndicatorCatalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IpcubeException("The indicator catalogue is missing.", RESOURCE + " is not on the classpath.",
              "Rebuild the jar (schemas/ is packed into it).");
        }
        c = parse(YAML.readTree(in), RESOURCE);
      } catch (IOException e) {
        throw new IpcubeException("Cannot read " + RESOURCE + ".", e.getMessage(), "Fix the YAML syntax.", e);
      }
      shipped = c;
    }
    return c;
  }

  static IndicatorCatalogue parse(JsonNode root, String source) {
    Map<String, String> labels = new LinkedHashMap<>();
    root.path("breakdown_labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    List<Indicator> out = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode n : root.path("indicators")) {
      String name = n.path("name").asText();
      Indicator i = new Indicator(name, n.path("domain").asText(), n.path("label_zh").asText(), n.path("unit").asText(),
          n.path("aggregation").asText(), text(n, "numerator"), text(n, "denominator"), statistic(n.path("denominator_statistic")),
          n.path("period_kind").asText(),
          strings(n.path("period_types")), n.path("incomplete").asText("none"), strings(n.path("breakdowns")),
          partitions(n.path("partitions")), strings(n.path("overlapping")), n.path("rule").asText());
      List<String> problems = new ArrayList<>();
      if (name.isBlank() || !names.add(name)) problems.add("its name is blank or used twice");
      if (i.domain().isBlank() || i.labelZh().isBlank() || i.unit().isBlank() || i.rule().isBlank()) {
        problems.add("domain, label_zh, unit and rule are required");
      }
      if (!AGGREGATIONS.contains(i.aggregation())) problems.add("aggregation '" + i.aggregation() + "' is not one of " + AGGREGATIONS);
      if (i.isRatio() != (i.numerator() != null && i.denominator() != null)) {
        problems.add("a ratio, and only a ratio, has a numerator and a denominator");
      }
      if (i.denominatorStatistic() != null && (!i.isRatio() || i.denominatorStatistic().indicator().isBlank()
          || !List.of("previous", "same").contains(i.denominatorStatistic().year()))) {
        problems.add("denominator_statistic belongs to a ratio and needs an indicator and year previous or same");
      }
      if (i.isRatio() && i.numerator() != null && !i.numerator().matches("\\w+ \\(\\w+\\)")) problems.add("a ratio's numerator is written 'indicator (breakdown)'");
      if (!List.of("flow", "stock").contains(i.periodKind())) problems.add("period_kind '" + i.periodKind() + "' is not flow or stock");
      if (i.periodTypes().isEmpty() || !PERIOD_TYPES.containsAll(i.periodTypes())) problems.add("period_types must be among " + PERIOD_TYPES);
      if (!List.of("none", "recent_months").contains(i.incomplete())) problems.add("incomplete must be none or recent_months");
      if (i.breakdowns().isEmpty() || !i.breakdowns().get(0).equals("total")) problems.add("its breakdowns must start with total");
      if (!i.breakdowns().containsAll(i.overlapping()) || i.overlapping().contains("total")) {
        problems.add("overlapping breakdowns must be among its breakdowns, and not total");
      }
      for (String b : i.breakdowns()) {
        if (!labels.containsKey(b)) problems.add("breakdown '" + b + "' has no entry in breakdown_labels");
        long partitionsOfB = i.partitions().values().stream().filter(m -> m.contains(b)).count();
        if (!i.partitions().isEmpty() && !b.equals("total") && !i.overlapping().contains(b) && partitionsOfB != 1) {
          problems.add("breakdown '" + b + "' must be in exactly one partition (it is in " + partitionsOfB + ")");
        }
      }
      i.partitions().forEach((family, members) -> {
        if (!i.breakdowns().containsAll(members)) problems.add("partition " + family + " names breakdowns the indicator does not list");
      });
      if (!problems.isEmpty()) {
        throw new IpcubeException("Indicator '" + name + "' in " + source + " is not valid.", String.join("; ", problems) + ".",
            "Fix the entry (the file's header says what each field holds).");
      }
      out.add(i);
    }
    return new IndicatorCatalogue(Map.copyOf(labels), List.copyOf(out), overview(root.path("overview"), out, labels, source));
  }

  private static List<OverviewColumn> overview(JsonNode entries, List<Indicator> indicators, Map<String, String> labels, String source) {
    List<OverviewColumn> out = new ArrayList<>();
    Set<String> columns = new LinkedHashSet<>();
    for (JsonNode n : entries) {
      String column = n.path("column").asText();
      String name = n.path("indicator").asText();
      String breakdown = n.path("breakdown").asText("total");
      Indicator i = indicators.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
      String problem = !column.matches("[a-z][a-z0-9_]*") || !columns.add(column) ? "its column must be snake_case and used once"
          : i == null ? "indicator '" + name + "' is not in the catalogue"
          : !i.breakdowns().contains(breakdown) ? "'" + breakdown + "' is not one of " + name + "'s breakdowns " + i.breakdowns()
          : null;
      if (problem != null) {
        throw new IpcubeException("Overview column '" + column + "' in " + source + " is not valid.", problem + ".",
            "Fix the entry under overview: (column, indicator, breakdown).");
      }
      out.add(new OverviewColumn(column, name, breakdown, label(i, breakdown, labels), i.unit()));
    }
    return List.copyOf(out);
  }

  private static Statistic statistic(JsonNode n) {
    return n.isMissingNode() || n.isNull() ? null : new Statistic(n.path("indicator").asText(), n.path("year").asText());
  }

  private static Map<String, List<String>> partitions(JsonNode n) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    n.fields().forEachRemaining(e -> out.put(e.getKey(), strings(e.getValue())));
    return java.util.Collections.unmodifiableMap(out);
  }

  private static String text(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asText() : null;
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.forEach(x -> out.add(x.asText()));
    return List.copyOf(out);
  }

  public Indicator indicator(String name) {
    return indicators.stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow(() -> new IpcubeException(
        "No indicator '" + name + "'.", "it is not in " + RESOURCE + ".", "Use one of " + names(indicators) + "."));
  }

  /** The names of a domain's indicators aggregated {@code aggregation}-wise. */
  public Set<String> names(String domain, String aggregation) {
    Set<String> out = new LinkedHashSet<>();
    indicators.stream().filter(i -> i.domain().equals(domain) && i.aggregation().equals(aggregation)).forEach(i -> out.add(i.name()));
    return out;
  }

  /** Breakdowns that are criteria of one deduplicated count, of any indicator: they never add up to total. */
  public Set<String> overlappingBreakdowns() {
    Set<String> out = new LinkedHashSet<>();
    indicators.forEach(i -> out.addAll(i.overlapping()));
    return out;
  }

  /**
   * Breakdowns whose rows the cube does not sum into total: the overlapping criteria, and the
   * members of every partition but the first (each adds up to the same total: summing two would
   * count every right twice).
   */
  public Set<String> breakdownsNotSummedIntoTotal() {
    Set<String> out = new LinkedHashSet<>(overlappingBreakdowns());
    for (Indicator i : indicators) {
      i.partitions().values().stream().skip(1).forEach(out::addAll);
    }
    return out;
  }

  /** True for rows of additive indicators (summed up the levels; a share of the parent's sum). */
  public Column isAdditive(Column indicator) {
    return indicator.isin(indicators.stream().filter(Indicator::isAdditive).map(Indicator::name).toArray());
  }

  /** True for rows of indicators whose most recent months are incomplete. */
  public Column hasIncompleteRecentMonths(Column indicator) {
    return indicator.isin(indicators.stream().filter(i -> i.incomplete().equals("recent_months")).map(Indicator::name).toArray());
  }

  /** The unit of each row's indicator (null for an indicator not in the catalogue: the schema check then fails). */
  public Column unit(Column indicator) {
    Column out = null;
    for (Indicator i : indicators) {
      out = out == null ? when(indicator.equalTo(i.name()), lit(i.unit())) : out.when(indicator.equalTo(i.name()), lit(i.unit()));
    }
    return out;
  }

  /** Indicator and breakdown together, e.g. 有效专利拥有量 · 发明专利 (the indicator's label alone for total). */
  private static String label(Indicator i, String breakdown, Map<String, String> labels) {
    return breakdown.equals("total") ? i.labelZh() : i.labelZh() + " · " + labels.get(breakdown);
  }

  /** The rows of {@code marts.dim_indicators}: one per indicator and breakdown, in catalogue order. */
  public List<Row> dimensionRows() {
    List<Row> rows = new ArrayList<>();
    for (Indicator i : indicators) {
      for (String b : i.breakdowns()) {
        rows.add(RowFactory.create(i.name(), b, i.family(b), i.domain(), i.labelZh(), breakdownLabels.get(b),
            label(i, b, breakdownLabels), i.unit(), i.aggregation(),
            i.numerator(), i.denominator(), i.periodKind(), String.join(", ", i.periodTypes()), i.overlapping().contains(b),
            i.incomplete().equals("recent_months"), i.rule()));
      }
    }
    return rows;
  }

  /** The catalogue as a Markdown table, for the data dictionary. */
  public String markdown() {
    StringBuilder b = new StringBuilder("| indicator | domain | 名称 | unit | aggregation | period | breakdowns | rule |\n")
        .append("|---|---|---|---|---|---|---|---|\n");
    for (Indicator i : indicators) {
      String aggregation = i.isRatio() ? "ratio: " + i.numerator() + " ÷ " + i.denominator() : i.aggregation();
      String breakdowns = i.partitions().isEmpty()
          ? i.breakdowns().stream().map(x -> i.overlapping().contains(x) ? x + "*" : x).collect(java.util.stream.Collectors.joining(", "))
          : "total; " + i.partitions().entrySet().stream().map(e -> e.getKey() + ": " + String.join(", ", e.getValue()))
              .collect(java.util.stream.Collectors.joining("; "));
      b.append("| `").append(i.name()).append("` | ").append(i.domain()).append(" | ").append(i.labelZh()).append(" | ")
          .append(i.unit()).append(" | ").append(aggregation).append(" | ").append(i.periodKind()).append(" (")
          .append(String.join(", ", i.periodTypes())).append(")").append(i.incomplete().equals("recent_months") ? ", recent months incomplete" : "")
          .append(" | ").append(breakdowns).append(" | ").append(i.rule().replace("|", "\\|")).append(" |\n");
    }
    b.append("\n\\* overlapping criteria of one deduplicated count: they never add up to `total`. Where an indicator is ")
        .append("broken down more than one way, each way (partition) adds up to `total` on its own.\n");
    b.append("\nThe published view `regional_overview` (one row per region and period; latest figures, current boundaries) ")
        .append("has these columns from the catalogue's `overview` list, each also as `<column>_yoy_pct`, its growth in %:\n\n")
        .append("| column | 名称 | unit | indicator (breakdown) |\n|---|---|---|---|\n");
    for (OverviewColumn c : overview) {
      b.append("| `").append(c.column()).append("` | ").append(c.labelZh()).append(" | ").append(c.unit()).append(" | `")
          .append(c.indicator()).append("` (").append(c.breakdown()).append(") |\n");
    }
    return b.toString();
  }

  private static List<String> names(List<Indicator> indicators) {
    return indicators.stream().map(Indicator::name).toList();
  }
}
