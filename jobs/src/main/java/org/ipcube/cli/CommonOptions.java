package org.ipcube.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.ipcube.common.Settings;
import picocli.CommandLine.Option;

/** Options every command shares: where the configuration, landing zone and warehouse are. */
public final class CommonOptions {
  @Option(names = "--config", description = "Extra configuration file (HOCON) with overrides.")
  Path config;

  @Option(names = "--landing", description = "Landing root (overrides ipcube.landing-root).")
  String landing;

  @Option(names = "--warehouse", description = "Warehouse root (overrides ipcube.warehouse-root).")
  String warehouse;

  /** Loads and validates the settings: before any Spark work starts. */
  public Settings settings() {
    Settings s = Settings.load(Optional.ofNullable(config));
    return s.withRoots(landing != null ? landing : s.landingRoot(), warehouse != null ? warehouse : s.warehouseRoot());
  }
}
