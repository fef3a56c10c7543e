package org.ipcube.cli;

import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ipcube.common.DeltaTables;
import org.ipcube.common.IpcubeException;
import org.ipcube.common.Settings;
import org.ipcube.common.WarehouseLock;
import org.ipcube.common.SparkSessions;
import org.ipcube.common.TableSchema;
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
      String path = s.tablePath("marts", "regional_indicators");
      if (!DeltaTables.exists(spark, path)) {
        throw new IpcubeException("There is no cube to publish.", path + " is not a Delta table yet.",
            "Run `ipcube run` (or `ipcube marts`) first.");
      }
      // The cube's rows, its as-of record (marts.cubes) and its indicator dimension are versioned
      // apart: a night may move only the as-of date, a release only the catalogue. Their version
      // numbers' sum grows with any of them, so it names the set.
      String version = "v" + (DeltaTables.version(spark, path) + Math.max(0, DeltaTables.version(spark, s.tablePath("marts", "cubes")))
          + Math.max(0, DeltaTables.version(spark, s.tablePath("marts", "dim_indicators"))));
      long t = System.nanoTime();
      System.out.printf("publish exports    %s -> %s%n", version, Exports.write(spark, s, version));
      Console.stage("exports", t);
      if (exportsOnly || s.postgresUrl().isEmpty()) {
        if (!exportsOnly) System.out.println("publish postgres   skipped: ipcube.publish.postgres.url (IPCUBE_PG_URL) is not set");
        return 0;
      }
      t = System.nanoTime();
      Map<String, Dataset<Row>> tables = new LinkedHashMap<>();
      for (String name : new String[] {"dim_regions", "dim_periods", "dim_indicators", "cubes", "regional_indicators"}) {
        tables.put(name, DeltaTables.read(spark, TableSchema.of("marts", name), s.tablePath("marts", name)));
      }
      try (Connection c = Publisher.connect(s, System.getenv(Publisher.PASSWORD_ENV))) {
        Publisher.Result r = Publisher.publish(c, s.postgresSchema(), version, tables, s.keepPreviousVersions(),
            rowLevelSecurity ? new RowLevelSecurity() : null);
        System.out.printf("publish postgres   %s %s: %,d cube rows; BI users read schema %s at %s as %s%n", r.version(),
            r.loaded() ? "loaded and switched" : "already current, nothing to do", r.factRows(), s.postgresSchema(), s.postgresUrl(),
            s.postgresUser());
      }
      Console.stage("postgres", t);
      return 0;
    }
  }
}
