package org.ipcube.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ipcube.bench.BenchRunner;
import org.ipcube.common.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ipcube bench}: the benchmark (not a test). One JVM per size; within it W1-W6 over warm
 * runs, with DuckDB twins and checksums; then E2E, one nightly increment timed from JVM start.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmark W1-W6 and E2E at the given sizes (patents), Spark against DuckDB where comparable.")
public final class BenchCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--sizes", split = ",", defaultValue = "1000000,10000000",
      description = "Patent counts, one JVM each (default: ${DEFAULT-VALUE}; add 50000000 when asked).")
  List<Long> sizes;

  @Option(names = "--runs", defaultValue = "3", description = "Timed runs per workload (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--warm-ups", defaultValue = "1",
      description = "Untimed runs of each workload before the timed ones (default: ${DEFAULT-VALUE}; 0 at 10 M, where one run takes minutes).")
  int warmUps;

  @Option(names = "--heap", defaultValue = "4g",
      description = "Maximum heap of each size's JVM and of each E2E nightly, as java's -Xmx takes it (default: ${DEFAULT-VALUE}, the issue's budget).")
  String heap;

  @Option(names = "--work", defaultValue = "target/bench", description = "Where deliveries and warehouses go (default: ${DEFAULT-VALUE}).")
  Path work;

  @Option(names = "--single-size", hidden = true, description = "Internal: run one size in this JVM.")
  Long singleSize;

  @Option(names = "--trademarks-per-year", description = "Instead: the trademark path (generate, raw, state history, cube) "
      + "with this many registrations a year (national: 4400000; ~11 marks in the register per yearly registration).")
  Integer trademarksPerYear;

  @Override
  public Integer call() throws Exception {
    Settings settings = common.settings();
    if (trademarksPerYear != null) {
      return org.ipcube.bench.TrademarkBench.run(settings, trademarksPerYear, work.resolve("trademarks-" + trademarksPerYear).toAbsolutePath());
    }
    if (singleSize != null) {
      return BenchRunner.run(settings, singleSize, warmUps, runs, work);
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    String jar = new File(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
    for (long size : sizes) {
      Path dir = work.resolve("size-" + size).toAbsolutePath();
      Files.createDirectories(dir);
      int code = exec(List.of(java, "-Xmx" + heap, "-jar", jar, "bench", "--single-size", Long.toString(size),
          "--warm-ups", Integer.toString(warmUps), "--runs", Integer.toString(runs), "--work", dir.toString()));
      if (code != 0) return code;
      // E2E: the last delivery date as a nightly from JVM start, on the warehouse loaded up to the
      // day before: the first run is a new night; the others load it again (a redelivery of the
      // same rows: the same keys re-derived, nothing to MERGE).
      List<Double> e2e = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        long t = System.nanoTime();
        code = exec(List.of(java, "-Xmx" + heap, "-jar", jar, "nightly", "--date", BenchRunner.lastDelivery().toString(),
            "--landing", dir.resolve("landing").toString(), "--warehouse", dir.resolve("warehouse").toString()));
        e2e.add((System.nanoTime() - t) / 1e9);
        if (code != 0) return code;
      }
      double first = e2e.get(0);
      e2e.sort(Double::compare);
      System.out.printf(Locale.ROOT,
          "bench: size %,d  E2E nightly from JVM start: new night %.1f s; all %d runs best %.1f s, median %.1f s%n",
          size, first, e2e.size(), e2e.get(0), e2e.get(e2e.size() / 2));
    }
    return 0;
  }

  private static int exec(List<String> command) throws Exception {
    return new ProcessBuilder(command).inheritIO().start().waitFor();
  }
}
