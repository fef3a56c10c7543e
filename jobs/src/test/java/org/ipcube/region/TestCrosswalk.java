package org.ipcube.region;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TestCrosswalk {
  private final Crosswalk crosswalk = Crosswalk.shipped();

  private Crosswalk.Change change(int year, String from) {
    return crosswalk.changes().stream().filter(c -> c.changeYear() == year && c.fromCode().equals(from)).findFirst().orElseThrow();
  }

  @Test
  void hangzhou2021MergersAndSplitAreCurated() {
    assertThat(change(2021, "330103")).isEqualTo(new Crosswalk.Change(2021, "330103", "下城区", "330105", "拱墅区", "merged", "curated"));
    assertThat(change(2021, "330104")).isEqualTo(new Crosswalk.Change(2021, "330104", "江干区", "330102", "上城区", "split", "curated"));
  }

  @Test
  void recodingsAreDerivedFromNamesInTheSameCity() {
    assertThat(change(2021, "320602")).isEqualTo(new Crosswalk.Change(2021, "320602", "崇川区", "320613", "崇川区", "recoded", "derived"));
    assertThat(change(2021, "320684")).isEqualTo(new Crosswalk.Change(2021, "320684", "海门市", "320614", "海门区", "recoded", "derived"));
    assertThat(change(2021, "340203").toCode()).isEqualTo("340209");
    assertThat(change(2017, "330185")).isEqualTo(new Crosswalk.Change(2017, "330185", "临安市", "330112", "临安区", "recoded", "derived"));
  }

  @Test
  void aCountyThatMovedToAnotherCityOfTheProvinceKeepsItsName() {
    // 定州市 was under the pseudo-city 1390 in 2016 and under 保定 (1306) from 2017.
    assertThat(change(2017, "139001")).isEqualTo(new Crosswalk.Change(2017, "139001", "定州市", "130682", "定州市", "recoded", "derived"));
  }

  @Test
  void renamesKeepTheCode() {
    assertThat(change(2023, "152571")).isEqualTo(new Crosswalk.Change(2023, "152571", "乌拉盖管委会", "152571", "乌拉盖管理区管委会", "renamed", "derived"));
  }

  @Test
  void restatementFollowsEveryChangeInBetween() {
    assertThat(crosswalk.restate("330104", 2019, 2023)).isEqualTo("330102");
    assertThat(crosswalk.restate("330104", 2019, 2020)).isEqualTo("330104");
    assertThat(crosswalk.restate("320611", 2016, 2023)).isEqualTo("320613");
    assertThat(crosswalk.restate("330402", 2016, 2023)).isEqualTo("330402");
  }

  @Test
  void whatHasNoKnownSuccessorGoesToTheUnknownCountyOfItsCity() {
    Crosswalk.Change abolished = change(2021, "431172"); // 永州市金洞管理区
    assertThat(abolished.changeType()).isEqualTo("abolished");
    assertThat(abolished.toCode()).isEqualTo("431199");
  }

  @Test
  void everyCodeThatDisappearsHasAChange() {
    Divisions d = Divisions.shipped();
    for (int y = d.firstYear() + 1; y <= d.latestYear(); y++) {
      int year = y;
      List<String> gone = d.snapshot(y - 1).counties().keySet().stream()
          .filter(c -> !d.snapshot(year).counties().containsKey(c)).toList();
      for (String code : gone) {
        assertThat(crosswalk.changes()).as("change for %s in %d", code, y)
            .anyMatch(c -> c.changeYear() == year && c.fromCode().equals(code));
      }
    }
  }

  @Test
  void aCodeThatLeavesTheSnapshotsIsHeldByItsSuccessorFromTheYearItLeaves() {
    assertThat(crosswalk.successions()).filteredOn(x -> x.code().equals("330104")).containsExactly( // 江干区, split in 2021
        new Crosswalk.Succession("330104", Crosswalk.BEGINNING, java.time.LocalDate.of(2021, 1, 1), "330104"),
        new Crosswalk.Succession("330104", java.time.LocalDate.of(2021, 1, 1), Crosswalk.END, "330102"));
    assertThat(crosswalk.successions()).noneMatch(x -> x.code().equals("330402"));
  }

  @Test
  void everyHolderIsListedInEveryYearItHolds() {
    Divisions d = Divisions.shipped();
    for (Crosswalk.Succession x : crosswalk.successions()) {
      // The code's own stretch starts at the beginning of time; it holds its area from its first listing.
      int listed = d.snapshots().values().stream().filter(sn -> sn.counties().containsKey(x.code())).findFirst().orElseThrow().year();
      int from = Math.max(x.heldBy().equals(x.code()) ? listed : d.firstYear(), x.from().getYear());
      int to = Math.min(d.latestYear(), x.to().getYear() - 1);
      for (int y = from; y <= to; y++) {
        assertThat(d.snapshot(y).counties().containsKey(x.heldBy()) || x.heldBy().endsWith("99"))
            .as("%s held by %s in %d", x.code(), x.heldBy(), y).isTrue();
      }
    }
  }
}
