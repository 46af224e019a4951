package io.github.lineage.core.flags;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.config.EnvReader;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlagMetricsTest {

  @TempDir Path dir;

  @Test
  void shouldExposeOneGaugePerFlagForPrometheus() {
    Path bootstrap =
        TestToggles.allAt(100)
            .rollout(Flag.NEO4J_BATCH, 0)
            .rollout(Flag.DEBOUNCE, 10)
            .writeTo(dir.resolve("b.json"));
    EnvReader env =
        new EnvReader(
            Map.of(
                UnleashSettings.BOOTSTRAP_FILE, bootstrap.toString(), "FEATURE_PARALLEL", "false"));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (Flags flags = FlagsFactory.create(env, "i-1")) {
      FlagMetrics.bind(flags, registry);
      String scrape = registry.scrape();
      assertThat(scrape)
          .contains("feature_flag_enabled{flag=\"lineage.parse-cache\"} 1")
          .contains("feature_flag_enabled{flag=\"lineage.debounce\"} 1")
          .contains("feature_flag_enabled{flag=\"lineage.neo4j-batch\"} 0")
          .contains("feature_flag_enabled{flag=\"lineage.parallel\"} 0")
          .contains("feature_flag_enabled{flag=\"lineage.metrics\"} 1");
    }
  }
}
