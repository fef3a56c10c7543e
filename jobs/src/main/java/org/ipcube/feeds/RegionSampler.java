package org.ipcube.feeds;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ipcube.common.Uscc;
import org.ipcube.region.Crosswalk;
import org.ipcube.region.Divisions;
import org.ipcube.region.Divisions.City;
import org.ipcube.region.Divisions.County;
import org.ipcube.region.Divisions.Snapshot;

/**
 * Draws realistic owners for generated deliveries: a county valid on the date (weighted so that
 * Guangdong, Jiangsu, Zhejiang, Beijing lead, as in the real grant statistics), an address in the
 * forms real records use (with the SPEC's address dirt on request), a name and a valid USCC.
 */
public final class RegionSampler {

  /** Approximate shares of domestic patent grants by province (CNIPA annual report, rounded). */
  private static final Map<String, Double> PROVINCE_WEIGHTS = Map.ofEntries(
      Map.entry("44", 19.0), Map.entry("32", 15.0), Map.entry("33", 12.0), Map.entry("37", 7.0),
      Map.entry("11", 5.5), Map.entry("31", 4.5), Map.entry("35", 4.0), Map.entry("34", 4.0),
      Map.entry("42", 3.5), Map.entry("51", 3.5), Map.entry("41", 3.5), Map.entry("43", 3.0),
      Map.entry("13", 2.5), Map.entry("12", 2.0), Map.entry("61", 2.0), Map.entry("50", 1.8),
      Map.entry("36", 2.0), Map.entry("21", 1.5), Map.entry("45", 1.0), Map.entry("53", 0.8),
      Map.entry("14", 0.8), Map.entry("23", 0.8), Map.entry("22", 0.7), Map.entry("52", 0.7),
      Map.entry("15", 0.5), Map.entry("65", 0.4), Map.entry("62", 0.4), Map.entry("46", 0.3),
      Map.entry("64", 0.2), Map.entry("63", 0.1), Map.entry("54", 0.05));
  private static final String[] ROADS = {"科技路", "人民路", "解放路", "建设路", "中山路", "工业大道", "创新路", "文化路",
      "新华路", "环城路", "长江路", "学院路", "体育场路", "滨河路", "开发大道"};
  private static final String[] SYLLABLES = {"华", "创", "智", "联", "新", "远", "恒", "信", "达", "润", "泰", "德", "康", "益",
      "安", "鑫", "瑞", "博", "科", "源", "宏", "明", "星", "海", "天", "晨", "峰", "盛"};
  private static final String[] INDUSTRIES = {"科技", "电子", "机械", "新材料", "生物", "信息技术", "智能装备", "医药", "化工",
      "纺织", "汽车零部件", "光电", "环保"};
  private static final String[] FOREIGN = {"美国(US)|美国加利福尼亚州圣克拉拉市|1 Infinite Loop, Cupertino, CA",
      "日本(JP)|日本东京都港区|1-7-1 Konan, Minato-ku, Tokyo", "德国(DE)|德国慕尼黑|Werner-von-Siemens-Str. 1, Munich",
      "韩国(KR)|韩国京畿道水原市|129 Samsung-ro, Suwon-si", "瑞士(CH)|瑞士巴塞尔|Lichtstrasse 35, Basel"};
  private static final String[] NON_MAINLAND = {"香港(HK)|香港九龙尖沙咀广东道", "台湾(TW)|台湾新竹市科学园区", "澳门(MO)|澳门特别行政区南湾大马路"};

  /** One drawn owner. {@code countyCode} is the truth the address was written from. */
  public record Owner(String name, String type, String uscc, String address, String provinceField, String countyCode) {}

  private final Divisions divisions;
  private final Crosswalk crosswalk;
  private final Map<Integer, WeightedCounties> byYear = new HashMap<>();
  private final Map<String, List<String>> streetsByCounty = new HashMap<>();
  private final Map<String, County> predecessorOf = new HashMap<>();

  private record WeightedCounties(List<County> counties, double[] cumulative) {}

  public RegionSampler(Divisions divisions, Crosswalk crosswalk) {
    this.divisions = divisions;
    this.crosswalk = crosswalk;
    for (Divisions.Street s : divisions.streets()) {
      streetsByCounty.computeIfAbsent(s.countyCode(), k -> new ArrayList<>()).add(s.name());
    }
    for (Crosswalk.Change c : crosswalk.changes()) {
      if (!c.changeType().equals("abolished") && !c.changeType().equals("renamed")) {
        Snapshot before = divisions.snapshot(c.changeYear() - 1);
        County old = before.counties().get(c.fromCode());
        if (old != null) predecessorOf.putIfAbsent(c.toCode(), old);
      }
    }
  }

  private WeightedCounties weights(int year) {
    return byYear.computeIfAbsent(divisions.snapshotYear(year), y -> {
      Snapshot s = divisions.snapshot(y);
      Map<String, Integer> countiesPerCity = new HashMap<>();
      for (County c : s.counties().values()) countiesPerCity.merge(c.cityCode(), 1, Integer::sum);
      Map<String, Double> cityWeight = new HashMap<>();
      Map<String, Double> provinceCityTotal = new HashMap<>();
      for (City c : s.cities().values()) {
        double w = c.name().equals("市辖区") || c.isPseudo() ? 1.5 : 1.0;
        if (c.code().substring(2, 4).equals("01") && !c.isPseudo()) w = 3.0; // capitals are the 01 cities
        cityWeight.put(c.code(), w);
        provinceCityTotal.merge(c.provinceCode(), w, Double::sum);
      }
      List<County> counties = new ArrayList<>();
      List<Double> cum = new ArrayList<>();
      double total = 0;
      for (County c : s.counties().values()) {
        if (c.name().equals("市辖区")) continue;
        double prov = PROVINCE_WEIGHTS.getOrDefault(c.provinceCode().substring(0, 2), 0.0);
        double city = cityWeight.getOrDefault(c.cityCode(), 1.0) / provinceCityTotal.getOrDefault(c.provinceCode(), 1.0);
        double county = (c.isDevelopmentZone() ? 0.2 : c.name().endsWith("区") ? 2.0 : 1.0)
            / Math.max(1, countiesPerCity.get(c.cityCode()));
        total += prov * city * county;
        counties.add(c);
        cum.add(total);
      }
      double[] arr = new double[cum.size()];
      for (int i = 0; i < arr.length; i++) arr[i] = cum.get(i) / total;
      return new WeightedCounties(counties, arr);
    });
  }

  /** A county valid in {@code date}'s year, drawn by the realistic weights. */
  public County county(SplittableRandom rnd, LocalDate date) {
    WeightedCounties w = weights(date.getYear());
    double u = rnd.nextDouble();
    int i = java.util.Arrays.binarySearch(w.cumulative(), u);
    if (i < 0) i = -i - 1;
    return w.counties().get(Math.min(i, w.counties().size() - 1));
  }

  /**
   * Draws an owner. {@code foreignShare} of owners are foreign or from HK/Macao/Taiwan.
   * {@code dirtRate} is the chance the address carries one kind of the SPEC's address dirt.
   */
  public Owner owner(SplittableRandom rnd, LocalDate date, double foreignShare, double dirtRate) {
    if (rnd.nextDouble() < foreignShare) {
      boolean hmt = rnd.nextDouble() < 0.2;
      String[] f = (hmt ? NON_MAINLAND[rnd.nextInt(NON_MAINLAND.length)] : FOREIGN[rnd.nextInt(FOREIGN.length)]).split("\\|");
      String address = f.length > 2 && rnd.nextBoolean() ? f[2] : f[1];
      String name = hmt ? f[1].substring(0, 2) + syllables(rnd, 2) + "科技有限公司" : "Acme " + syllableLatin(rnd) + " Corporation";
      return new Owner(name, "企业", null, address, f[0], null);
    }
    County c = county(rnd, date);
    String type = pick(rnd, new double[] {0.70, 0.10, 0.04, 0.01, 0.15}, "企业", "大专院校", "科研单位", "机关团体", "个人");
    String uscc = type.equals("个人") ? null : uscc(rnd, c.code(), type);
    String name = name(rnd, c, type);
    String address = address(rnd, c, date, dirtRate);
    return new Owner(name, type, uscc, address, c.provinceCode().substring(0, 2), c.code());
  }

  /** An organisation of {@code type} (企业, 机关团体, ...) in county {@code c}, with a valid USCC. */
  public Owner ownerIn(SplittableRandom rnd, County c, LocalDate date, String type, double dirtRate) {
    return new Owner(name(rnd, c, type), type, uscc(rnd, c.code(), type), address(rnd, c, date, dirtRate),
        c.provinceCode().substring(0, 2), c.code());
  }

  /** The counties (not 市辖区) of a city in {@code date}'s snapshot, in code order. */
  public List<County> countiesOf(String cityCode, LocalDate date) {
    return divisions.snapshot(date.getYear()).counties().values().stream()
        .filter(c -> c.cityCode().equals(cityCode) && !c.name().equals("市辖区"))
        .sorted(java.util.Comparator.comparing(County::code)).toList();
  }

  /** The cities of a province in {@code date}'s snapshot, in code order. */
  public List<City> citiesOf(String provinceCode, LocalDate date) {
    return divisions.snapshot(date.getYear()).cities().values().stream()
        .filter(c -> c.provinceCode().equals(provinceCode)).sorted(java.util.Comparator.comparing(City::code)).toList();
  }

  private String name(SplittableRandom rnd, County c, String type) {
    City city = divisions.snapshot(divisions.latestYear()).cities().get(c.cityCode());
    String place = city == null || city.isPseudo() ? divisions.snapshot(divisions.latestYear()).provinces()
        .get(c.provinceCode()).name().substring(0, 2) : city.name().replace("市", "");
    return switch (type) {
      case "大专院校" -> place + syllables(rnd, 2) + "大学";
      case "科研单位" -> place + syllables(rnd, 2) + "研究院";
      case "机关团体" -> place + syllables(rnd, 2) + "协会";
      case "个人" -> "张王李赵刘陈杨黄周吴".charAt(rnd.nextInt(10)) + syllables(rnd, 2);
      default -> place + syllables(rnd, 2) + INDUSTRIES[rnd.nextInt(INDUSTRIES.length)] + "有限公司";
    };
  }

  /** An address written from the true county, with one kind of dirt at {@code dirtRate}. */
  public String address(SplittableRandom rnd, County c, LocalDate date, double dirtRate) {
    Snapshot s = divisions.snapshot(date.getYear());
    String province = s.provinces().get(c.provinceCode()).name();
    City city = s.cities().get(c.cityCode());
    String cityName = city == null || city.isPseudo() ? "" : city.name();
    String countyName = c.code().equals(c.cityCode()) ? "" : c.name();
    List<String> streets = streetsByCounty.getOrDefault(c.code(), List.of());
    String street = streets.isEmpty() ? "" : streets.get(rnd.nextInt(streets.size()));
    String rest = ROADS[rnd.nextInt(ROADS.length)] + (1 + rnd.nextInt(999)) + "号";
    String postcode = "";
    if (rnd.nextDouble() < dirtRate * 6) {
      int dirt = rnd.nextInt(6);
      switch (dirt) {
        case 0 -> postcode = c.code().substring(0, 2) + String.format("%04d", rnd.nextInt(10000)) + " ";
        case 1 -> province = ""; // no province
        case 2 -> {
          // short names: 浙江嘉兴南湖区
          province = province.replaceAll("(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$", "");
          cityName = cityName.length() > 2 ? cityName.replaceAll("市$", "") : cityName;
        }
        case 3 -> {
          County old = predecessorOf.get(c.code());
          if (old != null) countyName = old.name(); // a name that no longer exists
        }
        case 4 -> {
          return toFullWidth(province + cityName + countyName + street + rest);
        }
        default -> {
          // development zone of the same city instead of the county, when the city has one
          County zone = s.counties().values().stream()
              .filter(z -> z.cityCode().equals(c.cityCode()) && z.isDevelopmentZone()).findFirst().orElse(null);
          if (zone != null) countyName = zone.name();
        }
      }
    }
    return postcode + province + cityName + countyName + street + rest;
  }

  private static String toFullWidth(String s) {
    StringBuilder b = new StringBuilder();
    for (char ch : s.toCharArray()) {
      b.append(ch >= '!' && ch <= '~' ? (char) (ch - '!' + '！') : ch);
    }
    return b.toString();
  }

  /** A valid USCC registered in {@code countyCode}: 9 (工商) 1 (企业) + division + 9 org chars + check. */
  public static String uscc(SplittableRandom rnd, String countyCode, String type) {
    String head = switch (type) {
      case "大专院校", "科研单位" -> "12";
      case "机关团体" -> "51";
      default -> "91";
    };
    StringBuilder b = new StringBuilder(head).append(countyCode);
    for (int i = 0; i < 9; i++) b.append(Uscc.ALPHABET.charAt(rnd.nextInt(i == 0 ? 10 : Uscc.ALPHABET.length())));
    return b.append(Uscc.checkCharacter(b.toString())).toString();
  }

  private static String syllables(SplittableRandom rnd, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) b.append(SYLLABLES[rnd.nextInt(SYLLABLES.length)]);
    return b.toString();
  }

  private static String syllableLatin(SplittableRandom rnd) {
    String[] w = {"Quantum", "Vector", "Nova", "Apex", "Helix", "Orbit", "Zenith"};
    return w[rnd.nextInt(w.length)];
  }

  @SafeVarargs
  static <T> T pick(SplittableRandom rnd, double[] probabilities, T... values) {
    double u = rnd.nextDouble();
    double acc = 0;
    for (int i = 0; i < values.length; i++) {
      acc += probabilities[i];
      if (u < acc) return values[i];
    }
    return values[values.length - 1];
  }
}
