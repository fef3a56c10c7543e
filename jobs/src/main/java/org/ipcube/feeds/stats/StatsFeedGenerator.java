package org.ipcube.feeds.stats;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.ipcube.common.CsvResources;
import org.ipcube.landing.DeliveryWriter;
import org.ipcube.region.Divisions;
import org.ipcube.region.Divisions.City;
import org.ipcube.region.Divisions.County;
import org.ipcube.region.Divisions.Snapshot;
import org.ipcube.landing.Feed;

/**
 * Writes {@code stats} deliveries (feed SPEC §7): year-end resident population (万人), GDP (亿元)
 * and market entities (万户) for every province, city and county, each as a preliminary release
 * and, for some, a later revised one, delivered on its publication date.
 *
 * <p>The real figures in {@code reference/stats/stats_real.csv} (Jiaxing 555.10 in 2022, Ningbo's
 * 2023 GDP 16452.8 then 17146.6, ...) are delivered as they are, on their real publication date
 * where known. Every other value is synthetic, derived from 2020 census populations and GDP per
 * head so that it is plausible, and says so in nothing but its magnitude: it is sample data.
 */
public final class StatsFeedGenerator {

  public record Params(int fromYear, int toYear, long seed, LocalDate lastDelivery) {}

  /** 2020 census resident population by province (万人), rounded. */
  private static final Map<String, Double> POPULATION_2020 = Map.ofEntries(
      Map.entry("11", 2189.0), Map.entry("12", 1387.0), Map.entry("13", 7461.0), Map.entry("14", 3492.0),
      Map.entry("15", 2405.0), Map.entry("21", 4259.0), Map.entry("22", 2407.0), Map.entry("23", 3185.0),
      Map.entry("31", 2487.0), Map.entry("32", 8475.0), Map.entry("33", 6457.0), Map.entry("34", 6103.0),
      Map.entry("35", 4154.0), Map.entry("36", 4519.0), Map.entry("37", 10153.0), Map.entry("41", 9937.0),
      Map.entry("42", 5775.0), Map.entry("43", 6644.0), Map.entry("44", 12601.0), Map.entry("45", 5013.0),
      Map.entry("46", 1008.0), Map.entry("50", 3205.0), Map.entry("51", 8367.0), Map.entry("52", 3856.0),
      Map.entry("53", 4721.0), Map.entry("54", 365.0), Map.entry("61", 3953.0), Map.entry("62", 2502.0),
      Map.entry("63", 592.0), Map.entry("64", 720.0), Map.entry("65", 2585.0));
  /** Rough 2020 GDP per head by province (万元). */
  private static final Map<String, Double> GDP_PER_HEAD = Map.ofEntries(
      Map.entry("11", 16.5), Map.entry("31", 15.6), Map.entry("32", 12.1), Map.entry("33", 10.0),
      Map.entry("35", 10.5), Map.entry("44", 8.8), Map.entry("12", 10.1), Map.entry("50", 7.8),
      Map.entry("42", 7.4), Map.entry("37", 7.2), Map.entry("15", 7.2), Map.entry("61", 6.6));

  private final Params p;

  public StatsFeedGenerator(Params params) {
    this.p = params;
  }

  private record Figure(String code, String name, int year, String indicator, String value, String unit, String release,
      LocalDate published) {}

  /** Writes the deliveries; returns the number of figures written. */
  public long generate(Path landingRoot) {
    Divisions divisions = Divisions.shipped();
    Map<String, Figure> figures = new TreeMap<>();
    SplittableRandom rnd = new SplittableRandom(p.seed() ^ 0x57A75L);
    for (int year = p.fromYear(); year <= p.toYear(); year++) {
      Snapshot s = divisions.snapshot(year);
      Map<String, Double> cityPop = new HashMap<>();
      Map<String, Integer> countiesPerCity = new HashMap<>();
      Map<String, Double> cityWeightTotal = new HashMap<>();
      for (City c : s.cities().values()) {
        cityWeightTotal.merge(c.provinceCode(), cityWeight(c), Double::sum);
      }
      for (County c : s.counties().values()) {
        if (!c.isDevelopmentZone() && !c.name().equals("市辖区")) countiesPerCity.merge(c.cityCode(), 1, Integer::sum);
      }
      double growth = Math.pow(1.004, year - 2020);
      for (var prov : s.provinces().values()) {
        String pc = prov.code().substring(0, 2);
        double pop = POPULATION_2020.getOrDefault(pc, 1000.0) * growth;
        add(figures, rnd, prov.code(), prov.name(), year, pop, GDP_PER_HEAD.getOrDefault(pc, 5.8));
      }
      for (City c : s.cities().values()) {
        double pop = POPULATION_2020.getOrDefault(c.provinceCode().substring(0, 2), 1000.0) * growth
            * cityWeight(c) / cityWeightTotal.get(c.provinceCode());
        cityPop.put(c.code(), pop);
        add(figures, rnd, c.code(), c.name(), year, pop, GDP_PER_HEAD.getOrDefault(c.provinceCode().substring(0, 2), 5.8));
      }
      for (County c : s.counties().values()) {
        if (c.isDevelopmentZone() || c.name().equals("市辖区")) continue;
        double pop = cityPop.getOrDefault(c.cityCode(), 100.0) / countiesPerCity.getOrDefault(c.cityCode(), 1);
        add(figures, rnd, c.code(), c.name(), year, pop, GDP_PER_HEAD.getOrDefault(c.provinceCode().substring(0, 2), 5.8));
      }
    }
    // The real figures replace synthetic ones of the same region, year, indicator and release.
    for (String[] r : csv("reference/stats/stats_real.csv")) {
      int year = Integer.parseInt(r[2]);
      if (year < p.fromYear() || year > p.toYear()) continue;
      LocalDate published = r.length > 7 && !r[7].isBlank() ? LocalDate.parse(r[7]) : defaultPublication(year, r[3], r[6]);
      Figure f = new Figure(r[0], r[1], year, r[3], r[4], r[5], r[6], published);
      figures.put(key(f), f);
      if (r[6].equals("revised")) {
        // A real revision exists: the synthetic preliminary must not stand beside a real revised value.
        Figure prelim = figures.get(r[0] + "|" + year + "|" + r[3] + "|preliminary");
        if (prelim != null && !prelim.release().equals("preliminary")) figures.remove(key(prelim));
      }
    }
    Map<LocalDate, StringBuilder> byDate = new TreeMap<>();
    for (Figure f : figures.values()) {
      if (f.published().isAfter(p.lastDelivery())) continue;
      byDate.computeIfAbsent(f.published(), d -> new StringBuilder())
          .append(f.code()).append(',').append(f.name()).append(',').append(f.year()).append(',').append(f.indicator())
          .append(',').append(f.value()).append(',').append(f.unit()).append(',').append(f.release()).append(',')
          .append(f.published()).append('\n');
    }
    long n = 0;
    for (Map.Entry<LocalDate, StringBuilder> e : byDate.entrySet()) {
      try (DeliveryWriter w = new DeliveryWriter(landingRoot, Feed.stats.name(), e.getKey().toString(), 1, "csv", false,
          StandardCharsets.UTF_8, "region_code,region_name,year,indicator,value,unit,release,published_date\n", null, 1_000_000)) {
        for (String line : e.getValue().toString().split("\n")) {
          w.write(line + "\n");
          n++;
        }
      }
    }
    return n;
  }

  private static double cityWeight(City c) {
    return c.code().substring(2, 4).equals("01") && !c.isPseudo() ? 2.5 : 1.0;
  }

  private void add(Map<String, Figure> figures, SplittableRandom rnd, String code, String name, int year, double pop,
      double gdpPerHead) {
    double gdp = pop * gdpPerHead * Math.pow(1.05, year - 2020) * (0.9 + 0.2 * rnd.nextDouble());
    put(figures, new Figure(code, name, year, "resident_population", fmt(pop, 2), "万人", "preliminary",
        defaultPublication(year, "resident_population", "preliminary")));
    put(figures, new Figure(code, name, year, "gdp", fmt(gdp, 2), "亿元", "preliminary",
        defaultPublication(year, "gdp", "preliminary")));
    if (rnd.nextDouble() < 0.3) {
      put(figures, new Figure(code, name, year, "gdp", fmt(gdp * (1.0 + 0.01 + 0.03 * rnd.nextDouble()), 2), "亿元", "revised",
          defaultPublication(year, "gdp", "revised")));
    }
    put(figures, new Figure(code, name, year, "market_entities", fmt(pop * 0.13, 2), "万户", "preliminary",
        defaultPublication(year, "market_entities", "preliminary")));
  }

  private static void put(Map<String, Figure> figures, Figure f) {
    figures.put(key(f), f);
  }

  private static String key(Figure f) {
    return f.code() + "|" + f.year() + "|" + f.indicator() + "|" + f.release();
  }

  /** When a figure of this kind is usually published: GDP late January, population late February, revisions a year later. */
  static LocalDate defaultPublication(int year, String indicator, String release) {
    if (!release.equals("preliminary")) return LocalDate.of(year + 2, 1, 20);
    return switch (indicator) {
      case "gdp" -> LocalDate.of(year + 1, 1, 25);
      case "resident_population" -> LocalDate.of(year + 1, 2, 25);
      default -> LocalDate.of(year + 1, 3, 15);
    };
  }

  private static String fmt(double v, int decimals) {
    return String.format(java.util.Locale.ROOT, "%." + decimals + "f", v);
  }

  private static List<String[]> csv(String resource) {
    return CsvResources.read(resource);
  }
}
