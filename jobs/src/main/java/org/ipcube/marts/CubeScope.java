package org.ipcube.marts;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.ipcube.common.Watermarks;

/**
 * Which years of one domain's cube a build rewrites, decided from the cube job's watermark in
 * {@code marts.job_watermarks}:
 * <ul>
 *   <li><b>unchanged</b>: no input has a new version and the as-of date and settings are the same;</li>
 *   <li><b>whole</b>: every year (first build, {@code --rebuild}, other settings, a new first year
 *       or table contract, new dimensions, or changes the domain cannot place in years);</li>
 *   <li><b>years</b>: the years the inputs' changes touch (a flow's event year; a stock's months
 *       from the changed span's start), the years whose rows the moved as-of date changes
 *       ({@link #yearsTheAsOfDateMoves}), and the year after each (its growth compares with it).
 *       The rest of the cube is the same as of the new date, so it is left alone.</li>
 * </ul>
 * Each year is recomputed whole from the cleaned layer, so the result never depends on which
 * nights it was built on: a test builds the same deliveries night by night and at once and
 * compares every row.
 */
final class CubeScope {
  enum Kind { UNCHANGED, WHOLE, YEARS }

  /** The years of a domain's cube that changed inputs touch, or empty when they cannot be placed. */
  @FunctionalInterface
  interface TouchedYears {
    Optional<SortedSet<Integer>> between(Watermarks.State consumed, Watermarks.State now);
  }

  private final Kind kind;
  private final SortedSet<Integer> years;
  private final String reason;

  private CubeScope(Kind kind, SortedSet<Integer> years, String reason) {
    this.kind = kind;
    this.years = Collections.unmodifiableSortedSet(years);
    this.reason = reason;
  }

  static CubeScope whole(String reason) {
    return new CubeScope(Kind.WHOLE, new TreeSet<>(), reason);
  }

  Kind kind() {
    return kind;
  }

  /** The years to rewrite (kind YEARS only; may be empty: the changes fall outside the cube). */
  SortedSet<Integer> years() {
    return years;
  }

  /**
   * The first year a build computes: the year before the first one it rewrites (that year's growth
   * compares with it), or the cube's first year when it is whole.
   */
  int firstYearToCompute(int firstYear) {
    return kind == Kind.YEARS ? Math.max(firstYear, years.first() - 1) : firstYear;
  }

  /** The last year a build computes: the last one it rewrites, or the as-of date's year when it is whole. */
  int lastYearToCompute(LocalDate asOf) {
    return kind == Kind.YEARS ? years.last() : asOf.getYear();
  }

  /** Why the whole cube is built, for the console. */
  String reason() {
    return reason;
  }

  private static final String AS_OF = "as_of=";

  /** The watermark's parameters: the as-of date first (it may move), then what must not. */
  static String parameters(LocalDate asOf, String fixed) {
    return AS_OF + asOf + ";" + fixed;
  }

  /**
   * @param dimensions inputs whose change rebuilds everything (region and period members)
   * @param touched the domain's placement of its changes in years, or null when it has none
   */
  static CubeScope plan(Optional<Watermarks.State> consumed, Watermarks.State now, LocalDate asOf, int firstYear,
      int incompleteMonths, java.util.List<String> dimensions, TouchedYears touched) {
    if (consumed.isEmpty()) {
      return whole("first build");
    }
    Watermarks.State last = consumed.get();
    String lastFixed = fixedPart(last.parameters());
    Optional<LocalDate> lastAsOf = asOfPart(last.parameters());
    if (lastAsOf.isEmpty() || !lastFixed.equals(fixedPart(now.parameters())) || !last.versions().keySet().equals(now.versions().keySet())) {
      return whole("settings, first year or table contract changed");
    }
    if (last.versions().equals(now.versions()) && lastAsOf.get().equals(asOf)) {
      return new CubeScope(Kind.UNCHANGED, new TreeSet<>(), "");
    }
    if (dimensions.stream().anyMatch(d -> last.version(d) != now.version(d))) {
      return whole("regions or periods changed");
    }
    SortedSet<Integer> years = new TreeSet<>();
    if (!last.versions().equals(now.versions())) {
      if (touched == null) {
        return whole("inputs changed");
      }
      Optional<SortedSet<Integer>> byChanges = touched.between(last, now);
      if (byChanges.isEmpty()) {
        return whole("inputs changed without a change feed to place them in years");
      }
      years.addAll(byChanges.get());
    }
    years.addAll(yearsTheAsOfDateMoves(lastAsOf.get(), asOf, incompleteMonths));
    // Growth: a year's rows compare with the year before.
    new TreeSet<>(years).forEach(y -> years.add(y + 1));
    int lastYear = Math.max(asOf.getYear(), lastAsOf.get().getYear());
    SortedSet<Integer> inCube = years.stream().filter(y -> y >= firstYear && y <= lastYear)
        .collect(Collectors.toCollection(TreeSet::new));
    if (inCube.size() == lastYear - firstYear + 1) {
      return whole("every year touched");
    }
    if (!inCube.isEmpty() && inCube.last() > asOf.getYear()) {
      return whole("the as-of date moved back into an earlier year");
    }
    return new CubeScope(Kind.YEARS, inCube, "");
  }

  /**
   * The years whose rows change when the as-of date moves from {@code before} to {@code after}
   * (either way): periods (all end at a month end) that end in between become complete (or no
   * longer are), stock months up to the new date's month appear (or go), and applications'
   * periods ending in between, shifted by the months they stay incomplete, change their flag. A
   * move within one month changes no row.
   */
  static SortedSet<Integer> yearsTheAsOfDateMoves(LocalDate before, LocalDate after, int incompleteMonths) {
    LocalDate lo = before.isBefore(after) ? before : after;
    LocalDate hi = before.isBefore(after) ? after : before;
    SortedSet<Integer> out = new TreeSet<>();
    out.addAll(yearsOfMonthEndsIn(lo, hi));
    out.addAll(yearsOfMonthEndsIn(lo.minusMonths(incompleteMonths), hi.minusMonths(incompleteMonths)));
    for (YearMonth m = YearMonth.from(lo).plusMonths(1); !m.isAfter(YearMonth.from(hi)); m = m.plusMonths(1)) {
      out.add(m.getYear());
    }
    return out;
  }

  /** Years of the month ends in (lo, hi]. */
  private static SortedSet<Integer> yearsOfMonthEndsIn(LocalDate lo, LocalDate hi) {
    SortedSet<Integer> out = new TreeSet<>();
    for (LocalDate end = YearMonth.from(lo).atEndOfMonth(); !end.isAfter(hi); end = YearMonth.from(end).plusMonths(1).atEndOfMonth()) {
      if (end.isAfter(lo)) {
        out.add(end.getYear());
      }
    }
    return out;
  }

  private static String fixedPart(String parameters) {
    return parameters.startsWith(AS_OF) ? parameters.substring(parameters.indexOf(';') + 1) : parameters;
  }

  private static Optional<LocalDate> asOfPart(String parameters) {
    if (!parameters.startsWith(AS_OF) || parameters.indexOf(';') < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(parameters.substring(AS_OF.length(), parameters.indexOf(';'))));
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** For the console: "2022..2023" or "2019, 2022..2023". */
  static String describe(SortedSet<Integer> years) {
    StringBuilder out = new StringBuilder();
    Integer start = null;
    Integer prev = null;
    for (int y : years) {
      if (prev != null && y == prev + 1) {
        prev = y;
        continue;
      }
      if (start != null) out.append(out.length() > 0 ? ", " : "").append(start.equals(prev) ? "" + start : start + ".." + prev);
      start = y;
      prev = y;
    }
    if (start != null) out.append(out.length() > 0 ? ", " : "").append(start.equals(prev) ? "" + start : start + ".." + prev);
    return out.toString();
  }

  @Override
  public String toString() {
    return kind + (kind == Kind.YEARS ? " " + years : kind == Kind.WHOLE ? " (" + reason + ")" : "");
  }
}
