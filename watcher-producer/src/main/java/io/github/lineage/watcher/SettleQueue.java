package io.github.lineage.watcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Paths waiting for the filesystem to settle. Every event for a path pushes its deadline to now +
 * settle delay, so a burst (an editor's truncate + write + chmod) becomes one look at the file; a
 * path that never goes quiet is still taken after {@link #MAX_DELAY_FACTOR} delays. Not
 * thread-safe: owned by the watch thread.
 */
final class SettleQueue {

  static final int MAX_DELAY_FACTOR = 10;

  private record Entry(long firstSeen, long deadline) {}

  private final long settleNanos;
  private final LongSupplier nanoClock;
  private final Map<String, Entry> pending = new LinkedHashMap<>();
  private boolean fullScan;

  SettleQueue(Duration settleDelay, LongSupplier nanoClock) {
    this.settleNanos = settleDelay.toNanos();
    this.nanoClock = nanoClock;
  }

  void add(String relativePath) {
    addAfter(relativePath, settleNanos);
  }

  /** Schedules a path no sooner than {@code delay} from now (retries after a failed send). */
  void addLater(String relativePath, Duration delay) {
    addAfter(relativePath, Math.max(settleNanos, delay.toNanos()));
  }

  private void addAfter(String relativePath, long delayNanos) {
    long now = nanoClock.getAsLong();
    pending.merge(
        relativePath,
        new Entry(now, now + delayNanos),
        (old, fresh) ->
            new Entry(
                old.firstSeen(),
                Math.min(
                    fresh.deadline(),
                    old.firstSeen() + MAX_DELAY_FACTOR * Math.max(settleNanos, 1))));
  }

  void requestFullScan() {
    fullScan = true;
  }

  /** True once after {@link #requestFullScan()}; a full scan covers every pending path too. */
  boolean takeFullScan() {
    if (!fullScan) {
      return false;
    }
    fullScan = false;
    pending.clear();
    return true;
  }

  /** Removes and returns the paths whose deadline has passed, in arrival order. */
  List<String> drainDue() {
    long now = nanoClock.getAsLong();
    List<String> due = new ArrayList<>();
    for (Iterator<Map.Entry<String, Entry>> it = pending.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Entry> entry = it.next();
      if (entry.getValue().deadline() - now <= 0) {
        due.add(entry.getKey());
        it.remove();
      }
    }
    return due;
  }

  /** How long until the next path is due; {@code idle} when nothing is pending. */
  Duration timeUntilNextDue(Duration idle) {
    if (fullScan) {
      return Duration.ZERO;
    }
    long now = nanoClock.getAsLong();
    long next = Long.MAX_VALUE;
    for (Entry entry : pending.values()) {
      next = Math.min(next, entry.deadline() - now);
    }
    if (next == Long.MAX_VALUE) {
      return idle;
    }
    return Duration.ofNanos(Math.max(0, next));
  }

  int size() {
    return pending.size();
  }
}
