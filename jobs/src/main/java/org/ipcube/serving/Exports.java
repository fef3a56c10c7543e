package org.ipcube.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.ipcube.common.Settings;
import org.ipcube.common.Table;
import org.ipcube.common.TableSchema;

/**
 * Writes a published cube version as plain Parquet for notebooks (pandas, polars, DuckDB without
 * Delta support): {@code <exports-root>/versions/<version>/<table>/part-*.parquet} for every
 * published table, a {@code DATA_DICTIONARY.md} generated from {@code schemas/}, and, once the
 * whole publish succeeded, the {@code LATEST} pointer (written aside and renamed, so a reader never
 * sees a half-written version).
 * Re-exporting a version rewrites the same files; older versions beyond the retention are removed.
 * The exports root is any Hadoop file-system URI ({@code file:}, {@code hdfs:}, {@code s3a:}) or a
 * local path.
 */
public final class Exports {
  private Exports() {}

  /**
   * The tables a version publishes: the cube, its dimensions (a star schema, indicators included),
   * its as-of dates, the revisions of its published figures and the load quality of the deliveries.
   */
  public static final List<String> TABLES = List.of("marts/regional_indicators", "marts/dim_regions", "marts/dim_periods",
      "marts/dim_indicators", "marts/cubes", "marts/figure_revisions", "marts/load_quality");

  /**
   * Writes version {@code version}'s tables and dictionary under {@code versions/}; readers do not
   * see it until {@link #makeLatest} (or {@link #discard} removes it when the publish fails).
   * Returns the version's folder, fully qualified.
   */
  public static String write(SparkSession spark, Settings s, String version) {
    Root root = Root.of(spark, s);
    Path folder = root.version(version);
    for (String t : TABLES) {
      TableSchema schema = Table.of(t).schema();
      // Sorted by the usual filters so notebooks can read a region without scanning everything (row-group statistics).
      var df = Table.of(t).readOrEmpty(spark, s);
      if (schema.name().equals("regional_indicators")) {
        df = df.repartition(Math.max(1, spark.sparkContext().defaultParallelism()), df.col("domain"))
            .sortWithinPartitions("domain", "indicator", "region_level", "region_code", "period_id");
      } else {
        df = df.coalesce(1);
      }
      schema.conform(df).write().mode(SaveMode.Overwrite).parquet(new Path(folder, schema.name()).toString());
    }
    try {
      root.writeText(new Path(folder, "DATA_DICTIONARY.md"), Dictionaries.markdown(version));
      return root.fs().makeQualified(folder).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the data dictionary of " + version + " under " + folder, e);
    }
  }

  /**
   * Points {@code LATEST} (and the top-level dictionary) at a written version, the switch readers
   * see (written aside and renamed over the old pointer: never half written), then prunes versions
   * beyond the retention.
   */
  public static void makeLatest(SparkSession spark, Settings s, String version) {
    Root root = Root.of(spark, s);
    try {
      root.writeText(new Path(root.path(), "DATA_DICTIONARY.md"),
          root.readText(new Path(root.version(version), "DATA_DICTIONARY.md")));
      Path tmp = new Path(root.path(), ".LATEST.tmp");
      root.writeText(tmp, version + "\n");
      FileContext.getFileContext(root.path().toUri(), spark.sparkContext().hadoopConfiguration())
          .rename(tmp, new Path(root.path(), "LATEST"), Options.Rename.OVERWRITE);
      prune(root, version, s.keepPreviousVersions());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot finish the export of " + version + " under " + root.path(), e);
    }
  }

  /** Removes a written version that a failed publish never made the latest (the one LATEST names stays). */
  public static void discard(SparkSession spark, Settings s, String version) {
    Root root = Root.of(spark, s);
    try {
      Path latest = new Path(root.path(), "LATEST");
      if (root.fs().exists(latest) && root.readText(latest).strip().equals(version)) return;
      root.fs().delete(root.version(version), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the unpublished export " + version + " under " + root.path(), e);
    }
  }

  /** Keeps the current version and the {@code keep} most recent others (versions sort by their number). */
  private static void prune(Root root, String current, int keep) throws IOException {
    List<Path> others = new ArrayList<>();
    for (FileStatus f : root.fs().listStatus(new Path(root.path(), "versions"))) {
      if (f.isDirectory() && !f.getPath().getName().equals(current)) others.add(f.getPath());
    }
    others.sort(Comparator.comparing((Path p) -> Publisher.versionNumber(p.getName())).reversed());
    for (Path old : others.subList(Math.min(keep, others.size()), others.size())) root.fs().delete(old, true);
  }

  /** The exports root on its file system. */
  private record Root(Path path, FileSystem fs) {
    static Root of(SparkSession spark, Settings s) {
      Path path = new Path(s.exportsLocation());
      try {
        FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
        return new Root(fs.makeQualified(path), fs);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot reach the exports root " + path, e);
      }
    }

    Path version(String version) {
      return new Path(new Path(path, "versions"), version);
    }

    void writeText(Path file, String text) throws IOException {
      try (FSDataOutputStream out = fs.create(file, true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    }

    String readText(Path file) throws IOException {
      try (var in = fs.open(file)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
  }
}
