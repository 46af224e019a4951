package io.github.lineage.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcileCheckTest {

  private static final Duration DAY = Duration.ofDays(1);
  private static final long HOUR = Duration.ofHours(1).toMillis();

  @Test
  void shouldNotReconcileAGraphWithoutFiles() {
    assertThat(ReconcileCheck.decide(0, 3, Map.of(), DAY).reconcile()).isFalse();
  }

  @Test
  void shouldReconcileWhenThereIsNoRecordOfSomePartition() {
    ReconcileCheck.Decision d = ReconcileCheck.decide(10, 3, Map.of(0, HOUR, 2, HOUR), DAY);
    assertThat(d.reconcile()).isTrue();
    assertThat(d.reason()).contains("[1]");
    assertThat(ReconcileCheck.decide(10, 3, Map.of(), DAY).reconcile())
        .as("an upgrade: no record at all")
        .isTrue();
  }

  @Test
  void shouldReconcileWhenAnyPartitionWasLastCaughtUpLongerAgoThanTheTombstonesLast() {
    ReconcileCheck.Decision d =
        ReconcileCheck.decide(10, 3, Map.of(0, HOUR, 1, 25 * HOUR, 2, HOUR), DAY);
    assertThat(d.reconcile()).isTrue();
    assertThat(d.reason()).contains("partition 1");
  }

  @Test
  void shouldNotReconcileAfterAnAbsenceWithinDeleteRetention() {
    assertThat(ReconcileCheck.decide(10, 3, Map.of(0, HOUR, 1, 23 * HOUR, 2, 0L), DAY).reconcile())
        .isFalse();
    assertThat(ReconcileCheck.decide(10, 1, Map.of(0, DAY.toMillis()), DAY).reconcile())
        .as("exactly delete.retention.ms: every tombstone is still there")
        .isFalse();
  }
}
