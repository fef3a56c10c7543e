package org.ipcube.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.LocalDate;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ipcube.common.DeltaTables;
import org.ipcube.common.IndicatorCatalogue;
import org.ipcube.common.Settings;
import org.ipcube.common.Table;
import org.ipcube.common.Watermarks;

/**
 * The write step every domain's cube job shares: derive growth, shares and ranks, stamp domain and
 * unit, and replace exactly the domain's partition of {@code marts.regional_indicators} (or the
 * years of it a night touched).
 */
final class DomainCubes {
  private DomainCubes() {}

  /** Values without ratio columns get null numerator and denominator. */
  static Dataset<Row> withoutRatio(Dataset<Row> values) {
    return values.withColumn("numerator", lit(null).cast("double")).withColumn("denominator", lit(null).cast("double"));
  }

  /**
   * Derives and writes the domain's rows of the years {@code scope} names (all of them when it is
   * whole), with the units and aggregations of the indicator catalogue, and the same partitions
   * of {@code marts.figure_revisions}. {@code values} must cover those years and, for their growth, the year before each.
   * They must be {@linkplain #materialise materialised} parts (or projections and unions of
   * them): the derive plan reads them several times. Copying their union into one more
   * checkpoint cost the demo's patent cube 40 s for 23 M rows; the parts are read as leaves
   * instead, and released once the rows are written.
   *
   * @return the rows written
   */
  static long write(SparkSession spark, Settings s, String domain, Dataset<Row> values, Dataset<Row> dimRegions, Dataset<Row> dimPeriods, LocalDate asOf, CubeScope scope) {
    IndicatorCatalogue catalogue = IndicatorCatalogue.shipped();
    Dataset<Row> cube = GrowthSharesRanks.derive(values, dimRegions, dimPeriods, asOf, s.applicationsIncompleteMonths(), catalogue,
            domain)
        .withColumn("domain", lit(domain))
        .withColumn("unit", catalogue.unit(col("indicator")));
    String owned = "domain = '" + domain + "'";
    if (scope.kind() == CubeScope.Kind.YEARS) {
      cube = cube.filter(col("period_year").isin(scope.years().toArray()));
      owned += " AND period_year IN (" + scope.years().stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
    }
    try {
      long written = DeltaTables.replace(cube, Table.MARTS_REGIONAL_INDICATORS.schema(), Table.MARTS_REGIONAL_INDICATORS.path(s),
          owned);
      // The revisions of the same partitions, from the rows just written (read back: recomputing
      // the cube's plan would cost more than reading its files).
      Dataset<Row> rows = Table.MARTS_REGIONAL_INDICATORS.read(spark, s).filter(owned);
      DeltaTables.replace(RevisionTransforms.revisions(rows), Table.MARTS_FIGURE_REVISIONS.schema(),
          Table.MARTS_FIGURE_REVISIONS.path(s), owned);
      return written;
    } finally {
      release(values);
    }
  }

  /**
   * Computes {@code rows} once into the block manager (memory, then disk) and cuts their lineage:
   * what the cube jobs do at each grain (county base, both boundaries, rolled-up counts). Later
   * queries plan against a leaf, not the whole fact plan: without it the plans ran to 1.8 MB of
   * text, regenerated on every adaptive re-plan, which cost more than the data on small inputs.
   * (A persisted frame would not do: its plan keeps the cached subtree.) The blocks live on the
   * executors: losing one fails the cube job, and rerunning the marts is safe (every write is
   * idempotent); on a cluster with dynamic allocation keep such executors
   * ({@code spark.dynamicAllocation.cachedExecutorIdleTimeout}).
   */
  static Dataset<Row> materialise(Dataset<Row> rows) {
    return rows.localCheckpoint();
  }

  /**
   * County-level additive counts → both boundaries → every level, each grain materialised once and
   * the intermediate ones released: the path every domain's additive indicators take.
   */
  static Dataset<Row> rolledUp(Dataset<Row> countyCounts, Dataset<Row> dimRegions) {
    Dataset<Row> base = materialise(countyCounts);
    Dataset<Row> bounded = materialise(RegionRollUp.withBoundaries(base, dimRegions));
    Dataset<Row> counts = materialise(RegionRollUp.rollUp(bounded));
    release(base, bounded);
    return counts;
  }

  /**
   * Frees the blocks of the local checkpoints each of {@code rows} is built on (its plan's leaves:
   * the frame itself when it is one) now rather than at the next garbage collection.
   */
  static void release(Dataset<?>... rows) {
    for (Dataset<?> d : rows) {
      if (d == null) {
        continue;
      }
      scala.jdk.javaapi.CollectionConverters.asJava(d.queryExecution().logical().collectLeaves()).forEach(leaf -> {
        if (leaf instanceof org.apache.spark.sql.execution.LogicalRDD l) {
          l.rdd().unpersist(false);
        }
      });
    }
  }

  /**
   * Each table's rows that changed between two watermarks, from its change feed ({@code
   * _change_type} as Delta writes it; a table at the same version gives no rows), materialised:
   * each side is read twice (facts or spans of the removed rows, of the added ones). Empty when a
   * change feed does not cover the versions (enabled later, or vacuumed): the caller then builds
   * the whole cube.
   */
  static java.util.Optional<java.util.Map<String, Dataset<Row>>> changedRows(SparkSession spark, Settings s, Watermarks.State consumed,
      Watermarks.State now, java.util.List<String> tables) {
    java.util.Map<String, Dataset<Row>> changed = new java.util.HashMap<>();
    for (String table : tables) {
      java.util.Optional<Dataset<Row>> rows = consumed.version(table) == now.version(table)
          ? java.util.Optional.of(Table.of(table).readAt(spark, s, -1).withColumn("_change_type", lit("insert")))
          : DeltaTables.changes(spark, Table.of(table).path(s), consumed.version(table), now.version(table));
      if (rows.isEmpty()) {
        return java.util.Optional.empty();
      }
      changed.put(table, rows.get().localCheckpoint());
    }
    return java.util.Optional.of(changed);
  }

  /** The rows of a change feed that a change removed (deleted, or an update's old image). */
  static Dataset<Row> removed(Dataset<Row> changes) {
    return changes.filter(col("_change_type").isin("delete", "update_preimage"));
  }

  /** The rows of a change feed that a change added (inserted, or an update's new image). */
  static Dataset<Row> added(Dataset<Row> changes) {
    return changes.filter(col("_change_type").isin("insert", "update_postimage"));
  }

  /** Rows in one and not the other (both ways): a small table's changes between two versions. */
  static Dataset<Row> difference(Dataset<Row> before, Dataset<Row> after) {
    return before.exceptAll(after).unionByName(after.exceptAll(before));
  }

  /** The one-column {@code year} frame of a touched-years transform, collected. */
  static java.util.SortedSet<Integer> years(Dataset<Row> years) {
    java.util.SortedSet<Integer> out = new java.util.TreeSet<>();
    years.collectAsList().forEach(r -> out.add(r.getInt(0)));
    return out;
  }

  /** The last month a build of the years up to {@code toYear} counts stocks for: that year's end, or the as-of date in its year. */
  static LocalDate lastStockMonth(int toYear, LocalDate asOf) {
    return toYear < asOf.getYear() ? LocalDate.of(toYear, 12, 31) : asOf;
  }

  /** The statistics rows that differ between two watermarks (small table: compared whole). */
  static Dataset<Row> changedStatistics(SparkSession spark, Settings s, Watermarks.State consumed, Watermarks.State now) {
    String table = "cleaned.stats_figures";
    return difference(Table.of(table).readAt(spark, s, consumed.version(table)), Table.of(table).readAt(spark, s, now.version(table)));
  }
}
