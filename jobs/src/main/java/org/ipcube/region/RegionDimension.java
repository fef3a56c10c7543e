package org.ipcube.region;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.ipcube.common.CsvResources;
import org.ipcube.region.Divisions.City;
import org.ipcube.region.Divisions.County;
import org.ipcube.region.Divisions.Province;
import org.ipcube.region.Divisions.Snapshot;

/**
 * The members of the region hierarchy: every province, city and county code of any snapshot
 * (with the years it is valid), the nation, an explicit unknown member at each level, the
 * non-mainland members, the special units' flags and the peer groups. Plain Java; the marts job
 * turns the rows into {@code marts.dim_regions}.
 */
public final class RegionDimension {
  private RegionDimension() {}

  public static final String NATION = "000000";

  /** Stable integer key: the code's digits and the level (cities without counties share a code with their one county). */
  public static int regionId(String code, String level) {
    int digit = switch (level) {
      case "nation" -> 0;
      case "province" -> 1;
      case "city" -> 2;
      default -> 3;
    };
    return Integer.parseInt(code) * 10 + digit;
  }

  /** One member. {@code currentCode} is the code it is restated to in the boundary year. */
  public record Member(String code, String name, String level, String parentCode, String provinceCode, String cityCode,
      boolean isUnknown, boolean isMainland, boolean isMunicipality, boolean isProvinceAdministered,
      boolean isCityWithoutCounties, boolean isDevelopmentZone, boolean isPseudoCity, int firstYear, int lastYear,
      String currentCode, boolean isProvincialCapital, boolean isSubProvincial, boolean isSeparatelyPlanned) {}

  public static List<Member> members(Divisions divisions, Crosswalk crosswalk, int boundaryYear) {
    Map<String, Set<String>> peers = new HashMap<>();
    for (String[] r : CsvResources.read("reference/peer_groups.csv")) {
      peers.computeIfAbsent(r[0], k -> new HashSet<>()).add(r[2]);
    }
    int latest = divisions.latestYear();
    Map<String, int[]> years = new TreeMap<>();
    Map<String, Object> latestOf = new HashMap<>();
    for (Snapshot s : divisions.snapshots().values()) {
      for (Province p : s.provinces().values()) seen(years, latestOf, p.code(), p, s.year());
      for (City c : s.cities().values()) seen(years, latestOf, c.code(), c, s.year());
      for (County c : s.counties().values()) {
        if (!c.code().equals(c.cityCode())) seen(years, latestOf, c.code(), c, s.year());
      }
    }
    Snapshot boundary = divisions.snapshot(boundaryYear);
    List<Member> out = new ArrayList<>();
    out.add(new Member(NATION, "全国", "nation", null, null, null, false, true, false, false, false, false, false,
        divisions.firstYear(), latest, NATION, false, false, false));
    Map<String, String> provinceNames = new HashMap<>();
    for (Map.Entry<String, int[]> e : years.entrySet()) {
      String code = e.getKey();
      int[] y = e.getValue();
      Object o = latestOf.get(code);
      if (o instanceof Province p) {
        provinceNames.put(p.code(), p.name());
        boolean municipality = Set.of("110000", "120000", "310000", "500000").contains(p.code());
        out.add(new Member(code, p.name(), "province", NATION, code, null, false, true, municipality, false, false, false,
            false, y[0], y[1], code, false, false, false));
      } else if (o instanceof City c) {
        Set<String> groups = peers.getOrDefault(code, Set.of());
        boolean withoutCounties = divisions.snapshot(y[1]).counties().containsKey(code);
        String current = boundary.cities().containsKey(code) ? code : RegionCodes.unknownCityOf(c.provinceCode());
        out.add(new Member(code, c.name(), "city", c.provinceCode(), c.provinceCode(), code, false, true, false, false,
            withoutCounties, false, c.isPseudo(), y[0], y[1], current, groups.contains("provincial_capital"),
            groups.contains("sub_provincial"), groups.contains("separately_planned")));
      } else if (o instanceof County c) {
        City parent = divisions.snapshot(y[1]).cities().get(c.cityCode());
        boolean provinceAdministered = parent != null && parent.name().contains("直辖县级");
        String current = crosswalk.restate(code, y[1], boundaryYear);
        out.add(new Member(code, c.name(), "county", c.cityCode(), c.provinceCode(), c.cityCode(), false, true, false,
            provinceAdministered, false, c.isDevelopmentZone(), false, y[0], y[1], current, false, false, false));
      }
    }
    // Cities without counties have one county-level unit with the city's own code (东莞 441900).
    for (Snapshot s : divisions.snapshots().values()) {
      for (County c : s.counties().values()) {
        if (c.code().equals(c.cityCode()) && out.stream().noneMatch(m -> m.code().equals(c.code()) && m.level().equals("county"))) {
          int[] y = years.get(c.code());
          out.add(new Member(c.code(), c.name(), "county", c.cityCode(), c.provinceCode(), c.cityCode(), false, true, false,
              false, false, false, false, y[0], y[1], c.code(), false, false, false));
        }
      }
    }
    // Unknown members: a county of every city, a city (and its county) of every province, and the
    // non-mainland members, which exist so that nothing is dropped but are not mainland (国内).
    List<String> provinces = new ArrayList<>(provinceNames.keySet());
    List<Member> unknowns = new ArrayList<>();
    for (Member m : out) {
      if (m.level().equals("city")) {
        unknowns.add(unknownCounty(m.code(), m.name(), m.provinceCode(), true, m.firstYear(), m.lastYear(),
            boundary.cities().containsKey(m.code()) ? RegionCodes.unknownCountyOf(m.code())
                : RegionCodes.unknownCountyOf(RegionCodes.unknownCityOf(m.provinceCode()))));
      }
    }
    Map<String, String> extra = new TreeMap<>(provinceNames);
    extra.put(RegionCodes.UNKNOWN_PROVINCE, "未知省份");
    extra.put(RegionCodes.TAIWAN, "台湾省");
    extra.put(RegionCodes.HONG_KONG, "香港特别行政区");
    extra.put(RegionCodes.MACAO, "澳门特别行政区");
    extra.put(RegionCodes.FOREIGN, "国外");
    for (Map.Entry<String, String> p : extra.entrySet()) {
      String prov = p.getKey();
      boolean mainland = RegionCodes.isMainland(prov);
      if (!provinces.contains(prov)) {
        unknowns.add(new Member(prov, p.getValue(), "province", mainland ? NATION : null, prov, null,
            prov.equals(RegionCodes.UNKNOWN_PROVINCE), mainland, false, false, false, false, false,
            divisions.firstYear(), latest, prov, false, false, false));
      }
      String city = RegionCodes.unknownCityOf(prov);
      unknowns.add(new Member(city, p.getValue() + "(未知地市)", "city", prov, prov, city, true, mainland, false, false,
          false, false, false, divisions.firstYear(), latest, city, false, false, false));
      unknowns.add(unknownCounty(city, p.getValue() + "(未知地市)", prov, mainland, divisions.firstYear(), latest,
          RegionCodes.unknownCountyOf(city)));
    }
    out.addAll(unknowns);
    return out;
  }

  private static Member unknownCounty(String cityCode, String cityName, String provinceCode, boolean mainland,
      int first, int last, String current) {
    String code = RegionCodes.unknownCountyOf(cityCode);
    return new Member(code, cityName + "(未知区县)", "county", cityCode, provinceCode, cityCode, true, mainland, false, false,
        false, false, false, first, last, current, false, false, false);
  }

  private static void seen(Map<String, int[]> years, Map<String, Object> latestOf, String code, Object value, int year) {
    int[] y = years.computeIfAbsent(code, k -> new int[] {year, year});
    y[0] = Math.min(y[0], year);
    if (year >= y[1]) {
      y[1] = year;
      latestOf.put(code, value);
    }
  }
}
