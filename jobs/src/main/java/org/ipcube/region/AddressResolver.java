package org.ipcube.region;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.ipcube.common.Text;
import org.ipcube.common.Uscc;
import org.ipcube.region.Divisions.City;
import org.ipcube.region.Divisions.County;
import org.ipcube.region.Divisions.Province;
import org.ipcube.region.Divisions.Snapshot;
import org.ipcube.region.Divisions.Street;

/**
 * Address text → the county-level division valid on a date, with a match-quality flag
 * (INDICATORS "Region attribution": address text first; USCC characters 3-8, then the 2-digit
 * 国省代码, only as fallbacks). Handles postcodes, full-width characters, short names
 * (嘉兴 / 嘉兴市), names that no longer exist (江干区 after 2021, restated through the
 * {@link Crosswalk}), development zones (NBS codes and curated aliases), township/street names,
 * municipalities, province-administered counties and cities without counties. What cannot be
 * placed goes to the unknown member of the lowest level known; nothing returns null.
 *
 * <p>Built once per JVM from the shipped reference data; immutable and thread-safe.
 */
public final class AddressResolver implements Serializable {

  /** Match qualities, best first. */
  public static final String COUNTY = "county";
  public static final String ALIAS = "alias";
  public static final String CROSSWALK = "crosswalk";
  public static final String STREET = "street";
  public static final String USCC = "uscc";
  public static final String CITY = "city";
  public static final String PROVINCE = "province";
  public static final String PROVINCE_CODE = "province_code";
  public static final String NON_MAINLAND = "non_mainland";
  public static final String FOREIGN = "foreign";
  public static final String UNRESOLVED = "unresolved";

  /** The result: codes are 6 digits; unknown members per {@link RegionCodes}. */
  public record Resolution(String countyCode, String cityCode, String provinceCode, String quality,
      boolean isMainland) implements Serializable {}

  private record Name(String text, String code, boolean isFull, int firstYear, int lastYear) implements Serializable {}

  private static final Pattern LEADING_POSTCODE = Pattern.compile("^\\d{6}(?!\\d)");
  private static final String[] COUNTRY_PREFIXES = {"中华人民共和国", "中国"};
  private static final String[] FOREIGN_NAMES = {"美国", "日本", "韩国", "德国", "法国", "英国", "瑞士", "瑞典", "荷兰",
      "意大利", "加拿大", "澳大利亚", "新加坡", "芬兰", "丹麦", "比利时", "奥地利", "以色列", "印度", "俄罗斯", "西班牙",
      "挪威", "爱尔兰", "卢森堡", "新西兰", "马来西亚", "泰国", "越南", "巴西"};
  private static final String[] ETHNIC = {"朝鲜族", "土家族", "苗族", "侗族", "布依族", "彝族", "藏族", "羌族", "傣族",
      "景颇族", "傈僳族", "白族", "哈尼族", "壮族", "回族", "蒙古族", "蒙古", "哈萨克", "柯尔克孜", "维吾尔", "黎族",
      "瑶族", "畲族", "满族", "仫佬族", "毛南族", "仡佬族", "水族", "纳西族", "拉祜族", "佤族", "布朗族", "普米族",
      "怒族", "独龙族", "达斡尔族", "鄂温克族", "鄂伦春族", "锡伯族", "塔吉克", "撒拉族", "土族", "保安族", "东乡族",
      "裕固族", "各族", "京族"};

  private final Divisions divisions;
  private final Crosswalk crosswalk;
  private final List<Name> provinces = new ArrayList<>();
  /** provinceCode → city names (all years) */
  private final Map<String, List<Name>> citiesByProvince = new HashMap<>();
  /** cityCode → county names (all years), and provinceCode → county names for pseudo-city provinces */
  private final Map<String, List<Name>> countiesByCity = new HashMap<>();
  private final Map<String, List<Name>> countiesByProvince = new HashMap<>();
  private final List<Name> allCounties = new ArrayList<>();
  /** cityCode → street/township names of the latest snapshot */
  private final Map<String, List<Name>> streetsByCity = new HashMap<>();
  /** code → years in which it is listed */
  private final Map<String, TreeSet<Integer>> yearsOfCode = new HashMap<>();

  private static volatile AddressResolver shipped;

  public static AddressResolver shipped() {
    AddressResolver r = shipped;
    if (r == null) {
      synchronized (AddressResolver.class) {
        if (shipped == null) {
          shipped = new AddressResolver(Divisions.shipped(), Crosswalk.shipped(),
              Divisions.csv("reference/address_aliases.csv"));
        }
        r = shipped;
      }
    }
    return r;
  }

  AddressResolver(Divisions divisions, Crosswalk crosswalk, List<String[]> aliases) {
    this.divisions = divisions;
    this.crosswalk = crosswalk;
    Map<String, Name> provinceNames = new LinkedHashMap<>();
    Map<String, Name> cityNames = new LinkedHashMap<>();
    Map<String, Name> countyNames = new LinkedHashMap<>();
    for (Snapshot s : divisions.snapshots().values()) {
      int y = s.year();
      for (Province p : s.provinces().values()) {
        addName(provinceNames, p.name(), p.code(), true, y);
        addName(provinceNames, shortProvince(p.name()), p.code(), false, y);
        yearsOfCode.computeIfAbsent(p.code(), k -> new TreeSet<>()).add(y);
      }
      for (City c : s.cities().values()) {
        yearsOfCode.computeIfAbsent(c.code(), k -> new TreeSet<>()).add(y);
        if (c.isPseudo()) continue;
        addName(cityNames, c.name(), c.code(), true, y);
        addName(cityNames, shortCity(c.name()), c.code(), false, y);
      }
      for (County c : s.counties().values()) {
        yearsOfCode.computeIfAbsent(c.code(), k -> new TreeSet<>()).add(y);
        if (c.name().equals("市辖区")) continue;
        addName(countyNames, c.name(), c.code(), true, y);
        addName(countyNames, shortCounty(c.name()), c.code(), false, y);
        for (String alias : zoneAliases(c.name())) {
          addName(countyNames, alias, c.code(), false, y);
        }
      }
    }
    for (String[] a : aliases) {
      Name n = new Name(Text.compact(a[0]), a[1], false, Integer.parseInt(a[2]), Integer.parseInt(a[3]));
      countyNames.put(n.text() + "|" + n.code() + "|" + n.firstYear(), n);
    }
    provinces.addAll(provinceNames.values());
    for (Name n : cityNames.values()) {
      citiesByProvince.computeIfAbsent(Divisions.provinceOf(n.code()), k -> new ArrayList<>()).add(n);
    }
    for (Name n : countyNames.values()) {
      countiesByCity.computeIfAbsent(Divisions.cityOf(n.code()), k -> new ArrayList<>()).add(n);
      countiesByProvince.computeIfAbsent(Divisions.provinceOf(n.code()), k -> new ArrayList<>()).add(n);
      allCounties.add(n);
    }
    for (Street st : divisions.streets()) {
      if (st.name().length() >= 3) {
        streetsByCity.computeIfAbsent(st.cityCode(), k -> new ArrayList<>())
            .add(new Name(st.name(), st.countyCode(), true, divisions.streetsYear(), divisions.streetsYear()));
      }
    }
  }

  private static void addName(Map<String, Name> names, String text, String code, boolean isFull, int year) {
    if (text == null || text.length() < 2) return;
    String key = text + "|" + code;
    Name old = names.get(key);
    names.put(key, old == null ? new Name(text, code, isFull, year, year)
        : new Name(text, code, isFull || old.isFull(), Math.min(old.firstYear(), year), Math.max(old.lastYear(), year)));
  }

  static String shortProvince(String name) {
    for (String suffix : new String[] {"壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市"}) {
      if (name.endsWith(suffix)) return name.substring(0, name.length() - suffix.length());
    }
    return name;
  }

  static String shortCity(String name) {
    String n = name;
    for (String suffix : new String[] {"自治州", "地区", "市", "盟"}) {
      if (n.endsWith(suffix) && n.length() > suffix.length() + 1) {
        n = n.substring(0, n.length() - suffix.length());
        break;
      }
    }
    return stripEthnic(n);
  }

  static String shortCounty(String name) {
    String n = stripEthnic(Crosswalk.stem(name));
    // A one-character stem (城区 → 城) would match everywhere; keep only meaningful short names.
    return n.length() >= 2 ? n : null;
  }

  private static String stripEthnic(String name) {
    String n = name;
    boolean changed = true;
    while (changed) {
      changed = false;
      for (String e : ETHNIC) {
        if (n.endsWith(e) && n.length() > e.length() + 1) {
          n = n.substring(0, n.length() - e.length());
          changed = true;
        }
      }
    }
    return n;
  }

  /** Common short forms of development-zone names: 经济技术开发区 → 经开区, 高新技术产业开发区 → 高新区. */
  private static List<String> zoneAliases(String name) {
    List<String> out = new ArrayList<>();
    if (name.contains("经济技术开发区")) out.add(name.replace("经济技术开发区", "经开区"));
    if (name.contains("高新技术产业开发区")) out.add(name.replace("高新技术产业开发区", "高新区"));
    if (name.contains("高新技术产业园区")) out.add(name.replace("高新技术产业园区", "高新区"));
    return out;
  }

  /** Strips postcode, country prefix, whitespace; folds full-width characters. */
  public static String normalise(String address) {
    if (address == null) return "";
    String s = Text.compact(address);
    s = LEADING_POSTCODE.matcher(s).replaceFirst("");
    for (String p : COUNTRY_PREFIXES) {
      if (s.startsWith(p)) {
        s = s.substring(p.length());
        break;
      }
    }
    return s;
  }

  /**
   * Resolves the first owner's address on {@code date}.
   *
   * @param address      address text (may be null)
   * @param provinceField the 国省代码 (2-digit province, or a country like "美国(US)"), may be null
   * @param uscc         the owner's unified social credit code, may be null (used only if its check passes)
   */
  public Resolution resolve(String address, String provinceField, String uscc, LocalDate date) {
    int year = divisions.snapshotYear(date == null ? divisions.latestYear() : date.getYear());
    String text = normalise(address);
    String provField = Text.compact(provinceField);

    Resolution outside = outsideMainland(text, provField);
    if (outside != null) return outside;

    Match prov = earliest(text, provinces, 0, year);
    String provinceCode = prov == null ? null : prov.name.code();
    int from = prov == null ? 0 : prov.end;

    Match city = null;
    if (provinceCode != null) {
      city = earliest(text, citiesByProvince.getOrDefault(provinceCode, List.of()), from, year);
    } else {
      for (List<Name> names : citiesByProvince.values()) {
        Match m = earliest(text, names, 0, year);
        if (m != null && (city == null || m.better(city))) city = m;
      }
      if (city != null) provinceCode = Divisions.provinceOf(city.name.code());
    }
    String cityCode = city == null ? null : city.name.code();
    int countyFrom = city != null ? city.end : from;

    List<Name> countyCandidates = cityCode != null ? countiesByCity.getOrDefault(cityCode, List.of())
        : provinceCode != null ? countiesByProvince.getOrDefault(provinceCode, List.of()) : allCounties;
    Match county = earliest(text, countyCandidates, countyFrom, year);
    if (county == null && cityCode != null) {
      // A county may be written without its city even when the city appears elsewhere.
      county = earliest(text, countiesByCity.getOrDefault(cityCode, List.of()), 0, year);
    }
    if (county != null) {
      return placeCounty(county.name, year, county.name.isFull() ? COUNTY : ALIAS);
    }
    if (cityCode != null) {
      Resolution onlyCounty = citySingleCounty(cityCode, year);
      if (onlyCounty != null) return onlyCounty;
      Match street = earliest(text, streetsByCity.getOrDefault(cityCode, List.of()), countyFrom, year);
      if (street != null && validIn(street.name.code(), year)) {
        return new Resolution(street.name.code(), cityCode, Divisions.provinceOf(cityCode), STREET, true);
      }
    }
    Resolution byUscc = fromUscc(uscc, year, provinceCode, cityCode);
    if (byUscc != null) return byUscc;
    if (cityCode != null) {
      String c = currentCity(cityCode, year);
      return new Resolution(RegionCodes.unknownCountyOf(c), c, Divisions.provinceOf(c), CITY, true);
    }
    if (provinceCode != null) {
      return unknownCityOf(provinceCode, PROVINCE);
    }
    if (provField != null && provField.matches("\\d{2}") && yearsOfCode.containsKey(provField + "0000")) {
      return unknownCityOf(provField + "0000", PROVINCE_CODE);
    }
    return new Resolution(RegionCodes.unknownCountyOf(RegionCodes.unknownCityOf(RegionCodes.UNKNOWN_PROVINCE)),
        RegionCodes.unknownCityOf(RegionCodes.UNKNOWN_PROVINCE), RegionCodes.UNKNOWN_PROVINCE, UNRESOLVED, true);
  }

  private Resolution unknownCityOf(String provinceCode, String quality) {
    String city = RegionCodes.unknownCityOf(provinceCode);
    return new Resolution(RegionCodes.unknownCountyOf(city), city, provinceCode, quality, true);
  }

  private static Resolution outsideMainland(String text, String provField) {
    String hmt = null;
    for (String[] p : new String[][] {{"香港", RegionCodes.HONG_KONG}, {"澳门", RegionCodes.MACAO}, {"台湾", RegionCodes.TAIWAN}}) {
      if (text.startsWith(p[0]) || (provField != null && (provField.startsWith(p[0]) || provField.equals(p[1].substring(0, 2))))) {
        hmt = p[1];
      }
    }
    if (hmt != null) {
      String city = RegionCodes.unknownCityOf(hmt);
      return new Resolution(RegionCodes.unknownCountyOf(city), city, hmt, NON_MAINLAND, false);
    }
    boolean foreignField = provField != null && !provField.isEmpty() && !provField.matches("\\d{2}")
        && !provField.contains("CN") && !provField.startsWith("中国");
    boolean foreignText = false;
    for (String f : FOREIGN_NAMES) {
      if (text.startsWith(f)) foreignText = true;
    }
    if (!text.isEmpty() && text.codePoints().noneMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN)) {
      foreignText = true; // a Latin-script address is not a mainland address
    }
    if (foreignField || foreignText) {
      String city = RegionCodes.unknownCityOf(RegionCodes.FOREIGN);
      return new Resolution(RegionCodes.unknownCountyOf(city), city, RegionCodes.FOREIGN, FOREIGN, false);
    }
    return null;
  }

  /** Cities without counties (东莞, 中山, 儋州, 嘉峪关) have one county-level unit: the city itself. */
  private Resolution citySingleCounty(String cityCode, int year) {
    Snapshot s = divisions.snapshot(year);
    County self = s.counties().get(cityCode);
    if (self != null) {
      return new Resolution(self.code(), cityCode, self.provinceCode(), COUNTY, true);
    }
    return null;
  }

  private Resolution placeCounty(Name name, int year, String quality) {
    String code = name.code();
    if (validIn(code, year)) {
      return county(code, quality);
    }
    TreeSet<Integer> years = yearsOfCode.get(code);
    if (years != null && !years.isEmpty() && years.first() < year) {
      // A name that no longer exists on this date: restate through the crosswalk.
      String restated = crosswalk.restate(code, years.floor(year), year);
      return county(restated, CROSSWALK);
    }
    // A name that only exists later (written ahead of a change): its predecessor, if 1:1.
    for (Crosswalk.Change c : crosswalk.changes()) {
      if (c.toCode().equals(code) && c.changeYear() > year && !c.changeType().equals("merged")
          && validIn(c.fromCode(), year)) {
        return county(c.fromCode(), CROSSWALK);
      }
    }
    String city = currentCity(Divisions.cityOf(code), year);
    return new Resolution(RegionCodes.unknownCountyOf(city), city, Divisions.provinceOf(city), CITY, true);
  }

  private Resolution county(String code, String quality) {
    if (RegionCodes.isUnknown(code)) {
      String city = code.substring(0, 4) + "00";
      if (city.substring(2, 4).equals("99")) city = code.substring(0, 2) + "9900";
      return new Resolution(code, city, Divisions.provinceOf(code), quality, true);
    }
    return new Resolution(code, Divisions.cityOf(code), Divisions.provinceOf(code), quality, true);
  }

  private String currentCity(String cityCode, int year) {
    return divisions.snapshot(year).cities().containsKey(cityCode) ? cityCode
        : RegionCodes.unknownCityOf(Divisions.provinceOf(cityCode));
  }

  private boolean validIn(String code, int year) {
    TreeSet<Integer> years = yearsOfCode.get(code);
    return years != null && years.contains(year);
  }

  private Resolution fromUscc(String uscc, int year, String provinceCode, String cityCode) {
    String u = Text.compact(uscc);
    if (u == null || !Uscc.isValid(u)) return null;
    String code = u.substring(2, 8);
    if (provinceCode != null && !Divisions.provinceOf(code).equals(provinceCode)) return null;
    if (cityCode != null && !Divisions.cityOf(code).equals(cityCode)) return null;
    TreeSet<Integer> years = yearsOfCode.get(code);
    if (years == null) {
      return null;
    }
    if (code.endsWith("0000")) {
      return unknownCityOf(code, USCC);
    }
    if (code.endsWith("00")) {
      String city = currentCity(code, year);
      return new Resolution(RegionCodes.unknownCountyOf(city), city, Divisions.provinceOf(city), USCC, true);
    }
    String restated = years.contains(year) ? code
        : years.first() < year ? crosswalk.restate(code, years.floor(year), year) : null;
    return restated == null ? null : county(restated, USCC);
  }

  private record Match(Name name, int start, int end) {
    boolean better(Match o) {
      if (start != o.start) return start < o.start;
      if (name.isFull() != o.name.isFull()) return name.isFull();
      return end - start > o.end - o.start;
    }
  }

  /** The earliest occurrence at or after {@code from}; ties go to full names, then longer names, then names valid in {@code year}. */
  private static Match earliest(String text, List<Name> names, int from, int year) {
    Match best = null;
    for (Name n : names) {
      int i = text.indexOf(n.text(), from);
      if (i < 0) continue;
      Match m = new Match(n, i, i + n.text().length());
      if (best == null || m.better(best)
          || (m.start == best.start && m.end == best.end && m.name.isFull() == best.name.isFull()
              && validity(m.name, year) > validity(best.name, year))) {
        best = m;
      }
    }
    return best;
  }

  /** 2 = valid in the year, 1 = valid later or earlier (closer is better is not needed here). */
  private static int validity(Name n, int year) {
    return n.firstYear() <= year && year <= n.lastYear() ? 2 : 1;
  }

  /** For tests and the dimension: all county codes a name text maps to. */
  List<String> codesNamed(String text) {
    return allCounties.stream().filter(n -> n.text().equals(text)).map(Name::code).distinct()
        .sorted(Comparator.naturalOrder()).toList();
  }
}
