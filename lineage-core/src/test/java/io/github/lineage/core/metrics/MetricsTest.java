package io.github.lineage.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.StaticFlags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void shouldRecordStageMetricsOnlyWhileTheMetricsFlagIsOn() {
    PrometheusMeterRegistry process = Metrics.newRegistry();
    Metrics.forStages(StaticFlags.only(Flag.METRICS), process)
        .counter(MetricNames.FILES_PROCESSED)
        .increment();
    Metrics.forStages(StaticFlags.allOff(), process)
        .counter(MetricNames.PARSE_CACHE_HIT)
        .increment();

    String scrape = process.scrape();
    assertThat(scrape)
        .contains("files_processed_total 1.0")
        .doesNotContain("parse_cache_hit_total");
    assertThat(scrape).contains("jvm_memory_used_bytes");
  }
}
