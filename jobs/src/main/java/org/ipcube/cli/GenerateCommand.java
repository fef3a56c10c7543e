package org.ipcube.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.ipcube.common.Settings;
import org.ipcube.common.UsageException;
import org.ipcube.feeds.patents.PatentFeedGenerator;
import org.ipcube.feeds.pledges.PledgeFeedGenerator;
import org.ipcube.feeds.gi.GiFeedGenerator;
import org.ipcube.feeds.trademarks.TrademarkFeedGenerator;
import java.util.ArrayList;
import java.util.List;
import org.ipcube.feeds.stats.StatsFeedGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ipcube generate}: writes sample deliveries exactly as the feed SPEC describes. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write generated deliveries (patent_biblio, patent_legal, trademark, pledge, gi, stats) into the landing zone.")
public final class GenerateCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--from", required = true, description = "First day of the range (YYYY-MM-DD).")
  LocalDate from;

  @Option(names = "--to", required = true, description = "Last day of the range (YYYY-MM-DD).")
  LocalDate to;

  @Option(names = "--patents-per-year", description = "Patent applications per year (default: ipcube.generator.patents-per-year).")
  Integer patentsPerYear;

  @Option(names = "--seed", description = "Random seed (default: ipcube.generator.seed).")
  Long seed;

  @Option(names = "--dirt-rate", description = "Share of records with dirt, 0..1 (default: ipcube.generator.dirt-rate).")
  Double dirtRate;

  @Override
  public Integer call() {
    Settings s = common.settings();
    if (to.isBefore(from)) {
      throw new UsageException("--to " + to + " is before --from " + from + ".", "the range to generate is empty.", "Swap the dates.");
    }
    return run(s, from, to, patentsPerYear != null ? patentsPerYear : s.generatorPatentsPerYear(),
        seed != null ? seed : s.generatorSeed(), dirtRate != null ? dirtRate : s.generatorDirtRate());
  }

  static int run(Settings s, LocalDate from, LocalDate to, int perYear, long seed, double dirt) {
    long start = System.nanoTime();
    Path landing = Path.of(s.landingRoot());
    System.out.printf("generate: patents %s..%s, %,d per year, seed %d, dirt %.3f -> %s%n", from, to, perYear, seed, dirt, landing);
    PatentFeedGenerator patents = new PatentFeedGenerator(
        new PatentFeedGenerator.Params(from, to, perYear, seed, dirt, s.generatorRecordsPerFile()), landing);
    PatentFeedGenerator.Summary summary = patents.generate();
    System.out.printf("generate: %,d documents -> %,d biblio records and %,d legal events in %d weekly deliveries (%d redelivered)%n",
        summary.documents(), summary.biblioRecords(), summary.legalRecords(), summary.deliveryDates(), summary.redeliveries());
    TrademarkFeedGenerator trademarks = new TrademarkFeedGenerator(new TrademarkFeedGenerator.Params(from, to,
        TrademarkFeedGenerator.registrationsPerYear(perYear), seed, dirt, s.generatorRecordsPerFile()), landing,
        patents.deliveryDates(), patents.sampler());
    TrademarkFeedGenerator.Summary tm = trademarks.generate();
    System.out.printf("generate: %,d trademarks -> %,d trademark register lines%n", tm.marks(), tm.lines());
    List<PledgeFeedGenerator.Seed> seeds = new ArrayList<>(patents.pledges());
    seeds.addAll(trademarks.pledges());
    PledgeFeedGenerator.Summary pledges = new PledgeFeedGenerator(
        new PledgeFeedGenerator.Params(from, to, PledgeFeedGenerator.contractsPerYear(perYear), seed, dirt, s.generatorRecordsPerFile()),
        landing, patents.deliveryDates())
        .generate(seeds, trademarks.pledgeableRights(), patents.sampler());
    System.out.printf("generate: %,d pledge contracts -> %,d pledge registration rows%n", pledges.contracts(), pledges.rows());
    int[] gi = GiFeedGenerator.volumes(perYear);
    GiFeedGenerator.Summary gis = new GiFeedGenerator(new GiFeedGenerator.Params(from, to, gi[0], gi[1], seed, dirt,
        s.generatorRecordsPerFile()), landing, patents.deliveryDates(), patents.sampler()).generate(trademarks.giMarks());
    System.out.printf("generate: %,d GI products and %,d GI users -> %,d GI lines%n", gis.products(), gis.users(), gis.lines());
    long figures = new StatsFeedGenerator(new StatsFeedGenerator.Params(from.getYear() - 1, to.getYear(), seed, to)).generate(landing);
    System.out.printf("generate: %,d statistics figures; done in %.1f s%n", figures, (System.nanoTime() - start) / 1e9);
    return 0;
  }
}
