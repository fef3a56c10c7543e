package org.ipcube.cli;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ipcube.common.Settings;
import org.ipcube.common.Table;
import org.ipcube.common.UsageException;
import org.ipcube.serving.KernelReads;
import org.ipcube.serving.LoadQuality;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ipcube quality}: the load-quality metrics of a night's deliveries ({@code marts.load_quality},
 * read through Delta Kernel: no SparkSession) beside the trailing deliveries of each feed. Exit code
 * 5 when a delivery failed a threshold of {@code ipcube.quality.*} (the nightly DAG's quality task
 * then fails); changes beyond the change factor are printed as warnings.
 */
@Command(name = "quality", mixinStandardHelpOptions = true,
    description = "Show a night's load-quality metrics against the previous deliveries; exit 5 when a threshold fails.")
public final class QualityCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--night", description = "Delivery date to check (default: the latest in marts.load_quality).")
  LocalDate night;

  @Option(names = "--all", description = "Print every metric, not only the changed and failed ones.")
  boolean all;

  @Override
  public Integer call() {
    Settings s = common.settings();
    Preflight.requireTable(s, "marts", "load_quality", "ipcube marts");
    List<LoadQuality.Metric> metrics = KernelReads.rows(Table.MARTS_LOAD_QUALITY.path(s), Map.of(), List.of()).stream()
        .map(r -> new LoadQuality.Metric(r.string("feed"), (LocalDate) r.get("delivery_date"), r.integer("delivery_sequence"),
            r.string("metric"), r.number("value"), r.string("detail")))
        .toList();
    LocalDate date = night != null ? night
        : metrics.stream().map(LoadQuality.Metric::deliveryDate).max(LocalDate::compareTo).orElseThrow(() -> new UsageException(
            "marts.load_quality is empty.", "no delivery has been loaded into this warehouse.", "Run `ipcube run` first."));
    List<LoadQuality.Finding> findings = LoadQuality.evaluate(metrics, date, new LoadQuality.Rules(s.qualityTrailingDeliveries(),
        s.qualityChangeFactor(), s.qualityMaxQuarantinedShare(), s.qualityMaxUnresolvedAddressShare()));
    if (findings.isEmpty()) {
      throw new UsageException("No delivery is dated " + date + ".", "marts.load_quality has no metric of that night.",
          "Pass a --night that was loaded (or run `ipcube marts` after loading it).");
    }
    long failed = findings.stream().filter(f -> f.verdict().equals("failed")).count();
    long changed = findings.stream().filter(f -> f.verdict().equals("changed")).count();
    System.out.printf("load quality of the deliveries of %s: %d metrics, %d failed, %d changed beyond x%.1f of the previous %d deliveries%n",
        date, findings.size(), failed, changed, s.qualityChangeFactor(), s.qualityTrailingDeliveries());
    List<String[]> table = new ArrayList<>();
    table.add(new String[] {"verdict", "feed", "delivery", "metric", "value", "trailing median", "why"});
    for (LoadQuality.Finding f : findings) {
      if (!all && f.verdict().equals("ok")) continue;
      boolean share = f.metric().metric().endsWith("_share");
      table.add(new String[] {f.verdict(), f.metric().feed(), f.metric().deliveryDate() + "." + f.metric().deliverySequence(),
          f.metric().metric(), LoadQuality.number(f.metric().value(), share),
          f.trailingMedian() == null ? "-" : LoadQuality.number(f.trailingMedian(), share),
          f.why().isEmpty() && f.metric().detail() != null ? f.metric().detail() : f.why()});
    }
    if (table.size() > 1) Console.table(table).forEach(System.out::println);
    return failed > 0 ? 5 : 0;
  }
}
