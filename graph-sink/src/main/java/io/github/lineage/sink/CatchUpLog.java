package io.github.lineage.sink;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each documents-topic partition was last seen caught up by a worker of this instance: its lag
 * 0 and none of its records waiting to be written, so every record appended to it before that
 * moment is in the graph (tombstones included). {@link CatchUpRecorder} copies it to the graph.
 */
final class CatchUpLog {

  private final Map<Integer, Long> seenNanos = new ConcurrentHashMap<>();

  void caughtUp(int partition, long nanoTime) {
    seenNanos.merge(partition, nanoTime, Math::max);
  }

  /** Partition → the {@link System#nanoTime()} it was last seen caught up. */
  Map<Integer, Long> snapshot() {
    return Map.copyOf(seenNanos);
  }
}
