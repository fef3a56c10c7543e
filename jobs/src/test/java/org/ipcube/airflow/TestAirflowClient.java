package org.ipcube.airflow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client against a stub that checks the exact requests Airflow's API expects (paths, bodies,
 * auth headers) and replays its documented answers: 409, 401 then a fresh token, 422, 5xx.
 */
class TestAirflowClient {
  @RegisterExtension
  static WireMockExtension airflow = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String RUN = "{\"dag_id\":\"ipcube_nightly\",\"dag_run_id\":\"ipcube__2024-03-05\","
      + "\"logical_date\":\"2024-03-05T00:00:00Z\",\"state\":\"%s\"}";

  static AirflowClient client(int version) {
    return new AirflowClient(settings(version));
  }

  static AirflowSettings settings(int version) {
    return AirflowSettings.fromEnvironment(Map.of(AirflowSettings.URL, airflow.baseUrl(), AirflowSettings.VERSION,
        String.valueOf(version), AirflowSettings.USERNAME, "ops", AirflowSettings.PASSWORD, "s3cret"), Path.of("/"))
        .withBackoff(3, Duration.ofMillis(10));
  }

  static void token(String token) {
    airflow.stubFor(post("/auth/token").withRequestBody(equalToJson("{\"username\":\"ops\",\"password\":\"s3cret\"}"))
        .willReturn(okJson("{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\"}")));
  }

  @Test
  void triggersARunWithADeterministicIdAndABearerToken() {
    token("t1");
    airflow.stubFor(post("/api/v2/dags/ipcube_nightly/dagRuns")
        .withHeader("Authorization", equalTo("Bearer t1"))
        .withRequestBody(equalToJson("{\"dag_run_id\":\"ipcube__2024-03-05\",\"logical_date\":\"2024-03-05T00:00:00Z\","
            + "\"conf\":{\"full\":\"false\"}}"))
        .willReturn(okJson(RUN.formatted("queued"))));
    AirflowClient.DagRun r = client(3).trigger("ipcube_nightly", LocalDate.parse("2024-03-05"), Map.of("full", "false"));
    assertThat(r).isEqualTo(new AirflowClient.DagRun("ipcube_nightly", "ipcube__2024-03-05", "2024-03-05T00:00:00Z", "queued",
        AirflowClient.TriggerOutcome.CREATED));
  }

  @Test
  void aConflictMeansAlreadyTriggeredAndReturnsTheExistingRun() {
    token("t1");
    airflow.stubFor(post("/api/v2/dags/ipcube_nightly/dagRuns")
        .willReturn(aResponse().withStatus(409).withBody("{\"detail\":\"DAG Run already exists\"}")));
    airflow.stubFor(get("/api/v2/dags/ipcube_nightly/dagRuns/ipcube__2024-03-05").willReturn(okJson(RUN.formatted("success"))));
    AirflowClient.DagRun r = client(3).trigger("ipcube_nightly", LocalDate.parse("2024-03-05"), Map.of());
    assertThat(r.outcome()).isEqualTo(AirflowClient.TriggerOutcome.ALREADY_TRIGGERED);
    assertThat(r.state()).isEqualTo("success");
  }

  @Test
  void anExpiredTokenIsFetchedAgainOnceAndTheRequestRepeated() {
    airflow.stubFor(post("/auth/token").inScenario("jwt").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(okJson("{\"access_token\":\"old\"}")).willSetStateTo("issued"));
    airflow.stubFor(post("/auth/token").inScenario("jwt").whenScenarioStateIs("issued")
        .willReturn(okJson("{\"access_token\":\"new\"}")));
    airflow.stubFor(get("/api/v2/dags/ipcube_nightly/dagRuns/ipcube__2024-03-05").withHeader("Authorization", equalTo("Bearer old"))
        .willReturn(aResponse().withStatus(401).withBody("{\"detail\":\"Token expired\"}")));
    airflow.stubFor(get("/api/v2/dags/ipcube_nightly/dagRuns/ipcube__2024-03-05").withHeader("Authorization", equalTo("Bearer new"))
        .willReturn(okJson(RUN.formatted("running"))));
    assertThat(client(3).dagRun("ipcube_nightly", "ipcube__2024-03-05").state()).isEqualTo("running");
    airflow.verify(2, postRequestedFor(urlEqualTo("/auth/token")));
  }

  @Test
  void unprocessableRequestsFailWithAirflowsDetail() {
    token("t1");
    airflow.stubFor(post("/api/v2/dags/ipcube_nightly/dagRuns").willReturn(aResponse().withStatus(422)
        .withBody("{\"detail\":[{\"loc\":[\"body\",\"logical_date\"],\"msg\":\"Input should be a valid datetime\"}]}")));
    assertThatThrownBy(() -> client(3).trigger("ipcube_nightly", LocalDate.parse("2024-03-05"), Map.of()))
        .isInstanceOf(AirflowException.class)
        .hasMessageContaining("answered 422")
        .hasMessageContaining("Input should be a valid datetime")
        .hasMessageContaining("Airflow rejected the request body");
  }

  @Test
  void serverErrorsAreRetriedWithBackOff() {
    token("t1");
    String path = "/api/v2/dags/ipcube_nightly/dagRuns/ipcube__2024-03-05";
    airflow.stubFor(get(path).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(503)).willSetStateTo("second"));
    airflow.stubFor(get(path).inScenario("flaky").whenScenarioStateIs("second")
        .willReturn(aResponse().withStatus(502)).willSetStateTo("third"));
    airflow.stubFor(get(path).inScenario("flaky").whenScenarioStateIs("third").willReturn(okJson(RUN.formatted("success"))));
    assertThat(client(3).dagRun("ipcube_nightly", "ipcube__2024-03-05").state()).isEqualTo("success");
    airflow.verify(3, getRequestedFor(urlEqualTo(path)));
  }

  @Test
  void serverErrorsBeyondTheAttemptsAreReported() {
    token("t1");
    airflow.stubFor(get("/api/v2/dags/ipcube_nightly/dagRuns/ipcube__2024-03-05").willReturn(aResponse().withStatus(500)));
    assertThatThrownBy(() -> client(3).dagRun("ipcube_nightly", "ipcube__2024-03-05"))
        .isInstanceOf(AirflowException.class).hasMessageContaining("Airflow failed 3 times");
  }

  @Test
  void airflow2UsesApiV1AndBasicAuth() {
    airflow.stubFor(post("/api/v1/dags/ipcube_nightly/dagRuns")
        .withHeader("Authorization", equalTo("Basic b3BzOnMzY3JldA=="))
        .withRequestBody(equalToJson("{\"dag_run_id\":\"ipcube__2024-03-05\",\"logical_date\":\"2024-03-05T00:00:00Z\",\"conf\":{}}"))
        .willReturn(okJson(RUN.formatted("queued"))));
    assertThat(client(2).trigger("ipcube_nightly", LocalDate.parse("2024-03-05"), Map.of()).state()).isEqualTo("queued");
    airflow.verify(0, postRequestedFor(urlEqualTo("/auth/token")));
  }

  @Test
  void waitsUntilTheRunFinishesReportingEachPoll() {
    token("t1");
    String path = "/api/v2/dags/ipcube_nightly/dagRuns/ipcube__2024-03-05";
    airflow.stubFor(get(path).inScenario("run").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(okJson(RUN.formatted("queued"))).willSetStateTo("running"));
    airflow.stubFor(get(path).inScenario("run").whenScenarioStateIs("running")
        .willReturn(okJson(RUN.formatted("running"))).willSetStateTo("done"));
    airflow.stubFor(get(path).inScenario("run").whenScenarioStateIs("done").willReturn(okJson(RUN.formatted("failed"))));
    List<String> seen = new ArrayList<>();
    AirflowClient.DagRun r = client(3).waitFor("ipcube_nightly", "ipcube__2024-03-05", Duration.ofSeconds(10),
        Duration.ofMillis(10), run -> seen.add(run.state()));
    assertThat(r.state()).isEqualTo("failed");
    assertThat(seen).containsExactly("queued", "running", "failed");
  }

  @Test
  void waitingGivesUpAtTheTimeout() {
    token("t1");
    airflow.stubFor(get("/api/v2/dags/ipcube_nightly/dagRuns/ipcube__2024-03-05").willReturn(okJson(RUN.formatted("running"))));
    assertThatThrownBy(() -> client(3).waitFor("ipcube_nightly", "ipcube__2024-03-05", Duration.ofMillis(50),
        Duration.ofMillis(20), run -> { }))
        .isInstanceOf(AirflowException.class).hasMessageContaining("is still running after PT0.05S");
  }

  @Test
  void listsTaskInstancesAndClearsTheFailedOnes() {
    token("t1");
    airflow.stubFor(get("/api/v2/dags/ipcube_nightly/dagRuns/ipcube__2024-03-05/taskInstances").willReturn(okJson(
        "{\"task_instances\":[{\"task_id\":\"raw_ingest_patent_biblio\",\"state\":\"success\",\"try_number\":1},"
            + "{\"task_id\":\"cleaned_patents\",\"state\":\"failed\",\"try_number\":3},"
            + "{\"task_id\":\"marts_regional_indicators\",\"state\":null,\"try_number\":0}],\"total_entries\":3}")));
    airflow.stubFor(post("/api/v2/dags/ipcube_nightly/clearTaskInstances")
        .withRequestBody(equalToJson("{\"dry_run\":false,\"dag_run_id\":\"ipcube__2024-03-05\",\"only_failed\":true,\"reset_dag_runs\":true}"))
        .willReturn(okJson("{\"task_instances\":[{\"task_id\":\"cleaned_patents\"}],\"total_entries\":1}")));
    AirflowClient c = client(3);
    assertThat(c.taskInstances("ipcube_nightly", "ipcube__2024-03-05")).containsExactly(
        new AirflowClient.TaskInstance("raw_ingest_patent_biblio", "success", 1),
        new AirflowClient.TaskInstance("cleaned_patents", "failed", 3),
        new AirflowClient.TaskInstance("marts_regional_indicators", "none", 0));
    assertThat(c.clearFailedTasks("ipcube_nightly", "ipcube__2024-03-05")).isEqualTo(1);
  }

  @Test
  void publishingAMartPostsAnAssetEventOnAirflow3AndADatasetEventOnAirflow2() {
    token("t1");
    airflow.stubFor(get("/api/v2/assets?uri_pattern=ipcube%3A%2F%2Fmarts%2Fregional_indicators").willReturn(okJson(
        "{\"assets\":[{\"id\":7,\"uri\":\"ipcube://marts/regional_indicators\"}],\"total_entries\":1}")));
    airflow.stubFor(post("/api/v2/assets/events")
        .withRequestBody(equalToJson("{\"asset_id\":7,\"extra\":{\"as_of_date\":\"2024-03-05\"}}"))
        .willReturn(okJson("{\"id\":1,\"asset_id\":7}")));
    airflow.stubFor(post("/api/v1/datasets/events")
        .withRequestBody(equalToJson("{\"dataset_uri\":\"ipcube://marts/regional_indicators\",\"extra\":{\"as_of_date\":\"2024-03-05\"}}"))
        .willReturn(okJson("{\"id\":1}")));
    client(3).postAssetEvent("ipcube://marts/regional_indicators", Map.of("as_of_date", "2024-03-05"));
    client(2).postAssetEvent("ipcube://marts/regional_indicators", Map.of("as_of_date", "2024-03-05"));
    airflow.verify(1, postRequestedFor(urlEqualTo("/api/v2/assets/events")));
    airflow.verify(1, postRequestedFor(urlEqualTo("/api/v1/datasets/events")));
  }

  @Test
  void thePasswordIsNeverPrinted() {
    assertThat(settings(3).toString()).doesNotContain("s3cret").contains("****");
  }

  @Test
  void aCredentialsFileInsideTheRepositoryIsRefused() {
    assertThatThrownBy(() -> AirflowSettings.fromEnvironment(Map.of(AirflowSettings.URL, "http://x",
        AirflowSettings.CREDENTIALS_FILE, Path.of("pom.xml").toAbsolutePath().toString()), Path.of("").toAbsolutePath()))
        .hasMessageContaining("is inside the repository");
  }
}
