package io.github.lineage.cli.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromExpressionsTest {

  @Test
  void shouldReplaceGrafanaIntervalsWithAFixedRangeAndOtherVariablesWithMatchAll() {
    assertThat(
            PromExpressions.withGrafanaVariables(
                "sum by (stage) (rate(files_processed_total{stage=~\"$stage\"}[$__rate_interval]))"))
        .isEqualTo("sum by (stage) (rate(files_processed_total{stage=~\".*\"}[30s]))");
    assertThat(PromExpressions.withGrafanaVariables("increase(x[${__interval}])"))
        .isEqualTo("increase(x[30s])");
  }

  @Test
  void shouldTurnEveryComparisonOutsideMatchersIntoABoolComparison() {
    assertThat(PromExpressions.withoutThresholds("sum by (stage) (queue_size) > 150"))
        .isEqualTo("sum by (stage) (queue_size) > bool 150");
    assertThat(PromExpressions.withoutThresholds("up{job=\"lineage\", x!=\"a>b\"} == 0"))
        .isEqualTo("up{job=\"lineage\", x!=\"a>b\"} == bool 0");
    assertThat(
            PromExpressions.withoutThresholds(
                "(a < 0.5 * b offset 1h) and on (stage) (c >= bool 0)"))
        .isEqualTo("(a < bool 0.5 * b offset 20s) and on (stage) (c >= bool 0)");
    assertThat(PromExpressions.withoutThresholds("x{l=~\"a|b\"} <= 1 or y != 2"))
        .isEqualTo("x{l=~\"a|b\"} <= bool 1 or y != bool 2");
  }

  @Test
  void shouldFindTheSelectedMetricNamesOnly() {
    assertThat(
            PromExpressions.metricNames(
                "histogram_quantile(0.95, sum by (le, stage) (rate(batch_processing_duration_seconds_bucket{stage=\"sink\"}[1m])))"
                    + " / (sum(rate(x_total[5m] offset 1h)) or vector(0)) and on (stage) up"))
        .containsExactly("batch_processing_duration_seconds_bucket", "up", "x_total");
  }
}
