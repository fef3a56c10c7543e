package org.ipcube.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.ipcube.airflow.AirflowSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code ipcube airflow ...} end to end against the stubbed API: output and exit codes. */
class TestAirflowCli {
  @RegisterExtension
  static WireMockExtension airflow = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private PrintStream saved;

  @BeforeEach
  void connect() {
    AirflowCommand.environment = Map.of(AirflowSettings.URL, airflow.baseUrl(), AirflowSettings.USERNAME, "ops",
        AirflowSettings.PASSWORD, "s3cret");
    airflow.stubFor(post("/auth/token").willReturn(okJson("{\"access_token\":\"t\"}")));
    saved = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(saved);
    AirflowCommand.environment = System.getenv();
  }

  private static String run(String date, String state) {
    return "{\"dag_id\":\"ipcube_nightly\",\"dag_run_id\":\"ipcube__" + date + "\",\"logical_date\":\"" + date
        + "T00:00:00Z\",\"state\":\"" + state + "\"}";
  }

  @Test
  void triggerPrintsTheRunAndExitsZero() {
    airflow.stubFor(post("/api/v2/dags/ipcube_nightly/dagRuns").willReturn(okJson(run("2024-03-05", "queued"))));
    int code = IpcubeCli.commandLine().execute("airflow", "trigger", "--date", "2024-03-05", "--conf", "full=false");
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("triggered ipcube_nightly run ipcube__2024-03-05 (queued)\n");
  }

  @Test
  void backfillTriggersOneRunPerDay() {
    for (String d : new String[] {"2024-03-01", "2024-03-02", "2024-03-03"}) {
      airflow.stubFor(post("/api/v2/dags/ipcube_nightly/dagRuns")
          .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("ipcube__" + d))
          .willReturn(okJson(run(d, "queued"))));
    }
    int code = IpcubeCli.commandLine().execute("airflow", "backfill", "--from", "2024-03-01", "--to", "2024-03-03");
    assertThat(code).isZero();
    airflow.verify(3, postRequestedFor(urlEqualTo("/api/v2/dags/ipcube_nightly/dagRuns")));
    assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        "triggered ipcube__2024-03-01 (queued)", "triggered ipcube__2024-03-02 (queued)", "triggered ipcube__2024-03-03 (queued)");
  }

  @Test
  void waitExitsFourWhenTheRunFailed() {
    airflow.stubFor(get("/api/v2/dags/ipcube_nightly/dagRuns/ipcube__2024-03-05").willReturn(okJson(run("2024-03-05", "failed"))));
    int code = IpcubeCli.commandLine().execute("airflow", "wait", "--date", "2024-03-05", "--poll", "PT0.01S");
    assertThat(code).isEqualTo(AirflowCommand.RUN_FAILED);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("ipcube_nightly ipcube__2024-03-05: failed");
  }

  @Test
  void waitExitsFiveOnTimeout() {
    airflow.stubFor(get("/api/v2/dags/ipcube_nightly/dagRuns/ipcube__2024-03-05").willReturn(okJson(run("2024-03-05", "running"))));
    int code = IpcubeCli.commandLine().execute("airflow", "wait", "--date", "2024-03-05", "--timeout", "PT0.05S", "--poll", "PT0.02S");
    assertThat(code).isEqualTo(AirflowCommand.TIMED_OUT);
  }

  @Test
  void statusListsTasksAndSaysNotFinished() {
    airflow.stubFor(get("/api/v2/dags/ipcube_nightly/dagRuns/ipcube__2024-03-05").willReturn(okJson(run("2024-03-05", "running"))));
    airflow.stubFor(get("/api/v2/dags/ipcube_nightly/dagRuns/ipcube__2024-03-05/taskInstances").willReturn(okJson(
        "{\"task_instances\":[{\"task_id\":\"cleaned_patents\",\"state\":\"running\",\"try_number\":1}],\"total_entries\":1}")));
    int code = IpcubeCli.commandLine().execute("airflow", "status", "--date", "2024-03-05");
    assertThat(code).isEqualTo(AirflowCommand.NOT_FINISHED);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("ipcube_nightly ipcube__2024-03-05: running").contains("cleaned_patents");
  }

  @Test
  void aLoadRunWithNotifyAirflowPostsTheMartsAssetEvent() {
    airflow.stubFor(get("/api/v2/assets?uri_pattern=ipcube%3A%2F%2Fmarts%2Fregional_indicators").willReturn(okJson(
        "{\"assets\":[{\"id\":3,\"uri\":\"ipcube://marts/regional_indicators\"}],\"total_entries\":1}")));
    airflow.stubFor(post("/api/v2/assets/events")
        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.equalToJson("{\"asset_id\":3,\"extra\":{\"as_of_date\":\"2024-03-05\"}}"))
        .willReturn(okJson("{\"id\":1}")));
    NotifyOptions notify = new NotifyOptions();
    notify.afterPublish(java.time.LocalDate.parse("2024-03-05"));
    airflow.verify(0, postRequestedFor(urlEqualTo("/api/v2/assets/events")));
    notify.notifyAirflow = true;
    notify.afterPublish(java.time.LocalDate.parse("2024-03-05"));
    airflow.verify(1, postRequestedFor(urlEqualTo("/api/v2/assets/events")));
  }
}
