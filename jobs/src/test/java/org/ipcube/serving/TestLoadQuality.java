package org.ipcube.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A night's load-quality metrics against the trailing deliveries: unchanged, doubled, over a threshold. */
class TestLoadQuality {
  private static final LoadQuality.Rules RULES = new LoadQuality.Rules(3, 2.0, 0.05, 0.10);
  private static final LocalDate NIGHT = LocalDate.parse("2024-03-05");

  private static List<LoadQuality.Metric> history(String metric, double... values) {
    List<LoadQuality.Metric> out = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      out.add(new LoadQuality.Metric("patent_biblio", NIGHT.minusDays(values.length - 1 - i), 1, metric, values[i], null));
    }
    return out;
  }

  @Test
  void theUnresolvedShareDoublingIsAChangeAndOverItsThresholdAFailure() {
    List<LoadQuality.Metric> m = new ArrayList<>(history("address_city_only_share", 0.9, 0.03, 0.04, 0.05, 0.09));
    m.addAll(history("address_unresolved_share", 0.01, 0.01, 0.01, 0.01, 0.12));
    m.addAll(history("records_delivered", 1000, 1010, 990, 1000, 1005));
    List<LoadQuality.Finding> f = LoadQuality.evaluate(m, NIGHT, RULES);
    assertThat(f).extracting(x -> x.metric().metric() + " " + x.verdict() + " " + x.trailingMedian() + " " + x.trailingCount())
        .containsExactly("address_unresolved_share failed 0.01 3", "address_city_only_share changed 0.04 3",
            "records_delivered ok 1000.0 3");
    assertThat(f.get(0).why()).isEqualTo("12.0 % of the addresses placed nowhere, above ipcube.quality.max-unresolved-address-share (10.0 %)");
    assertThat(f.get(1).why()).as("only the last 3 deliveries count: 0.9 is out of the window")
        .isEqualTo("up from the median 4.00 % of the previous 3 deliveries");
  }

  @Test
  void smallMovesAndFirstDeliveriesAreNotFlagged() {
    List<LoadQuality.Metric> m = new ArrayList<>(history("records_loaded", 8, 9, 15));
    m.addAll(history("address_county_share", 0.995, 0.99, 0.999));
    m.add(new LoadQuality.Metric("gi", NIGHT, 1, "records_delivered", 5, null));
    assertThat(LoadQuality.evaluate(m, NIGHT, RULES)).extracting(LoadQuality.Finding::verdict).containsOnly("ok");
  }
}
