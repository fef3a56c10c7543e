package org.ipcube.region;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.ipcube.region.Divisions.County;
import org.ipcube.region.Divisions.Snapshot;

/**
 * County-level code changes between consecutive snapshots, so that a series can be restated to
 * the boundaries of any later year. Derived by diffing the snapshots:
 * <ul>
 *   <li>same code, new name: {@code renamed};</li>
 *   <li>code gone, a code new in the same year and city (else province) with the same name or
 *       name stem (海门市 → 海门区, 监利县 → 监利市): {@code recoded};</li>
 *   <li>curated facts the codes alone cannot tell (merges and splits, e.g. 杭州 下城区 → 拱墅区):
 *       {@code reference/crosswalk_overrides.csv}, which wins;</li>
 *   <li>anything else gone: {@code abolished}, restated to the unknown county of its city, so it
 *       stays visible at city and province level and is never dropped.</li>
 * </ul>
 */
public final class Crosswalk implements Serializable {

  /** One code change effective in {@code changeYear} (present in changeYear-1, changed in changeYear). */
  public record Change(int changeYear, String fromCode, String fromName, String toCode, String toName,
      String changeType, String source) implements Serializable {}

  private final List<Change> changes;
  /** changeYear → (fromCode → change) */
  private final Map<Integer, Map<String, Change>> byYear;
  private final Divisions divisions;

  private static volatile Crosswalk shipped;

  private Crosswalk(Divisions divisions, List<Change> changes) {
    this.divisions = divisions;
    this.changes = List.copyOf(changes);
    this.byYear = new HashMap<>();
    for (Change c : changes) {
      byYear.computeIfAbsent(c.changeYear(), y -> new HashMap<>()).put(c.fromCode(), c);
    }
  }

  public static Crosswalk shipped() {
    Crosswalk c = shipped;
    if (c == null) {
      synchronized (Crosswalk.class) {
        if (shipped == null) {
          shipped = derive(Divisions.shipped(), Divisions.csv("reference/crosswalk_overrides.csv"));
        }
        c = shipped;
      }
    }
    return c;
  }

  static Crosswalk derive(Divisions divisions, List<String[]> overrides) {
    Map<String, String[]> curated = new HashMap<>();
    for (String[] o : overrides) {
      curated.put(o[0] + ":" + o[1], o);
    }
    List<Change> out = new ArrayList<>();
    Snapshot prev = null;
    for (Snapshot snap : divisions.snapshots().values()) {
      if (prev != null) {
        out.addAll(diff(prev, snap, curated));
      }
      prev = snap;
    }
    return new Crosswalk(divisions, out);
  }

  private static List<Change> diff(Snapshot before, Snapshot after, Map<String, String[]> curated) {
    List<Change> out = new ArrayList<>();
    Set<String> created = after.counties().keySet().stream()
        .filter(c -> !before.counties().containsKey(c)).collect(Collectors.toSet());
    for (County old : before.counties().values()) {
      County now = after.counties().get(old.code());
      String[] cur = curated.get(after.year() + ":" + old.code());
      if (cur != null) {
        County to = after.counties().get(cur[2]);
        out.add(new Change(after.year(), old.code(), old.name(), cur[2], to == null ? cur[2] : to.name(), cur[3], "curated"));
      } else if (now != null) {
        if (!now.name().equals(old.name())) {
          out.add(new Change(after.year(), old.code(), old.name(), now.code(), now.name(), "renamed", "derived"));
        }
      } else {
        Optional<County> successor = successor(old, created, after, true).or(() -> successor(old, created, after, false));
        if (successor.isPresent()) {
          County to = successor.get();
          out.add(new Change(after.year(), old.code(), old.name(), to.code(), to.name(), "recoded", "derived"));
        } else {
          String city = after.cities().containsKey(old.cityCode()) ? old.cityCode() : RegionCodes.unknownCityOf(old.provinceCode());
          String to = RegionCodes.unknownCountyOf(city);
          out.add(new Change(after.year(), old.code(), old.name(), to, "(unknown county)", "abolished", "derived"));
        }
      }
    }
    return out;
  }

  private static Optional<County> successor(County old, Set<String> created, Snapshot after, boolean sameCity) {
    String stem = stem(old.name());
    return created.stream().map(after.counties()::get)
        .filter(c -> sameCity ? c.cityCode().equals(old.cityCode()) : c.provinceCode().equals(old.provinceCode()))
        .filter(c -> c.name().equals(old.name()) || stem(c.name()).equals(stem)
            || (sameCity && stem.length() >= 1 && c.name().startsWith(stem) && !c.name().equals(stem)))
        .min(Comparator.comparing((County c) -> !c.name().equals(old.name())).thenComparing(County::code));
  }

  /** A county-level name without its type suffix: 海门市 → 海门, 沙湾县 → 沙湾, 神农架林区 → 神农架. */
  public static String stem(String name) {
    for (String suffix : new String[] {"自治县", "自治旗", "林区", "特区", "新区", "区", "县", "市", "旗"}) {
      if (name.endsWith(suffix) && name.length() > suffix.length()) {
        return name.substring(0, name.length() - suffix.length());
      }
    }
    return name;
  }

  public List<Change> changes() {
    return changes;
  }

  /**
   * The code that {@code code}, valid in {@code fromYear}, has in {@code toYear} (toYear ≥ fromYear),
   * following every change in between. Unknown members and non-county codes pass through.
   */
  public String restate(String code, int fromYear, int toYear) {
    String current = code;
    int from = divisions.snapshotYear(fromYear);
    int to = divisions.snapshotYear(toYear);
    for (int y = from + 1; y <= to; y++) {
      Map<String, Change> year = byYear.get(y);
      if (year == null) continue;
      Change c = year.get(current);
      if (c != null) current = c.toCode();
    }
    return current;
  }

  /**
   * One stretch of time {@code [from, to)} in which the area of county-level {@code code} is held by
   * {@code heldBy}: the code itself until it leaves the snapshots, then the code the crosswalk
   * restates it to in each later year.
   */
  public record Succession(String code, LocalDate from, LocalDate to, String heldBy) implements Serializable {}

  /** Before any span a stock can have. */
  public static final LocalDate BEGINNING = LocalDate.of(1900, 1, 1);
  /** After every span; the last holder keeps the area beyond the latest snapshot. */
  public static final LocalDate END = LocalDate.of(9999, 12, 31);

  /**
   * The successions of every county-level code that leaves the snapshots before the latest one:
   * a stretch to the start of the first year it is no longer listed, held by itself, then one
   * stretch per holder (a code recoded twice has three). Codes still listed in the latest snapshot
   * have none. A stock counted at a period end is placed in the holder of that date, so no figure
   * lands on a code that was no longer valid when it was counted.
   */
  public List<Succession> successions() {
    int latest = divisions.latestYear();
    java.util.SortedSet<String> codes = new java.util.TreeSet<>();
    divisions.snapshots().values().forEach(s -> codes.addAll(s.counties().keySet()));
    List<Succession> out = new ArrayList<>();
    for (String code : codes) {
      int last = lastSeenUpTo(code, latest);
      if (last < 0 || last == latest) continue;
      String holder = code;
      LocalDate from = BEGINNING;
      for (int y = last + 1; y <= latest; y++) {
        String next = restate(code, last, y);
        if (!next.equals(holder)) {
          out.add(new Succession(code, from, LocalDate.of(y, 1, 1), holder));
          holder = next;
          from = LocalDate.of(y, 1, 1);
        }
      }
      out.add(new Succession(code, from, END, holder));
    }
    return out;
  }

  /** The year in which a code last appears in a snapshot up to {@code year}, or -1 if never. */
  public int lastSeenUpTo(String code, int year) {
    for (int y = divisions.snapshotYear(year); y >= divisions.firstYear(); y--) {
      if (divisions.snapshot(y).counties().containsKey(code)) return y;
    }
    return -1;
  }
}
