package org.ipcube.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.ipcube.common.DeltaTables;
import org.ipcube.common.Settings;
import org.ipcube.common.TableSchema;

/**
 * Writes a published cube version as plain Parquet for notebooks (pandas, polars, DuckDB without
 * Delta support): {@code <exports-root>/versions/<version>/<table>/part-*.parquet} for every
 * published table, a {@code DATA_DICTIONARY.md} generated from {@code schemas/}, and last the
 * {@code LATEST} pointer (written aside and renamed, so a reader never sees a half-written version).
 * Re-exporting a version rewrites the same files; older versions beyond the retention are removed.
 */
public final class Exports {
  private Exports() {}

  /**
   * The tables a version publishes: the cube, its dimensions (a star schema, indicators included),
   * its as-of dates, the revisions of its published figures and the load quality of the deliveries.
   */
  public static final List<String> TABLES = List.of("marts/regional_indicators", "marts/dim_regions", "marts/dim_periods",
      "marts/dim_indicators", "marts/cubes", "marts/figure_revisions", "marts/load_quality");

  public static Path write(SparkSession spark, Settings s, String version) {
    Path root = Path.of(s.exportsLocation()).toAbsolutePath();
    Path folder = root.resolve("versions").resolve(version);
    for (String t : TABLES) {
      TableSchema schema = TableSchema.of(t.split("/")[0], t.split("/")[1]);
      // Sorted by the usual filters so notebooks can read a region without scanning everything (row-group statistics).
      var df = DeltaTables.read(spark, schema, s.tablePath(schema.layer(), schema.name()));
      if (schema.name().equals("regional_indicators")) {
        df = df.repartition(Math.max(1, spark.sparkContext().defaultParallelism()), df.col("domain"))
            .sortWithinPartitions("domain", "indicator", "region_level", "region_code", "period_id");
      } else {
        df = df.coalesce(1);
      }
      schema.conform(df).write().mode(SaveMode.Overwrite).parquet(folder.resolve(schema.name()).toString());
    }
    try {
      String dictionary = Dictionaries.markdown(version);
      Files.writeString(folder.resolve("DATA_DICTIONARY.md"), dictionary, StandardCharsets.UTF_8);
      Files.writeString(root.resolve("DATA_DICTIONARY.md"), dictionary, StandardCharsets.UTF_8);
      Path tmp = root.resolve(".LATEST.tmp");
      Files.writeString(tmp, version + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, root.resolve("LATEST"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      prune(root.resolve("versions"), version, s.keepPreviousVersions());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot finish the export of " + version + " under " + root, e);
    }
    return folder;
  }

  /** Keeps the current version and the {@code keep} most recent others (versions sort by their number). */
  private static void prune(Path versions, String current, int keep) throws IOException {
    List<Path> others;
    try (Stream<Path> list = Files.list(versions)) {
      others = list.filter(p -> !p.getFileName().toString().equals(current))
          .sorted(Comparator.comparing((Path p) -> Publisher.versionNumber(p.getFileName().toString())).reversed()).toList();
    }
    for (Path old : others.subList(Math.min(keep, others.size()), others.size())) {
      try (Stream<Path> walk = Files.walk(old)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
      }
    }
  }
}
