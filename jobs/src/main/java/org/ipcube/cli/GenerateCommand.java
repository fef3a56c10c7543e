package org.ipcube.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import java.nio.file.Files;
import org.ipcube.common.Settings;
import org.ipcube.feeds.GeneratedHistory;
import org.ipcube.landing.Deliveries;
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

/**
 * {@code ipcube generate}: writes sample deliveries exactly as the feed SPEC describes, as the
 * delivery dates up to {@code --to} of a generated history ({@link GeneratedHistory}); with
 * {@code --continue}, the next delivery dates of the history a landing already holds.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write generated deliveries (patent_biblio, patent_legal, trademark, pledge, gi, stats) into the landing zone.")
public final class GenerateCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--from", description = "First day of the history (YYYY-MM-DD); not with --continue.")
  LocalDate from;

  @Option(names = "--to", required = true, description = "Last delivery date to write (YYYY-MM-DD).")
  LocalDate to;

  @Option(names = "--horizon", description = "Last day of the generated history (default: --to). What happens after --to is held "
      + "back for later `generate --continue` runs, up to this day.")
  LocalDate horizon;

  @Option(names = "--continue", description = "Write the next delivery dates of the landing's generated history (after the last "
      + "one written, through --to), with the parameters its first `generate` recorded in _GENERATED.properties.")
  boolean continueHistory;

  @Option(names = "--patents-per-year", description = "Patent applications per year (default: ipcube.generator.patents-per-year).")
  Integer patentsPerYear;

  @Option(names = "--seed", description = "Random seed (default: ipcube.generator.seed).")
  Long seed;

  @Option(names = "--dirt-rate", description = "Share of records with dirt, 0..1 (default: ipcube.generator.dirt-rate).")
  Double dirtRate;

  @Override
  public Integer call() {
    Settings s = common.settings();
    Path landing = Path.of(s.landingRoot());
    if (continueHistory) {
      if (from != null || horizon != null || patentsPerYear != null || seed != null || dirtRate != null) {
        throw new UsageException("--continue takes only --to.", "a continued history keeps the span and parameters its first "
            + "`generate` recorded in " + landing.resolve(GeneratedHistory.FILE) + ".",
            "Drop --from, --horizon, --patents-per-year, --seed and --dirt-rate, or start a new landing without --continue.");
      }
      GeneratedHistory h = GeneratedHistory.readFrom(landing).orElseThrow(() -> new UsageException(
          "There is no generated history to continue in " + landing + ".", "--continue needs the " + GeneratedHistory.FILE
              + " that `ipcube generate` writes into the landing root.",
          "Start the landing with `ipcube generate --from D1 --to D2 --horizon D3`, then continue it up to D3."));
      if (!to.isAfter(h.through())) {
        throw new UsageException("The landing's history is already written through " + h.through() + ".",
            "--to " + to + " is not after it.", "Pass a later --to (up to the history's horizon " + h.horizon() + ").");
      }
      if (to.isAfter(h.horizon())) {
        throw new UsageException("--to " + to + " is after the history's horizon " + h.horizon() + ".",
            "the landing's history was generated up to its horizon only, and a longer one would place its records differently.",
            "Pass --to " + h.horizon() + " at most, or generate a new landing with a later --horizon.");
      }
      return write(s, h, h.through(), to);
    }
    if (from == null) {
      throw new UsageException("Missing --from.", "a new generated landing needs the first day of its history.",
          "Pass --from YYYY-MM-DD, or --continue to extend the landing's existing history.");
    }
    if (to.isBefore(from)) {
      throw new UsageException("--to " + to + " is before --from " + from + ".", "the range to generate is empty.", "Swap the dates.");
    }
    if (horizon != null && horizon.isBefore(to)) {
      throw new UsageException("--horizon " + horizon + " is before --to " + to + ".", "the history must reach the last date written.",
          "Pass a --horizon on or after --to, or leave it out.");
    }
    return write(s, new GeneratedHistory(from, horizon != null ? horizon : to, to,
        patentsPerYear != null ? patentsPerYear : s.generatorPatentsPerYear(), seed != null ? seed : s.generatorSeed(),
        dirtRate != null ? dirtRate : s.generatorDirtRate(), s.generatorRecordsPerFile()), null, to);
  }

  /** A new landing's history over [from, to], written whole (what {@code demo} generates). */
  static int run(Settings s, LocalDate from, LocalDate to, int perYear, long seed, double dirt) {
    return write(s, new GeneratedHistory(from, to, to, perYear, seed, dirt, s.generatorRecordsPerFile()), null, to);
  }

  /**
   * Generates the whole history into a staging folder of the landing and moves into the landing
   * the delivery folders dated after {@code after} (all when null) through {@code to}; each move
   * is a rename, so a delivery appears whole with its {@code _SUCCESS}. Then records the history.
   */
  static int write(Settings s, GeneratedHistory h, LocalDate after, LocalDate to) {
    Path landing = Path.of(s.landingRoot());
    Path staging = landing.resolve(".generating");
    try {
      deleteTree(staging);
      Files.createDirectories(staging);
      generate(h, staging);
      int moved = 0;
      int heldBack = 0;
      try (var feeds = Files.list(staging)) {
        for (Path feedDir : feeds.filter(Files::isDirectory).sorted().toList()) {
          try (var folders = Files.list(feedDir)) {
            for (Path folder : folders.sorted().toList()) {
              // The generators write delivery folders only: each name parses.
              LocalDate date = Deliveries.FolderName.parse(folder.getFileName().toString()).orElseThrow().date();
              if (date.isAfter(to)) {
                heldBack++;
              } else if (after == null || date.isAfter(after)) {
                Path target = landing.resolve(feedDir.getFileName().toString()).resolve(folder.getFileName().toString());
                deleteTree(target);
                Files.createDirectories(target.getParent());
                Files.move(folder, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                moved++;
              }
            }
          }
        }
      }
      deleteTree(staging);
      h.through(to).writeTo(landing);
      System.out.printf("generate: wrote %d delivery folders dated %s..%s into %s%s%n", moved, after == null ? h.from() : after.plusDays(1),
          to, landing, heldBack == 0 ? "" : String.format("; %d later ones held back for `generate --continue` (history up to %s)",
              heldBack, h.horizon()));
      return 0;
    } catch (java.io.IOException e) {
      throw new org.ipcube.common.IpcubeException("Cannot write the generated deliveries into " + landing + ".",
          e.getClass().getSimpleName() + ": " + e.getMessage() + ".",
          "Check that the landing root is a writable local folder with free space, then run the same `generate` again "
              + "(its staging folder " + staging + " is cleared first).", e);
    }
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Every feed's deliveries of the whole history [from, horizon] into {@code landing}. */
  private static void generate(GeneratedHistory h, Path landing) {
    long start = System.nanoTime();
    LocalDate from = h.from();
    LocalDate to = h.horizon();
    int perYear = h.patentsPerYear();
    long seed = h.seed();
    double dirt = h.dirtRate();
    int recordsPerFile = h.recordsPerFile();
    System.out.printf("generate: history %s..%s, %,d patents per year, seed %d, dirt %.3f%n", from, to, perYear, seed, dirt);
    PatentFeedGenerator patents = new PatentFeedGenerator(
        new PatentFeedGenerator.Params(from, to, perYear, seed, dirt, recordsPerFile), landing);
    PatentFeedGenerator.Summary summary = patents.generate();
    System.out.printf("generate: %,d documents -> %,d biblio records and %,d legal events in %d weekly deliveries (%d redelivered)%n",
        summary.documents(), summary.biblioRecords(), summary.legalRecords(), summary.deliveryDates(), summary.redeliveries());
    TrademarkFeedGenerator trademarks = new TrademarkFeedGenerator(new TrademarkFeedGenerator.Params(from, to,
        TrademarkFeedGenerator.registrationsPerYear(perYear), seed, dirt, recordsPerFile), landing,
        patents.deliveryDates(), patents.sampler());
    TrademarkFeedGenerator.Summary tm = trademarks.generate();
    System.out.printf("generate: %,d trademarks -> %,d trademark register lines%n", tm.marks(), tm.lines());
    List<PledgeFeedGenerator.Seed> seeds = new ArrayList<>(patents.pledges());
    seeds.addAll(trademarks.pledges());
    PledgeFeedGenerator.Summary pledges = new PledgeFeedGenerator(
        new PledgeFeedGenerator.Params(from, to, PledgeFeedGenerator.contractsPerYear(perYear), seed, dirt, recordsPerFile),
        landing, patents.deliveryDates())
        .generate(seeds, trademarks.pledgeableRights(), patents.sampler());
    System.out.printf("generate: %,d pledge contracts -> %,d pledge registration rows%n", pledges.contracts(), pledges.rows());
    int[] gi = GiFeedGenerator.volumes(perYear);
    GiFeedGenerator.Summary gis = new GiFeedGenerator(new GiFeedGenerator.Params(from, to, gi[0], gi[1], seed, dirt,
        recordsPerFile), landing, patents.deliveryDates(), patents.sampler()).generate(trademarks.giMarks());
    System.out.printf("generate: %,d GI products and %,d GI users -> %,d GI lines%n", gis.products(), gis.users(), gis.lines());
    long figures = new StatsFeedGenerator(new StatsFeedGenerator.Params(from.getYear() - 1, to.getYear(), seed, to)).generate(landing);
    System.out.printf("generate: %,d statistics figures; done in %.1f s%n", figures, (System.nanoTime() - start) / 1e9);
  }
}
