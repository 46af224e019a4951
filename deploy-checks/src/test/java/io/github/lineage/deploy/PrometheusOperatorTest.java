package io.github.lineage.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus Operator component: what kube-prometheus-stack users apply instead of prometheus/.
 */
class PrometheusOperatorTest {

  private static final String OVERLAY = "k8s/overlays/monitoring";

  @Test
  void shouldCarryExactlyTheAlertsThatPromtoolTests() {
    JsonNode rule = RepoFiles.yaml("k8s/components/prometheus-operator/prometheusrule.yaml");
    JsonNode source = RepoFiles.yaml("prometheus/rules/lineage-alerts.yml");
    assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");
    assertThat(rule.path("spec").path("groups")).isEqualTo(source.path("groups"));
  }

  @Test
  void shouldScrapeEveryServicePodOnItsMetricsPortWithTheLabelsTheAlertsUse() {
    RenderedManifests rendered = RenderedManifests.render(OVERLAY);
    JsonNode monitor = rendered.ofKind("PodMonitor").get(0);
    JsonNode selector = monitor.path("spec").path("selector").path("matchLabels");
    JsonNode endpoint = monitor.path("spec").path("podMetricsEndpoints").get(0);
    List<String> scraped = new ArrayList<>();
    for (String kind : List.of("Deployment", "StatefulSet")) {
      for (JsonNode workload : rendered.ofKind(kind)) {
        JsonNode template = workload.path("spec").path("template");
        boolean selected = true;
        for (var label : selector.properties()) {
          selected &=
              label
                  .getValue()
                  .asText()
                  .equals(template.path("metadata").path("labels").path(label.getKey()).asText());
        }
        boolean hasPort = false;
        for (JsonNode container : template.path("spec").path("containers")) {
          for (JsonNode port : container.path("ports")) {
            hasPort |= port.path("name").asText().equals(endpoint.path("port").asText());
          }
        }
        if (selected && hasPort) {
          scraped.add(workload.path("metadata").path("name").asText());
        }
      }
    }
    assertThat(scraped).hasSize(3);
    assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
    assertThat(endpoint.path("relabelings").toString())
        .contains(
            "\"targetLabel\":\"job\"",
            "\"replacement\":\"lineage\"",
            "\"targetLabel\":\"service\"");
  }

  @Test
  void shouldRenderTheOperatorObjectsIntoTheNamespace() {
    RenderedManifests rendered = RenderedManifests.render(OVERLAY);
    for (String kind : List.of("PodMonitor", "PrometheusRule", "ScaledObject")) {
      for (JsonNode doc : rendered.ofKind(kind)) {
        assertThat(doc.path("metadata").path("namespace").asText()).as(kind).isEqualTo("lineage");
      }
    }
  }
}
