package io.github.lineage.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lineage.core.metrics.PromQl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * prometheus/: the scrape config, the alert rules and their unit tests, through promtool and by
 * content.
 */
class PrometheusFilesTest {

  static final String CONFIG = "prometheus/prometheus.yml";
  static final String RULES = "prometheus/rules/lineage-alerts.yml";
  static final String RULE_TESTS = "prometheus/tests/lineage-alerts.test.yml";
  private static final String HINT = "install it with scripts/prometheus.sh install";

  @Test
  void shouldPassPromtoolCheckConfig() {
    ExternalTool.Result result =
        ExternalTool.require("promtool", HINT).run("check", "config", CONFIG);
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("1 rule files found");
  }

  @Test
  void shouldPassPromtoolCheckRules() {
    ExternalTool.Result result =
        ExternalTool.require("promtool", HINT).run("check", "rules", RULES);
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void shouldPassTheAlertUnitTests() {
    ExternalTool.Result result =
        ExternalTool.require("promtool", HINT).run("test", "rules", RULE_TESTS);
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void shouldHaveAnAlertForEachThresholdOfTheSpec() {
    Map<String, JsonNode> alerts = alerts();
    // docs/design.md §7: cache hit rate < 15 %, error rate > 5 %, queue size > 150, throughput
    // drop.
    assertThat(alerts.get("LineageParseCacheHitRateLow").path("expr").asText()).contains("< 0.15");
    assertThat(alerts.get("LineageErrorRateHigh").path("expr").asText()).contains("> 0.05");
    assertThat(alerts.get("LineageQueueSizeHigh").path("expr").asText()).contains("> 150");
    assertThat(alerts.get("LineageThroughputDrop").path("expr").asText()).contains("offset");
    for (Map.Entry<String, JsonNode> alert : alerts.entrySet()) {
      assertThat(alert.getValue().path("labels").path("severity").asText())
          .as(alert.getKey() + " severity")
          .isIn("warning", "critical");
      assertThat(alert.getValue().path("annotations").path("summary").asText())
          .as(alert.getKey() + " summary")
          .isNotBlank();
    }
  }

  @Test
  void shouldTestEveryAlertInTheRuleUnitTests() {
    Set<String> tested = new TreeSet<>();
    for (JsonNode test : RepoFiles.yaml(RULE_TESTS).path("tests")) {
      for (JsonNode case_ : test.path("alert_rule_test")) {
        if (!case_.path("exp_alerts").isEmpty()) {
          tested.add(case_.path("alertname").asText());
        }
      }
    }
    assertThat(tested).as("alerts proven to fire").containsAll(alerts().keySet());
  }

  @Test
  void shouldUseOnlyMetricsTheProjectEmits() {
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, JsonNode> alert : alerts().entrySet()) {
      for (String name : PromQl.metricNames(alert.getValue().path("expr").asText())) {
        if (!EmittedMetrics.isEmitted(name)) {
          unknown.add(alert.getKey() + ": " + name);
        }
      }
    }
    // The unit tests' input series must be real series too, or they prove nothing about production.
    for (JsonNode test : RepoFiles.yaml(RULE_TESTS).path("tests")) {
      for (JsonNode series : test.path("input_series")) {
        String selector = series.path("series").asText();
        String name =
            selector.contains("{") ? selector.substring(0, selector.indexOf('{')) : selector;
        if (!EmittedMetrics.isEmitted(name)) {
          unknown.add(test.path("name").asText() + " input: " + name);
        }
      }
    }
    assertThat(unknown)
        .as("metric names no code emits (known: %s)", EmittedMetrics.names())
        .isEmpty();
  }

  @Test
  void shouldScrapeEveryLineageServiceOfTheComposeFileOnTheMetricsPort() {
    Set<String> targets = new TreeSet<>();
    for (JsonNode job : RepoFiles.yaml(CONFIG).path("scrape_configs")) {
      if (job.path("job_name").asText().equals("lineage")) {
        job.path("static_configs")
            .forEach(group -> group.path("targets").forEach(t -> targets.add(t.asText())));
      }
    }
    Set<String> expected = new TreeSet<>();
    for (String service :
        ComposeFileTest.lineageServices(RepoFiles.yaml(ComposeFileTest.COMPOSE))) {
      expected.add(service + ":" + io.github.lineage.core.metrics.OpsServer.DEFAULT_PORT);
    }
    assertThat(targets).isEqualTo(expected);
  }

  private static Map<String, JsonNode> alerts() {
    Map<String, JsonNode> alerts = new TreeMap<>();
    for (JsonNode group : RepoFiles.yaml(RULES).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.has("alert")) {
          alerts.put(rule.path("alert").asText(), rule);
        }
      }
    }
    return alerts;
  }
}
