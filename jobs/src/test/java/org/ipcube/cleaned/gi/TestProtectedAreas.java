package org.ipcube.cleaned.gi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.ipcube.cleaned.gi.ProtectedAreas.Entry;
import org.junit.jupiter.api.Test;

/** Protected areas given by code or by name only: names are placed through the coded entries' city, then province. */
class TestProtectedAreas {
  private static final LocalDate DATE = LocalDate.of(2020, 1, 1);

  @Test
  void aNameIsPlacedInTheCityOfTheCodedEntries() {
    ProtectedAreas.Area a = ProtectedAreas.resolve(List.of(new Entry("330411", "秀洲区"), new Entry(null, "桐乡市")), DATE);
    assertThat(a.counties()).containsExactly("330411", "330483");
    assertThat(a.unresolved()).isEmpty();
  }

  @Test
  void aNameRepeatedAcrossChinaIsPlacedThroughTheProvinceOfTheCodedEntries() {
    // 西湖区 is in 杭州 (330106) and in 南昌 (360103).
    assertThat(ProtectedAreas.resolve(List.of(new Entry("330411", "秀洲区"), new Entry(null, "西湖区")), DATE).counties())
        .containsExactly("330411", "330106");
  }

  @Test
  void anAmbiguousNameWithoutContextGoesToTheUnknownMemberAndIsReported() {
    ProtectedAreas.Area a = ProtectedAreas.resolve(List.of(new Entry(null, "西湖区")), DATE);
    assertThat(a.counties()).containsExactly("990000");
    assertThat(a.unresolved()).containsExactly("西湖区");
    ProtectedAreas.Area b = ProtectedAreas.resolve(List.of(new Entry("330411", null), new Entry(null, "不存在县")), DATE);
    assertThat(b.counties()).containsExactly("330411", "330499");
    assertThat(b.unresolved()).containsExactly("不存在县");
  }
}
