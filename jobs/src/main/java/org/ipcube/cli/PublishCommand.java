package org.ipcube.cli;

import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.ipcube.common.DeltaTables;
import org.ipcube.common.IpcubeException;
import org.ipcube.common.Progress;
import org.ipcube.common.Settings;
import org.ipcube.common.Table;
import org.ipcube.common.WarehouseLock;
import org.ipcube.common.SparkSessions;
import org.ipcube.serving.CubeIntegrity;
import org.ipcube.serving.Exports;
import org.ipcube.serving.Publisher;
import org.ipcube.serving.RowLevelSecurity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ipcube publish}: the current cube as a numbered version, to the Parquet exports and, when
 * configured, to PostgreSQL. The version is the sum of the Delta versions of
 * {@code marts.regional_indicators}, {@code marts.cubes} (its as-of dates) and {@code marts.dim_indicators}, so publishing the
 * same warehouse twice is the same version and changes nothing.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
    description = "Publish the cube and its dimensions: Parquet exports for notebooks and, when ipcube.publish.postgres.url "
        + "(IPCUBE_PG_URL) is set, PostgreSQL for BI tools (loaded aside, switched in one transaction).")
public final class PublishCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--exports-only", description = "Write the Parquet exports only, even when PostgreSQL is configured.")
  boolean exportsOnly;

  @Option(names = "--row-level-security", description = "Restrict each BI account to its region and below (see README).")
  boolean rowLevelSecurity;

  @Override
  public Integer call() throws Exception {
    Settings s = common.settings();
    Preflight.requireFinishedMarts(s);
    try (WarehouseLock lock = WarehouseLock.acquire(s, "publish");
        SparkSessions.Lease lease = SparkSessions.lease(s, "ipcube-publish")) {
      SparkSession spark = lease.spark();
      String path = Table.MARTS_REGIONAL_INDICATORS.path(s);
      if (!DeltaTables.exists(spark, path)) {
        throw new IpcubeException("There is no cube to publish.", path + " is not a Delta table yet.",
            "Run `ipcube run` (or `ipcube marts`) first.");
      }
      // The cube's rows, its as-of record (marts.cubes) and its indicator dimension are versioned
      // apart: a night may move only the as-of date, a release only the catalogue. Their version
      // numbers' sum grows with any of them, so it names the set.
      String version = "v" + (DeltaTables.version(spark, path) + Math.max(0, DeltaTables.version(spark, Table.MARTS_CUBES.path(s)))
          + Math.max(0, DeltaTables.version(spark, Table.MARTS_DIM_INDICATORS.path(s))));
      Map<String, Dataset<Row>> tables = new LinkedHashMap<>();
      for (String name : new String[] {"dim_regions", "dim_periods", "dim_indicators", "cubes", "regional_indicators"}) {
        tables.put(name, Table.of("marts", name).readOrEmpty(spark, s));
      }
      long t = System.nanoTime();
      try (Progress.Step step = Progress.step(spark, "publish integrity")) {
        requireIntegrity(tables);
      }
      Console.stage("integrity", t);
      // All or nothing: the exports' LATEST moves only after PostgreSQL switched (or was not asked).
      t = System.nanoTime();
      try (Progress.Step step = Progress.step(spark, "publish exports")) {
        System.out.printf("publish exports    %s written to %s%n", version, Exports.write(spark, s, version));
      }
      Console.stage("exports", t);
      boolean toPostgres = !exportsOnly && !s.postgresUrl().isEmpty();
      if (!exportsOnly && !toPostgres) System.out.println("publish postgres   skipped: ipcube.publish.postgres.url (IPCUBE_PG_URL) is not set");
      if (toPostgres) {
        t = System.nanoTime();
        try (Progress.Step step = Progress.step(spark, "publish postgres");
            Connection c = Publisher.connect(s, System.getenv(Publisher.PASSWORD_ENV))) {
          Publisher.Result r = Publisher.publish(c, s.postgresSchema(), version, tables, s.keepPreviousVersions(),
              rowLevelSecurity || s.postgresRowLevelSecurity() ? new RowLevelSecurity() : null);
          System.out.printf("publish postgres   %s %s: %,d cube rows; BI users read schema %s at %s as %s%n", r.version(),
              r.loaded() ? "loaded and switched" : "already current, nothing to do", r.factRows(), s.postgresSchema(), s.postgresUrl(),
              s.postgresUser());
        } catch (RuntimeException | java.sql.SQLException e) {
          Exports.discard(spark, s, version);
          throw e;
        }
        Console.stage("postgres", t);
      }
      Exports.makeLatest(spark, s, version);
      System.out.printf("publish exports    LATEST = %s%n", version);
      return 0;
    }
  }

  /** Refuses a cube whose rows refer to dimension members that do not exist, before anything is written. */
  private static void requireIntegrity(Map<String, Dataset<Row>> tables) {
    List<Row> missing = CubeIntegrity.missingMembers(tables.get("regional_indicators"), tables.get("dim_regions"),
        tables.get("dim_periods"), tables.get("dim_indicators")).orderBy(functions.desc("cube_rows")).collectAsList();
    if (missing.isEmpty()) return;
    long rows = missing.stream().mapToLong(r -> r.getLong(2)).sum();
    String examples = missing.stream().limit(5).map(r -> r.getString(0) + " lacks " + r.getString(1) + " (" + r.getLong(2) + " rows)")
        .collect(java.util.stream.Collectors.joining("; "));
    throw new IpcubeException("The cube cannot be published: " + rows + " of its rows refer to " + missing.size()
        + " dimension members that do not exist (" + examples + ").",
        "the cube and its dimensions were not built by the same marts run (a failed or older run), or a dimension lost a member.",
        "Run `ipcube marts --rebuild`, then publish again. Nothing was published: BI users and notebooks still see the previous version.");
  }
}
