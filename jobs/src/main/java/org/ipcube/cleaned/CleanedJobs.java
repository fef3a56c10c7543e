package org.ipcube.cleaned;

import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.ipcube.common.RunMode;
import org.ipcube.common.Settings;

/**
 * The cleaned layer's jobs in the order they must run (patents and trademarks first, because pledges
 * link to both; then GI and the statistics), each with the lines the console prints of its run.
 * It is the one list the pipeline walks, so a new feed's clean job is added here and nowhere else in
 * the pipeline or the console. The jobs themselves read the raw tables and write the cleaned ones;
 * see each job for its grain.
 */
public enum CleanedJobs {
  PATENTS("patents") {
    @Override
    List<String> runAndDescribe(SparkSession spark, Settings s, RunMode mode) {
      CleanPatentsJob.Result r = CleanPatentsJob.run(spark, s, mode);
      return describe(r.scope(), () -> List.of(
          String.format("clean  patents          %,d applications (%,d records quarantined); %,d legal events (%,d quarantined, %,d held as orphans)",
              r.patents(), r.biblioQuarantined(), r.events(), r.eventsQuarantined(), r.orphanEvents()),
          String.format("clean  timelines        %,d validity intervals, %,d transfers and licences", r.intervals(), r.transactions())));
    }
  },
  TRADEMARKS("trademarks") {
    @Override
    List<String> runAndDescribe(SparkSession spark, Settings s, RunMode mode) {
      CleanTrademarksJob.Result r = CleanTrademarksJob.run(spark, s, mode);
      return describe(r.scope(), () -> List.of(String.format(
          "clean  trademarks       %,d lines -> %,d versions (%,d quarantined, %,d folded: overtaken or older states delivered late); "
              + "%,d marks, %,d of them registered", r.rawLines(), r.versions(), r.quarantined(), r.folded(), r.marks(), r.registered())));
    }
  },
  PLEDGES("pledges") {
    @Override
    List<String> runAndDescribe(SparkSession spark, Settings s, RunMode mode) {
      CleanPledgesJob.Result r = CleanPledgesJob.run(spark, s, mode);
      return describe(r.scope(), () -> List.of(String.format(
          "clean  pledges          %,d rows -> %,d events (%,d quarantined, %,d repeated rows folded, %,d held as orphans); "
              + "%,d contracts, %,d pledged rights (%,d unknown)", r.rawRows(), r.events(), r.quarantined(), r.superseded(),
          r.orphanEvents(), r.contracts(), r.rights(), r.unknownRights())));
    }
  },
  GI("gi") {
    @Override
    List<String> runAndDescribe(SparkSession spark, Settings s, RunMode mode) {
      CleanGiJob.Result r = CleanGiJob.run(spark, s, mode);
      return describe(r.scope(), () -> List.of(String.format(
          "clean  gi               %,d lines -> %,d product and %,d user versions (%,d quarantined); "
              + "%,d protected-area names not placed exactly", r.rawLines(), r.productVersions(), r.userVersions(), r.quarantined(),
          r.unresolvedAreaNames())));
    }
  },
  STATS("stats") {
    @Override
    List<String> runAndDescribe(SparkSession spark, Settings s, RunMode mode) {
      long figures = CleanStatsJob.run(spark, s, mode);
      return List.of(figures < 0 ? "clean  stats            unchanged since the last run"
          : String.format("clean  stats            %,d figures", figures));
    }
  };

  private final String domain;

  CleanedJobs(String domain) {
    this.domain = domain;
  }

  /** The domain the job cleans, as progress lines name it ({@code clean patents}). */
  public String domain() {
    return domain;
  }

  /** Runs the job and prints what it did. */
  public void run(SparkSession spark, Settings s, RunMode mode) {
    runAndDescribe(spark, s, mode).forEach(System.out::println);
  }

  abstract List<String> runAndDescribe(SparkSession spark, Settings s, RunMode mode);

  /**
   * How the job ran (rebuilt, N keys re-derived, unchanged), then its counts unless it was
   * unchanged. In a keyed run the counts are rows changed, not rows in the table.
   */
  List<String> describe(String scope, Supplier<List<String>> counts) {
    String how = String.format("clean  %-16s %s", domain, scope);
    if (scope.startsWith("unchanged")) {
      return List.of(how);
    }
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(how), counts.get().stream()).toList();
  }
}
