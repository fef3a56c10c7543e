package org.ipcube.common;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Typed, validated view of the configuration. Defaults and one-line docs for every key live in
 * {@code reference.conf}; {@code conf/<env>.conf} and an optional file hold overrides. Loaded and
 * validated once, before Spark starts, so a typo fails in milliseconds rather than mid-job.
 */
public record Settings(
    String landingRoot,
    String warehouseRoot,
    String sparkMaster,
    int shufflePartitions,
    Map<String, String> sparkExtra,
    int publicationLagDays,
    boolean verifyChecksums,
    int boundaryYear,
    String patentTypeSource,
    int applicationsIncompleteMonths,
    int highValueMaintainedYears,
    String highValueMaintainedFrom,
    double highValuePledgeThresholdWan,
    double pledgeInclusiveThresholdWan,
    String exportsRoot,
    int keepPreviousVersions,
    String postgresUrl,
    String postgresUser,
    String postgresSchema,
    boolean postgresRowLevelSecurity,
    long generatorSeed,
    int generatorPatentsPerYear,
    double generatorDirtRate,
    int generatorRecordsPerFile,
    int lockWaitMinutes,
    int lockStaleAfterHours,
    int qualityTrailingDeliveries,
    double qualityChangeFactor,
    double qualityMaxQuarantinedShare,
    double qualityMaxUnresolvedAddressShare,
    int progressIntervalSeconds,
    String chromium) {

  /** Loads reference.conf + conf/&lt;env&gt;.conf + the optional file, then validates. */
  public static Settings load(Optional<Path> overrideFile) {
    String env = System.getProperty("ipcube.env", Optional.ofNullable(System.getenv("IPCUBE_ENV")).orElse("local"));
    Config config = ConfigFactory.defaultOverrides();
    if (overrideFile.isPresent()) {
      Path file = overrideFile.get();
      if (!Files.isRegularFile(file)) {
        throw new IpcubeException("Configuration file " + file + " does not exist.",
            "--config names a file that is not there.", "Pass the path of an existing .conf file.");
      }
      config = config.withFallback(ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)));
    }
    Config envConf = ConfigFactory.parseResources("conf/" + env + ".conf");
    if (envConf.isEmpty() && !env.equals("local")) {
      throw new IpcubeException("Unknown environment '" + env + "'.",
          "there is no conf/" + env + ".conf in the jar.", "Set IPCUBE_ENV to local or cluster, or add conf/" + env + ".conf.");
    }
    config = config.withFallback(envConf).withFallback(ConfigFactory.defaultReference()).resolve();
    return fromConfig(config);
  }

  /** Builds and validates settings from an already merged config (tests use this with overrides). */
  public static Settings fromConfig(Config merged) {
    Config c = merged.getConfig("ipcube");
    try {
      Config reference = ConfigFactory.defaultReference().getConfig("ipcube");
      c.checkValid(reference);
      rejectUnknownKeys(c, reference);
      Map<String, String> extra = new LinkedHashMap<>();
      for (Map.Entry<String, ConfigValue> e : c.getConfig("spark.extra").entrySet()) {
        extra.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped()));
      }
      Settings s = new Settings(
          c.getString("landing-root"),
          c.getString("warehouse-root"),
          c.getString("spark.master"),
          c.getInt("spark.shuffle-partitions"),
          extra,
          c.getInt("feeds.publication-lag-days"),
          c.getBoolean("feeds.verify-checksums"),
          c.getInt("regions.boundary-year"),
          c.getString("patents.type-source"),
          c.getInt("patents.applications-incomplete-months"),
          c.getInt("patents.high-value.maintained-years"),
          c.getString("patents.high-value.maintained-from"),
          c.getDouble("patents.high-value.pledge-threshold-wan"),
          c.getDouble("pledges.inclusive-threshold-wan"),
          c.getString("publish.exports-root"),
          c.getInt("publish.keep-previous-versions"),
          c.getString("publish.postgres.url"),
          c.getString("publish.postgres.user"),
          c.getString("publish.postgres.schema"),
          c.getBoolean("publish.postgres.row-level-security"),
          c.getLong("generator.seed"),
          c.getInt("generator.patents-per-year"),
          c.getDouble("generator.dirt-rate"),
          c.getInt("generator.records-per-file"),
          c.getInt("lock.wait-minutes"),
          c.getInt("lock.stale-after-hours"),
          c.getInt("quality.trailing-deliveries"),
          c.getDouble("quality.change-factor"),
          c.getDouble("quality.max-quarantined-share"),
          c.getDouble("quality.max-unresolved-address-share"),
          c.getInt("progress.interval-seconds"),
          c.getString("report.chromium"));
      s.validate();
      return s;
    } catch (ConfigException e) {
      throw new IpcubeException("Invalid configuration: " + e.getMessage(),
          "a setting is missing, misspelt or of the wrong type.",
          "Compare with jobs/src/main/resources/reference.conf, which lists every key with its default.", e);
    }
  }

  /**
   * A misspelt key would otherwise be ignored and its default used silently. Every key must be one
   * reference.conf documents, except the free-form pass-through {@code spark.extra} and {@code env}
   * (the environment name, also settable as -Dipcube.env).
   */
  static void rejectUnknownKeys(Config c, Config reference) {
    for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
      String key = e.getKey();
      if (key.startsWith("spark.extra.") || key.equals("env") || reference.hasPathOrNull(key)) continue;
      String closest = null;
      int best = Integer.MAX_VALUE;
      for (Map.Entry<String, ConfigValue> known : reference.entrySet()) {
        int d = editDistance(key, known.getKey());
        if (d < best) {
          best = d;
          closest = known.getKey();
        }
      }
      String origin = e.getValue().origin() == null ? "" : " (" + e.getValue().origin().description() + ")";
      throw new IpcubeException("Unknown configuration key ipcube." + key + origin + ".",
          "reference.conf documents every key; a misspelt one would be ignored and its default used.",
          closest != null && best <= Math.max(3, key.length() / 3) ? "Did you mean ipcube." + closest + "?"
              : "Remove it, or compare with jobs/src/main/resources/reference.conf.");
    }
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private void validate() {
    require(shufflePartitions > 0, "ipcube.spark.shuffle-partitions", "a positive number");
    require(progressIntervalSeconds >= 0, "ipcube.progress.interval-seconds", "0 (off) or more");
    require(publicationLagDays >= 0 && publicationLagDays <= 366, "ipcube.feeds.publication-lag-days", "0..366 days");
    require(boundaryYear == 0 || (boundaryYear >= 2016 && boundaryYear <= 2100), "ipcube.regions.boundary-year", "0 or a snapshot year");
    require(patentTypeSource.equals("application-number") || patentTypeSource.equals("declared"),
        "ipcube.patents.type-source", "\"application-number\" or \"declared\"");
    require(applicationsIncompleteMonths >= 0, "ipcube.patents.applications-incomplete-months", "0 or more");
    require(highValueMaintainedYears > 0, "ipcube.patents.high-value.maintained-years", "a positive number");
    require(highValueMaintainedFrom.equals("filing") || highValueMaintainedFrom.equals("grant"),
        "ipcube.patents.high-value.maintained-from", "\"filing\" or \"grant\"");
    require(highValuePledgeThresholdWan >= 0, "ipcube.patents.high-value.pledge-threshold-wan", "0 or more (万元)");
    require(pledgeInclusiveThresholdWan > 0, "ipcube.pledges.inclusive-threshold-wan", "more than 0 (万元)");
    require(keepPreviousVersions >= 0, "ipcube.publish.keep-previous-versions", "0 or more");
    require(postgresUrl.isEmpty() || postgresUrl.startsWith("jdbc:postgresql:"), "ipcube.publish.postgres.url",
        "empty or a jdbc:postgresql: URL");
    require(postgresSchema.matches("[a-z_][a-z0-9_]{0,40}"), "ipcube.publish.postgres.schema", "a lower-case SQL identifier");
    require(generatorPatentsPerYear >= 0, "ipcube.generator.patents-per-year", "0 or more");
    require(generatorDirtRate >= 0 && generatorDirtRate <= 1, "ipcube.generator.dirt-rate", "a share between 0 and 1");
    require(generatorRecordsPerFile > 0, "ipcube.generator.records-per-file", "a positive number");
    require(lockWaitMinutes >= 0, "ipcube.lock.wait-minutes", "0 or more");
    require(lockStaleAfterHours > 0, "ipcube.lock.stale-after-hours", "a positive number");
    require(qualityTrailingDeliveries > 0, "ipcube.quality.trailing-deliveries", "a positive number");
    require(qualityChangeFactor > 1, "ipcube.quality.change-factor", "more than 1");
    require(qualityMaxQuarantinedShare >= 0 && qualityMaxQuarantinedShare <= 1, "ipcube.quality.max-quarantined-share", "a share between 0 and 1");
    require(qualityMaxUnresolvedAddressShare >= 0 && qualityMaxUnresolvedAddressShare <= 1, "ipcube.quality.max-unresolved-address-share",
        "a share between 0 and 1");
  }

  private static void require(boolean ok, String key, String expected) {
    if (!ok) {
      throw new IpcubeException("Invalid value for " + key + ".", "it must be " + expected + ".",
          "Fix the override in conf/ or the -D" + key + " property; reference.conf documents the key.");
    }
  }

  /** Where publish writes the notebook exports: the configured root, or {@code <warehouse-root>/exports}. */
  public String exportsLocation() {
    return exportsRoot.isEmpty() ? warehouseRoot + "/exports" : exportsRoot;
  }

  /** Path of a warehouse table, e.g. {@code tablePath("cleaned", "patents")}. */
  public String tablePath(String layer, String table) {
    return warehouseRoot + "/" + layer + "/" + table;
  }

  /**
   * The settings the warehouse's content depends on (counting rules and thresholds), as one text:
   * a job records it beside its input versions and rebuilds when it differs, so an incremental
   * run never mixes rows derived under two rule sets. Paths, Spark and serving settings are left
   * out: they change where and how fast, not what.
   */
  public String contentFingerprint() {
    return "lag=" + publicationLagDays + ";boundary=" + boundaryYear + ";type=" + patentTypeSource + ";incomplete="
        + applicationsIncompleteMonths + ";hv_years=" + highValueMaintainedYears + ";hv_from=" + highValueMaintainedFrom
        + ";hv_pledge=" + highValuePledgeThresholdWan + ";pledge_inclusive=" + pledgeInclusiveThresholdWan;
  }

  public Settings withRoots(String landing, String warehouse) {
    return new Settings(landing, warehouse, sparkMaster, shufflePartitions, sparkExtra, publicationLagDays,
        verifyChecksums, boundaryYear, patentTypeSource, applicationsIncompleteMonths, highValueMaintainedYears,
        highValueMaintainedFrom, highValuePledgeThresholdWan, pledgeInclusiveThresholdWan, exportsRoot, keepPreviousVersions,
        postgresUrl, postgresUser, postgresSchema, postgresRowLevelSecurity, generatorSeed, generatorPatentsPerYear,
        generatorDirtRate, generatorRecordsPerFile, lockWaitMinutes, lockStaleAfterHours, qualityTrailingDeliveries, qualityChangeFactor,
        qualityMaxQuarantinedShare, qualityMaxUnresolvedAddressShare, progressIntervalSeconds, chromium);
  }
}
