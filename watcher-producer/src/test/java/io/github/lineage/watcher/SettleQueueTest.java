package io.github.lineage.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SettleQueueTest {

  final AtomicLong now = new AtomicLong(1_000_000_000L);
  final SettleQueue queue = new SettleQueue(Duration.ofMillis(100), now::get);

  private void advance(long millis) {
    now.addAndGet(Duration.ofMillis(millis).toNanos());
  }

  @Test
  void shouldCoalesceEventsForOnePathWithinTheSettleDelay() {
    queue.add("a.sql");
    advance(60);
    queue.add("a.sql");
    advance(60);
    assertThat(queue.drainDue()).as("the second event restarted the delay").isEmpty();

    advance(40);
    assertThat(queue.drainDue()).containsExactly("a.sql");
    assertThat(queue.drainDue()).isEmpty();
  }

  @Test
  void shouldTakeAPathThatNeverSettlesAfterTheMaximumDelay() {
    queue.add("busy.sql");
    for (int i = 0; i < 20; i++) {
      advance(90);
      queue.add("busy.sql");
      if (!queue.drainDue().isEmpty()) {
        assertThat(i * 90L + 90).isGreaterThanOrEqualTo(1000).isLessThanOrEqualTo(1100);
        return;
      }
    }
    throw new AssertionError("a path written every 90 ms was never taken");
  }

  @Test
  void shouldReportTheTimeUntilTheNextPathIsDue() {
    assertThat(queue.timeUntilNextDue(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
    queue.add("a.sql");
    advance(30);
    assertThat(queue.timeUntilNextDue(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(70));
  }

  @Test
  void shouldLetAFullScanReplaceEveryPendingPath() {
    queue.add("a.sql");
    queue.requestFullScan();

    assertThat(queue.timeUntilNextDue(Duration.ofSeconds(1))).isZero();
    assertThat(queue.takeFullScan()).isTrue();
    assertThat(queue.takeFullScan()).isFalse();
    assertThat(queue.size()).isZero();
  }

  @Test
  void shouldDelayRetriesBeyondTheSettleDelay() {
    queue.addLater("failed.sql", Duration.ofSeconds(2));
    advance(1000);
    assertThat(queue.drainDue()).isEmpty();
    advance(1000);
    assertThat(queue.drainDue()).containsExactly("failed.sql");
  }
}
