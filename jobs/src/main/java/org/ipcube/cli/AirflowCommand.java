package org.ipcube.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ipcube.airflow.AirflowClient;
import org.ipcube.airflow.AirflowClient.DagRun;
import org.ipcube.airflow.AirflowException;
import org.ipcube.airflow.AirflowSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ipcube airflow ...}: drive a real Airflow deployment over its REST API. Connection from
 * {@code IPCUBE_AIRFLOW_URL}, {@code IPCUBE_AIRFLOW_VERSION} (3 or 2) and the credentials
 * variables (see {@link AirflowSettings}). Exit codes: 0 success, 1 error, 4 the run failed,
 * 5 timed out waiting, 6 the run has not finished yet (status).
 */
@Command(name = "airflow", mixinStandardHelpOptions = true,
    description = "Trigger, backfill, watch and clear ipcube's Airflow DAG runs over Airflow's REST API.",
    subcommands = {AirflowCommand.Trigger.class, AirflowCommand.Backfill.class, AirflowCommand.Status.class,
        AirflowCommand.Wait.class, AirflowCommand.ClearFailed.class, AirflowCommand.AssetEvent.class})
public final class AirflowCommand {
  public static final int RUN_FAILED = 4;
  public static final int TIMED_OUT = 5;
  public static final int NOT_FINISHED = 6;

  /** The environment the client reads; tests replace it. */
  static Map<String, String> environment = System.getenv();

  static AirflowClient client() {
    return new AirflowClient(AirflowSettings.fromEnvironment(environment, Path.of("").toAbsolutePath()));
  }

  abstract static class RunOptions {
    @Option(names = "--dag", defaultValue = "ipcube_nightly", description = "DAG id (default: ${DEFAULT-VALUE}).")
    String dag;
  }

  @Command(name = "trigger", mixinStandardHelpOptions = true, description = "Trigger the run of one logical date (409: already triggered, not an error).")
  static final class Trigger extends RunOptions implements Callable<Integer> {
    @Option(names = "--date", required = true, description = "Logical date (YYYY-MM-DD).")
    LocalDate date;

    @Option(names = "--conf", description = "key=value passed in the run's conf (repeatable).")
    Map<String, String> conf = new LinkedHashMap<>();

    @Override
    public Integer call() {
      DagRun r = client().trigger(dag, date, new LinkedHashMap<>(conf));
      System.out.printf("%s %s run %s (%s)%n", r.outcome() == AirflowClient.TriggerOutcome.CREATED ? "triggered" : "already triggered",
          r.dagId(), r.runId(), r.state());
      return 0;
    }
  }

  @Command(name = "backfill", mixinStandardHelpOptions = true, description = "Trigger one run per day of a range, optionally waiting for each.")
  static final class Backfill extends RunOptions implements Callable<Integer> {
    @Option(names = "--from", required = true, description = "First logical date.")
    LocalDate from;

    @Option(names = "--to", required = true, description = "Last logical date.")
    LocalDate to;

    @Option(names = "--wait", description = "Wait for each run before triggering the next (one writer at a time).")
    boolean waitEach;

    @Option(names = "--timeout", defaultValue = "PT6H", description = "Per-run wait timeout, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--poll", defaultValue = "PT30S", description = "Poll interval (default: ${DEFAULT-VALUE}).")
    Duration poll;

    @Override
    public Integer call() {
      AirflowClient c = client();
      int failed = 0;
      for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
        DagRun r = c.trigger(dag, d, Map.of());
        System.out.printf("%s %s (%s)%n", r.outcome() == AirflowClient.TriggerOutcome.CREATED ? "triggered" : "already triggered",
            r.runId(), r.state());
        if (waitEach) {
          DagRun done = Wait.await(c, dag, r.runId(), timeout, poll);
          if (done.state().equals("failed")) failed++;
        }
      }
      return failed > 0 ? RUN_FAILED : 0;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Show a run's state and its task instances.")
  static final class Status extends RunOptions implements Callable<Integer> {
    @Option(names = "--date", required = true, description = "Logical date of the run.")
    LocalDate date;

    @Override
    public Integer call() {
      AirflowClient c = client();
      DagRun r = c.dagRun(dag, AirflowClient.runId(date));
      System.out.printf("%s %s: %s%n", r.dagId(), r.runId(), r.state());
      List<AirflowClient.TaskInstance> tasks = c.taskInstances(dag, r.runId());
      for (AirflowClient.TaskInstance t : tasks) {
        System.out.printf("  %-40s %-16s try %d%n", t.taskId(), t.state(), t.tryNumber());
      }
      return r.state().equals("success") ? 0 : r.state().equals("failed") ? RUN_FAILED : NOT_FINISHED;
    }
  }

  @Command(name = "wait", mixinStandardHelpOptions = true, description = "Wait for a run to finish; exit 0 success, 4 failed, 5 timeout.")
  static final class Wait extends RunOptions implements Callable<Integer> {
    @Option(names = "--date", required = true, description = "Logical date of the run.")
    LocalDate date;

    @Option(names = "--timeout", defaultValue = "PT6H", description = "ISO-8601 duration (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--poll", defaultValue = "PT30S", description = "Poll interval (default: ${DEFAULT-VALUE}).")
    Duration poll;

    @Override
    public Integer call() {
      try {
        DagRun r = await(client(), dag, AirflowClient.runId(date), timeout, poll);
        return r.state().equals("success") ? 0 : RUN_FAILED;
      } catch (AirflowException e) {
        if (e.status() == 0 && e.getMessage().contains("still")) {
          System.err.println("ipcube: " + e.getMessage());
          return TIMED_OUT;
        }
        throw e;
      }
    }

    static DagRun await(AirflowClient c, String dag, String runId, Duration timeout, Duration poll) {
      String[] last = {""};
      DagRun r = c.waitFor(dag, runId, timeout, poll, run -> {
        if (!run.state().equals(last[0])) {
          System.out.printf("%s %s: %s%n", run.dagId(), run.runId(), run.state());
          last[0] = run.state();
        }
      });
      return r;
    }
  }

  @Command(name = "clear-failed", mixinStandardHelpOptions = true, description = "Clear a run's failed tasks so they run again.")
  static final class ClearFailed extends RunOptions implements Callable<Integer> {
    @Option(names = "--date", required = true, description = "Logical date of the run.")
    LocalDate date;

    @Override
    public Integer call() {
      int n = client().clearFailedTasks(dag, AirflowClient.runId(date));
      System.out.printf("cleared %d failed task instance(s) of %s %s%n", n, dag, AirflowClient.runId(date));
      return 0;
    }
  }

  @Command(name = "asset-event", mixinStandardHelpOptions = true, description = "Record that a mart was published (asset event; dataset event on Airflow 2).")
  static final class AssetEvent implements Callable<Integer> {
    @Option(names = "--uri", defaultValue = "ipcube://marts/regional_indicators", description = "Asset URI (default: ${DEFAULT-VALUE}).")
    String uri;

    @Option(names = "--as-of", description = "The delivery date the mart reflects (sent in extra).")
    LocalDate asOf;

    @Override
    public Integer call() {
      Map<String, Object> extra = new LinkedHashMap<>();
      if (asOf != null) extra.put("as_of_date", asOf.toString());
      client().postAssetEvent(uri, extra);
      System.out.printf("asset event posted for %s%n", uri);
      return 0;
    }
  }
}
