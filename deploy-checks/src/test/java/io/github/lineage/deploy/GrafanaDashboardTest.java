package io.github.lineage.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lineage.core.metrics.PromQl;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** grafana/: the dashboard JSON and its provisioning. */
class GrafanaDashboardTest {

  static final String DASHBOARD = "grafana/dashboards/lineage.json";
  static final String DATASOURCES = "grafana/provisioning/datasources/prometheus.yml";
  static final String PROVIDERS = "grafana/provisioning/dashboards/lineage.yml";

  @Test
  void shouldGiveEveryPanelAQueryOnTheProvisionedDatasource() {
    String datasourceUid =
        RepoFiles.yaml(DATASOURCES).path("datasources").get(0).path("uid").asText();
    List<String> problems = new ArrayList<>();
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : panels()) {
      String title = panel.path("title").asText();
      if (!ids.add(panel.path("id").asInt())) {
        problems.add(title + ": duplicate panel id " + panel.path("id"));
      }
      if (panel.path("type").asText().equals("row")) {
        continue;
      }
      if (panel.path("targets").isEmpty()) {
        problems.add(title + ": no query");
      }
      for (JsonNode target : panel.path("targets")) {
        if (target.path("expr").asText().isBlank()) {
          problems.add(title + ": empty query " + target.path("refId").asText());
        }
        if (!target.path("datasource").path("uid").asText().equals(datasourceUid)) {
          problems.add(
              title + ": datasource " + target.path("datasource") + " is not " + datasourceUid);
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void shouldQueryOnlyMetricsTheProjectEmits() {
    List<String> unknown = new ArrayList<>();
    for (JsonNode panel : panels()) {
      for (JsonNode target : panel.path("targets")) {
        for (String name : PromQl.metricNames(target.path("expr").asText())) {
          if (!EmittedMetrics.isEmitted(name)) {
            unknown.add(panel.path("title").asText() + ": " + name);
          }
        }
      }
    }
    assertThat(unknown)
        .as("metric names no code emits (known: %s)", EmittedMetrics.names())
        .isEmpty();
  }

  @Test
  void shouldShowWhatSpecSectionSevenAsksFor() {
    List<JsonNode> panels = panels();
    assertThat(panel(panels, "files_processed_total").path("title").asText())
        .containsIgnoringCase("throughput");
    assertThat(panel(panels, "parse_cache_hit_total").path("type").asText()).isEqualTo("gauge");
    assertThat(panel(panels, "batch_size_bucket").path("type").asText()).isEqualTo("heatmap");
    assertThat(panel(panels, "queue_size").path("title").asText()).containsIgnoringCase("lag");
    assertThat(panel(panels, "active_workers").path("title").asText())
        .containsIgnoringCase("workers");
    assertThat(panel(panels, "feature_flag_enabled").path("title").asText())
        .containsIgnoringCase("flag");
    JsonNode durations = panel(panels, "batch_processing_duration_seconds_bucket");
    assertThat(durations.path("targets").findValuesAsText("expr"))
        .anyMatch(e -> e.contains("0.50"))
        .anyMatch(e -> e.contains("0.95"))
        .anyMatch(e -> e.contains("0.99"));
    assertThat(panels)
        .anyMatch(
            p ->
                p.path("targets").findValuesAsText("expr").stream()
                        .anyMatch(e -> e.contains("files_processed_total"))
                    && p.path("targets").findValuesAsText("expr").stream()
                        .anyMatch(e -> e.contains("files_failed_total")));
  }

  @Test
  void shouldProvisionTheDashboardFromTheFolderComposeMounts() {
    String providerPath =
        RepoFiles.yaml(PROVIDERS).path("providers").get(0).path("options").path("path").asText();
    JsonNode grafana = RepoFiles.yaml(ComposeFileTest.COMPOSE).path("services").path("grafana");
    List<String> mounts = new ArrayList<>();
    grafana.path("volumes").forEach(v -> mounts.add(v.asText()));
    assertThat(mounts)
        .contains(
            "./grafana/dashboards:" + providerPath + ":ro",
            "./grafana/provisioning:/etc/grafana/provisioning:ro");
    String url = RepoFiles.yaml(DATASOURCES).path("datasources").get(0).path("url").asText();
    assertThat(url).isEqualTo("http://prometheus:9090");
    assertThat(RepoFiles.yaml(ComposeFileTest.COMPOSE).path("services").has("prometheus")).isTrue();
  }

  private static List<JsonNode> panels() {
    JsonNode dashboard = RepoFiles.json(DASHBOARD);
    assertThat(dashboard.path("uid").asText()).isNotBlank();
    List<JsonNode> panels = new ArrayList<>();
    dashboard
        .path("panels")
        .forEach(
            p -> {
              panels.add(p);
              p.path("panels").forEach(panels::add); // panels of collapsed rows
            });
    assertThat(panels).isNotEmpty();
    return panels;
  }

  private static JsonNode panel(List<JsonNode> panels, String metric) {
    return panels.stream()
        .filter(
            p ->
                p.path("targets").findValuesAsText("expr").stream()
                    .anyMatch(e -> PromQl.metricNames(e).contains(metric)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no panel queries " + metric));
  }
}
