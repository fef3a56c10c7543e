package org.ipcube.cli;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.ipcube.common.IpcubeException;
import org.ipcube.common.Settings;
import org.ipcube.common.Table;
import org.ipcube.common.UsageException;

/**
 * Checks a command makes before Spark starts (milliseconds, not a minute into a job): option values,
 * the landing root, and that the tables it reads were written by an earlier stage. Paths are
 * checked through Hadoop's file system, so {@code file:}, {@code hdfs:} and {@code s3a:} roots
 * are checked alike. Each failure is a {@link UsageException}: exit code 2, problem, cause, fix;
 * except a half-rebuilt marts ({@link #requireFinishedMarts}): the warehouse's state, not the
 * command, is wrong, so it is an {@link IpcubeException} (exit code 1).
 */
final class Preflight {
  private Preflight() {}

  static void oneOf(String option, String value, String... allowed) {
    if (!Arrays.asList(allowed).contains(value)) {
      throw new UsageException("Unknown value '" + value + "' for " + option + ".", option + " takes " + String.join(", ", allowed) + ".",
          "Pass one of them.");
    }
  }

  /** A region option must be a 6-digit division code (the regions' key). */
  static void regionCode(String region) {
    if (!region.matches("\\d{6}")) {
      throw new UsageException("Region '" + region + "' is not a 6-digit code.", "regions are keyed by 6-digit division codes.",
          "Use e.g. 330400 for 嘉兴市 or 330000 for 浙江省.");
    }
  }

  /** The landing root must exist: a typo would otherwise "load 0 deliveries" and succeed. */
  static void requireLanding(Settings s) {
    if (!exists(s.landingRoot())) {
      throw new UsageException("Landing root " + s.landingRoot() + " does not exist.",
          "--landing (or ipcube.landing-root / IPCUBE_LANDING_ROOT) names a folder that is not there.",
          "Pass the folder the deliveries arrive in (<landing>/<feed>/<date>/), or run `ipcube generate` to make sample deliveries.");
    }
  }

  /** True when the warehouse has the table (its Delta log). */
  static boolean hasTable(Settings s, String layer, String table) {
    return exists(Table.of(layer, table).path(s) + "/_delta_log");
  }

  /** A table an earlier stage writes must be there (its Delta log), else say which stage to run. */
  static void requireTable(Settings s, String layer, String table, String stageCommand) {
    if (!hasTable(s, layer, table)) {
      throw new UsageException("Warehouse " + s.warehouseRoot() + " has no table " + layer + "." + table + ".",
          exists(s.warehouseRoot()) ? "the stage that writes it has not run for this warehouse, or was interrupted before its first commit."
              : "the warehouse folder does not exist (is --warehouse right?).",
          "Run `" + stageCommand + "` (or `ipcube run --from D1 --to D2` for the whole pipeline) with this --warehouse first.");
    }
  }

  /**
   * The cube must be one a marts run finished: {@code marts.cubes} present and no row of it
   * {@code is_complete = false} (a run killed or failed between two cubes). Delta Kernel, no Spark.
   */
  static void requireFinishedMarts(Settings s) {
    requireTable(s, "marts", "regional_indicators", "ipcube marts");
    requireTable(s, "marts", "cubes", "ipcube marts");
    List<String> unfinished = org.ipcube.marts.Marts.unfinishedCubes(Table.MARTS_CUBES.path(s));
    if (!unfinished.isEmpty()) {
      throw new IpcubeException("The marts of " + s.warehouseRoot() + " are half rebuilt: the last marts run did not finish.",
          "marts.cubes marks the cubes of " + String.join(", ", unfinished) + " as being rewritten (a run was killed or failed"
              + " between two cubes), so the cube may mix two as-of dates.",
          "Rerun `ipcube marts` (or the same `ipcube nightly`) for this warehouse; it finishes what is left and clears the flag.");
    }
  }

  private static boolean exists(String location) {
    try {
      Path p = new Path(location);
      return p.getFileSystem(new Configuration()).exists(p);
    } catch (IOException | IllegalArgumentException e) {
      throw new UsageException("Cannot check " + location + ": " + e.getMessage(), "the path or its file system is not reachable.",
          "Check the URI and the file system's credentials and settings.");
    }
  }
}
