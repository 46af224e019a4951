package io.github.lineage.core.guard;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Counts of one cohort in one-second buckets, so a rule can ask for the sums over its trailing
 * window. Buckets older than {@code retention} are dropped as new ones arrive.
 */
final class WindowedCounts {

  /** Indexes into a bucket's counts. */
  static final int SEEN = 0;

  static final int FAILED = 1;
  static final int CHECKED = 2;
  static final int MISMATCHED = 3;
  private static final int KINDS = 4;

  private final long retentionMillis;
  private final Deque<long[]> buckets = new ArrayDeque<>();

  WindowedCounts(long retentionMillis) {
    this.retentionMillis = retentionMillis;
  }

  synchronized void add(long nowMillis, int kind) {
    long second = nowMillis / 1000;
    long[] last = buckets.peekLast();
    if (last == null || last[KINDS] != second) {
      last = new long[KINDS + 1];
      last[KINDS] = second;
      buckets.addLast(last);
    }
    last[kind]++;
    while (!buckets.isEmpty()
        && (buckets.peekFirst()[KINDS] + 1) * 1000 <= nowMillis - retentionMillis) {
      buckets.removeFirst();
    }
  }

  /** Sum of {@code kind} over the buckets that overlap {@code (now - window, now]}. */
  synchronized long sum(long nowMillis, long windowMillis, int kind) {
    long from = (nowMillis - windowMillis) / 1000;
    long total = 0;
    for (long[] bucket : buckets) {
      if (bucket[KINDS] > from && bucket[KINDS] <= nowMillis / 1000) {
        total += bucket[kind];
      }
    }
    return total;
  }
}
