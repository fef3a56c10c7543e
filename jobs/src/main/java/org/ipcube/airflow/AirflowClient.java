package org.ipcube.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A small typed client of Airflow's stable REST API, for Airflow 3 ({@code /api/v2}, a JWT from
 * {@code /auth/token}, fetched again once on a 401) and Airflow 2 ({@code /api/v1}, basic auth).
 * 5xx answers and connection failures are retried with exponential back-off; other 4xx answers
 * are errors that carry Airflow's own detail. Runs get deterministic ids ({@code ipcube__<date>}),
 * so triggering twice is safe: a 409 means the run already exists, and that run is returned.
 */
public final class AirflowClient {

  /** Whether a trigger created the run or found it already there. */
  public enum TriggerOutcome { CREATED, ALREADY_TRIGGERED }

  public record DagRun(String dagId, String runId, String logicalDate, String state, TriggerOutcome outcome) {
    public boolean isFinished() {
      return state.equals("success") || state.equals("failed");
    }
  }

  public record TaskInstance(String taskId, String state, int tryNumber) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final AirflowSettings settings;
  private final HttpClient http;
  private String token;

  public AirflowClient(AirflowSettings settings) {
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
  }

  /** The deterministic run id of a logical date: the same date always names the same run. */
  public static String runId(LocalDate logicalDate) {
    return "ipcube__" + logicalDate;
  }

  public DagRun trigger(String dagId, LocalDate logicalDate, Map<String, Object> conf) {
    ObjectNode body = JSON.createObjectNode();
    body.put("dag_run_id", runId(logicalDate));
    body.put("logical_date", logicalDate + "T00:00:00Z");
    body.set("conf", JSON.valueToTree(conf));
    Response r = send("POST", "/dags/" + enc(dagId) + "/dagRuns", body, 409);
    if (r.status() == 409) {
      DagRun existing = dagRun(dagId, runId(logicalDate));
      return new DagRun(existing.dagId(), existing.runId(), existing.logicalDate(), existing.state(), TriggerOutcome.ALREADY_TRIGGERED);
    }
    return run(dagId, r.json(), TriggerOutcome.CREATED);
  }

  /** One run per day from {@code from} to {@code to}, in order; existing runs are returned as they are. */
  public List<DagRun> triggerRange(String dagId, LocalDate from, LocalDate to, Map<String, Object> conf) {
    List<DagRun> out = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      out.add(trigger(dagId, d, conf));
    }
    return out;
  }

  public DagRun dagRun(String dagId, String runId) {
    return run(dagId, send("GET", "/dags/" + enc(dagId) + "/dagRuns/" + enc(runId), null).json(), null);
  }

  /**
   * Polls until the run succeeds or fails, calling {@code progress} on every poll.
   *
   * @throws AirflowException with status 0 when {@code timeout} passes first
   */
  public DagRun waitFor(String dagId, String runId, Duration timeout, Duration poll, Consumer<DagRun> progress) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      DagRun r = dagRun(dagId, runId);
      progress.accept(r);
      if (r.isFinished()) return r;
      if (System.nanoTime() + poll.toNanos() > deadline) {
        throw new AirflowException(0, "Run " + runId + " of " + dagId + " is still " + r.state() + " after " + timeout + ".",
            "it has not finished in time.", "Wait longer (--timeout) or look at its tasks with `ipcube airflow status`.");
      }
      sleep(poll);
    }
  }

  public List<TaskInstance> taskInstances(String dagId, String runId) {
    JsonNode j = send("GET", "/dags/" + enc(dagId) + "/dagRuns/" + enc(runId) + "/taskInstances", null).json();
    List<TaskInstance> out = new ArrayList<>();
    for (JsonNode t : j.path("task_instances")) {
      out.add(new TaskInstance(t.path("task_id").asText(), t.path("state").isNull() ? "none" : t.path("state").asText("none"),
          t.path("try_number").asInt(0)));
    }
    return out;
  }

  /** Clears the failed task instances of a run (so the scheduler runs them again); returns how many. */
  public int clearFailedTasks(String dagId, String runId) {
    ObjectNode body = JSON.createObjectNode();
    body.put("dry_run", false);
    body.put("dag_run_id", runId);
    body.put("only_failed", true);
    body.put("reset_dag_runs", true);
    JsonNode j = send("POST", "/dags/" + enc(dagId) + "/clearTaskInstances", body).json();
    return j.path("task_instances").size();
  }

  /**
   * Records that a mart was published, so DAGs scheduled on it run: an asset event (Airflow 3,
   * looked up by URI) or a dataset event (Airflow 2).
   */
  public void postAssetEvent(String uri, Map<String, Object> extra) {
    ObjectNode body = JSON.createObjectNode();
    body.set("extra", JSON.valueToTree(extra));
    if (settings.apiVersion() >= 3) {
      JsonNode assets = send("GET", "/assets?uri_pattern=" + enc(uri), null).json();
      long id = -1;
      for (JsonNode a : assets.path("assets")) {
        if (a.path("uri").asText().equals(uri)) id = a.path("id").asLong();
      }
      if (id < 0) {
        throw new AirflowException(404, "Airflow has no asset " + uri + ".", "no DAG declares it as an outlet or a schedule.",
            "Deploy the ipcube DAGs (dags/) first; they declare the mart assets.");
      }
      body.put("asset_id", id);
      send("POST", "/assets/events", body);
    } else {
      body.put("dataset_uri", uri);
      send("POST", "/datasets/events", body);
    }
  }

  private DagRun run(String dagId, JsonNode j, TriggerOutcome outcome) {
    String logical = j.path("logical_date").isNull() ? null : j.path("logical_date").asText(null);
    return new DagRun(j.path("dag_id").asText(dagId), j.path("dag_run_id").asText(), logical, j.path("state").asText("none"), outcome);
  }

  private record Response(int status, JsonNode json) {}

  private Response send(String method, String path, JsonNode body, int... acceptedErrors) {
    URI uri = URI.create(settings.baseUrl() + settings.apiPrefix() + path);
    boolean reauthenticated = false;
    Duration backoff = settings.initialBackoff();
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response;
      try {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(settings.requestTimeout())
            .header("Accept", "application/json").header("Authorization", authorization());
        if (body != null) {
          b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
          b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        if (attempt >= settings.maxAttempts()) {
          throw new AirflowException(0, method + " " + uri + " failed: " + e.getMessage() + ".", "Airflow could not be reached "
              + attempt + " times.", "Check " + AirflowSettings.URL + " and the network.");
        }
        sleep(backoff);
        backoff = backoff.multipliedBy(2);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AirflowException(0, "Interrupted.", "the request to " + uri + " was interrupted.", "Run the command again.");
      }
      int status = response.statusCode();
      if (status == 401 && settings.apiVersion() >= 3 && !reauthenticated) {
        token = null; // the JWT expired or was revoked: fetch a new one, once
        reauthenticated = true;
        attempt--;
        continue;
      }
      if (status >= 500 && attempt < settings.maxAttempts()) {
        sleep(backoff);
        backoff = backoff.multipliedBy(2);
        continue;
      }
      for (int accepted : acceptedErrors) {
        if (status == accepted) return new Response(status, parse(response.body()));
      }
      if (status >= 400) {
        throw new AirflowException(status, method + " " + uri + " answered " + status + ": " + detail(response.body()) + ".",
            status == 401 || status == 403 ? "the credentials were refused or lack the permission."
                : status == 404 ? "the DAG or run does not exist in that Airflow."
                : status == 422 ? "Airflow rejected the request body."
                : status >= 500 ? "Airflow failed " + attempt + " times." : "Airflow refused the request.",
            status == 401 || status == 403 ? "Check " + AirflowSettings.USERNAME + " / " + AirflowSettings.PASSWORD + "."
                : status == 404 ? "Check the DAG id and that the dags/ folder is deployed." : "See Airflow's detail above.");
      }
      return new Response(status, parse(response.body()));
    }
  }

  private String authorization() {
    if (settings.apiVersion() < 3) {
      return "Basic " + Base64.getEncoder().encodeToString((settings.username() + ":" + settings.password())
          .getBytes(StandardCharsets.UTF_8));
    }
    if (token == null) token = fetchToken();
    return "Bearer " + token;
  }

  private String fetchToken() {
    ObjectNode body = JSON.createObjectNode();
    body.put("username", settings.username());
    body.put("password", settings.password());
    URI uri = URI.create(settings.baseUrl() + "/auth/token");
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(settings.requestTimeout())
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 300) {
        throw new AirflowException(r.statusCode(), "POST " + uri + " answered " + r.statusCode() + ": " + detail(r.body()) + ".",
            "Airflow refused the username and password.", "Check " + AirflowSettings.USERNAME + " / " + AirflowSettings.PASSWORD + ".");
      }
      String t = parse(r.body()).path("access_token").asText(null);
      if (t == null) {
        throw new AirflowException(r.statusCode(), "POST " + uri + " returned no access_token.", "the answer is not Airflow 3's.",
            "Set " + AirflowSettings.VERSION + "=2 for Airflow 2.");
      }
      return t;
    } catch (IOException e) {
      throw new AirflowException(0, "POST " + uri + " failed: " + e.getMessage() + ".", "Airflow could not be reached.",
          "Check " + AirflowSettings.URL + ".");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AirflowException(0, "Interrupted.", "the token request was interrupted.", "Run the command again.");
    }
  }

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode().put("detail", body);
    }
  }

  private static String detail(String body) {
    JsonNode j = parse(body);
    JsonNode d = j.path("detail");
    return d.isMissingNode() ? body : d.isTextual() ? d.asText() : d.toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
