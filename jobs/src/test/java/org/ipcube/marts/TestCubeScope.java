package org.ipcube.marts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.ipcube.common.Watermarks;
import org.junit.jupiter.api.Test;

/** Which years of a cube a night rewrites (no Spark: the placement of changes in years is given). */
class TestCubeScope {
  private static final LocalDate AS_OF = LocalDate.parse("2023-12-26");
  private static final List<String> DIMS = List.of("marts.dim_regions");

  private static Watermarks.State state(long patents, long dims, LocalDate asOf) {
    return new Watermarks.State(Map.of("cleaned.patents", patents, "marts.dim_regions", dims), CubeScope.parameters(asOf, "first_year=2019;f"));
  }

  private static CubeScope.TouchedYears touching(Integer... years) {
    return (before, now) -> Optional.of(new TreeSet<>(List.of(years)));
  }

  private static CubeScope plan(Watermarks.State last, Watermarks.State now, LocalDate asOf, CubeScope.TouchedYears touched) {
    return CubeScope.plan(Optional.of(last), now, asOf, 2019, 18, DIMS, touched);
  }

  @Test
  void aNightTouchingLastYearRewritesItAndTheYearAfterForItsGrowth() {
    CubeScope scope = plan(state(5, 1, AS_OF), state(6, 1, AS_OF), AS_OF, touching(2022));
    assertThat(scope.kind()).isEqualTo(CubeScope.Kind.YEARS);
    assertThat(scope.years()).containsExactly(2022, 2023);
  }

  @Test
  void nothingChangedAndTheSameAsOfDateLeavesTheCubeAlone() {
    assertThat(plan(state(5, 1, AS_OF), state(5, 1, AS_OF), AS_OF, touching(2022)).kind()).isEqualTo(CubeScope.Kind.UNCHANGED);
  }

  @Test
  void aMovedAsOfDateRewritesTheYearsWhosePeriodsEndInBetween() {
    // 2023-12-26 -> 2024-01-02: December, Q4 and 2023 become complete, January 2024 appears; the
    // applications' incomplete window (18 months) moves from 2022-06-26 to 2022-07-02.
    assertThat(CubeScope.yearsTheAsOfDateMoves(AS_OF, LocalDate.parse("2024-01-02"), 18)).containsExactly(2022, 2023, 2024);
    assertThat(CubeScope.yearsTheAsOfDateMoves(LocalDate.parse("2024-01-02"), AS_OF, 18)).as("back").containsExactly(2022, 2023, 2024);
    // Within a month no period ends and no stock month appears: no row changes.
    CubeScope withinMonth = plan(state(5, 1, LocalDate.parse("2023-12-19")), state(5, 1, AS_OF), AS_OF, null);
    assertThat(withinMonth.kind()).isEqualTo(CubeScope.Kind.YEARS);
    assertThat(withinMonth.years()).isEmpty();
    // Into the next month: November ends (2023), and the incomplete window passes 2022-06-30.
    CubeScope nextMonth = plan(state(5, 1, LocalDate.parse("2023-11-28")), state(5, 1, LocalDate.parse("2023-12-01")),
        LocalDate.parse("2023-12-01"), null);
    assertThat(nextMonth.years()).containsExactly(2022, 2023);
  }

  @Test
  void newDimensionsOrSettingsOrAnUnplaceableChangeRebuildTheWholeCube() {
    assertThat(plan(state(5, 1, AS_OF), state(6, 2, AS_OF), AS_OF, touching(2023)).kind()).isEqualTo(CubeScope.Kind.WHOLE);
    Watermarks.State otherSettings = new Watermarks.State(Map.of("cleaned.patents", 5L, "marts.dim_regions", 1L),
        CubeScope.parameters(AS_OF, "first_year=2019;g"));
    assertThat(plan(state(5, 1, AS_OF), otherSettings, AS_OF, touching(2023)).kind()).isEqualTo(CubeScope.Kind.WHOLE);
    assertThat(plan(state(5, 1, AS_OF), state(6, 1, AS_OF), AS_OF, (b, n) -> Optional.empty()).kind())
        .isEqualTo(CubeScope.Kind.WHOLE);
    assertThat(plan(state(5, 1, AS_OF), state(6, 1, AS_OF), AS_OF, null).kind()).as("a domain that cannot place changes")
        .isEqualTo(CubeScope.Kind.WHOLE);
    assertThat(CubeScope.plan(Optional.empty(), state(6, 1, AS_OF), AS_OF, 2019, 18, DIMS, touching(2023)).kind())
        .isEqualTo(CubeScope.Kind.WHOLE);
  }

  @Test
  void aChangeInEveryYearIsTheWholeCubeAndYearsOutsideItAreIgnored() {
    assertThat(plan(state(5, 1, AS_OF), state(6, 1, AS_OF), AS_OF, touching(2019, 2021)).years()).containsExactly(2019, 2020, 2021, 2022);
    assertThat(plan(state(5, 1, AS_OF), state(6, 1, AS_OF), AS_OF, touching(2019, 2021, 2022)).kind()).isEqualTo(CubeScope.Kind.WHOLE);
    SortedSet<Integer> outside = plan(state(5, 1, AS_OF), state(6, 1, AS_OF), AS_OF, touching(2015, 2030)).years();
    assertThat(outside).isEmpty();
    assertThat(CubeScope.describe(new TreeSet<>(List.of(2019, 2021, 2022, 2023)))).isEqualTo("2019, 2021..2023");
  }
}
