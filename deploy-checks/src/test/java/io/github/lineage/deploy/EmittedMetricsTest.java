package io.github.lineage.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmittedMetricsTest {

  @Test
  void shouldKnowHowEveryMetricNameConstantIsRegistered() {
    // A new constant in MetricNames needs its registration here, or the dashboard check is blind to
    // it.
    assertThat(EmittedMetrics.REGISTRATIONS.keySet())
        .containsExactlyInAnyOrderElementsOf(EmittedMetrics.metricNameConstants());
  }

  @Test
  void shouldRenderTheSpecMetricNamesFromMetricNames() {
    assertThat(EmittedMetrics.names())
        .contains(
            "files_processed_total",
            "files_failed_total",
            "parse_cache_hit_total",
            "parse_cache_miss_total",
            "events_deduplicated_total",
            "batch_size_bucket",
            "batch_size_count",
            "batch_size_sum",
            "batch_processing_duration_seconds_bucket",
            "neo4j_batch_writes_total",
            "neo4j_batch_rows_total",
            "neo4j_batch_retries_total",
            "sink_reconcile_removed_total",
            "neo4j_batch_duration_seconds_bucket",
            "active_workers",
            "queue_size",
            "feature_flag_enabled",
            "change_to_graph_latency_seconds_bucket",
            "jvm_memory_used_bytes");
  }
}
