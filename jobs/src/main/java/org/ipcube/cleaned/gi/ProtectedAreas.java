package org.ipcube.cleaned.gi;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ipcube.region.Divisions;
import org.ipcube.region.Divisions.County;
import org.ipcube.region.RegionCodes;

/**
 * Resolves a GI product's protected area (feed SPEC §6: entries with a county code, or a name
 * only) to county codes valid on the approval date. A name is looked up among the counties of the
 * city of the entries that do have codes, then of their province, then nationally when the name
 * is unique; a name that stays ambiguous or unknown goes to the unknown county of the context
 * city (or province), and is reported. County names repeat across China (西湖区 is in 杭州 and
 * 南昌), which is why the context comes first.
 */
public final class ProtectedAreas implements Serializable {
  private ProtectedAreas() {}

  /** {@code counties}: distinct codes in entry order; {@code unresolved}: names that could not be placed exactly. */
  public record Area(List<String> counties, List<String> unresolved) {}

  public record Entry(String code, String name) {}

  public static Area resolve(List<Entry> entries, LocalDate date) {
    Divisions d = Divisions.shipped();
    Divisions.Snapshot snap = d.snapshot(date == null ? d.latestYear() : date.getYear());
    Set<String> out = new LinkedHashSet<>();
    List<String> unresolved = new ArrayList<>();
    String contextCity = null;
    for (Entry e : entries) {
      if (known(d, e.code())) {
        out.add(e.code());
        if (contextCity == null) contextCity = Divisions.cityOf(e.code());
      }
    }
    for (Entry e : entries) {
      if (known(d, e.code())) continue;
      String name = e.name() == null ? "" : e.name().strip();
      String code = name.isEmpty() ? null : byName(snap, name, contextCity);
      if (code != null) {
        out.add(code);
      } else {
        unresolved.add(name.isEmpty() ? String.valueOf(e.code()) : name);
        out.add(contextCity != null ? RegionCodes.unknownCountyOf(contextCity) : RegionCodes.UNKNOWN_PROVINCE);
      }
    }
    return new Area(List.copyOf(out), List.copyOf(unresolved));
  }

  private static boolean known(Divisions d, String code) {
    if (code == null || !code.strip().matches("\\d{6}")) return false;
    for (Divisions.Snapshot s : d.snapshots().values()) {
      if (s.counties().containsKey(code.strip())) return true;
    }
    return false;
  }

  private static String byName(Divisions.Snapshot snap, String name, String contextCity) {
    List<County> all = snap.counties().values().stream().filter(c -> c.name().equals(name)).toList();
    if (contextCity != null) {
      List<County> inCity = all.stream().filter(c -> c.cityCode().equals(contextCity)).toList();
      if (inCity.size() == 1) return inCity.get(0).code();
      String province = Divisions.provinceOf(contextCity);
      List<County> inProvince = all.stream().filter(c -> c.provinceCode().equals(province)).toList();
      if (inProvince.size() == 1) return inProvince.get(0).code();
    }
    return all.size() == 1 ? all.get(0).code() : null;
  }
}
