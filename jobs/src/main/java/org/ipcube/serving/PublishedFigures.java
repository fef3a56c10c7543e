package org.ipcube.serving;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.ipcube.common.IndicatorCatalogue;
import org.ipcube.common.IpcubeException;
import org.ipcube.serving.KernelReads.KernelRow;

/**
 * Officially published figures (schemas/reference/published_figures.yml) and how they line up with
 * the cube's figures of the same definition: what {@code ipcube reconcile} reports. Pure Java: the
 * cube rows are looked up through a function (Delta Kernel in the command, a map in tests).
 */
public final class PublishedFigures {
  private PublishedFigures() {}

  /** The file shipped in the jar: 嘉兴 and 宁波 2023, from the articles the users write. */
  public static final String SHIPPED = "reference/published/zhejiang_2023.csv";

  public static final List<String> HEADER = List.of("region_code", "region_name", "period_type", "period_year", "period_number",
      "indicator", "breakdown", "value", "qualifier", "yoy_growth_pct", "source", "publication_date", "quote");

  /** One published figure. */
  public record Published(String regionCode, String regionName, String periodType, int periodYear, int periodNumber, String indicator,
      String breakdown, double value, String qualifier, Double yoyGrowthPct, String source, LocalDate publicationDate, String quote) {

    public String regionLevel() {
      return org.ipcube.region.RegionCodes.level(regionCode);
    }
  }

  /**
   * A published figure beside the warehouse's: {@code warehouse} null when the cube has no row;
   * {@code gap} = warehouse − published; {@code agrees} within the qualifier (exact: equal when
   * rounded to the published figure's decimals; about: within 0.5 % of it, as 26.3万件 is rounded;
   * at_least: not below it).
   */
  public record Line(Published published, Double warehouse, Double warehouseGrowthPct, String unit) {
    public Double gap() {
      return warehouse == null ? null : warehouse - published.value();
    }

    public Double gapPct() {
      return warehouse == null || published.value() == 0 ? null : (warehouse - published.value()) / published.value() * 100;
    }

    public boolean agrees() {
      if (warehouse == null) return false;
      double p = published.value();
      return switch (published.qualifier()) {
        case "at_least" -> warehouse >= p;
        case "about" -> Math.abs(warehouse - p) <= Math.abs(p) * 0.005;
        default -> Math.abs(warehouse - p) <= 0.5 * Math.pow(10, -decimals(p));
      };
    }

    private static int decimals(double v) {
      String s = java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
      return s.contains(".") ? s.length() - s.indexOf('.') - 1 : 0;
    }
  }

  /** Reads a file in the format; every problem names the file, line and field, before the warehouse is read. */
  public static List<Published> read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString(), IndicatorCatalogue.shipped());
    } catch (IOException e) {
      throw new IpcubeException("Cannot read published figures " + file + ".", e.getMessage(), "Pass a readable file with --published.", e);
    }
  }

  /** The shipped example. */
  public static List<Published> shipped() {
    try (InputStream in = PublishedFigures.class.getClassLoader().getResourceAsStream(SHIPPED)) {
      if (in == null) throw new IpcubeException(SHIPPED + " is missing from the jar.", "the build did not package it.", "Rebuild.");
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), SHIPPED, IndicatorCatalogue.shipped());
    } catch (IOException e) {
      throw new IpcubeException("Cannot read " + SHIPPED + ".", e.getMessage(), "Rebuild the jar.", e);
    }
  }

  static List<Published> parse(String text, String source, IndicatorCatalogue catalogue) {
    List<List<String>> rows = csv(text.startsWith("\uFEFF") ? text.substring(1) : text, source);
    if (rows.isEmpty() || !rows.get(0).equals(HEADER)) {
      throw new IpcubeException("Published figures " + source + " do not start with the expected header.",
          "line 1 is " + (rows.isEmpty() ? "missing" : String.join(",", rows.get(0))) + ".",
          "Start the file with: " + String.join(",", HEADER) + " (schemas/reference/published_figures.yml).");
    }
    List<Published> out = new ArrayList<>();
    for (int i = 1; i < rows.size(); i++) {
      List<String> r = rows.get(i);
      String where = source + " line " + (i + 1);
      if (r.size() != HEADER.size()) {
        throw new IpcubeException("Published figure at " + where + " has " + r.size() + " fields.", "the format has " + HEADER.size() + ".",
            "Quote fields that contain commas and fill every column (blank where allowed).");
      }
      String indicator = r.get(5);
      if (catalogue.indicators().stream().noneMatch(x -> x.name().equals(indicator))) {
        throw new IpcubeException("Published figure at " + where + " names indicator '" + indicator + "'.", "it is not in the catalogue.",
            "Use the catalogue indicator whose definition the figure uses (marts.dim_indicators).");
      }
      if (!catalogue.indicator(indicator).breakdowns().contains(r.get(6))) {
        throw new IpcubeException("Published figure at " + where + " names breakdown '" + r.get(6) + "' of " + indicator + ".",
            "its breakdowns are " + catalogue.indicator(indicator).breakdowns() + ".", "Use one of them.");
      }
      if (!List.of("exact", "about", "at_least").contains(r.get(8))) {
        throw new IpcubeException("Published figure at " + where + " has qualifier '" + r.get(8) + "'.", "qualifiers are exact, about, at_least.",
            "Use one of them.");
      }
      if (!r.get(0).matches("\\d{6}") || !List.of("year", "quarter", "month", "ytd").contains(r.get(2))) {
        throw new IpcubeException("Published figure at " + where + " has region '" + r.get(0) + "' and period type '" + r.get(2) + "'.",
            "regions are 6-digit codes; period types are year, quarter, month, ytd.", "Fix the row.");
      }
      try {
        out.add(new Published(r.get(0), r.get(1), r.get(2), Integer.parseInt(r.get(3)), Integer.parseInt(r.get(4)), indicator, r.get(6),
            Double.parseDouble(r.get(7)), r.get(8), r.get(9).isBlank() ? null : Double.valueOf(r.get(9)), r.get(10),
            r.get(11).isBlank() ? null : LocalDate.parse(r.get(11)), r.get(12)));
      } catch (RuntimeException e) {
        throw new IpcubeException("Published figure at " + where + " has a field that is not a number or date.", e.getMessage() + ".",
            "Write years and numbers as digits (263000, not 26.3万) and dates as YYYY-MM-DD.", e);
      }
    }
    return out;
  }

  /** RFC 4180 fields ("" inside quotes is a quote; quoted fields may hold commas and line breaks). */
  private static List<List<String>> csv(String text, String source) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(field.toString().trim());
        field.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
        row.add(field.toString().trim());
        field.setLength(0);
        if (!(row.size() == 1 && row.get(0).isEmpty())) rows.add(row);
        row = new ArrayList<>();
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw new IpcubeException("Published figures " + source + " end inside a quoted field.", "a quote is not closed.", "Close it.");
    }
    if (field.length() > 0 || !row.isEmpty()) {
      row.add(field.toString().trim());
      rows.add(row);
    }
    return rows;
  }

  /**
   * Each published figure beside the cube row of the same region, period, indicator and breakdown
   * in {@code view} and {@code boundary} ({@code cubeRow}: keyed by {@link #key}).
   */
  public static List<Line> reconcile(List<Published> published, Function<String, KernelRow> cubeRow, IndicatorCatalogue catalogue) {
    List<Line> out = new ArrayList<>();
    for (Published p : published) {
      KernelRow r = cubeRow.apply(key(p.regionCode(), p.regionLevel(), p.periodType(), p.periodYear(), p.periodNumber(), p.indicator(),
          p.breakdown()));
      out.add(new Line(p, r == null ? null : r.number("value"), r == null ? null : r.number("yoy_growth_pct"),
          catalogue.indicator(p.indicator()).unit()));
    }
    return out;
  }

  public static String key(String regionCode, String level, String periodType, int year, int number, String indicator, String breakdown) {
    return String.join("|", regionCode, level, periodType, String.valueOf(year), String.valueOf(number), indicator, breakdown);
  }

  /** The key of a cube row read with the columns of {@link #key}. */
  public static String key(KernelRow r) {
    return key(r.string("region_code"), r.string("region_level"), r.string("period_type"), r.integer("period_year"),
        r.integer("period_number"), r.string("indicator"), r.string("breakdown"));
  }

  /** The cube columns {@code reconcile} reads. */
  public static final List<String> CUBE_COLUMNS = List.of("region_code", "region_level", "period_type", "period_year", "period_number",
      "indicator", "breakdown", "value", "yoy_growth_pct");
}
