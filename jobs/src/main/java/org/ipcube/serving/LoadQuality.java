package org.ipcube.serving;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A night's load-quality metrics ({@code marts.load_quality}) against the trailing deliveries of
 * the same feed: each metric's value beside the median of the previous N deliveries, flagged when
 * it moves beyond the change factor either way (and by more than a point or ten records), failing
 * when a delivery's quarantined or unresolved-address share passes its threshold. Plain Java: the
 * command reads the rows through Delta Kernel.
 */
public final class LoadQuality {
  private LoadQuality() {}

  /** Metrics where only a rise is a warning. */
  public static final java.util.Set<String> WORSE_WHEN_UP = java.util.Set.of("quarantined_share", "records_quarantined_raw",
      "records_quarantined_cleaned", "address_city_only_share", "address_province_only_share", "address_unresolved_share",
      "orphan_events_held", "regions_without_population", "records_superseded");

  /** One metric row. */
  public record Metric(String feed, LocalDate deliveryDate, int deliverySequence, String metric, double value, String detail) {}

  /** The thresholds and window (settings {@code ipcube.quality.*}). */
  public record Rules(int trailingDeliveries, double changeFactor, double maxQuarantinedShare, double maxUnresolvedAddressShare) {}

  /** A night's metric with its trailing median and verdict: ok, changed (a warning) or failed (the night fails). */
  public record Finding(Metric metric, Double trailingMedian, int trailingCount, String verdict, String why) {}

  /** The findings of the deliveries dated {@code night}, every metric, failures and changes first. */
  public static List<Finding> evaluate(List<Metric> metrics, LocalDate night, Rules rules) {
    Map<String, List<Metric>> series = metrics.stream().collect(Collectors.groupingBy(m -> m.feed() + "|" + m.metric()));
    List<Finding> out = new ArrayList<>();
    for (Metric m : metrics) {
      if (!m.deliveryDate().equals(night)) continue;
      List<Double> trailing = series.get(m.feed() + "|" + m.metric()).stream()
          .filter(x -> x.deliveryDate().isBefore(night))
          .sorted(Comparator.comparing(Metric::deliveryDate).thenComparing(Metric::deliverySequence).reversed())
          .limit(rules.trailingDeliveries()).map(Metric::value).sorted().toList();
      Double median = trailing.isEmpty() ? null : trailing.size() % 2 == 1 ? trailing.get(trailing.size() / 2)
          : (trailing.get(trailing.size() / 2 - 1) + trailing.get(trailing.size() / 2)) / 2;
      String verdict = "ok";
      String why = "";
      boolean share = m.metric().endsWith("_share");
      if (m.metric().equals("quarantined_share") && m.value() > rules.maxQuarantinedShare()) {
        verdict = "failed";
        why = String.format("%.1f %% of the delivery's records quarantined, above ipcube.quality.max-quarantined-share (%.1f %%)",
            m.value() * 100, rules.maxQuarantinedShare() * 100);
      } else if (m.metric().equals("address_unresolved_share") && m.value() > rules.maxUnresolvedAddressShare()) {
        verdict = "failed";
        why = String.format("%.1f %% of the addresses placed nowhere, above ipcube.quality.max-unresolved-address-share (%.1f %%)",
            m.value() * 100, rules.maxUnresolvedAddressShare() * 100);
      } else if (median != null && !m.metric().startsWith("quarantined:") && !m.metric().equals("delivery_rejected")) {
        double floor = share ? 0.01 : 10;
        boolean up = m.value() > median * rules.changeFactor() && m.value() - median > floor;
        // A metric of trouble (quarantines, unplaced addresses, orphans) matters when it rises;
        // volumes and the county-placed share matter either way.
        boolean down = !WORSE_WHEN_UP.contains(m.metric()) && m.value() < median / rules.changeFactor() && median - m.value() > floor;
        if (up || down) {
          verdict = "changed";
          why = String.format("%s from the median %s of the previous %d deliveries", up ? "up" : "down", number(median, share),
              trailing.size());
        }
      }
      if (m.metric().equals("delivery_rejected")) {
        verdict = "failed";
        why = "the delivery was rejected: " + (m.detail() == null ? "see raw.deliveries" : m.detail());
      }
      out.add(new Finding(m, median, trailing.size(), verdict, why));
    }
    List<String> order = List.of("failed", "changed", "ok");
    out.sort(Comparator.comparing((Finding f) -> order.indexOf(f.verdict())).thenComparing(f -> f.metric().feed())
        .thenComparing(f -> f.metric().metric()));
    return out;
  }

  /** A share as a percentage, a count as a number. */
  public static String number(double v, boolean share) {
    return share ? String.format("%.2f %%", v * 100) : v == Math.rint(v) ? String.format("%,d", (long) v) : String.format("%,.2f", v);
  }
}
