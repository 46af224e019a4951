package io.github.lineage.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

  @Test
  void shouldFindTheMetricsOfAnExpressionAndNothingElse() {
    String expr =
        """
        (sum by (stage) (rate(files_failed_total{reason!~"a|b"}[5m]))
          / (sum by (stage) (rate(files_processed_total[$__rate_interval] offset 1h))
             or vector(0))) > 0.05
        and on (stage) histogram_quantile(0.95, sum by (le) (rate(batch_size_bucket[5m]))) > 1e3
        """;

    assertThat(PromQl.metricNames(expr))
        .containsExactlyInAnyOrder(
            "files_failed_total", "files_processed_total", "batch_size_bucket");
  }

  @Test
  void shouldTreatABareSelectorAsAMetricAndLabelValuesAsNone() {
    assertThat(PromQl.metricNames("up{job=\"lineage\", service='sink'} == 0"))
        .containsExactly("up");
    assertThat(PromQl.metricNames("queue_size > 150")).containsExactly("queue_size");
  }
}
