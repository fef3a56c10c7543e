package org.ipcube.cli;

import java.time.LocalDate;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --notify-airflow}: after the mart is written, tell Airflow (asset event; dataset event on
 * Airflow 2) so DAGs scheduled on {@code ipcube://marts/regional_indicators} run. Inside Airflow
 * the marts task's outlet does this; the option is for loads run outside it.
 */
public final class NotifyOptions {
  public static final String MART_URI = "ipcube://marts/regional_indicators";

  @Option(names = "--notify-airflow", description = "Post an asset event for " + MART_URI + " when done (uses IPCUBE_AIRFLOW_*).")
  boolean notifyAirflow;

  void afterPublish(LocalDate asOf) {
    if (!notifyAirflow) return;
    AirflowCommand.client().postAssetEvent(MART_URI, Map.of("as_of_date", asOf.toString()));
    System.out.printf("airflow: asset event posted for %s (as of %s)%n", MART_URI, asOf);
  }
}
